"""The kinds of rows the API serves, each read from one table: where its public rows come from, how
a batch of them is written out, and the filters on when they were made and changed. An OParl type
read from two tables (a Consultation is a referral or a paragraph, a File a case document or a
minutes' document) is two kinds."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cases.selectors import paths_of
from decisions.access import public_paragraphs
from decisions.models import Decision, FiledMotion, MinuteItem
from public.oparl.common import Context
from public.oparl.params import ListParams
from public.oparl.selectors import files, meetings, organisation, papers
from public.oparl.selectors.meetings import meeting_modified
from public.oparl.serializers import agenda_item as agenda_item_serializer
from public.oparl.serializers import body as body_serializer
from public.oparl.serializers import file as file_serializer
from public.oparl.serializers import meeting as meeting_serializer
from public.oparl.serializers import membership as membership_serializer
from public.oparl.serializers import organization as organization_serializer
from public.oparl.serializers import paper as paper_serializer
from public.oparl.serializers import person as person_serializer
from referrals.models import Referral

SECOND = datetime.timedelta(seconds=1)


@dataclass(frozen=True)
class Kind:
    letter: str  # a page's start names it in a list of several kinds ("d12")
    rows: Callable[[], QuerySet]  # the public rows, with what writing them out needs
    write: Callable[[list, Context], list[dict]]  # a batch, standalone, in a fixed number of queries
    created_since: Callable[[datetime.datetime, Context], Q]
    changed_since: Callable[[datetime.datetime, Context], Q]

    def filtered(self, queryset: QuerySet, params: ListParams, ctx: Context) -> QuerySet:
        """The rows made and changed within the filters' windows. Both ends are included, to the
        second as the times are shown: `until` 12:00:00 takes what changed at 12:00:00.9."""
        condition = Q()
        for window, since in ((params.created, self.created_since), (params.modified, self.changed_since)):
            if window.since is not None:
                condition &= since(window.since, ctx)
            if window.until is not None:
                condition &= ~since(window.until + SECOND, ctx)
        return queryset.filter(condition) if condition else queryset


def _field_since(name: str):
    return lambda moment, _ctx: Q(**{f"{name}__gte": moment})


# --- The organisation ----------------------------------------------------------------------------

def write_bodies(rows, ctx):
    terms = organisation.terms_of([row.pk for row in rows], today=ctx.today)
    return [body_serializer.body(row, terms[row.pk], ctx) for row in rows]


BODY = Kind("", organisation.organisations, write_bodies, _field_since("created_at"),
            lambda moment, _ctx: organisation.organisation_changed_since(moment))

ORGANIZATION = Kind(
    "", organisation.bodies, lambda rows, ctx: [organization_serializer.organization(row, ctx) for row in rows],
    _field_since("created_at"), lambda moment, _ctx: organisation.body_changed_since(moment))

PERSON = Kind(
    "", organisation.people, lambda rows, ctx: [person_serializer.person(row, ctx) for row in rows],
    _field_since("created_at"), lambda moment, _ctx: organisation.person_changed_since(moment))

MEMBERSHIP = Kind(
    "", organisation.memberships,
    lambda rows, ctx: [membership_serializer.membership(row, ctx, standalone=True) for row in rows],
    _field_since("created_at"), lambda moment, _ctx: organisation.membership_changed_since(moment))


# --- Meetings ------------------------------------------------------------------------------------

def write_meetings(rows, ctx):
    paragraphs = meetings.paragraphs_of([item for row in rows for item in row.agenda_list])
    return [meeting_serializer.meeting(row, paragraphs, ctx) for row in rows]


MEETING = Kind(
    "", meetings.meetings, write_meetings,
    lambda moment, _ctx: meetings.meeting_created_since(moment),
    lambda moment, ctx: meetings.meeting_changed_since(moment, today=ctx.today))


def write_agenda_items(rows, ctx):
    paragraphs = meetings.paragraphs_of(rows)
    return [agenda_item_serializer.agenda_item(
        row, paragraphs.get((row.meeting_id, row.number)), ctx, created=row.added_at,
        modified=meeting_modified(row.meeting, row, today=ctx.today), standalone=True) for row in rows]


AGENDA_ITEM = Kind(
    "", meetings.agenda_items, write_agenda_items, _field_since("added_at"),
    lambda moment, ctx: meetings.meeting_changed_since(moment, today=ctx.today, meeting="meeting"))


# --- Papers and their consultations --------------------------------------------------------------

def _labels(motions, ctx: Context):
    """The statuses in each organisation's words, its path read once a response."""
    missing = {motion.municipality_id for motion in motions} - set(ctx.cache.setdefault("paths", {}))
    if missing:
        ctx.cache["paths"].update(paths_of(missing))
    return {motion.pk: ctx.cache["paths"][motion.municipality_id].label for motion in motions}


