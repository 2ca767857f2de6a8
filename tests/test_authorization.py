"""Every URL, for every role: the answer the access rules call for.

A URL added without a rule here makes test_every_url_has_a_rule fail.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from decisions.services.meetings import add_other_matter
from decisions.services.posting import post_agenda
from documents.services import add_document
from noticeboard.services import add_notice
from organisation.services import schedule_meeting
from referrals.services import ReferralRequest, record_referral_response, refer_motion
from tests.conftest import MINIMAL_PDF, d
from tests.support.shared_data import shared_fixture

ROLES = ["anonymous", "councillor", "secretary", "other_secretary", "registry", "administrator"]
ALL = dict.fromkeys(ROLES, 200)
REGISTRY_ONLY = {"anonymous": 302, "councillor": 403, "secretary": 403, "other_secretary": 403,
                 "registry": 200, "administrator": 403}
LOGGED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
# The referral is Socialnämnden's; "secretary" is its secretary, "other_secretary" Grundskolenämndens.
ANSWER = {"anonymous": 302, "councillor": 404, "secretary": 200, "other_secretary": 404,
          "registry": 200, "administrator": 404}
MANAGE_REFERRAL = {**ANSWER, "secretary": 403}

RULES = {
    "cases:index": ALL,
    "cases:detail": ALL,
    "cases:accessibility": ALL,
    "stats:index": ALL,
    "decisions:extract": ALL,
    "login": ALL,
    "logout": dict.fromkeys(ROLES, 405),  # only by POST, from the menu's button
    "set_language": dict.fromkeys(ROLES, 302),  # only by POST; a GET goes back
    "password_change": LOGGED_IN,
    "password_change_done": LOGGED_IN,
    "motions:register": REGISTRY_ONLY,
    "referrals:withdraw_motion": REGISTRY_ONLY,
    "referrals:refer": REGISTRY_ONLY,
    "decisions:draft": REGISTRY_ONLY,
    "decisions:minute_item": REGISTRY_ONLY,
    "decisions:agenda": REGISTRY_ONLY,
    "decisions:meetings": ALL,
    "decisions:meeting": ALL,
    "decisions:meeting_details": REGISTRY_ONLY,
    "decisions:attendance": REGISTRY_ONLY,
    "decisions:other_matter": REGISTRY_ONLY,
    "decisions:other_minute": REGISTRY_ONLY,
    "decisions:sign": REGISTRY_ONLY,
    # Signing electronically: the registry sends the minutes; the signing page and the protocol being
    # signed are the round's signatories' and the registry's (tests/decisions/test_digital_signing.py has a
    # round out). The test's meeting has none: the registry is sent on to send it, the rest refused.
    "decisions:send_for_signing": REGISTRY_ONLY,
    "decisions:signing": {**dict.fromkeys(ROLES, 403), "anonymous": 302, "registry": 302},
    "decisions:signing_pdf": {**dict.fromkeys(ROLES, 403), "anonymous": 302},
    "decisions:appeal": REGISTRY_ONLY,
    # The test's paragraph is the seed case's, in signed minutes: the registry sees the refusal.
    "decisions:paragraph_record": REGISTRY_ONLY,
    # Changes by POST from the meeting page (see test_meeting_buttons_are_the_registrys).
    "decisions:agenda_item": {**dict.fromkeys(ROLES, 405), "anonymous": 302},
    "decisions:add_case": {**dict.fromkeys(ROLES, 405), "anonymous": 302},
    "decisions:file_motions": {**dict.fromkeys(ROLES, 405), "anonymous": 302},
    "decisions:render": dict.fromkeys(ROLES, 405),
    # The test's meeting is not signed: its minutes are the registry's draft, not yet rendered.
    "decisions:render_status": {**dict.fromkeys(ROLES, 404), "registry": 200},
    "decisions:protocol_pdf": dict.fromkeys(ROLES, 404),
    "decisions:notice_pdf": dict.fromkeys(ROLES, 404),
    "referrals:inbox": {**REGISTRY_ONLY, "secretary": 200, "other_secretary": 200},
    "referrals:answer": ANSWER,
    "referrals:extend": MANAGE_REFERRAL,
    "referrals:withdraw": MANAGE_REFERRAL,
    "admin": {**dict.fromkeys(ROLES, 302), "administrator": 200},
    # Following is by POST from the case page; the e-mail's link works signed in or not.
    "reminders:follow": dict.fromkeys(ROLES, 405) | {"anonymous": 302},
    "reminders:unfollow_case": dict.fromkeys(ROLES, 405) | {"anonymous": 302},
    "reminders:unfollow": dict.fromkeys(ROLES, 404),  # the test's token is not a signed one
    "reminders:stored_report": dict.fromkeys(ROLES, 404),  # the test's report has no PDF
    "reminders:report_page": ALL,
    # A report for any day is rendered on request: the signed-in's (the public have the stored ones).
    "reminders:report": LOGGED_IN,
    # The lists' pages (exports are the same URLs with ?format=, and need the same access).
    "cases:mine": LOGGED_IN,
    "cases:my_motions": LOGGED_IN,
    "cases:followed": LOGGED_IN,
    # A stored report's page is public; its comments are written by the registry (tests/reminders).
    "reminders:report_detail": ALL,
    "reminders:draw_up_report": {**dict.fromkeys(ROLES, 405), "anonymous": 302},  # by POST, the registry's
    # Corrections and undoing: the registry's. The open case's data and its open referral to Socialnämnden;
    # its answer page says there is no answer yet, the draft pages that there is no draft; the seed case's
    # paragraph is in signed minutes, so reopening and undoing it are refused on the page, and a correction
    # note (rättelse) can be recorded on it.
    "motions:correct": REGISTRY_ONLY,
    "referrals:correct": MANAGE_REFERRAL,
    "referrals:undo": MANAGE_REFERRAL,
    "referrals:correct_answer": MANAGE_REFERRAL,
    "decisions:correct_draft": REGISTRY_ONLY,
    "decisions:undo_draft": REGISTRY_ONLY,
    "decisions:correct_minute_item": REGISTRY_ONLY,
    "decisions:undo_minute_item": REGISTRY_ONLY,
    "decisions:rectify": REGISTRY_ONLY,
    # The case's documents: the test's aktbilaga 1 is Kultur- och fritidsnämnden's answer, public;
    # a confidential one is the registry's (test_a_confidential_document_is_the_registrys).
    "documents:file": ALL,
    "documents:add": REGISTRY_ONLY,
    "documents:replace": REGISTRY_ONLY,
    # The signed-in user's own settings (e-mail); each user sees and changes only their own.
    "my_settings": LOGGED_IN,
    # The second factor: enrolled by the registry and the administrators; the code asked after the
    # password only of a user with a device (none here: on to the page asked for).
    "two_factor": {**REGISTRY_ONLY, "administrator": 200},
    "verify_code": dict.fromkeys(ROLES, 302),
    # The registry enrols a signatory's authenticator app with them (the test's is a signatory of the seed
    # case's minutes, enrolled already).
    "enrol_for": REGISTRY_ONLY,
    # Case numbers and meetings as the registry keeps them: the meeting plan, the numbering's
    # confirmation page (the number by its button), the case officer (by POST from the case page).
    "decisions:meeting_plan": REGISTRY_ONLY,
    "decisions:remove_meeting": {**dict.fromkeys(ROLES, 405), "anonymous": 302},
    "decisions:number": REGISTRY_ONLY,
    "motions:case_officer": {**dict.fromkeys(ROLES, 405), "anonymous": 302},
    # The feeds and calendars: public, and the same for everyone (only what the public may see).
    "feeds:motions": ALL,
    "feeds:decisions": ALL,
    "feeds:minutes": ALL,
    "feeds:body_motions": ALL,
    "feeds:body_decisions": ALL,
    "feeds:body_minutes": ALL,
    "feeds:case": ALL,
    "feeds:calendar": ALL,
    "feeds:body_calendar": ALL,
    # The open data (public/oparl): read by anyone, the same for everyone. The test's organisation has
    # no bulk dump written yet; any other address under /oparl/ is OParl's error object.
    **dict.fromkeys([f"oparl:{name}" for name in (
        "system", "bodies", "catalogue", "body", "body_organizations", "body_people", "body_memberships",
        "body_legislative_terms", "body_meetings", "body_agenda_items", "body_papers", "body_consultations",
        "body_files", "legislative_term", "organization", "organization_meetings", "organization_consultations",
        "person", "membership", "meeting", "agenda_item", "paper", "referral_consultation",
        "paragraph_consultation", "document_file", "minutes_file")], ALL),
    "oparl:body_dump": dict.fromkeys(ROLES, 404),
    "oparl:not_found": dict.fromkeys(ROLES, 404),
    # The publication review: the registry's queue, a document's review page (the test's is aktbilaga 1,
    # published), its file, and the organisation's rules per kind of document.
    "publication:queue": REGISTRY_ONLY,
    "publication:rules": REGISTRY_ONLY,
    "publication:document": REGISTRY_ONLY,
    "publication:file": REGISTRY_ONLY,
    # The notice board: public; with one organisation in the installation its choice goes straight to it.
    # The test's notice is published and has a PDF; the registry puts notices up, corrects and takes them
    # down. The test's summons is posted and published; posting the agenda of the test's meeting (held in
    # 2021) is refused on its page.
    "noticeboard:choose": dict.fromkeys(ROLES, 302),
    "noticeboard:board": ALL,
    "noticeboard:archive": ALL,
    "noticeboard:feed": ALL,
    "noticeboard:notice": ALL,
    "noticeboard:notice_file": ALL,
    "noticeboard:notices": REGISTRY_ONLY,
    "noticeboard:add": REGISTRY_ONLY,
    "noticeboard:correct": REGISTRY_ONLY,
    "noticeboard:take_down": REGISTRY_ONLY,
    "decisions:post_agenda": REGISTRY_ONLY,
    "decisions:posted_agenda_pdf": ALL,
    # The archive package of the closed seed case (its decisions in force): a download for the registry
    # alone, since it holds the confidential documents too (tests/archive/ for an open case's refusal).
    "archive:package": REGISTRY_ONLY,
}


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                yield "admin"  # Django's admin is one rule: staff only
                continue
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_rule():
    names = set(url_names())
    assert names - set(RULES) == set(), "URLs without an access rule"
    assert set(RULES) - names == set(), "rules for URLs that no longer exist"


@shared_fixture("shared_world", after="shared_signed_seed_case")
def shared_world(shared_huddinge, shared_seed_case):
    """The world's data, built once for the module's tests: the URLs' kwargs, and the answered
    referral's pk."""
    from decisions.models import RenderedDocument
    from motions.models import Motion
    from organisation.models import Body, Meeting, Membership, Municipality, Person
    from reminders.models import Report
    from tests.conftest import _user, file_the_motion

    huddinge = Municipality.objects.get(pk=shared_huddinge)

    def body(name):
        return Body.objects.get(municipality=huddinge, name=name)

    def meeting(name, day):  # as the fixture of that name
        return Meeting.objects.get_or_create(body=body(name), date=d(day))[0]

    registrar = _user("registrator")  # as the fixture of that name
    motion = file_the_motion(huddinge, Person.objects.get(name="Nujin Alacabek"), meeting, registrar)
    social, culture = refer_motion(
        motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30")),
                          ReferralRequest(body("Kultur- och fritidsnämnden"), d("2021-09-30"))],
        sent_on=d("2021-04-06"), by=registrar)
    record_referral_response(culture, decided_on=d("2021-09-01"), text="Yttrande",
                             document=SimpleUploadedFile("svar.pdf", MINIMAL_PDF), by=registrar)
    add_document(motion, file=SimpleUploadedFile("elev.pdf", MINIMAL_PDF), kind="letter", dated_on=d("2021-05-01"),
                 title="Om en enskild elev", confidential=True, secrecy_provision="23 kap. 2 § OSL", by=registrar)
    board_meeting = schedule_meeting(body("Kommunstyrelsen"), on=d("2021-09-06"), by=registrar)
    matter = add_other_matter(board_meeting, title="Information från förvaltningen", by=registrar)
    seed_item = Motion.objects.get(pk=shared_seed_case).minute_items.first()
    report = Report.objects.create(municipality=huddinge, as_of=d("2021-10-01"))  # stored without its PDF
    nujin = Person.objects.get(name="Nujin Alacabek")
    # The notice board: a notice of the registry's, up from today, and a summons to a meeting to come.
    today = timezone.localdate()
    notice = add_notice(huddinge, title="Detaljplan för Sjödalsparken", text="Granskning.", posted_on=today,
                        removed_on=today + datetime.timedelta(days=10),
                        file=SimpleUploadedFile("plan.pdf", MINIMAL_PDF), by=registrar)
    coming = schedule_meeting(body("Kommunstyrelsen"), on=today + datetime.timedelta(days=20),
                              starts_at=datetime.time(13), place="Huddinge kommunhus", by=registrar)
    add_other_matter(coming, title="Information från förvaltningen", by=registrar)
    summons, _warning = post_agenda(coming, by=registrar)
    kwargs = {
        "organisation_id": huddinge.pk,
        "election_year": 2018,
        "person_id": nujin.pk,
        "membership_id": Membership.objects.filter(body__municipality=huddinge).order_by("pk").first().pk,
        "motion_id": motion.pk,
        "item_motion_id": shared_seed_case,
        "closed_case_number": Motion.objects.get(pk=shared_seed_case).case_number,
        "document_id": culture.response.answer_documents.get().document_id,
        "rendered_id": RenderedDocument.objects.filter(archived=True, meeting=seed_item.meeting).first().pk,
        "case_number": motion.case_number,
        "referral_id": social.pk,
        "item_id": seed_item.pk,
        "item_meeting_id": seed_item.meeting_id,
        "meeting_id": board_meeting.pk,
        "agenda_item_id": matter.pk,
        "report_id": report.pk,
        "body_id": board_meeting.body_id,
        "municipality_id": huddinge.pk,
        "notice_id": notice.pk,
        "posted_meeting_id": coming.pk,
        "posted_document_id": summons.pk,
        "user_id": get_user_model().objects.get(username="anna.berglund").pk,
    }
    return kwargs, culture.pk


