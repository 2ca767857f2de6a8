"""The case's documents in a real browser: the registry adds one from the case page, a refused file is
shown at its field, a confidential one is listed for the public without being opened."""

import re

from playwright.sync_api import expect

from tests.support import files

CASE_PATH = "/arenden/KS-2021/345/"


def _add_page(page):
    page.goto(CASE_PATH)
    page.get_by_role("link", name="Lägg till handling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till handling")


def test_the_registry_adds_a_document_on_the_case_page_and_sees_it_listed(
        seeded_live_server, page, login, check_accessibility):
    login(page, "registrator")
    _add_page(page)
    check_accessibility(page)
    page.get_by_label("Fil").set_input_files(files=[{
        "name": "Tjänsteskrivelse.docx", "mimeType": "application/octet-stream", "buffer": files.docx()}])
    page.get_by_label("Slag av handling").select_option(label="Tjänsteskrivelse")
    page.get_by_label("Handlingens datum").fill("2021-10-04")
    page.get_by_label("Rubrik").fill("Tjänsteskrivelse om avhopparverksamhet")
    page.get_by_label("Avsändare").fill("Kommunstyrelsens förvaltning")
    page.get_by_role("button", name="Registrera handlingen").click()

    expect(page).to_have_url(re.compile(re.escape(CASE_PATH) + "#handlingar$"))
    row = page.locator("#handlingar + .table-responsive tbody tr").filter(has_text="Tjänsteskrivelse om")
    expect(row.locator("th")).to_have_text("1")
    expect(row).to_contain_text("2021-10-04")
    expect(row).to_contain_text("Kommunstyrelsens förvaltning")
    expect(row.get_by_role("link", name="Tjänsteskrivelse om avhopparverksamhet")).to_have_attribute(
        "href", f"{CASE_PATH}handlingar/1/")
    expect(page.locator("main")).to_contain_text("Handling registrerad: aktbilaga 1, Tjänsteskrivelse")
    check_accessibility(page)


def test_a_refused_file_is_shown_at_the_file_field(seeded_live_server, page, login, check_accessibility):
    login(page, "registrator")
    _add_page(page)
    page.get_by_label("Fil").set_input_files(files=[{
        "name": "yttrande.pdf", "mimeType": "application/pdf", "buffer": b"Bara text, ingen PDF.\n"}])
    page.get_by_label("Slag av handling").select_option(label="Skrivelse")
    page.get_by_label("Rubrik").fill("Skrivelse")
    page.get_by_role("button", name="Registrera handlingen").click()

    message = "Filen är inte en PDF, ett Word-, Excel- eller OpenDocument-dokument eller en bild (PNG, JPEG)."
    field = page.locator("#id_file")
    expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#div_id_file")).to_contain_text(message)
    expect(page.locator("[data-error-summary]")).to_contain_text(message)
    check_accessibility(page)
    # Nothing was registered.
    page.goto(CASE_PATH)
    expect(page.locator("#handlingar + .table-responsive")).to_have_count(0)


def test_the_public_sees_that_a_confidential_document_exists_but_cannot_open_it(
        seeded_live_server, page, login, check_accessibility):
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.services import add_document
    from motions.models import Motion

    add_document(Motion.objects.get(case_number="KS-2021/345"), file=SimpleUploadedFile("a.pdf", files.pdf()),
                 kind="letter", dated_on=datetime.date(2021, 5, 3), title="Om en enskild person",
                 sender="Anhörig", confidential=True, secrecy_provision="26 kap. 1 § OSL", by=None)
    page.goto(CASE_PATH)
    row = page.locator("#handlingar + .table-responsive tbody tr")
    expect(row).to_contain_text("Sekretess enligt 26 kap. 1 § OSL")
    expect(row).to_contain_text("2021-05-03")
    expect(row).not_to_contain_text("enskild person")
    expect(row.get_by_role("link")).to_have_count(0)
    check_accessibility(page)
    response = page.goto(f"{CASE_PATH}handlingar/1/")
    assert response.status == 403


def test_a_further_document_is_added_to_an_answer_from_its_page(seeded_live_server, page, login,
                                                                 check_accessibility):
    from referrals.models import Referral

    referral = Referral.objects.get(motion__case_number="KS-2021/345", body__name="Socialnämnden")
    login(page, "registrator")
    page.goto(f"/remisser/{referral.pk}/")
    section = page.locator("section[aria-labelledby=answer-documents-heading]")
    expect(section).to_contain_text("Svaret kom utan handlingar.")
    check_accessibility(page)
    section.get_by_label("Fil").set_input_files(files=[{
        "name": "Protokollsutdrag SN.png", "mimeType": "image/png", "buffer": files.png()}])
    section.get_by_label("Handlingens datum").fill("2021-09-29")
    section.get_by_label("Rubrik").fill("Protokollsutdrag SN § 112")
    section.get_by_role("button", name="Registrera handlingen").click()
    expect(page.locator("main")).to_contain_text("Handlingen är registrerad som aktbilaga 1 i ärendet.")
    expect(section.get_by_role("link", name="Aktbilaga 1: Protokollsutdrag SN § 112")).to_be_visible()
    check_accessibility(page)
    page.goto(CASE_PATH)
    row = page.locator("#handlingar + .table-responsive tbody tr")
    expect(row).to_contain_text("Remissvar")
    expect(row).to_contain_text("Socialnämnden")
