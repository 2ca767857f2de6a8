"""The case's documents in the case file: their details, each file by its stored name and checksum."""

import base64
import copy
import hashlib
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cases.casefile.documents import CaseFileFolder, write_files
from cases.casefile.exporter import export_case
from cases.casefile.importer import import_cases
from cases.casefile.validation import CaseFileError
from documents.models import CaseDocument
from documents.services import add_document, replace_document
from motions.models import Motion, MotionEvent
from publication.services import withhold
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


@pytest.fixture
def folder(documented, tmp_path):
    """The documented case exported as the command writes it: its files beside the case file."""
    write_files(documented, tmp_path)
    return CaseFileFolder(tmp_path)


def test_export_after_import_gives_back_the_same_documents(documented, folder):
    exported = export_case(documented)
    (motion,) = import_cases(copy.deepcopy(exported), replace=True, files=folder)
    assert export_case(motion) == exported
    new_version = motion.documents.get(number=3)
    assert motion.documents.get(number=2).replaced_by == new_version
    assert [document.number for document in answer_documents(motion.referrals.get().response)] == [2, 3]
    replaced = motion.events.get(kind=MotionEvent.Kind.DOCUMENT_REPLACED)
    assert replaced.occurred_on == d("2021-09-29")


def test_a_document_withheld_from_publication_stays_withheld(documented, folder, registrar):
    withhold(documented.documents.get(number=1), ground="personal_data", reason="Motionärens adress", by=registrar)
    exported = export_case(documented)
    assert [e["publication"]["state"] for e in exported["documents"]] == ["withheld", "published", "published",
                                                                          "withheld"]
    (motion,) = import_cases(copy.deepcopy(exported), replace=True, files=folder)
    assert export_case(motion) == exported
    assert motion.documents.get(number=1).withheld_reason == "Motionärens adress"


def _broken(exported, change):
    data = copy.deepcopy(exported)
    change(data["documents"])
    return data


@pytest.mark.parametrize(("change", "message"), [
    pytest.param(lambda docs: docs[0].update(sha256="0" * 64),
                 r"documents\[0\]\.sha256: filen har en annan kontrollsumma", id="changed-file"),
    pytest.param(lambda docs: docs[0].update(file="handlingar/2021/saknas.pdf"),
                 r"documents\[0\]\.file: filen \"handlingar/2021/saknas.pdf\" finns inte i ärendefilens mapp",
                 id="missing-file"),
    pytest.param(lambda docs: docs[0].update(file="../case.json"),
                 r"documents\[0\]\.file: filen \"../case.json\" finns inte i ärendefilens mapp", id="parent-folder"),
    pytest.param(lambda docs: docs[0].update(file="/etc/passwd"),
                 r"documents\[0\]\.file: filen \"/etc/passwd\" finns inte", id="absolute-path"),
    pytest.param(lambda docs: docs[0].update(content="AAAA"),
                 r"documents\[0\]\.file: ange antingen file .* eller content", id="file-and-content"),
    pytest.param(lambda docs: (docs[0].pop("file"), docs[0].update(content="inte base64!")),
                 r"documents\[0\]\.content: är inte giltig base64", id="bad-base64"),
    pytest.param(lambda docs: (docs[0].pop("file"), docs[0].update(content="aGVq")),
                 r"documents\[0\]\.content: .*", id="inline-not-a-document"),
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
    pytest.param(lambda docs: docs[0].update(publication={"state": "withheld", "ground": "whim", "reason": "x"}),
                 r"documents\[0\]\.publication\.ground: \"whim\" är inte ett av", id="bad-withholding-ground"),
    pytest.param(lambda docs: docs[0].update(publication={"state": "withheld", "ground": "secrecy"}),
                 r"documents\[0\]\.publication\.reason: saknas men krävs", id="withheld-without-reason"),
    pytest.param(lambda docs: docs[0].update(size=1),
                 r"documents\[0\]\.size: stämmer inte med filen", id="wrong-size"),
])
def test_a_bad_document_is_refused_with_its_path_and_nothing_changes(documented, folder, change, message):
    data = _broken(export_case(documented), change)
    before = list(CaseDocument.objects.values_list("pk", "replaced_by"))
    stored = stored_files()
    with pytest.raises(CaseFileError, match=message):
        import_cases(data, replace=True, files=folder)
    assert stored_files() == stored
    assert list(CaseDocument.objects.values_list("pk", "replaced_by")) == before


