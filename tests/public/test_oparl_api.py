"""The OParl API walked as the public walks it: from /oparl/, every address it gives followed, every
object checked against OParl 1.1's JSON schema, and nothing found that the public may not see."""

import json
import re
from pathlib import Path

import jsonschema
from django.urls import reverse

from decisions.models import MinuteItem, RenderedDocument
from documents.models import CaseDocument
from motions.models import Motion, Status
from public.oparl.common import EXT, OPARL, Links
from referrals.models import Referral
from tests.public.conftest import SECRETS

SCHEMAS = Path(__file__).resolve().parents[2] / "public" / "oparl" / "schema"
# OParl's forms (2.4): a date-time with seconds and its offset, a date, an absolute URL.
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("date-time")(lambda value: not isinstance(value, str) or bool(DATE_TIME.match(value)))
FORMATS.checks("date")(lambda value: not isinstance(value, str) or bool(DATE.match(value)))
FORMATS.checks("url")(lambda value: not isinstance(value, str) or value.startswith(("http://", "https://")))
# The reference an object embedded in another leaves out, and has when served at its own address.
BACK_REFERENCES = {"paper", "meeting", "person", "body", "agendaItem"}


def validator(kind: str):
    schema = json.loads((SCHEMAS / f"{kind}.json").read_text())
    return jsonschema.Draft4Validator(schema, format_checker=FORMATS)


VALIDATORS = {path.stem: validator(path.stem) for path in SCHEMAS.glob("*.json")}


def objects_in(value, parent=None):
    """Every OParl object in `value` (itself, its embedded ones, a list's), with the object it is in."""
    if isinstance(value, dict):
        if isinstance(value.get("type"), str) and value["type"].startswith(OPARL):
            yield value, parent
            parent = value
        for key, inner in value.items():
            if not key.startswith(EXT):
                yield from objects_in(inner, parent)
    elif isinstance(value, list):
        for inner in value:
            yield from objects_in(inner, parent)


def addresses_in(value, api):
    """Every address of the API in `value`, extension fields included."""
    if isinstance(value, dict):
        for inner in value.values():
            yield from addresses_in(inner, api)
    elif isinstance(value, list):
        for inner in value:
            yield from addresses_in(inner, api)
    elif isinstance(value, str) and value.startswith(f"{api.site}/oparl/"):
        yield value


def walk(api) -> dict[str, dict]:
    """Every answer of the API reachable from /oparl/, by address (JSON only: the dump is a file)."""
    answers, waiting = {}, [api.url("/oparl/")]
    while waiting:
        url = waiting.pop()
        if url in answers or url.endswith(".gz") or url.endswith(".rdf"):
            continue
        answers[url] = api.json(url)
        waiting += [found for found in addresses_in(answers[url], api) if found not in answers]
    return answers


def test_the_api_walked_from_its_entry_point(world, api):
    """Every object reached is valid OParl; an embedded object is the object at its address; every
    object not embedded says when it was made and changed; and nothing the public may not see is
    found anywhere (one walk, the slow part, for all four)."""
    walked = walk(api)
    every_object_is_valid_oparl(walked)
    an_embedded_object_is_the_object_at_its_address_without_the_reference_back(walked, api)
    objects_not_embedded_say_when_they_were_made_and_changed(walked)
    the_public_finds_nothing_it_may_not_see(world, walked, api)


def every_object_is_valid_oparl(walked):
    kinds = set()
    for answer in walked.values():
        if "data" in answer:  # an external list
            assert set(answer) == {"data", "pagination", "links"}
        for obj, _parent in objects_in(answer):
            kind = obj["type"].removeprefix(OPARL)
            kinds.add(kind)
            errors = [error.message for error in VALIDATORS[kind].iter_errors(obj)]
            assert errors == [], (obj["id"], errors)
    assert kinds == {"System", "Body", "LegislativeTerm", "Organization", "Person", "Membership", "Meeting",
                     "AgendaItem", "Paper", "Consultation", "File"}


def an_embedded_object_is_the_object_at_its_address_without_the_reference_back(walked, api):
    for answer in list(walked.values()):
        for obj, parent in objects_in(answer):
            if parent is None:
                continue
            own = walked.get(obj["id"]) or api.json(obj["id"])
            assert {key: own[key] for key in obj} == obj, obj["id"]
            assert set(own) - set(obj) <= BACK_REFERENCES, obj["id"]


