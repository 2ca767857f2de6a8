"""The case's documents on the web: registering, listing, opening, and who may do each."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from documents.models import CaseDocument
from documents.services import add_document
from publication.services import publish
from tests.conftest import d
from tests.support import files


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def add(motion, by, **details) -> CaseDocument:
    fields = {"kind": CaseDocument.Kind.REPORT, "dated_on": d("2021-04-01"), "title": "Tjänsteskrivelse",
              "sender": "Kommunledningsförvaltningen", "file": SimpleUploadedFile("ts.pdf", files.pdf()),
              **details}
    return add_document(motion, by=by, **fields)


@pytest.fixture
def confidential(motion, registrar):
    return add(motion, registrar, kind=CaseDocument.Kind.LETTER, title="Skrivelse om enskild elev",
               sender="Elevens vårdnadshavare", confidential=True, secrecy_provision="23 kap. 2 § OSL",
               file=SimpleUploadedFile("elev.pdf", files.pdf()))


def form(**fields):
    return {"kind": "report", "dated_on": "2021-04-01", "received_on": "2021-04-02", "title": "Tjänsteskrivelse",
            "sender": "KLF",
            "secrecy_provision": "", **fields}


def test_the_registry_adds_a_document_from_the_case_page(registry_user, motion):
    client = client_for(registry_user)
    page = client.get(motion.get_absolute_url()).content.decode()
    assert f'href="/arenden/{motion.case_number}/handlingar/ny/"' in page
    response = client.post(f"/arenden/{motion.case_number}/handlingar/ny/",
                           form(file=SimpleUploadedFile("Tjänsteskrivelse.docx", files.docx())))
    assert response.status_code == 302 and response["Location"].endswith("#handlingar")
    document = motion.documents.get()
    assert (document.number, document.kind, document.registered_by, document.received_on) == (
        1, "report", registry_user, d("2021-04-02"))
    page = client.get(motion.get_absolute_url()).content.decode()
    assert "Handlingen är registrerad som aktbilaga 1, Tjänsteskrivelse från KLF: Tjänsteskrivelse." in page


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"file": SimpleUploadedFile("svar.pdf", b"bara text")}, "file", "Filen är inte en PDF, ett Word-"),
    ({"file": SimpleUploadedFile("svar.pdf", b"")}, "file", "Filen är tom."),
    ({}, "file", "Välj filen med handlingen."),
    ({"file": SimpleUploadedFile("s.pdf", files.pdf()), "confidential": "on"}, "secrecy_provision",
     "Ange den bestämmelse som ger sekretess"),
    ({"file": SimpleUploadedFile("s.pdf", files.pdf()), "received_on": "2021-03-31"}, "received_on",
     "Handlingen är daterad 2021-04-01 och kan inte ha kommit in före dess (2021-03-31)."),
])
def test_a_refused_upload_shows_why_at_its_field_and_writes_nothing(registry_user, motion, fields, field, message):
    response = client_for(registry_user).post(f"/arenden/{motion.case_number}/handlingar/ny/", form(**fields))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not CaseDocument.objects.exists()


def test_a_refused_upload_shows_every_problem_at_once(registry_user, motion):
    response = client_for(registry_user).post(f"/arenden/{motion.case_number}/handlingar/ny/", form(
        title="", file=SimpleUploadedFile("virus.pdf", files.exe())))
    assert set(response.context["form"].errors) == {"title", "file"}


def test_the_case_page_lists_the_documents_for_everyone(client, motion, registrar):
    add(motion, registrar)
    page = client.get(motion.get_absolute_url()).content.decode()
    assert f'<a href="/arenden/{motion.case_number}/handlingar/1/">Tjänsteskrivelse</a>' in page
    assert "Kommunledningsförvaltningen" in page and "2021-04-01" in page and "Lägg till handling" not in page


def test_a_public_document_is_served_to_anyone_with_its_name_and_type(client, motion, registrar):
    add(motion, registrar, file=SimpleUploadedFile("Tjänsteskrivelse åäö.pdf", files.pdf()))
    response = client.get(f"/arenden/{motion.case_number}/handlingar/1/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Tj%C3%A4nsteskrivelse%20%C3%A5%C3%A4%C3%B6.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_document_is_served_with_its_types_extension_whatever_it_was_named(client, motion, registrar):
    add(motion, registrar, file=SimpleUploadedFile("faktura.exe", files.pdf()))
    response = client.get(f"/arenden/{motion.case_number}/handlingar/1/")
    assert response["Content-Disposition"] == 'attachment; filename="faktura.pdf"'


@pytest.mark.parametrize(("name", "saved_as"), [
    ('../../"svar"\r\nX-Evil: 1.pdf', 'attachment; filename="svar X-Evil 1.pdf"'),
    ("C:\\Mina dokument\\yttrande.pdf", 'attachment; filename="yttrande.pdf"'),
    ("\u202egnp.pdf", 'attachment; filename="gnp.pdf"'),  # a right-to-left override
    ("\x00\x01.pdf", 'attachment; filename="handling.pdf"'),
    ("a" * 300 + ".pdf", f'attachment; filename="{"a" * 100}.pdf"'),
])
def test_an_image_or_a_pdf_is_saved_under_a_safe_name_and_runs_nothing(client, motion, registrar, name, saved_as):
    add(motion, registrar, file=SimpleUploadedFile("x.pdf", files.pdf()), original_name=name)
    response = client.get(f"/arenden/{motion.case_number}/handlingar/1/")
    assert response["Content-Disposition"] == saved_as
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_an_image_is_downloaded_not_opened_in_the_sites_origin(client, motion, registrar):
    image = add(motion, registrar, file=SimpleUploadedFile("karta.png", files.png()))
    publish(image, by=registrar)  # an image has no text to scan: a person looks at it first
    response = client.get(f"/arenden/{motion.case_number}/handlingar/1/")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="karta.png"'
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_an_office_document_is_downloaded_not_opened_in_the_browser(client, motion, registrar):
    add(motion, registrar, file=SimpleUploadedFile("budget.xlsx", files.xlsx()))
    response = client.get(f"/arenden/{motion.case_number}/handlingar/1/")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="budget.xlsx"'


def test_a_document_that_does_not_exist_is_not_found(client, motion):
    assert client.get(f"/arenden/{motion.case_number}/handlingar/1/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "councillor", "social_secretary", "school_secretary"])
def test_a_confidential_document_is_not_served_to_others_than_the_registry(request, motion, confidential, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(f"/arenden/{motion.case_number}/handlingar/1/").status_code == 403
    # Its existence is public: number, date, kind and the provision, not its title or sender.
    page = client.get(motion.get_absolute_url()).content.decode()
    assert "Sekretess enligt 23 kap. 2 § OSL" in page and "2021-04-01" in page and "Skrivelse" in page
    assert "enskild elev" not in page and "vårdnadshavare" not in page
    assert "/handlingar/1/" not in page


def test_the_registry_opens_a_confidential_document(registry_user, motion, confidential):
    client = client_for(registry_user)
    response = client.get(f"/arenden/{motion.case_number}/handlingar/1/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    page = client.get(motion.get_absolute_url()).content.decode()
    assert "Skrivelse om enskild elev" in page and "Sekretess enligt 23 kap. 2 § OSL" in page


def test_the_registry_replaces_a_document_and_both_are_listed(registry_user, client, motion, registrar):
    add(motion, registrar)
    response = client_for(registry_user).post(f"/arenden/{motion.case_number}/handlingar/1/ersatt/", {
        "file": SimpleUploadedFile("ts2.pdf", files.pdf()), "dated_on": "2021-04-02", "title": "",
        "reason": "Sidan 2 saknades."})
    assert response.status_code == 302
    page = client.get(motion.get_absolute_url()).content.decode()
    assert "Ersatt av aktbilaga 2" in page
    assert f'<a href="/arenden/{motion.case_number}/handlingar/1/">' in page
    assert f'<a href="/arenden/{motion.case_number}/handlingar/2/">' in page
    assert "Sidan 2 saknades." in page  # the reason, on the timeline


def test_a_replaced_document_says_so_instead_of_offering_the_form(registry_user, motion, registrar):
    from documents.services import replace_document

    old = add(motion, registrar)
    replace_document(old, file=SimpleUploadedFile("b.pdf", files.pdf()), dated_on=d("2021-04-02"), by=registrar)
    page = client_for(registry_user).get(f"/arenden/{motion.case_number}/handlingar/1/ersatt/").content.decode()
    assert "Aktbilaga 1 är redan ersatt av aktbilaga 2." in page and "Ersätt handlingen" not in page


@pytest.mark.parametrize("who", ["councillor", "social_secretary"])
def test_only_the_registry_adds_or_replaces_documents(request, motion, registrar, who):
    add(motion, registrar)
    client = client_for(request.getfixturevalue(who))
    data = form(file=SimpleUploadedFile("s.pdf", files.pdf()))
    assert client.post(f"/arenden/{motion.case_number}/handlingar/ny/", data).status_code == 403
    assert client.post(f"/arenden/{motion.case_number}/handlingar/1/ersatt/", {
        "file": SimpleUploadedFile("s.pdf", files.pdf()), "dated_on": "2021-04-02"}).status_code == 403
    assert CaseDocument.objects.count() == 1


def test_the_admin_shows_the_documents_without_changing_them(administrator, motion, registrar):
    document = add(motion, registrar)
    client = client_for(administrator)
    assert client.get("/admin/documents/casedocument/").status_code == 200
    page = client.get(f"/admin/documents/casedocument/{document.pk}/change/")
    assert page.status_code == 200 and "Tjänsteskrivelse" in page.content.decode()
    assert client.post(f"/admin/documents/casedocument/{document.pk}/delete/", {"post": "yes"}).status_code == 403
    assert CaseDocument.objects.filter(pk=document.pk).exists()


def test_a_document_whose_file_is_not_in_the_storage_is_listed_but_not_found(client, motion, registrar):
    from django.core.files.storage import default_storage

    document = add(motion, registrar)
    default_storage.delete(document.file.name)
    assert client.get(f"/arenden/{motion.case_number}/handlingar/1/").status_code == 404
    assert "Tjänsteskrivelse" in client.get(motion.get_absolute_url()).content.decode()
