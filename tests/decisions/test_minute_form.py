"""The minute form of a case speaks for the body that handles it: its own outcome label, help text and
choices (the preparing committee may hand over without a position; the board proposes; the council decides)."""

import re
from html import unescape

import pytest
from django.test import Client

from motions.models import Motion
from motions.services import file_motion
from tests.conftest import d

COMMITTEE_HELP = "kan lämna ärendet utan eget ställningstagande"


@pytest.fixture
def registry(registry_user):
    client = Client()
    client.force_login(registry_user)
    return client


def outcome_field(registry, motion, status):
    Motion.objects.filter(pk=motion.pk).update(status=status)
    html = unescape(registry.get(motion.get_absolute_url() + "protokollfor/").content.decode())
    label = re.search(r'<label\s+for="id_outcome"[^>]*>\s*([^<*]+?)\s*<', html).group(1)
    select = html[html.index('<select name="outcome"'):]
    options = re.findall(r'<option value="(\w*)"[^>]*>([^<]*)</option>', select[:select.index("</select>")])
    help_text = re.search(r'id="id_outcome_helptext"[^>]*>([^<]*)<', html).group(1).strip()
    return label, options, help_text, html


def test_the_working_committee_may_hand_over_without_a_position(registry, motion):
    label, options, help_text, _html = outcome_field(registry, motion, "prepared")
    assert label == "Förslag till beslut"
    assert options[0] == ("", "Inget eget förslag: överlämnas utan eget ställningstagande")
    assert help_text == f"Kommunstyrelsens arbetsutskott {COMMITTEE_HELP}."


def test_the_boards_form_asks_for_its_proposal_without_the_committees_words(registry, motion):
    label, options, help_text, html = outcome_field(registry, motion, "working_committee")
    assert label == "Förslag till beslut"
    assert options[0] == ("", "Välj förslaget")
    assert help_text.startswith("Det beslut som Kommunstyrelsen föreslår fullmäktige.")
    assert COMMITTEE_HELP not in html and "Utan eget ställningstagande" not in html
    assert [value for value, _label in options[1:]] == [
        "approve", "partly_approve", "reject", "deem_answered", "strike_off"]


def test_the_councils_form_asks_for_its_decision_without_the_committees_words(registry, motion):
    label, options, help_text, html = outcome_field(registry, motion, "board")
    assert label == "Beslut"
    assert options[0] == ("", "Välj beslutet")
    assert help_text.startswith("Beslutet i Kommunfullmäktige avslutar ärendet.")
    assert COMMITTEE_HELP not in html and "Utan eget ställningstagande" not in html


def test_a_motion_of_one_clause_is_not_offered_partial_approval(registry, huddinge, nujin, registrar):
    motion = file_motion(huddinge, title="En enda att-sats", movers=[nujin], received_on=d("2021-03-08"),
                         clauses=["att det blir bättre"], by=registrar)
    _label, options, _help, html = outcome_field(registry, motion, "board")
    assert "partly_approve" not in dict(options) and "Delvis bifall" not in html
    assert 'name="clause_1"' not in html  # a clause's own decision belongs to a partial approval