@pytest.fixture
def world(signed_seed_case, body, registrar, registry_user, councillor, social_secretary,
          school_secretary, administrator, shared_world):
    """The seed case (closed) and an open motion referred to Socialnämnden and Kultur- och fritidsnämnden;
    the latter answered with an attachment."""
    from referrals.models import Referral

    kwargs, culture = shared_world
    users = {"anonymous": None, "councillor": councillor, "secretary": social_secretary,
             "other_secretary": school_secretary, "registry": registry_user, "administrator": administrator}
    return dict(kwargs), users, Referral.objects.get(pk=culture)


def url_for(name, kwargs, culture):
    if name == "admin":
        return reverse("admin:index")
    if name == "archive:package":  # a closed case's: the open one's is refused to everyone
        return reverse(name, kwargs={"case_number": kwargs["closed_case_number"]})
    for candidate in ({}, {"case_number": kwargs["case_number"]}, {"referral_id": kwargs["referral_id"]},
                      {"item_id": kwargs["item_id"]}, {"token": "not-a-signed-token"},
                      {"report_id": kwargs["report_id"]},
                      {"meeting_id": kwargs["meeting_id"]},
                      {"meeting_id": kwargs["meeting_id"], "agenda_item_id": kwargs["agenda_item_id"]},
                      {"meeting_id": kwargs["item_meeting_id"], "item_id": kwargs["item_id"]},
                      {"case_number": kwargs["case_number"], "number": 1},
                      {"body_id": kwargs["body_id"]}, {"municipality_id": kwargs["municipality_id"]},
                      # The open data's objects (public/oparl).
                      {"organisation_id": kwargs["organisation_id"]},
                      {"organisation_id": kwargs["organisation_id"], "election_year": kwargs["election_year"]},
                      {"person_id": kwargs["person_id"]}, {"membership_id": kwargs["membership_id"]},
                      {"agenda_item_id": kwargs["agenda_item_id"]}, {"motion_id": kwargs["motion_id"]},
                      {"item_id": kwargs["item_id"], "motion_id": kwargs["item_motion_id"]},
                      {"document_id": kwargs["document_id"]}, {"rendered_id": kwargs["rendered_id"]},
                      {"rest": "ingenting-har-den-adressen"},
                      {"model": "documents-casedocument", "document_id": kwargs["document_id"]},
                      {"notice_id": kwargs["notice_id"]}, {"user_id": kwargs["user_id"]},
                      {"meeting_id": kwargs["posted_meeting_id"], "document_id": kwargs["posted_document_id"]}):
        try:
            return reverse(name, kwargs=candidate)
        except Exception:
            continue
    raise AssertionError(f"cannot build {name}")


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_rules_say(world, role):
    kwargs, users, culture = world
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    answers = {}
    for name in sorted(set(url_names())):
        response = client.get(url_for(name, kwargs, culture))
        answers[name] = response.status_code
    expected = {name: RULES[name][role] for name in answers}
    assert answers == expected


