"""Every stored file (a case's documents and answers' documents, the minutes rendered and archived at
signing, the stored report) is written and read through Django's storage API, so that web processes
and workers on several machines can share one bucket of S3-compatible object storage. Each story
runs on the file system and on moto's S3 server, where a file has no path on the local disk: code
that opened one by its path (`FieldFile.path`, `open(...)`) fails there, and nothing may be written
under MEDIA_ROOT."""

import logging
import os
import signal
import socket
import subprocess
import sys
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TestCase

from config.env import env_storage
from decisions.documents import extract_document
from decisions.models import RenderedDocument
from documents.models import CaseDocument
from referrals.services import ReferralRequest, record_referral_response, refer_motion
from reminders.report import comment_on_report, store_report
from tests.conftest import d
from tests.decisions.test_render_worker import BROKER, ROOT, broker, queue_on_broker, render_and_wait  # noqa: F401
from tests.support import files

REGION = "eu-north-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server in a thread of the test process, on a free port: its endpoint."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line for every request
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, monkeypatch):
    """A new bucket on the S3 server, named in the environment as in production: its name."""
    bucket = f"motioner-{uuid.uuid4().hex[:12]}"
    environment = {"AWS_STORAGE_BUCKET_NAME": bucket, "AWS_S3_ENDPOINT_URL": s3_server, "AWS_S3_REGION_NAME": REGION,
                   "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    boto3.client("s3", endpoint_url=s3_server, region_name=REGION).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    return bucket


@pytest.fixture(params=["filesystem", "s3"])
def storage(request, settings):
    """The default storage as the settings choose it from the environment: the file system under the
    test's MEDIA_ROOT, or a new bucket on the S3 server. On S3 the test fails if a file is written
    under MEDIA_ROOT."""
    if request.param == "s3":
        request.getfixturevalue("s3_bucket")
    settings.STORAGES = {**settings.STORAGES, "default": env_storage(spool_over=2_621_440)}
    assert type(storages["default"]).__name__ == ("S3Storage" if request.param == "s3" else "FileSystemStorage")
    on_disk = _files_under(settings.MEDIA_ROOT)
    yield default_storage
    if request.param == "s3":
        assert _files_under(settings.MEDIA_ROOT) == on_disk, "a file was written to the local disk"


def _files_under(folder) -> set[str]:
    return {os.path.join(root, name) for root, _dirs, names in os.walk(folder) for name in names}


def _stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as file:
        return file.read()


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_document_is_uploaded_stored_and_downloaded(storage, registry_user, motion):
    docx = files.docx()
    client = client_for(registry_user)
    response = client.post(f"/arenden/{motion.case_number}/handlingar/ny/", {
        "kind": "letter", "dated_on": "2021-04-01", "received_on": "2021-04-02", "title": "Skrivelse om en elev",
        "sender": "Vårdnadshavare", "confidential": "on", "secrecy_provision": "23 kap. 2 § OSL",
        "file": SimpleUploadedFile("elev.docx", docx)})
    assert response.status_code == 302
    document = motion.documents.get()
    assert storage.exists(document.file.name) and _stored_bytes(document.file.name) == docx
    response = client.get(f"/arenden/{motion.case_number}/handlingar/1/")
    assert _body(response) == docx
    # The access checks and headers are the same whatever the storage.
    assert response["Content-Disposition"] == 'attachment; filename="elev.docx"'
    assert response["Content-Length"] == str(len(docx))
    assert (response["Content-Security-Policy"], response["Cache-Control"]) == ("sandbox; default-src 'none'",
                                                                          "private, no-store")
    assert client_for().get(f"/arenden/{motion.case_number}/handlingar/1/").status_code == 403


def test_an_answers_document_is_stored_and_downloaded(storage, motion, body, registrar, client):
    (referral,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                               sent_on=d("2021-04-06"), by=registrar)
    record_referral_response(referral, decided_on=d("2021-09-28"), paragraph="§ 112", text="Svar",
                             document=SimpleUploadedFile("svar.pdf", files.pdf()), by=registrar)
    document = referral.response.documents.get()
    assert _stored_bytes(document.file.name) == files.pdf()
    response = client.get(f"/arenden/{motion.case_number}/handlingar/{document.number}/")
    assert _body(response) == files.pdf() and response["Content-Type"] == "application/pdf"


def test_a_replaced_document_keeps_both_files(storage, registry_user, motion, registrar):
    from documents.services import add_document

    add_document(motion, file=SimpleUploadedFile("ts.pdf", files.pdf()), kind=CaseDocument.Kind.REPORT,
                 dated_on=d("2021-04-01"), title="Tjänsteskrivelse", by=registrar)
    client = client_for(registry_user)
    response = client.post(f"/arenden/{motion.case_number}/handlingar/1/ersatt/", {
        "file": SimpleUploadedFile("ts2.png", files.png()), "dated_on": "2021-04-02", "title": "",
        "reason": "Fel fil."})
    assert response.status_code == 302
    old, new = motion.documents.order_by("number")
    assert old.replaced_by == new and old.file.name != new.file.name
    assert _body(client.get(f"/arenden/{motion.case_number}/handlingar/1/")) == files.pdf()
    assert _body(client.get(f"/arenden/{motion.case_number}/handlingar/2/")) == files.png()


def test_a_document_whose_file_is_not_in_the_storage_is_not_found(storage, motion, registrar, client):
    from documents.services import add_document

    document = add_document(motion, file=SimpleUploadedFile("ts.pdf", files.pdf()), kind=CaseDocument.Kind.REPORT,
                            dated_on=d("2021-04-01"), title="Tjänsteskrivelse", by=registrar)
    storage.delete(document.file.name)
    assert client.get(f"/arenden/{motion.case_number}/handlingar/1/").status_code == 404


def test_a_stored_name_is_never_written_over(storage):
    # Two annexes uploaded under the same name, or a document rendered at the same moment by two
    # workers (decisions.documents.store), must each keep their own file.
    first = storage.save("annexes/reservation.pdf", ContentFile(b"%PDF-1 first"))
    second = storage.save("annexes/reservation.pdf", ContentFile(b"%PDF-1 second"))
    assert first != second
    assert (_stored_bytes(first), _stored_bytes(second)) == (b"%PDF-1 first", b"%PDF-1 second")


def test_signed_minutes_are_archived_in_the_storage_and_served_from_it(storage, seed_case, client):
    """Signing renders the protocol, the notice and each paragraph's extract and archives them
    (about a second: once per storage)."""
    from cases.management.commands.load_demo import sign_demo_meetings

    with TestCase.captureOnCommitCallbacks(execute=True):
        meetings = sign_demo_meetings()
    assert meetings
    for meeting in meetings:
        archived = {(document.kind, document.item_id): document
                    for document in RenderedDocument.objects.filter(meeting=meeting, archived=True)}
        for kind, url in ((RenderedDocument.Kind.PROTOCOL, f"/sammantraden/{meeting.pk}/protokoll.pdf"),
                          (RenderedDocument.Kind.NOTICE, f"/sammantraden/{meeting.pk}/anslag.pdf")):
            response = client.get(url)
            content = _body(response)
            assert content.startswith(b"%PDF-") and content == _stored_bytes(archived[kind, None].file.name)
            assert response["Cache-Control"] == "public, max-age=86400, immutable"
        for item in meeting.items.all():
            content = _body(client.get(f"/paragrafer/{item.pk}/protokollsutdrag.pdf"))
            assert content == _stored_bytes(archived[RenderedDocument.Kind.EXTRACT, item.pk].file.name)


def test_the_stored_report_and_its_pdf_printed_again(storage, seed_case, huddinge, registry_user, client):
    report = store_report(huddinge, as_of=d("2021-10-01"))
    first = report.pdf.name
    assert _body(client.get(f"/rapporter/ej-fardigberedda-motioner/{report.pk}.pdf")) == _stored_bytes(first)
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment_on_report(report, comments={seed_case.pk: "Väntar på sista remissvaret."}, by=registry_user)
    report.refresh_from_db()
    assert report.pdf.name != first and not storage.exists(first)  # the one before is removed
    content = _body(client.get(f"/rapporter/ej-fardigberedda-motioner/{report.pk}.pdf"))
    assert content.startswith(b"%PDF-") and content == _stored_bytes(report.pdf.name)


def test_removing_a_case_deletes_its_rendered_files(storage, seed_case, registrar):
    from cases.services import remove_case

    item = seed_case.minute_items.order_by("meeting__date").first()
    draft = extract_document(item)  # a draft extract, rendered and stored
    assert storage.exists(draft.file.name)
    with TestCase.captureOnCommitCallbacks(execute=True):
        remove_case(seed_case, by=registrar, reason="Registrerat två gånger")
    assert not storage.exists(draft.file.name)


# A worker on another machine: it shares the database, the broker and the bucket with the web
# process, and its own disk holds nothing.

@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("queue_on_broker")
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="a worker process shares the test database only on PostgreSQL")
def test_a_worker_elsewhere_renders_into_the_bucket_the_web_serves_from(
        s3_bucket, settings, tmp_path, seed_case, meeting, registry_user):
    settings.STORAGES = {**settings.STORAGES, "default": env_storage(spool_over=2_621_440)}
    worker_disk = tmp_path / "worker-media"
    worker_disk.mkdir()
    db = connection.settings_dict
    environment = {
        **os.environ,  # the bucket, as the fixture named it
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": BROKER, "MEDIA_ROOT": str(worker_disk), "PYTHONPATH": str(ROOT),
    }
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
             "--hostname=storage@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        ksau = meeting("Kommunstyrelsens arbetsutskott", "2022-01-25")
        job = render_and_wait(ksau, log_path)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    document = RenderedDocument.objects.get(pk=job.document_id)
    stored = _stored_bytes(document.file.name)
    assert stored.startswith(b"%PDF-") and not _files_under(worker_disk)
    response = client_for(registry_user).get(f"/sammantraden/{ksau.pk}/protokoll.pdf")
    assert _body(response) == stored
