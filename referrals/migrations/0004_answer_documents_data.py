import hashlib

from django.core.files.storage import default_storage
from django.db import migrations
from django.db.models import Max


def answers_documents_become_case_documents(apps, schema_editor):
    """Each answer's attachment (ReferralResponse.document, a PDF by the old
    upload check) becomes a document of the case, kind remissvar, numbered
    after the case's documents in the order the answers were decided."""
    ReferralResponse = apps.get_model("referrals", "ReferralResponse")
    AnswerDocument = apps.get_model("referrals", "AnswerDocument")
    CaseDocument = apps.get_model("documents", "CaseDocument")
    responses = (ReferralResponse.objects.exclude(document="").select_related("referral__body")
                 .order_by("referral__motion_id", "decided_on", "pk"))
    for response in responses:
        motion_id, body = response.referral.motion_id, response.referral.body
        number = (CaseDocument.objects.filter(motion_id=motion_id).aggregate(last=Max("number"))["last"] or 0) + 1
        name = response.document.name
        size, digest = 0, hashlib.sha256()
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as file:
                for chunk in iter(lambda: file.read(1 << 20), b""):
                    size += len(chunk)
                    digest.update(chunk)
        title = f"Remissvar från {body.name}"  # the record is Swedish
        if response.paragraph:
            title += f" {response.paragraph}"
        document = CaseDocument.objects.create(
            motion_id=motion_id, number=number, dated_on=response.decided_on, received_on=response.decided_on,
            kind="referral_answer",
            sender=body.name, title=title, file=name, original_name=name.rsplit("/", 1)[-1], size=size,
            content_type="application/pdf", sha256=digest.hexdigest() if size else "",
        )
        AnswerDocument.objects.create(response=response, document=document)


class Migration(migrations.Migration):
    # Apart from the schema's changes before and after it: PostgreSQL does not alter a table
    # with rows written in the same transaction whose constraints are still to be checked.

    dependencies = [
        ("referrals", "0003_answer_documents"),
    ]

    operations = [
        migrations.RunPython(answers_documents_become_case_documents, migrations.RunPython.noop),
    ]