@pytest.mark.parametrize("role", ROLES)
def test_a_confidential_document_is_the_registrys(world, role):
    """Aktbilaga 2 is confidential: listed for everyone, its file for the registry alone."""
    kwargs, users, _culture = world
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get(reverse("documents:file", kwargs={"case_number": kwargs["case_number"], "number": 2}))
    assert response.status_code == (200 if role == "registry" else 403)
    if role != "registry":  # the refusal says why, and where to ask
        assert "omfattas av sekretess" in response.content.decode()


def test_anonymous_is_sent_to_the_login_page(world):
    kwargs, _users, _culture = world
    response = Client().get(reverse("motions:register"))
    assert response["Location"].startswith(reverse("login"))


def _valid_posts(kwargs, motion_version, school_body_id):
    """A valid submission for each state-changing URL: refused, it must change nothing."""
    formsets = {f"{p}-{k}": v for p in ("proposals", "reservations")
                for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()}
    return {
        "motions:register": {"title": "Intrång", "movers": [], "received_on": "2021-05-01"},
        "referrals:refer": {"bodies": [school_body_id], "sent_on": "2021-05-01", "due_on": "2021-09-30",
                            "version": motion_version},
        "referrals:withdraw_motion": {"on": "2021-05-01", "version": motion_version, "confirm": "on"},
        "referrals:answer": {"action": "answer", "decided_on": "2021-09-01", "text": "Intrång"},
        "referrals:extend": {"due_on": "2021-12-01", "on": "2021-09-01"},
        "referrals:withdraw": {"on": "2021-09-01", "confirm": "on"},
        "decisions:draft": {"drafted_on": "2021-09-01", "proposal": "reject", "version": motion_version},
        "decisions:minute_item": {"step": "strike_off", "meeting": kwargs["meeting_id"], **formsets},
        "decisions:agenda": {"meeting": kwargs["meeting_id"]},
        "decisions:meeting_details": {"starts_at": "13:00", "place": "Intrång"},
        "decisions:attendance": {"attendance-TOTAL_FORMS": "1", "attendance-INITIAL_FORMS": "0",
                                 "attendance-0-person": "", "attendance-0-role": ""},
        "decisions:other_matter": {"title": "Intrång"},
        "decisions:other_minute": {"decision_text": "Intrång"},
        "decisions:sign": {"signed_on": "2021-09-08", "starts_at": "13:00", "place": "Intrång", "kept_at": "Intrång",
                           "confirm": ""},
        "decisions:meeting_plan": {"body": kwargs["body_id"], "date": "2021-10-04", "add": ""},
        "decisions:send_for_signing": {},
        "decisions:signing": {"form": "withdraw", "reason": "Intrång"},
        "enrol_for": {"token": "123456"},
        "decisions:appeal": {"lodged_on": "2022-03-20"},
        "motions:correct": {"title": "Intrång", "received_on": "2021-03-08", "filed_on": "2021-03-15",
                            "reason": "Intrång", "version": motion_version},
        "referrals:correct": {"body": school_body_id, "due_on": "2021-09-30", "reason": "Intrång",
                              "version": motion_version},
        "referrals:undo": {"reason": "Intrång", "confirm": "on", "version": motion_version},
        "referrals:correct_answer": {"decided_on": "2021-09-01", "reason": "Intrång", "version": motion_version},
        "decisions:correct_draft": {"drafted_on": "2021-09-01", "proposal": "reject", "reason": "Intrång",
                                    "version": motion_version},
        "decisions:undo_draft": {"reason": "Intrång", "confirm": "on", "version": motion_version},
        "decisions:correct_minute_item": {"summary": "Intrång", "reason": "Intrång"},
        "decisions:undo_minute_item": {"reason": "Intrång", "confirm": "on"},
        "decisions:rectify": {"made_on": "2022-03-20", "text": "Intrång"},
        "documents:add": {"file": SimpleUploadedFile("intrang.pdf", MINIMAL_PDF), "kind": "letter",
                          "dated_on": "2021-05-01", "title": "Intrång"},
        "documents:replace": {"file": SimpleUploadedFile("intrang.pdf", MINIMAL_PDF), "dated_on": "2021-05-01"},
        "publication:document": {"action": "withhold", "ground": "personal_data", "reason": "Intrång"},
        "publication:rules": {"protocol": "after_review", "extract": "after_review", "signing_notice": "after_review",
                              "announcement": "after_review", "summons": "after_review",
                              "posted_notice": "after_review", "case_document": "after_review",
                              "referral_answer": "after_review"},
        "noticeboard:add": {"title": "Intrång", "posted_on": timezone.localdate().isoformat(),
                            "removed_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat()},
        "noticeboard:correct": {"title": "Intrång", "posted_on": timezone.localdate().isoformat(),
                                "removed_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat()},
        "noticeboard:take_down": {"reason": "Intrång", "confirm": "on"},
        "decisions:paragraph_record": {
            "distribution": "Intrång",
            **{f"{p}-{k}": "0" for p in ("conflicts", "proposals", "questions", "votes", "reservations",
                                          "statements", "notes") for k in ("TOTAL_FORMS", "INITIAL_FORMS")}},
    }


def _state():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from decisions.models import AgendaItem, Appeal, MinuteItem, Rectification, RenderedDocument, SigningRound
    from documents.models import CaseDocument
    from motions.models import Motion, MotionEvent
    from noticeboard.models import Notice, NoticeEvent
    from organisation.models import Attendance, Meeting, MeetingEvent
    from publication.models import PublicationRule
    from referrals.models import Referral, ReferralResponse

    return (Motion.objects.count(), MotionEvent.objects.count(), Referral.objects.count(),
            ReferralResponse.objects.count(), MinuteItem.objects.count(),
            list(AgendaItem.objects.values_list("pk", "position", "number", "title")),
            list(Meeting.objects.values_list("pk", "place", "starts_at", "signed_on")),
            Attendance.objects.count(), Appeal.objects.count(), MeetingEvent.objects.count(),
            list(MinuteItem.objects.values_list("pk", "distribution", "summary")),
            list(Motion.objects.values_list("pk", "title", "version", "case_officer")),
            list(Referral.objects.values_list("pk", "body_id", "due_on")), Rectification.objects.count(),
            list(CaseDocument.objects.values_list("pk", "replaced_by", "publication_state")),
            list(PublicationRule.objects.values_list("municipality", "kind", "review_first")),
            list(Notice.objects.values_list("pk", "title", "removed_on")), NoticeEvent.objects.count(),
            list(RenderedDocument.objects.filter(version__isnull=False).values_list("pk", "taken_down_on")),
            list(SigningRound.objects.values_list("pk", "state")),
            list(TOTPDevice.objects.filter(confirmed=True).values_list("pk", flat=True)))


@pytest.mark.parametrize("role", [r for r in ROLES if r != "registry"])
def test_a_refused_role_changes_nothing_by_posting(world, body, role):
    from motions.models import Motion

    kwargs, users, culture = world
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    motion = Motion.objects.get(case_number=kwargs["case_number"])
    before = _state()
    for name, data in _valid_posts(kwargs, motion.version, body("Grundskolenämnden").pk).items():
        expected = RULES[name][role]
        if expected == 200:
            continue  # this role may take the step (a board secretary answering its own referral)
        response = client.post(url_for(name, kwargs, culture), data)
        assert response.status_code == expected, name
        assert _state() == before, name


@pytest.mark.parametrize("role", [r for r in ROLES if r != "registry"])
def test_meeting_buttons_are_the_registrys(world, role):
    from motions.models import Motion

    kwargs, users, culture = world
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    before = _state()
    motion = Motion.objects.get(case_number=kwargs["case_number"]).pk
    for name, data in [("decisions:agenda_item", {"action": "remove"}), ("decisions:number", {}),
                       ("decisions:add_case", {"motion": motion}), ("decisions:file_motions", {"motion": motion}),
                       ("decisions:remove_meeting", {}), ("motions:case_officer", {"case_officer": ""}),
                       ("decisions:post_agenda", {})]:
        response = client.post(url_for(name, kwargs, culture), data)
        assert response.status_code == (302 if role == "anonymous" else 403), name
        assert _state() == before, name