def stored_files() -> set[str]:
    """Every file in the document storage's folder of case documents."""
    found = set()

    def walk(folder):
        folders, names = default_storage.listdir(folder)
        found.update(f"{folder}/{name}" for name in names)
        for name in folders:
            walk(f"{folder}/{name}")

    if default_storage.exists("handlingar"):
        walk("handlingar")
    return found


def test_a_case_file_cannot_make_a_stored_file_a_document(documented, folder, seed_case, registrar):
    """A stored file named by its place in the storage (here the draft extract of another case's
    paragraph, which is not public) is not read: only files beside the case file are."""
    from decisions.documents import extract_document
    from decisions.models import MinuteItem

    draft = extract_document(MinuteItem.objects.get(motion=seed_case, number=12))
    data = export_case(documented)
    with draft.file.open("rb") as pdf:
        checksum = hashlib.sha256(pdf.read()).hexdigest()
    data["documents"][0].update(file=draft.file.name, sha256=checksum, size=None, content_type=None)
    with pytest.raises(CaseFileError, match=r"documents\[0\]\.file: filen .* finns inte i ärendefilens mapp"):
        import_cases(data, replace=True, files=folder)
    other = CaseDocument.objects.filter(motion=documented).first()
    data = export_case(documented)
    data["documents"][0].update(file=other.file.name)  # a stored document's own place
    with pytest.raises(CaseFileError, match=r"documents\[0\]\.file: filen .* finns inte i ärendefilens mapp"):
        import_cases(data, replace=True, files=folder)


def test_a_link_beside_the_case_file_that_leads_out_of_its_folder_is_not_followed(documented, tmp_path):
    case_folder = tmp_path / "export"
    case_folder.mkdir()
    write_files(documented, case_folder)
    data = export_case(documented)
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(files.pdf())
    link = case_folder / "handlingar" / "link.pdf"
    link.symlink_to(secret)
    data["documents"][0].update(file="handlingar/link.pdf")
    with pytest.raises(CaseFileError, match=r"documents\[0\]\.file: filen \"handlingar/link.pdf\" finns inte"):
        import_cases(data, replace=True, files=CaseFileFolder(case_folder))


def test_the_commands_carry_the_files_beside_the_case_file_or_inline(documented, tmp_path, capsys):
    exported = export_case(documented)
    out = tmp_path / "ut" / "arende.json"
    out.parent.mkdir()
    call_command("export_case", documented.case_number, "-o", str(out))
    entry = json.loads(out.read_text())["documents"][0]
    assert entry["file"] == "handlingar/KS-2021-1/01-Motion.pdf"
    assert (out.parent / entry["file"]).read_bytes() == files.pdf()
    call_command("import_case", str(out), "--replace")
    assert export_case(Motion.objects.get(case_number=documented.case_number)) == exported

    capsys.readouterr()
    call_command("export_case", documented.case_number)  # standard out: the files inline
    inline = json.loads(capsys.readouterr().out)
    assert "file" not in inline["documents"][0]
    assert base64.b64decode(inline["documents"][0]["content"]) == files.pdf()
    (motion,) = import_cases(inline, replace=True)
    assert export_case(motion) == exported


def test_a_failed_import_leaves_no_file_in_the_storage(documented, folder):
    data = export_case(documented)
    data["documents"][3]["title"] = ""  # the last document refused, after the first three were stored
    stored = stored_files()
    with pytest.raises(CaseFileError, match=r"documents\[3\]\.title"):
        import_cases(data, replace=True, files=folder)
    assert stored_files() == stored


def test_a_removed_case_is_restored_with_the_files_it_held(documented, registrar):
    from cases.services import remove_case

    exported = export_case(documented)
    names = sorted(CaseDocument.objects.filter(motion=documented).values_list("file", flat=True))
    remove_case(documented, by=registrar, reason="Registrerat två gånger")
    status = call_command("restore_case", documented.case_number, "--by", registrar.username)
    assert status is None
    motion = Motion.objects.get(case_number=documented.case_number)
    assert export_case(motion) == exported
    # The same stored files, not copies.
    assert sorted(motion.documents.values_list("file", flat=True)) == names
