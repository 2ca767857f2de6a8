"""The meeting's history in the reader's language: the choice labels and words the system wrote into it
are kept in Swedish in the record and shown translated on the English meeting page."""

import re

from django.test import Client

from decisions.services.meetings import add_other_matter, record_other_matter
from organisation.models import MeetingEvent
from organisation.services import meeting_on
from tests.conftest import d


def history(registry_user, meeting, language) -> str:
    client = Client()
    client.force_login(registry_user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get(meeting.get_absolute_url()).content.decode()
    section = html[html.index('id="historik"'):]
    return " ".join(re.sub(r"<[^>]+>", " ", section[:section.index("</ol>")]).split())


def test_the_english_meeting_history_shows_labels_in_english(body, registry_user, registrar):
    meeting = meeting_on(body("Kommunstyrelsen"), d("2021-09-06"), by=registrar)
    meeting_on(body("Kommunstyrelsen"), d("2021-09-06"), place="Stadshuset", by=registrar)
    record_other_matter(add_other_matter(meeting, title="Val av justerare", by=registrar),
                        decision_text="Erik Sandberg utses att justera.", by=registrar)
    english = history(registry_user, meeting, "en")
    assert "Meeting details changed: Venue (Stadshuset)" in english
    assert "Paragraph minuted: § 1 Val av justerare (Other matter)" in english
    assert "Övrigt ärende" not in english and "Plats" not in english
    swedish = history(registry_user, meeting, "sv")
    assert "Paragraf protokollförd: § 1 Val av justerare (Övrigt ärende)" in swedish
    # The record keeps Swedish.
    recorded = MeetingEvent.objects.get(meeting=meeting, kind="paragraph_recorded")
    assert (recorded.description, recorded.to_value) == ("§ 1 Val av justerare", "Övrigt ärende")


def test_events_recorded_before_keep_their_sentences_too(body, registry_user, registrar):
    """The migration that added the sentences gave the meeting events already recorded theirs."""
    import importlib

    from django.apps import apps

    meeting = meeting_on(body("Kommunstyrelsen"), d("2021-09-06"), by=registrar)
    MeetingEvent.objects.filter(meeting=meeting).delete()
    old = [MeetingEvent.objects.create(meeting=meeting, **fields) for fields in (
        {"kind": "agenda_item_added", "description": "punkt 2", "to_value": "punkt 1"},
        {"kind": "paragraph_recorded", "description": "§ 1 Val av justerare", "to_value": "Övrigt ärende"},
        {"kind": "details_changed", "description": "Plats", "to_value": "Stadshuset"},
        {"kind": "signed", "description": "anslaget 2021-09-09, sista dag att överklaga 2021-09-30, "
                                          "anslaget tas ned 2021-10-01", "to_value": "justerat 2021-09-08"})]
    migration = importlib.import_module("organisation.migrations.0010_meeting_event_sentences")
    migration.keep_sentences(apps, None)
    added, recorded, changed, signed = (MeetingEvent.objects.get(pk=event.pk) for event in old)
    # A title that reads like a sentence stays a title.
    assert added.sentences == {"to_value": {"template": "punkt %(n)s", "values": {"n": "1"}, "labels": []}}
    assert recorded.sentences == {"to_value": {"template": "Övrigt ärende", "values": {}, "labels": []}}
    assert set(changed.sentences) == {"description"}
    assert signed.sentences["description"]["values"] == {"posted": "2021-09-09", "until": "2021-09-30",
                                                         "removed": "2021-10-01"}
    english = history(registry_user, meeting, "en")
    assert "Paragraph minuted: § 1 Val av justerare (Other matter)" in english
    assert "Meeting details changed: Venue (Stadshuset)" in english
    assert history(registry_user, meeting, "sv").count("justerat 2021-09-08") == 1