def objects_not_embedded_say_when_they_were_made_and_changed(walked):
    for url, answer in walked.items():
        if "data" not in answer and answer["type"] != f"{OPARL}System":
            assert DATE_TIME.match(answer["created"]) and DATE_TIME.match(answer["modified"]), url
            assert answer["created"][:19] <= answer["modified"][:19], url


def the_public_finds_nothing_it_may_not_see(world, walked, api):
    text = json.dumps(list(walked.values()), ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text
    links = Links()
    for document in (world.confidential_document, world.review_document, world.withheld_document):
        assert links.document_file(document) not in text
        assert api.get(links.document_file(document)).status_code == 404
    assert links.document_file(world.public_document) in text
    # The unsigned meeting: its agenda is public, its paragraph and who served are not.
    meeting = walked[links.meeting(world.unsigned_meeting)]
    assert meeting[f"{EXT}minutesPublic"] is False
    assert "participant" not in meeting and meeting[f"{EXT}attendance"] == []
    (item,) = meeting["agendaItem"]
    assert item["name"].endswith("Längre öppettider på biblioteket")
    assert not {"result", "resolutionText", "consultation", f"{EXT}decision", f"{EXT}votes"} & set(item)
    hidden = MinuteItem.objects.get(motion_id=world.hidden)
    assert links.paragraph_consultation(hidden.pk, world.hidden) not in text
    assert api.get(links.paragraph_consultation(hidden.pk, world.hidden)).status_code == 404
    # The case's status would tell the committee's decision: it is the one before the meeting.
    assert Motion.objects.get(pk=world.hidden).status == Status.WORKING_COMMITTEE
    paper = walked[links.paper(world.hidden)]
    assert paper[f"{EXT}status"] == Status.PREPARED and paper[f"{EXT}statusSince"] == "2021-06-01"
    assert [found[f"{EXT}consultationKind"] for found in paper.get("consultation", [])] == []
    # The minutes' documents of the unsigned meeting are not there; the signed meeting's are.
    for document in RenderedDocument.objects.filter(meeting_id=world.unsigned_meeting):
        assert links.minutes_file(document.pk) not in text
    assert walked[links.meeting(world.signed_meeting)]["resultsProtocol"]["mimeType"] == "application/pdf"


def test_a_document_taken_off_the_web_leaves_the_api(world, api):
    from publication.services import withhold
    from tests.conftest import _user

    links = Links()
    assert api.get(links.document_file(world.public_document)).status_code == 200
    withhold(CaseDocument.objects.get(pk=world.public_document), ground="personal_data", reason="Namn på en elev",
             by=_user("registrator"))
    assert api.get(links.document_file(world.public_document)).status_code == 404
    paper = api.json(links.paper(world.documents))
    assert links.document_file(world.public_document) not in json.dumps(paper)


def test_the_signed_meeting_gives_the_roll_call_and_the_substitutes(world, api):
    links = Links()
    meeting = api.json(links.meeting(world.signed_meeting))
    assert meeting["meetingState"] == "durchgeführt"
    assert (meeting[f"{EXT}signedOn"], meeting[f"{EXT}postedOn"]) == ("2022-02-24", "2022-02-25")
    assert meeting[f"{EXT}appealUntil"] and meeting[f"{EXT}noticeRemovedOn"]
    karin = next(a for a in meeting[f"{EXT}attendance"] if a["name"] == "Karin Dahl")
    assert (karin["role"], karin["replacesName"]) == ("substitute", "Johan Ek")
    (item,) = meeting["agendaItem"]
    (vote,) = item[f"{EXT}votes"]
    assert (vote["yes"], vote["no"], vote["abstained"], vote["won"]) == (2, 1, 1, "yes")
    assert [(b["name"], b["choice"], b["replacesName"]) for b in vote["ballots"]] == [
        ("Anna Berglund", "yes", None), ("Erik Sandberg", "yes", None), ("Lena Holm", "no", None),
        ("Karin Dahl", "abstain", "Johan Ek")]
    assert item[f"{EXT}decision"] == "propose" and item[f"{EXT}proposal"] == "reject"
    # A proposal prepares the case: it cannot be appealed and gains no legal force.
    assert (item[f"{EXT}appealable"], item[f"{EXT}legalForceOn"]) == (False, None)
    assert item["resolutionFile"]["accessUrl"].endswith("/protokollsutdrag.pdf")
    paper = api.json(links.paper(world.voted))
    (consultation,) = paper["consultation"]
    assert consultation["agendaItem"] == item["id"] and consultation["meeting"] == meeting["id"]
    assert consultation["authoritative"] is False


def test_a_paper_carries_its_status_one_year_mark_and_the_councils_decision(world, api):
    links = Links()
    paper = api.json(links.paper(world.seed))
    assert (paper["reference"], paper["paperType"]) == ("KS-2021/345", "Motion")
    assert paper[f"{EXT}status"] == Status.ANSWERED
    assert paper[f"{EXT}oneYearMark"] == "2022-03-15"
    decided = paper[f"{EXT}decidedOn"]
    assert paper[f"{EXT}decidedWithinOneYear"] is (decided <= "2022-03-15")
    council = [found for found in paper["consultation"] if found.get("authoritative")]
    assert len(council) == 1 and council[0][f"{EXT}decision"] == "deem_answered"
    # Signed long ago and not appealed: in force from the day after the last day to appeal.
    assert council[0][f"{EXT}legalForceOn"] is not None
    referrals = [found for found in paper["consultation"] if found[f"{EXT}consultationKind"] == "referral"]
    assert len(referrals) == 5
    assert all(found[f"{EXT}dueOn"] == "2021-09-30" and found[f"{EXT}answer"]["decidedOn"] for found in referrals)


def test_a_referral_gives_its_due_date_and_its_answer(world, api):
    referral = Referral.objects.get(motion_id=world.documents)
    found = api.json(Links().referral_consultation(referral.pk))
    assert found["paper"] == Links().paper(world.documents)
    assert (found[f"{EXT}sentOn"], found[f"{EXT}dueOn"], found[f"{EXT}referralState"]) == (
        "2021-05-10", "2021-09-30", "answered")
    assert found[f"{EXT}answer"]["files"] == [Links().document_file(world.public_document)]


def test_an_appeal_takes_away_legal_force(world, api):
    from decisions.services.signing import record_appeal
    from tests.conftest import _user, d

    council = MinuteItem.objects.filter(motion_id=world.seed, body__kind="council").exclude(decision="file").get()
    record_appeal(council, lodged_on=council.meeting.appeal_until, court_case="1234-22", by=_user("registrator"))
    paper = api.json(Links().paper(world.seed))
    (decision,) = [found for found in paper["consultation"] if found.get("authoritative")]
    assert decision[f"{EXT}legalForceOn"] is None
    assert decision[f"{EXT}appeals"] == [{"lodgedOn": council.meeting.appeal_until.isoformat(),
                                          "courtCase": "1234-22"}]
    assert d(decision[f"{EXT}decidedOn"]) == council.meeting.date


def test_the_addresses_written_out_are_the_urls(world):
    links = Links()
    expected = {
        links.system(): reverse("oparl:system"),
        links.bodies(): reverse("oparl:bodies"),
        links.body(7): reverse("oparl:body", args=[7]),
        links.body_list(7, "papers"): reverse("oparl:body_papers", args=[7]),
        links.body_list(7, "legislative-terms"): reverse("oparl:body_legislative_terms", args=[7]),
        links.dump(7): reverse("oparl:body_dump", args=[7]),
        links.catalogue(): reverse("oparl:catalogue"),
        links.legislative_term(7, 2022): reverse("oparl:legislative_term", args=[7, 2022]),
        links.organization(3): reverse("oparl:organization", args=[3]),
        links.organization_list(3, "meetings"): reverse("oparl:organization_meetings", args=[3]),
        links.person(4): reverse("oparl:person", args=[4]),
        links.membership(5): reverse("oparl:membership", args=[5]),
        links.meeting(6): reverse("oparl:meeting", args=[6]),
        links.agenda_item(8): reverse("oparl:agenda_item", args=[8]),
        links.paper(9): reverse("oparl:paper", args=[9]),
        links.referral_consultation(10): reverse("oparl:referral_consultation", args=[10]),
        links.paragraph_consultation(11, 12): reverse("oparl:paragraph_consultation", args=[11, 12]),
        links.document_file(13): reverse("oparl:document_file", args=[13]),
        links.minutes_file(14): reverse("oparl:minutes_file", args=[14]),
        links.case_page("KS KF/2025:294"): reverse("cases:detail", args=["KS KF/2025:294"]),
        links.case_document("KS-2021/345", 2): reverse("documents:file", args=["KS-2021/345", 2]),
        links.meeting_page(6): reverse("decisions:meeting", args=[6]),
        links.protocol_pdf(6): reverse("decisions:protocol_pdf", args=[6]),
        links.notice_pdf(6): reverse("decisions:notice_pdf", args=[6]),
        links.extract_pdf(15): reverse("decisions:extract", args=[15]),
    }
    for written, path in expected.items():
        assert written == f"{links.site}{path}"
