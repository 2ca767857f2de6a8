"""The registry's own notices (noticeboard.services): put up, corrected and
taken down early, each step recorded; bad input refused with every problem
at its field; a new text or file read by the publication review."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lib.errors import AlreadyDone, DomainError
from noticeboard.models import Notice, NoticeEvent
from noticeboard.services import add_notice, correct_notice, take_down_notice
from organisation.models import Body, Municipality
from tests.conftest import MINIMAL_PDF, build_pdf, d, text_pdf
from tests.support import files

TODAY = d("2022-03-01")
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def pdf(name="anslag.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def notice(huddinge, registrar, **values):
    return add_notice(huddinge, **{"title": "Detaljplan för Sjödalsparken", "text": "Granskning.",
                                   "posted_on": TODAY, "removed_on": TODAY + 21 * DAY, "by": registrar, **values})


# --- Putting a notice up ----------------------------------------------------------

def test_a_notice_is_put_up_published_and_recorded(huddinge, registrar):
    made = notice(huddinge, registrar, title="  Detaljplan   för Sjödalsparken ", file=pdf("plan.pdf"))
    assert (made.title, made.posted_on, made.removed_on, made.publication_state) == (
        "Detaljplan för Sjödalsparken", TODAY, d("2022-03-22"), "published")
    assert (made.original_name, made.file_size) == ("plan.pdf", len(MINIMAL_PDF))
    assert default_storage.exists(made.file.name)
    (event,) = made.events.all()
    assert (event.kind, event.recorded_by) == (NoticeEvent.Kind.POSTED, registrar)


def test_a_notice_with_a_personal_identity_number_waits_for_review(huddinge, registrar):
    in_text = notice(huddinge, registrar, text="Sökande: 121212-1212.")
    in_file = notice(huddinge, registrar, file=pdf(content=text_pdf("Sokande 121212-1212")))
    scanned = notice(huddinge, registrar, file=pdf(content=build_pdf()))
    assert [(n.publication_state, n.review_cause) for n in (in_text, in_file, scanned)] == [
        ("review", "identity_numbers"), ("review", "identity_numbers"), ("review", "no_text")]
    assert in_text.identity_number_hits[0]["masked"].startswith("121212")


def test_bad_input_is_refused_with_every_problem_at_its_field(huddinge, registrar):
    elsewhere = Body.objects.create(municipality=Municipality.objects.create(name="Mälarviks kommun"),
                                    name="Kommunstyrelsen", kind=Body.Kind.EXECUTIVE_BOARD, genitive="Kommunstyrelsens",
                                    decision_subject="Kommunstyrelsen")
    with pytest.raises(DomainError) as refused:
        add_notice(huddinge, title=" ", text="x" * 10_001, posted_on=TODAY - DAY, removed_on=TODAY - DAY,
                   body=elsewhere, file=SimpleUploadedFile("brev.txt", b"hej"), by=registrar)
    assert [error.field for error in refused.value.errors] == ["title", "text", "body", "posted_on", "removed_on",
                                                               "file"]
    assert refused.value.errors[3].message == ("Ett anslag kan inte sättas upp i efterhand: välj i dag (2022-03-01) "
                                               "eller en senare dag.")
    assert not Notice.objects.exists()


@pytest.mark.parametrize(("posted_on", "removed_on", "message"), [
    (TODAY, TODAY, "Anslaget ska tas ned efter dagen det sätts upp (2022-03-01)."),
    (TODAY + 5 * DAY, TODAY + 2 * DAY, "Anslaget ska tas ned efter dagen det sätts upp (2022-03-06)."),
])
def test_a_notice_comes_down_after_it_goes_up(huddinge, registrar, posted_on, removed_on, message):
    with pytest.raises(DomainError) as refused:
        notice(huddinge, registrar, posted_on=posted_on, removed_on=removed_on)
    assert (refused.value.field, refused.value.message) == ("removed_on", message)


def test_a_word_file_is_refused_as_a_notice_s_file(huddinge, registrar):
    with pytest.raises(DomainError) as refused:
        notice(huddinge, registrar, file=SimpleUploadedFile("plan.docx", files.docx()))
    assert (refused.value.field, refused.value.message) == ("file", "Anslagets fil ska vara en PDF.")


def test_the_form_sent_twice_puts_up_one_notice(huddinge, registrar):
    import uuid

    key = uuid.uuid4()
    first = notice(huddinge, registrar, submission=key)
    with pytest.raises(AlreadyDone) as again:
        notice(huddinge, registrar, submission=key)
    assert again.value.record == first
    assert Notice.objects.count() == 1


# --- Correcting it ------------------------------------------------------------------

def test_a_correction_records_each_change_and_reads_the_new_text_again(huddinge, registrar):
    made = notice(huddinge, registrar)
    board = Body.objects.get(municipality=huddinge, name="Kommunstyrelsen")
    corrected = correct_notice(made, title=made.title, text="Sökande: 121212-1212.", body=board, posted_on=TODAY,
                               removed_on=TODAY + 28 * DAY, reason="Fel dag.", by=registrar)
    assert corrected.publication_state == "review"
    event = corrected.events.last()
    assert (event.kind, event.reason) == (NoticeEvent.Kind.CORRECTED, "Fel dag.")
    assert event.change_lines() == [("organ", "", "Kommunstyrelsen"), ("text", "Granskning.", "Sökande: 121212-1212."),
                                    ("tas ned", "2022-03-22", "2022-03-29")]


def test_a_new_file_replaces_the_old_once_committed(huddinge, registrar, django_capture_on_commit_callbacks):
    made = notice(huddinge, registrar, file=pdf("plan.pdf"))
    old = made.file.name
    with django_capture_on_commit_callbacks(execute=True):
        corrected = correct_notice(made, title=made.title, text=made.text, posted_on=TODAY,
                                   removed_on=made.removed_on, file=pdf("plan-2.pdf"), by=registrar)
    assert not default_storage.exists(old) and default_storage.exists(corrected.file.name)
    assert corrected.events.last().change_lines() == [("fil (PDF)", "plan.pdf", "plan-2.pdf")]


def test_a_correction_that_changes_nothing_is_refused(huddinge, registrar):
    made = notice(huddinge, registrar)
    with pytest.raises(DomainError, match="Inget av anslagets uppgifter ändrades"):
        correct_notice(made, title=made.title, text=made.text, posted_on=TODAY, removed_on=made.removed_on,
                       by=registrar)


def test_the_day_a_notice_went_up_cannot_move(huddinge, registrar, monkeypatch):
    made = notice(huddinge, registrar)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY + 2 * DAY)
    with pytest.raises(DomainError) as refused:
        correct_notice(made, title=made.title, text=made.text, posted_on=TODAY + 3 * DAY,
                       removed_on=made.removed_on, by=registrar)
    assert (refused.value.field, refused.value.message) == (
        "posted_on", "Anslaget sitter uppe sedan 2022-03-01; den dagen kan inte ändras.")


def test_a_notice_not_yet_up_can_be_moved(huddinge, registrar):
    made = notice(huddinge, registrar, posted_on=TODAY + 5 * DAY)
    moved = correct_notice(made, title=made.title, text=made.text, posted_on=TODAY + 7 * DAY,
                           removed_on=made.removed_on, by=registrar)
    assert moved.posted_on == TODAY + 7 * DAY


# --- Taking it down early -------------------------------------------------------------

def test_a_notice_is_taken_down_today_with_its_reason(huddinge, registrar, monkeypatch):
    made = notice(huddinge, registrar)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY + 3 * DAY)
    down = take_down_notice(made, reason="Planarbetet avbröts.", by=registrar)
    assert (down.removed_on, down.removal_reason) == (TODAY + 3 * DAY, "Planarbetet avbröts.")
    event = down.events.last()
    assert (event.kind, event.reason, event.change_lines()) == (
        NoticeEvent.Kind.TAKEN_DOWN, "Planarbetet avbröts.", [("tas ned", "2022-03-22", "2022-03-04")])
    with pytest.raises(DomainError, match="togs ned i förtid"):
        take_down_notice(down, reason="Igen.", by=registrar)
    with pytest.raises(DomainError, match="togs ned i förtid"):
        correct_notice(down, title="Ny", text="", posted_on=TODAY, removed_on=TODAY + 9 * DAY, by=registrar)


def test_a_notice_taken_down_before_it_went_up_never_goes_up(huddinge, registrar):
    made = notice(huddinge, registrar, posted_on=TODAY + 5 * DAY)
    down = take_down_notice(made, reason="Fel organ.", by=registrar)
    assert down.removed_on == down.posted_on == TODAY + 5 * DAY


def test_taking_down_needs_a_reason(huddinge, registrar):
    made = notice(huddinge, registrar)
    with pytest.raises(DomainError) as refused:
        take_down_notice(made, reason="  ", by=registrar)
    assert refused.value.field == "reason"


def test_a_notice_that_came_down_on_its_day_cannot_change(huddinge, registrar, monkeypatch):
    made = notice(huddinge, registrar)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: made.removed_on)
    with pytest.raises(DomainError, match="Anslaget togs ned 2022-03-22 och kan inte längre ändras."):
        take_down_notice(made, reason="Sent.", by=registrar)


# --- The registry's pages ---------------------------------------------------------------

def test_the_registry_puts_a_notice_up_through_its_form(huddinge, registry_user):
    client = Client()
    client.force_login(registry_user)
    url = reverse("noticeboard:add", args=[huddinge.pk])
    form = client.get(url).content.decode()
    key = form.split('name="submission" value="')[1].split('"')[0]
    data = {"title": "Detaljplan", "text": "Granskning.", "posted_on": "2022-03-01", "removed_on": "22 mars 2022",
            "submission": key, "file": pdf()}
    response = client.post(url, data)
    made = Notice.objects.get()
    assert response["Location"] == made.get_absolute_url()
    assert (made.removed_on, made.created_by) == (d("2022-03-22"), registry_user)
    # Sent again: the same notice, named.
    again = client.post(url, {**data, "file": pdf()})
    assert again["Location"] == made.get_absolute_url() and Notice.objects.count() == 1
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Anslaget registrerat" in page and "Rätta anslaget" in page and "Ta ned i förtid" in page


def test_a_refused_form_shows_each_problem_at_its_field(huddinge, registry_user):
    client = Client()
    client.force_login(registry_user)
    page = client.post(reverse("noticeboard:add", args=[huddinge.pk]),
                       {"title": "Detaljplan", "posted_on": "2022-02-01", "removed_on": "2022-01-01"}).content.decode()
    assert "Ett anslag kan inte sättas upp i efterhand" in page
    assert "Anslaget ska tas ned efter dagen det sätts upp (2022-02-01)." in page
    assert not Notice.objects.exists()


def test_the_registry_takes_a_notice_down_only_when_confirmed(huddinge, registry_user):
    made = notice(huddinge, registry_user)
    client = Client()
    client.force_login(registry_user)
    url = reverse("noticeboard:take_down", args=[made.pk])
    page = client.post(url, {"reason": "Fel."}).content.decode()
    assert "Kryssa i rutan för att bekräfta att anslaget ska tas ned." in page
    assert Notice.objects.get().removal_reason == ""
    assert client.post(url, {"reason": "Fel.", "confirm": "on"})["Location"] == made.get_absolute_url()
    assert Notice.objects.get().removed_on == TODAY
    assert "kan inte längre ändras" in client.get(reverse("noticeboard:correct", args=[made.pk])).content.decode()


def test_the_registry_corrects_a_notice(huddinge, registry_user):
    made = notice(huddinge, registry_user, file=pdf("plan.pdf"))
    client = Client()
    client.force_login(registry_user)
    url = reverse("noticeboard:correct", args=[made.pk])
    assert "Ta bort filen" in client.get(url).content.decode()
    response = client.post(url, {"title": "Detaljplan för Sjödalsparken, granskning", "text": made.text,
                                 "posted_on": "2022-03-01", "removed_on": "2022-03-22", "remove_file": "on",
                                 "reason": "Filen var fel."})
    assert response.status_code == 302
    corrected = Notice.objects.get()
    assert (corrected.title, corrected.file.name) == ("Detaljplan för Sjödalsparken, granskning", "")
    assert client.get(reverse("noticeboard:notice_file", args=[made.pk])).status_code == 404


def test_the_registry_lists_its_notices_in_every_state(huddinge, registry_user):
    notice(huddinge, registry_user, title="Uppe")
    notice(huddinge, registry_user, title="Granskas", text="121212-1212")
    client = Client()
    client.force_login(registry_user)
    page = client.get(reverse("noticeboard:notices", args=[huddinge.pk])).content.decode()
    assert "Uppe" in page and "Granskas" in page and "Väntar på granskning" in page


def test_the_file_is_saved_not_shown(huddinge, registrar):
    made = notice(huddinge, registrar, file=pdf())
    response = Client().get(reverse("noticeboard:notice_file", args=[made.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content) == MINIMAL_PDF
