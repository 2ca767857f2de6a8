"""Reads for the referral lists: the board secretary's inbox and the
registry's overview of every referral are one list, filtered, ordered and
paginated in the database."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from documents.models import CaseDocument
from lib.listing import Column, SortKey
from motions.models import Mover
from referrals import rules
from referrals.models import Referral, ReferralResponse

# Which referrals the list shows (the filter "Visa"); open ones unless asked.
OPEN, OVERDUE, DUE_SOON, ANSWERED, DECLINED, WITHDRAWN, ALL = (
    "open", "overdue", "due_soon", "answered", "declined", "withdrawn", "all")
DEFAULT_STATE = OPEN


def state_choices() -> list[tuple[str, str]]:
    return [
        (OPEN, _("Obesvarade")),
        (OVERDUE, _("Försenade")),
        (DUE_SOON, _("Svar inom %(days)s dagar") % {"days": rules.due_soon_days()}),
        (ANSWERED, _("Besvarade")),
        (DECLINED, _("Avstår från att yttra sig")),
        (WITHDRAWN, _("Återkallade")),
        (ALL, _("Alla")),
    ]


def state_filter(state: str, today: datetime.date) -> Q:
    """The referrals in `state` on `today`, as referrals.rules says."""
    if state == OVERDUE:
        return rules.overdue(today)
    if state == DUE_SOON:
        return rules.due_within(today, rules.due_soon_days())
    statuses = {OPEN: Referral.Status.SENT, ANSWERED: Referral.Status.ANSWERED,
                DECLINED: Referral.Status.DECLINED, WITHDRAWN: Referral.Status.WITHDRAWN}
    return Q(status=statuses[state]) if state in statuses else Q()


# The columns that order the list (lib.listing.Sorting): the oldest due first by default.
REFERRAL_SORTS = {
    "due": SortKey((rules.current_due_on(),), empty_last=False),
    "sent": SortKey(("sent_on",), latest_first=True),
    "case": SortKey(("motion__filed_on", "motion__case_number")),
    "body": SortKey((Lower("body__name"),)),
    "status": SortKey(("status",)),
}
REFERRAL_DEFAULT_SORT = "due"


def referral_list(referrals, filters: dict | None = None, *, today: datetime.date, order: list | None = None):
    """`referrals` (those the user may see: referrals.access.inbox_for)
    filtered and ordered in the database. The draft's text is not read: the
    list only says whether there is one."""
    filters = filters or {}
    referrals = (
        referrals.select_related("motion", "body__municipality", "response")
        .defer("draft_text")
        .filter(state_filter(filters.get("state") or DEFAULT_STATE, today))
        .order_by(*(order or [rules.current_due_on().asc(), "pk"]))
    )
    if filters.get("q"):
        referrals = referrals.filter(motion__search_text__contains=filters["q"].strip().lower())
    if filters.get("organisation"):
        referrals = referrals.filter(body__municipality=filters["organisation"])
    if filters.get("body"):
        referrals = referrals.filter(body=filters["body"])
    if filters.get("year"):
        referrals = referrals.filter(sent_on__year=filters["year"])
    if filters.get("party"):
        referrals = referrals.filter(Exists(Mover.objects.filter(motion=OuterRef("motion"),
                                                                 party=filters["party"])))
    return referrals


def with_deadlines(referrals, *, today: datetime.date) -> list[Referral]:
    """The rows of a page with their days left, asked of referrals.rules."""
    referrals = list(referrals)
    for referral in referrals:
        referral.days_left = rules.days_left(referral, today)
        referral.days_late = -referral.days_left
        referral.overdue = rules.is_overdue(referral, today)
        referral.due_soon = rules.is_due_within(referral, today, rules.due_soon_days())
    return referrals


def referral_counts(referrals, *, today: datetime.date) -> dict[str, int]:
    """How many of `referrals` wait for an answer, are overdue and are due
    soon: the inbox's summary, in one query."""
    # All three wait for an answer: the count reads the open ones only (referral_status_due_idx).
    return referrals.filter(status=Referral.Status.SENT).aggregate(
        **{state: Count("pk", filter=state_filter(state, today)) for state in (OPEN, OVERDUE, DUE_SOON)})


def referral_columns(*, today: datetime.date, organisations: bool) -> list[Column]:
    """The referral list's export: what the page shows, one value a cell
    (whether a draft is saved, never its text)."""
    def late(referral):
        return -rules.days_left(referral, today) if rules.is_overdue(referral, today) else None

    def answered(referral):
        response = getattr(referral, "response", None)
        return response.decided_on if response is not None else None

    return [
        Column(_("Diarienummer"), lambda r: r.motion.case_number, 16),
        Column(_("Rubrik"), lambda r: r.motion.title, 60),
        *([Column(_("Organisation"), lambda r: r.body.municipality.name, 24)] if organisations else []),
        Column(_("Remissinstans"), lambda r: r.body.name, 30),
        Column(_("Skickad"), lambda r: r.sent_on, 12),
        Column(_("Svar senast"), lambda r: r.current_due_on, 12),
        Column(_("Status"), lambda r: r.get_status_display(), 16),
        Column(_("Dagar för sent"), late, 10),
        Column(_("Utkast sparat"), lambda r: r.draft_saved_at if r.is_open else None, 18),
        Column(_("Beslutat"), answered, 12),
    ]


def next_referral(referral: Referral) -> Referral | None:
    """The next referral to answer after `referral`: its body's open one
    that is due first (the longest waiting when due the same day)."""
    return (Referral.objects.filter(body=referral.body_id, status=Referral.Status.SENT)
            .exclude(pk=referral.pk).select_related("motion")
            .order_by(rules.current_due_on().asc(), "sent_on", "pk").first())


def answer_documents(response: ReferralResponse) -> list[CaseDocument]:
    """The documents that came with the answer and every later version of
    them (a version may be registered from the answer's page or the case's),
    in number order."""
    found = []
    for document in response.documents.all():
        while document is not None:
            found.append(document)
            document = document.replaced_by
    return sorted(found, key=lambda document: document.number)