def write_papers(rows, ctx):
    facts = papers.paper_facts(rows, ctx)
    labels = _labels(rows, ctx)
    return [paper_serializer.paper(row, facts[row.pk], ctx, label=labels[row.pk]) for row in rows]


PAPER = Kind(
    "", papers.papers, write_papers, _field_since("created_at"),
    lambda moment, ctx: papers.paper_changed_since(moment, today=ctx.today))


def consultations_of(motion_ids, ctx: Context) -> dict:
    """The consultations of the papers, standalone, by their ids."""
    motions = list(papers.papers().filter(pk__in=set(motion_ids)))
    facts = papers.paper_facts(motions, ctx)
    return {found["id"]: found for motion in motions
            for found in paper_serializer.consultations(motion, facts[motion.pk], ctx, standalone=True)}


def _consultations(url):
    """A batch of consultation rows written out as their papers give them."""
    def write(rows, ctx):
        motion_ids = [row.motion_id for row in rows]
        found = consultations_of(motion_ids, ctx)
        return [found[url(row, ctx.links)] for row in rows]
    return write


REFERRAL = Kind(
    "r", lambda: Referral.objects.all(), _consultations(lambda row, links: links.referral_consultation(row.pk)),
    lambda moment, _ctx: (Q(sent_event__isnull=False, sent_event__recorded_at__gte=moment)
                          | Q(sent_event__isnull=True, motion__created_at__gte=moment)),
    lambda moment, ctx: papers.paper_changed_since(moment, today=ctx.today, motion="motion"))

PARAGRAPH = Kind(
    "p", lambda: MinuteItem.objects.filter(public_paragraphs(), motion__isnull=False).exclude(decision=Decision.FILE),
    _consultations(lambda row, links: links.paragraph_consultation(row.pk, row.motion_id)),
    lambda moment, _ctx: (meetings.meeting_created_since(moment, meeting="meeting")
                          | Q(motion__created_at__gte=moment)),
    lambda moment, ctx: papers.paper_changed_since(moment, today=ctx.today, motion="motion"))

FILING = Kind(
    "f", lambda: FiledMotion.objects.filter(public_paragraphs("item__")),
    _consultations(lambda row, links: links.paragraph_consultation(row.item_id, row.motion_id)),
    lambda moment, _ctx: (meetings.meeting_created_since(moment, meeting="item__meeting")
                          | Q(motion__created_at__gte=moment)),
    lambda moment, ctx: papers.paper_changed_since(moment, today=ctx.today, motion="motion"))


# --- Files ---------------------------------------------------------------------------------------

CASE_DOCUMENT = Kind(
    "d", files.case_documents,
    lambda rows, ctx: [file_serializer.case_document(row, ctx, standalone=True) for row in rows],
    _field_since("registered_at"), lambda moment, _ctx: files.case_document_changed_since(moment))

MINUTES_DOCUMENT = Kind(
    "m", files.minute_documents,
    lambda rows, ctx: [file_serializer.minutes_document(row, ctx, standalone=True) for row in rows],
    _field_since("rendered_at"), lambda moment, _ctx: files.minute_document_changed_since(moment))


# --- Each organisation's lists (Body's external lists), with the rows of the organisation --------

def in_organisation(organisation_id: int) -> dict[str, list[tuple[Kind, Q]]]:
    return {
        "organizations": [(ORGANIZATION, Q(municipality_id=organisation_id))],
        "people": [(PERSON, Q(municipality_id=organisation_id))],
        "memberships": [(MEMBERSHIP, Q(body__municipality_id=organisation_id))],
        "meetings": [(MEETING, Q(body__municipality_id=organisation_id))],
        "agenda-items": [(AGENDA_ITEM, Q(meeting__body__municipality_id=organisation_id))],
        "papers": [(PAPER, Q(municipality_id=organisation_id))],
        "consultations": [(REFERRAL, Q(body__municipality_id=organisation_id)),
                          (PARAGRAPH, Q(body__municipality_id=organisation_id)),
                          (FILING, Q(item__body__municipality_id=organisation_id))],
        "files": [(CASE_DOCUMENT, Q(motion__municipality_id=organisation_id)),
                  (MINUTES_DOCUMENT, Q(meeting__body__municipality_id=organisation_id))],
    }


def of_body(body_id: int) -> dict[str, list[tuple[Kind, Q]]]:
    """A body's lists (Organization's external lists)."""
    return {
        "meetings": [(MEETING, Q(body_id=body_id))],
        "consultations": [(REFERRAL, Q(body_id=body_id)), (PARAGRAPH, Q(body_id=body_id)),
                          (FILING, Q(item__body_id=body_id))],
    }
