"""Generated cases (manage.py generate_cases, cases.generated): each case as
the services would have recorded it, its status the one its timeline gives,
and the case page and list open for them."""

import datetime
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from cases.generated import ORGANISATIONS, REGIONS, generate_cases, organisations
from decisions.models import Decision, MinuteItem
from motions import rules
from motions.models import CLOSED, Motion, MotionEvent, Status
from referrals.models import Referral
from tests.conftest import d

TODAY = d("2026-11-26")
MOTIONS = 200


@pytest.fixture
def generated(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    monkeypatch.setattr("cases.generated.UNCHECKED", False)  # every reference checked by the database
    return generate_cases(MOTIONS, seed=7, today=TODAY)


def test_every_case_is_consistent_with_its_timeline(generated):
    assert generated["motions"] == Motion.objects.count() == MOTIONS
    events = {}
    for event in MotionEvent.objects.order_by("occurred_on", "id"):
        events.setdefault(event.motion_id, []).append(event)
    open_referrals = set(Referral.objects.filter(status=Referral.Status.SENT).values_list("motion_id", flat=True))
    for motion in Motion.objects.all():
        timeline = events[motion.pk]
        assert timeline[0].kind == MotionEvent.Kind.FILED and timeline[0].occurred_on == motion.filed_on
        assert sorted(event.version for event in timeline) == list(range(1, motion.version + 1))
        assert rules.status_on(timeline, TODAY) == motion.status, motion.case_number
        assert motion.last_step_on == max(event.occurred_on for event in timeline) <= TODAY
        changes = [event for event in timeline if event.from_status != event.to_status]
        assert motion.status_since == changes[-1].occurred_on
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.to_status in rules.path_of(motion.municipality).next_statuses(before.to_status)
        assert (rules.decided_on(timeline) is not None) == (motion.status in CLOSED)
        if motion.pk in open_referrals:
            assert motion.status == Status.REFERRED
    # The council is told of every motion filed, in a numbered paragraph.
    assert MinuteItem.objects.filter(decision=Decision.FILE).count() >= 1
    assert not MinuteItem.objects.filter(number__isnull=True).exists()
    assert Motion.objects.filter(filing_items__isnull=False).count() == MOTIONS


def test_old_cases_are_mostly_decided_and_recent_ones_open(generated):
    old = Motion.objects.filter(filed_on__lt=TODAY - datetime.timedelta(days=3 * 365))
    recent = Motion.objects.filter(filed_on__gte=TODAY - datetime.timedelta(days=180))
    assert old.filter(status__in=CLOSED).count() >= 0.85 * old.count() > 0
    assert recent.exclude(status__in=CLOSED).count() >= 0.8 * recent.count() > 0
    assert Referral.objects.filter(status=Referral.Status.SENT).exists()
    assert Referral.objects.filter(status=Referral.Status.ANSWERED).exists()
    statuses = set(Motion.objects.values_list("status", flat=True))
    assert {Status.FILED, Status.REFERRED, Status.ANSWERED, Status.REJECTED, Status.APPROVED} <= statuses


def test_the_case_page_and_the_list_open_for_the_generated_cases(generated, client):
    motions = list(Motion.objects.all())
    sample = {motion.status: motion for motion in motions}  # one case of each status
    sample.update((motion.pk, motion) for motion in random.Random(1).sample(motions, 10))
    for motion in sample.values():
        response = client.get(motion.get_absolute_url())
        assert response.status_code == 200, motion.case_number
        assert motion.title in response.content.decode()
    word = motions[0].title.split()[-1]
    for query in ({}, {"sida": 3}, {"status": Status.ANSWERED, "year": motions[0].filed_on.year}, {"q": word}):
        response = client.get(reverse("cases:index"), query)
        assert response.status_code == 200, query
    assert motions[0].case_number in client.get(reverse("cases:index"), {"q": motions[0].case_number}).content.decode()


def test_the_generated_cases_are_in_the_search_index_as_their_steps_would_put_them(generated):
    """The set-based index (cases.generated.index_search) is the one the services keep."""
    from motions.models import SearchEntry
    from motions.search import by_rank, search

    kept = sorted(SearchEntry.objects.values_list("motion_id", "source", "key", "text"))
    call_command("reindex_search")  # as each step indexes its case
    assert sorted(SearchEntry.objects.values_list("motion_id", "source", "key", "text")) == kept
    motion = Motion.objects.order_by("pk")[3]
    word = max(motion.title.split(), key=len)
    assert motion in by_rank(search(Motion.objects.all(), word))


def test_the_same_seed_gives_the_same_cases(db, monkeypatch):
    monkeypatch.setattr("cases.generated.UNCHECKED", False)
    def cases():
        return list(Motion.objects.order_by("case_number").values_list("case_number", "title", "status"))

    runs = []
    for _ in range(2):
        with transaction.atomic():
            generate_cases(60, seed=3, today=TODAY)
            runs.append(cases())
            transaction.set_rollback(True)
    assert runs[0] == runs[1] and len(runs[0]) == 60


def test_generating_into_a_database_with_cases_is_refused(generated):
    with pytest.raises(CommandError, match="redan ärenden"):
        call_command("generate_cases", "--motions", "10")
    assert Motion.objects.count() == MOTIONS


def test_every_organisation_at_national_scale_has_a_name_and_case_numbers_of_its_own():
    planned = organisations(1, ORGANISATIONS)
    assert len({name for name, *_ in planned}) == len({code for *_, code in planned}) == ORGANISATIONS
    assert sum(region for _, _, region, _ in planned) == REGIONS
