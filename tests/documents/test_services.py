"""Registering a case's documents: numbering, the check of a file by its content, secrecy, replacing."""

import hashlib
import os
import re
import threading

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from documents.models import CaseDocument
from documents.services import add_document, replace_document
from lib.errors import DomainError
from motions.models import MotionEvent
from tests.conftest import d
from tests.support import files


def upload(data: bytes, name: str = "handling.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def add(motion, by, data: bytes = None, name: str = "handling.pdf", **details) -> CaseDocument:
    fields = {"kind": CaseDocument.Kind.LETTER, "dated_on": d("2021-04-01"), "title": "Skrivelse om trygghet",
              "sender": "Polisen", **details}
    return add_document(motion, file=upload(files.pdf() if data is None else data, name), by=by, **fields)


def stored_files(settings) -> list[str]:
    return [name for _root, _dirs, names in os.walk(settings.MEDIA_ROOT) for name in names]


def test_documents_are_numbered_in_the_order_they_are_registered(motion, registrar):
    numbers = [add(motion, registrar, title=f"Handling {i}").number for i in range(3)]
    assert numbers == [1, 2, 3]
    assert list(motion.documents.values_list("number", "title")) == [
        (1, "Handling 0"), (2, "Handling 1"), (3, "Handling 2")]


def test_each_case_has_its_own_numbers(motion, seed_case, registrar):
    add(motion, registrar)
    assert add(seed_case, registrar).number == 1
    assert add(motion, registrar).number == 2


def test_a_document_keeps_its_details_and_a_checksum_of_its_file(motion, registrar):
    document = add(motion, registrar, files.docx(), name="Tjänsteskrivelse 2021-04-01.docx",
                   kind=CaseDocument.Kind.REPORT, sender="Kommunledningsförvaltningen")
    assert (document.kind, document.sender, document.original_name, document.registered_by) == (
        "report", "Kommunledningsförvaltningen", "Tjänsteskrivelse 2021-04-01.docx", registrar)
    assert document.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert document.size == len(files.docx()) and document.sha256 == hashlib.sha256(files.docx()).hexdigest()
    # Stored under a name of its own: the sender's file name says nothing of a confidential document.
    assert document.file.name.startswith("handlingar/") and document.file.name.endswith(".docx")
    assert "Tjänsteskrivelse" not in document.file.name
    assert default_storage.open(document.file.name).read() == files.docx()


def test_registering_a_document_is_on_the_timeline_without_moving_the_case(motion, registrar):
    version = motion.version
    add(motion, registrar)
    event = motion.events.get(kind=MotionEvent.Kind.DOCUMENT_ADDED)
    assert event.description == "aktbilaga 1, Skrivelse från Polisen: Skrivelse om trygghet"
    assert event.recorded_by == registrar and event.from_status == event.to_status == "filed"
    motion.refresh_from_db()
    assert motion.version == version  # a form opened on the case is still valid


def test_a_closed_case_still_receives_documents(seed_case, registrar):
    assert seed_case.is_closed
    document = add(seed_case, registrar, kind=CaseDocument.Kind.MINUTES_EXTRACT, title="Protokollsutdrag KF § 12")
    assert document.number == 1


@pytest.mark.parametrize(("build", "name", "content_type"), [
    (files.pdf, "svar.pdf", "application/pdf"),
    (files.docx, "svar.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (files.xlsx, "budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (files.odt, "svar.odt", "application/vnd.oasis.opendocument.text"),
    (files.ods, "budget.ods", "application/vnd.oasis.opendocument.spreadsheet"),
    (files.png, "karta.png", "image/png"),
    (files.jpeg, "foto.jpg", "image/jpeg"),
    # The name does not decide: a Word document named .pdf is a Word document.
    (files.docx, "scan.pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_each_kept_format_is_recognised_by_its_content(motion, registrar, build, name, content_type):
    assert add(motion, registrar, build(), name=name).content_type == content_type


REFUSED = re.escape("Filen är inte en PDF, ett Word-, Excel- eller OpenDocument-dokument eller en bild (PNG, JPEG).")


@pytest.mark.parametrize(("data", "name", "message"), [
    pytest.param(b"Detta \xe4r bara text, inte en PDF.\n", "yttrande.pdf", REFUSED, id="text-named-pdf"),
    pytest.param(files.exe(), "svar.pdf", REFUSED, id="program"),
    pytest.param(b"MZ\x90\x00" + b"%PDF-1.4 " + b"\x00" * 64, "faktura.pdf", REFUSED, id="program-with-pdf-header"),
    pytest.param(b"<html><!-- %PDF-1.4 --><script>alert(1)</script></html>", "svar.pdf", REFUSED,
                 id="web-page-with-pdf-header"),
    pytest.param(b"\x00" * 10 + files.pdf(), "svar.pdf", REFUSED, id="pdf-signature-at-byte-10"),
    pytest.param(b" \r\n" + files.pdf(), "svar.pdf", REFUSED, id="pdf-after-blank-bytes"),
    pytest.param(b"%PDF-1.7\nett brev, inte en PDF\n%%EOF\n", "svar.pdf",
                 "Filen börjar som en PDF men går inte att läsa som en", id="pdf-that-does-not-parse"),
    pytest.param(files.pdf()[:150], "svar.pdf", "Filen börjar som en PDF men går inte att läsa som en",
                 id="truncated-pdf"),
    pytest.param(files.pdf_with_javascript(), "svar.pdf", re.escape(
        "PDF-filen innehåller JavaScript (programkod) och tas inte emot"), id="pdf-with-javascript"),
    pytest.param(files.pdf_with_embedded_file(), "svar.pdf", "PDF-filen innehåller inbäddade filer och tas inte",
                 id="pdf-with-embedded-file"),
    pytest.param(files.pdf_with_launch_on_a_page(), "svar.pdf", re.escape(
        "PDF-filen innehåller JavaScript (programkod), automatiska åtgärder (/AA), en åtgärd som startar program "
        "(/Launch) och bifogade filer (filbilagor) och tas inte emot"), id="pdf-with-actions-and-attachment"),
    pytest.param(files.plain_zip(), "svar.docx", REFUSED, id="zip-that-is-no-office-document"),
    pytest.param(files.png()[:20] + b"\x00" * 40, "karta.png", REFUSED, id="broken-png"),
    pytest.param(b"\xff\xd8\xff" + b"not a jpeg", "foto.jpg", REFUSED, id="broken-jpeg"),
    pytest.param(files.docx(macros=True), "svar.docm", "Filen innehåller makron", id="macros"),
    pytest.param(b"", "tom.pdf", "Filen är tom.", id="empty"),
])
def test_a_refused_file_writes_nothing(motion, registrar, settings, data, name, message):
    with pytest.raises(DomainError, match=message) as refused:
        add(motion, registrar, data, name=name)
    assert refused.value.field == "file"
    assert not CaseDocument.objects.exists()
    assert not motion.events.filter(kind=MotionEvent.Kind.DOCUMENT_ADDED).exists()
    assert stored_files(settings) == []


def test_a_pdf_annex_is_checked_as_a_document_is():
    """A reservation's or a statement's annex (validate_pdf) is refused for what a document is."""
    from django import forms

    from referrals.forms import validate_pdf

    validate_pdf(upload(files.pdf()))
    for data, message in [(b"\x00" * 10 + files.pdf(), "Filen är inte en PDF"),
                          (files.pdf_with_javascript(), "PDF-filen innehåller JavaScript"),
                          (files.pdf_with_embedded_file(), "PDF-filen innehåller inbäddade filer"),
                          (files.docx(), "Filen är inte en PDF")]:
        with pytest.raises(forms.ValidationError, match=message):
            validate_pdf(upload(data))


def test_a_file_over_the_limit_is_refused_naming_the_limit(motion, registrar, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(DomainError, match="Filen är 2,1\xa0kB; en handling får vara högst 1,0\xa0kB."):
        add(motion, registrar, files.pdf() + b" " * (2150 - len(files.pdf())))
    assert not CaseDocument.objects.exists() and stored_files(settings) == []


def test_a_confidential_document_needs_its_provision(motion, registrar, settings):
    with pytest.raises(DomainError, match="Ange den bestämmelse som ger sekretess") as refused:
        add(motion, registrar, confidential=True, secrecy_provision="  ")
    assert refused.value.field == "secrecy_provision"
    assert not CaseDocument.objects.exists() and stored_files(settings) == []
    document = add(motion, registrar, confidential=True, secrecy_provision="21 kap. 7 § OSL")
    assert (document.confidential, document.secrecy_provision) == (True, "21 kap. 7 § OSL")


def test_the_timeline_names_a_confidential_document_by_number_and_kind_only(motion, registrar):
    add(motion, registrar, confidential=True, secrecy_provision="26 kap. 1 § OSL", title="Orosanmälan om N.N.")
    event = motion.events.get(kind=MotionEvent.Kind.DOCUMENT_ADDED)
    assert event.description == "aktbilaga 1, Skrivelse (sekretess enligt 26 kap. 1 § OSL)"


def test_a_public_document_keeps_no_provision(motion, registrar):
    assert add(motion, registrar, confidential=False, secrecy_provision="21 kap. 7 § OSL").secrecy_provision == ""


@pytest.mark.parametrize(("details", "field"), [
    ({"title": "   "}, "title"),
    ({"kind": "memo"}, "kind"),
    ({"dated_on": d("2999-01-01")}, "dated_on"),
    ({"sender": "x" * 201}, "sender"),
    ({"on": d("2021-03-31")}, "on"),  # received before its own date
])
def test_bad_details_are_refused_at_their_field(motion, registrar, settings, details, field):
    with pytest.raises(DomainError) as refused:
        add(motion, registrar, **details)
    assert refused.value.field == field
    assert not CaseDocument.objects.exists() and stored_files(settings) == []


def test_a_replaced_document_is_kept_and_points_at_its_new_version(motion, registrar):
    old = add(motion, registrar, title="Yttrande")
    add(motion, registrar, title="Annan handling")
    new = replace_document(old, file=upload(files.docx(), "Yttrande rättat.docx"), dated_on=d("2021-04-02"),
                           reason="Fel bilaga skickades först.", by=registrar)
    old.refresh_from_db()
    assert (new.number, new.title, new.kind, new.sender) == (3, "Yttrande", old.kind, old.sender)
    assert old.replaced_by == new and default_storage.exists(old.file.name)
    event = motion.events.get(kind=MotionEvent.Kind.DOCUMENT_REPLACED)
    assert event.description == "aktbilaga 1 ersatt av aktbilaga 3, Skrivelse från Polisen: Yttrande"
    assert event.reason == "Fel bilaga skickades först."


def test_a_replaced_document_cannot_be_replaced_again(motion, registrar):
    old = add(motion, registrar)
    replace_document(old, file=upload(files.pdf()), dated_on=d("2021-04-02"), by=registrar)
    with pytest.raises(DomainError, match="Aktbilaga 1 är redan ersatt av aktbilaga 2; ersätt den i stället."):
        replace_document(old, file=upload(files.pdf()), dated_on=d("2021-04-03"), by=registrar)
    assert CaseDocument.objects.count() == 2


def test_a_refused_replacement_changes_nothing(motion, registrar, settings):
    old = add(motion, registrar)
    before = stored_files(settings)
    with pytest.raises(DomainError):
        replace_document(old, file=upload(files.exe()), dated_on=d("2021-04-02"), by=registrar)
    old.refresh_from_db()
    assert old.replaced_by is None and CaseDocument.objects.count() == 1 and stored_files(settings) == before


def test_the_database_refuses_two_documents_with_one_number(motion, registrar):
    first = add(motion, registrar)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseDocument.objects.create(
            motion=motion, number=first.number, dated_on=first.dated_on, kind=first.kind, title="Dubblett",
            file=first.file.name, original_name="x.pdf", size=1, content_type="application/pdf", sha256="0" * 64)


def test_the_database_refuses_a_confidential_document_without_provision(motion, registrar):
    first = add(motion, registrar)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseDocument.objects.filter(pk=first.pk).update(confidential=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_documents_registered_at_once_get_distinct_numbers(motion, registrar):
    barrier = threading.Barrier(4)
    outcomes = []

    def register(i):
        try:
            barrier.wait()
            outcomes.append(add(motion, registrar, title=f"Handling {i}").number)
        except Exception as error:  # noqa: BLE001 - what went wrong, for the assertion
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [1, 2, 3, 4]


def test_the_timeline_is_written_in_the_records_language_whatever_the_users(motion, registrar):
    from django.utils import translation

    with translation.override("en"):
        add(motion, registrar)
    assert motion.events.get(kind=MotionEvent.Kind.DOCUMENT_ADDED).description.startswith("aktbilaga 1, Skrivelse")
