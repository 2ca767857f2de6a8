"""The case's documents in the case file: their details, each file by its stored name and checksum."""

import copy
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.casefile.exporter import export_case
from cases.casefile.importer import import_cases
from cases.casefile.validation import CaseFileError
from documents.models import CaseDocument
from documents.services import add_document, replace_document
from motions.models import Motion, MotionEvent
from referrals.selectors import answer_documents
from referrals.services import ReferralRequest, record_referral_response, refer_motion
from tests.conftest import d
from tests.support import files


@pytest.fixture
def documented(motion, body, registrar):
    """The motion with four documents: the motion itself, an answer's document replaced by a new
    version, and a confidential letter."""
    (social,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                             sent_on=d("2021-04-06"), by=registrar)
    add_document(motion, file=SimpleUploadedFile("Motion.pdf", files.pdf()), kind="motion", dated_on=d("2021-03-08"),
                 title="Motionen", on=d("2021-03-08"), by=registrar)
    response = record_referral_response(social, decided_on=d("2021-09-28"), paragraph="§ 112", text="Svar",
                                        document=SimpleUploadedFile("svar.docx", files.docx()), by=registrar)
    replace_document(response.documents.get(), file=SimpleUploadedFile("svar.pdf", files.pdf()),
                     dated_on=d("2021-09-28"), on=d("2021-09-29"), reason="Fel version.", by=registrar)
    add_document(motion, file=SimpleUploadedFile("elev.png", files.png()), kind="letter", dated_on=d("2021-05-02"),
                 title="Om en elev", sender="Vårdnadshavare", confidential=True, secrecy_provision="23 kap. 2 § OSL",
                 on=d("2021-05-03"), by=registrar)
    return Motion.objects.get(pk=motion.pk)


def test_export_writes_each_documents_details_and_its_files_checksum(documented):
    exported = export_case(documented)["documents"]
    assert [(e["number"], e["kind"], e["replaced_by"], e["referral"]) for e in exported] == [
        (1, "motion", None, None), (2, "referral_answer", 3, 0), (3, "referral_answer", None, 0),
        (4, "letter", None, None)]
    answer = exported[1]
    assert answer["sha256"] == hashlib.sha256(files.docx()).hexdigest() and answer["name"] == "svar.docx"
    assert (answer["sender"], answer["received_on"], answer["size"]) == ("Socialnämnden", "2021-09-28",
                                                                          len(files.docx()))
    assert (exported[3]["confidential"], exported[3]["secrecy_provision"]) == (True, "23 kap. 2 § OSL")


def test_export_after_import_gives_back_the_same_documents(documented):
    exported = export_case(documented)
    (motion,) = import_cases(copy.deepcopy(exported), replace=True)
    assert export_case(motion) == exported
    new_version = motion.documents.get(number=3)
    assert motion.documents.get(number=2).replaced_by == new_version
    assert [document.number for document in answer_documents(motion.referrals.get().response)] == [2, 3]
    replaced = motion.events.get(kind=MotionEvent.Kind.DOCUMENT_REPLACED)
    assert replaced.occurred_on == d("2021-09-29")


def _broken(exported, change):
    data = copy.deepcopy(exported)
    change(data["documents"])
    return data


@pytest.mark.parametrize(("change", "message"), [
    pytest.param(lambda docs: docs[0].update(sha256="0" * 64),
                 r"documents\[0\]\.sha256: filen i dokumentlagret har en annan kontrollsumma", id="changed-file"),
    pytest.param(lambda docs: docs[0].update(file="handlingar/2021/saknas.pdf"),
                 r"documents\[0\]\.file: filen \"handlingar/2021/saknas.pdf\" finns inte", id="missing-file"),
    pytest.param(lambda docs: docs[1].update(number=5),
                 r"documents\[1\]\.number: aktbilagorna numreras 1, 2, 3 … i filens ordning; här väntas 2",
                 id="gap-in-numbers"),
    pytest.param(lambda docs: docs[2].update(replaced_by=1),
                 r"documents\[2\]\.replaced_by: en handling ersätts av en senare aktbilaga", id="replaced-by-earlier"),
    pytest.param(lambda docs: docs[3].update(secrecy_provision=""),
                 r"documents\[3\]\.secrecy_provision: Ange den bestämmelse som ger sekretess", id="no-provision"),
    pytest.param(lambda docs: docs[0].update(referral=0),
                 r"documents\[0\]\.referral: bara ett remissvar hör till en remiss", id="motion-to-a-referral"),
    pytest.param(lambda docs: docs[2].update(sender="Polisen"),
                 r"documents\[2\]\.sender: en ny version har samma värde", id="new-version-other-sender"),
    pytest.param(lambda docs: next(d for d in docs if d.get("referral") is not None).update(
                     confidential=True, secrecy_provision="21 kap. 7 § OSL"),
                 r"documents\[\d\]\.confidential: ett remissvar som hör till en remiss är allmänt",
                 id="confidential-answer-document"),
    pytest.param(lambda docs: docs[0].update(size=1),
                 r"documents\[0\]\.size: stämmer inte med filen", id="wrong-size"),
])
def test_a_bad_document_is_refused_with_its_path_and_nothing_changes(documented, change, message):
    data = _broken(export_case(documented), change)
    before = list(CaseDocument.objects.values_list("pk", "replaced_by"))
    with pytest.raises(CaseFileError, match=message):
        import_cases(data, replace=True)
    assert list(CaseDocument.objects.values_list("pk", "replaced_by")) == before
