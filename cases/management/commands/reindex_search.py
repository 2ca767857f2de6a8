"""Build the case list's search index (motions.search) from the texts of every case."""

from django.core.management.base import BaseCommand
from django.db import transaction

from decisions.models import MinuteItem
from decisions.services.search import index_paragraph
from motions.models import Motion
from motions.search import index_motion, index_text
from referrals.models import ReferralResponse


def reindex_search() -> int:
    """Index each case's texts as the steps that write them do: the motion's
    own, its bodies' answers and its paragraphs of signed minutes. Returns
    the number of cases; one transaction a case."""
    count = 0
    fields = ("pk", "case_number", "title", "summary", "text")
    for motion in Motion.objects.only(*fields).order_by("pk").iterator(chunk_size=500):
        with transaction.atomic():
            index_motion(motion)
            for pk, text in ReferralResponse.objects.filter(referral__motion=motion).values_list("pk", "text"):
                index_text(motion.pk, source="answer", key=pk, text=text)
            for item in MinuteItem.objects.filter(motion=motion, meeting__signed_on__isnull=False).select_related(
                    "meeting").only("pk", "motion_id", "heading", "summary", "reason", "decision_text",
                                    "decision_clauses", "meeting__signed_on"):
                index_paragraph(item)
        count += 1
    return count


class Command(BaseCommand):
    help = "Bygg om sökindexet för ärendelistan ur varje ärendes texter."

    def handle(self, *args, **options):
        count = reindex_search()
        self.stdout.write(f"{count} ärenden indexerade.")
