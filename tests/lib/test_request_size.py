"""An over-large request is refused with a page that says why, before anything reads its body."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from documents.models import CaseDocument
from tests.conftest import MINIMAL_PDF


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_huge_declared_body_gets_413_without_being_read(registry_user, motion):
    client = Client(enforce_csrf_checks=True)  # the CSRF check would read the body of a POST
    client.force_login(registry_user)
    response = client.generic("POST", f"/arenden/{motion.case_number}/handlingar/ny/", b"x",
                              content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(10**12), **{"wsgi.input": UnreadableBody()})
    assert response.status_code == 413
    page = response.content.decode()
    assert "Det som skickades är för stort" in page
    assert "Formuläret med sina filer är 931,3\xa0GB; registret tar emot högst 27,5\xa0MB åt gången" in page
    assert not CaseDocument.objects.exists()


def test_an_upload_over_the_requests_limit_is_refused_and_one_under_it_is_taken(registry_user, motion, settings):
    settings.REQUEST_MAX_BYTES = 2000
    client = Client()
    client.force_login(registry_user)
    form = {"kind": "letter", "dated_on": "2021-05-01", "received_on": "2021-05-01", "title": "Skrivelse"}
    url = f"/arenden/{motion.case_number}/handlingar/ny/"
    refused = client.post(url, {**form, "file": SimpleUploadedFile("stor.pdf", MINIMAL_PDF + b" " * 2000)})
    assert refused.status_code == 413 and not CaseDocument.objects.exists()
    taken = client.post(url, {**form, "file": SimpleUploadedFile("liten.pdf", MINIMAL_PDF)})
    assert taken.status_code == 302 and CaseDocument.objects.count() == 1
