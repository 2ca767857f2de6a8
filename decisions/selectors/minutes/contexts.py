"""The documents' contexts: an extract, the protocol (its first page and
every paragraph with its annexes) and the notice of signing, as plain values
for the templates in templates/decisions/."""

import base64
import mimetypes

from django.db.models import Prefetch

from decisions.appeal_rules import appeal_rules
from decisions.models import (
    Ballot,
    Decision,
    DraftDecision,
    MinuteItem,
    Proposal,
    ProtocolNote,
    Reservation,
    Seconder,
    Vote,
)
from lib.swedish import long_date, lower_first
from organisation.models import Attendance, AttendanceChange, Meeting, Membership, MinuteLayout, minute_layout_on
from organisation.selectors import attendee_line, roster_on
from referrals.models import Referral
from signatures.pdf import room_for

from .case import title_line
from .names import paragraph_label, paragraphs_label
from .sections import Annexes, annex_count, item_sections
from .wording import Wording

# The demo's seed case (cases/data/huddinge-avhopparverksamhet.json): the
# paragraph a layout's preview shows when the case is there.
DEMO_CASE_NUMBER = "KS-2021/345"


def _votes():
    return Vote.objects.prefetch_related(
        Prefetch("ballots", queryset=Ballot.objects.select_related("person", "party", "replaces")))


def minute_items_for_render():
    """Minute items with everything the minute text reads, in few queries."""
    return MinuteItem.objects.select_related(
        "meeting__body__municipality", "body__parent", "body__municipality__minute_layout",
        "motion__filed_meeting__body",
    ).prefetch_related(
        "motion__movers__person", "motion__movers__party",
        Prefetch("motion__referrals", queryset=Referral.objects.select_related("body", "response")),
        Prefetch("motion__drafts", queryset=DraftDecision.objects.order_by("drafted_on", "id")),
        Prefetch("motion__minute_items", queryset=MinuteItem.objects.select_related("meeting", "body")
                 .prefetch_related("clause_decisions__clause")),
        "clause_decisions__clause",
        "speakers__person", "speakers__party",
        Prefetch("proposals", queryset=Proposal.objects.select_related("person", "party").prefetch_related(
            Prefetch("seconders", queryset=Seconder.objects.select_related("person", "party")))),
        Prefetch("reservations", queryset=Reservation.objects.select_related(
            "person", "party", "in_favour_of__person").prefetch_related("in_favour_of__seconders__person")),
        "separatestatements__person", "separatestatements__party",
        "conflictofinterests__person", "conflictofinterests__party",
        "questions",
        Prefetch("votes", queryset=_votes()),
        Prefetch("notes", queryset=ProtocolNote.objects.select_related("person", "party")),
        Prefetch("meeting__attendance", queryset=Attendance.objects.select_related("party")),
        Prefetch("meeting__attendance_changes",
                 queryset=AttendanceChange.objects.select_related("person__party", "replaced_by__party")),
        "body__municipality__layout_changes__layout",
    )


def layout_of(item: MinuteItem) -> MinuteLayout:
    """The layout of the item's minutes: the organisation's on the meeting's day."""
    return minute_layout_on(item.body.municipality, item.meeting.date)


def annex_offset(item: MinuteItem) -> int:
    """How many annexes the paragraphs before this one in the same minutes have."""
    if item.number is None:
        return 0
    earlier = MinuteItem.objects.filter(meeting_id=item.meeting_id, number__lt=item.number).prefetch_related(
        Prefetch("votes", queryset=Vote.objects.prefetch_related("ballots")), "reservations", "separatestatements")
    return sum(annex_count(other) for other in earlier)


def item_context(item: MinuteItem, layout: MinuteLayout | None = None, *, annex_start: int | None = None) -> dict:
    """One paragraph as the minutes print it, with its annexes (numbered on
    from `annex_start`, by default those of the paragraphs before it)."""
    layout = layout or layout_of(item)
    wording = Wording(layout.wording)
    annexes = Annexes(item, layout, wording, before=annex_offset(item) if annex_start is None else annex_start)
    heading = item.heading or (title_line(item.motion, item.decision, wording) if item.motion
                               else wording("title_filings") if item.decision == Decision.FILE else "")
    sections = item_sections(item, layout, wording, annexes)
    return {
        "paragraph": paragraph_label(layout, item.body, item.number, item.year),
        "case_number": item.motion.case_number if item.motion else "",
        "heading": heading,
        "sections": sections,
        "annexes": annexes.annexes,
    }


def _secretary(meeting: Meeting) -> str:
    return next((a.person.name for a in meeting.attendance.all() if a.duty == Attendance.Duty.SECRETARY), "")


def logo_uri(layout: MinuteLayout) -> str:
    """The layout's logo inside the HTML (so that the document's hash covers
    it and the PDF/A embeds it); "" without one, or when it cannot be read."""
    if not layout.logo:
        return ""
    try:
        with layout.logo.open("rb") as file:
            data = file.read()
    except (OSError, ValueError):
        return ""
    mime = mimetypes.guess_type(layout.logo.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _document(meeting: Meeting, layout: MinuteLayout, title: str, kind: str) -> dict:
    body = meeting.body
    wording = Wording(layout.wording)
    return {
        "language": "sv",
        "document_title": title,
        "header_title": kind.upper(),
        "municipality": body.municipality.name,
        "body": body.name,
        "meeting_date": f"{meeting.date:%Y-%m-%d}",
        # Before signing the text may still change: every page says so.
        "draft": not meeting.is_signed,
        "draft_mark": wording("draft_mark"),
        # Minutes signed elsewhere and brought over: the signed original is the source's.
        "imported_mark": wording("imported_mark", source=meeting.imported_from) if meeting.imported_from else "",
        "logo": logo_uri(layout),
        "page_foot": layout.page_foot,
        "certification": wording("certification"),
    }


def extract_context(item: MinuteItem, layout: MinuteLayout | None = None) -> dict:
    """Everything the extract (protokollsutdrag) of one item shows, as plain values.

    The secretary certifies the extract (utdragsbestyrkande) once the minutes are signed."""
    meeting = item.meeting
    layout = layout or layout_of(item)
    context = item_context(item, layout)
    title = f"{layout.extract_title} {item.body.name} {meeting.date:%Y-%m-%d} {context['paragraph']}"
    return {
        **_document(meeting, layout, title, layout.extract_title),
        "item": context,
        "certified_by": _secretary(meeting) if meeting.is_signed else "",
        # Correction notes made after signing, under the paragraph as signed.
        "rectifications": [{"date": f"{r.made_on:%Y-%m-%d}", "text": r.text}
                           for r in item.rectifications.all()] if meeting.is_signed else [],
    }


def _time(meeting: Meeting) -> str:
    if meeting.starts_at and meeting.ends_at:
        return f"kl. {meeting.starts_at:%H.%M}–{meeting.ends_at:%H.%M}"
    return f"kl. {meeting.starts_at:%H.%M}" if meeting.starts_at else ""


def protocol_items(meeting: Meeting):
    """The meeting's minute items, in § order, ready to render."""
    return minute_items_for_render().filter(meeting=meeting).order_by("number")


def meetings_for_render():
    return Meeting.objects.select_related("body__municipality__minute_layout").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("person", "party", "replaces")),
        "body__municipality__layout_changes__layout",
    )


def meeting_layout(meeting: Meeting) -> MinuteLayout:
    return minute_layout_on(meeting.body.municipality, meeting.date)


def _pairs(values: list) -> list[list]:
    return [values[i:i + 2] for i in range(0, len(values), 2)]


def protocol_front(meeting: Meeting, numbers: list[int], layout: MinuteLayout | None = None) -> dict:
    """The protocol's first page: when, where, who, and the signature block."""
    layout = layout or meeting_layout(meeting)
    attendance = list(meeting.attendance.all())
    by_role = {role: [attendee_line(a) for a in attendance if a.role == role] for role in Attendance.Role.values}
    chair = next((a.person.name for a in attendance if a.duty == Attendance.Duty.CHAIR), "")
    signatories = [a.person.name for a in attendance if a.signs and a.duty != Attendance.Duty.CHAIR]
    return {
        **_document(meeting, layout, f"{layout.document_title} {meeting.body.name} {meeting.date:%Y-%m-%d}",
                    layout.document_title),
        # Sent to be signed electronically, the protocol is the text its signatories sign, kept as signed:
        # no longer a draft, with the foot of its first page left free for their signatures' blocks.
        "draft": not meeting.is_signed and meeting.out_for_signing_since is None,
        "signature_space": room_for(len(signatories) + bool(chair)) if meeting.out_for_signing_since else 0,
        # "Huddinge kommunhus, 2022-01-25 kl. 13.00–15.10"
        "place_and_time": ", ".join(part for part in (
            meeting.place, " ".join(part for part in (f"{meeting.date:%Y-%m-%d}", _time(meeting)) if part)) if part),
        "paragraphs": paragraphs_label(layout, meeting.body, numbers, meeting.date.year),
        "members": by_role[Attendance.Role.MEMBER] + by_role[Attendance.Role.SUBSTITUTE],
        "not_serving": by_role[Attendance.Role.NOT_SERVING],
        "others": by_role[Attendance.Role.OTHER],
        "signatories": signatories,
        "signed_on": f"{meeting.signed_on:%Y-%m-%d}" if meeting.signed_on else (
            "elektroniskt, se signaturerna nedan" if meeting.out_for_signing_since else ""),
        "kept_at": meeting.kept_at,
        # Two signatures to a row: the secretary and the chair, then the signatories.
        "signature_rows": _pairs([("Sekreterare", _secretary(meeting)), ("Ordförande", chair)]
                                 + [("Justerare", name) for name in signatories]),
    }


def notice_context(meeting: Meeting) -> dict:
    """The notice of signing (anslag / bevis om justering) for the notice board."""
    def day(value):
        return f"{value:%Y-%m-%d}" if value else ""
    layout = meeting_layout(meeting)
    return {
        **_document(meeting, layout, f"Bevis om justering {meeting.body.name} {meeting.date:%Y-%m-%d}",
                    "Anslag / bevis"),
        "announcement": f"Justeringen av {lower_first(meeting.body.genitive)} protokoll har tillkännagivits "
                        "genom anslag på kommunens anslagstavla.",
        "rows": [
            ("Organ", meeting.body.name),
            ("Sammanträdesdatum", day(meeting.date)),
            ("Paragrafer", paragraphs_label(layout, meeting.body, [item.number for item in meeting.items.all()],
                                            meeting.date.year)),
            ("Datum för justering", day(meeting.signed_on)),
            ("Datum då anslaget sätts upp", day(meeting.posted_on)),
            ("Datum då anslaget tas ned", day(meeting.notice_removed_on)),
            ("Förvaringsplats för protokollet", meeting.kept_at),
            ("Sista dag att överklaga", day(meeting.appeal_until)),
        ],
        "secretary": _secretary(meeting),
        # How to appeal: the notice board shows the same text (decisions.appeal_rules).
        "appeal_rules": appeal_rules(meeting.body.municipality),
    }


WEEKDAYS = ("måndagen", "tisdagen", "onsdagen", "torsdagen", "fredagen", "lördagen", "söndagen")


def posted_agenda_context(meeting: Meeting, *, announcement: bool, version: int, posted_on, replaces=None) -> dict:
    """The council's announcement (kungörelse) or a board's notice of meeting
    (kallelse med föredragningslista) as put on the notice board: when and
    where the meeting is held and the items on its agenda (KL 5 kap. 53-55 §§).
    `version` counts the meeting's announcements; `replaces` is the day the
    one it replaces was posted."""
    layout = meeting_layout(meeting)
    body = meeting.body
    title = "Kungörelse" if announcement else "Kallelse"
    when = f"{WEEKDAYS[meeting.date.weekday()]} den {long_date(meeting.date)}"
    if meeting.starts_at:
        when += f" kl. {meeting.starts_at:%H.%M}"
    where = f" i {meeting.place}" if meeting.place else ""
    if announcement:
        lead = f"{body.name} sammanträder {when}{where}."
    else:
        lead = f"Ledamöter och ersättare i {body.name_in_sentence} kallas till sammanträde {when}{where}."
    agenda = meeting.agenda.select_related("motion").order_by("position")
    chair = next((m.person.name for m in roster_on(body, meeting.date) if m.duty == Membership.Duty.CHAIR), "")
    return {
        **_document(meeting, layout, f"{title} {body.name} {meeting.date:%Y-%m-%d}", title),
        # Made before the meeting, but no draft of the minutes: what is posted is final in its version.
        "draft": False, "imported_mark": "",
        "title": title if version == 1 else f"{title} (ändrad)",
        "lead": lead,
        "public": "Sammanträdet är offentligt." if announcement else "",
        "replaces": (f"{title}n ersätter den som sattes upp på anslagstavlan {replaces:%Y-%m-%d}."
                     if replaces else ""),
        "items": [{"position": item.position, "number": f"§ {item.number}" if item.number else "",
                   "case_number": item.motion.case_number if item.motion_id else "",
                   "title": item.motion.title if item.motion_id else item.title} for item in agenda],
        "rows": [("Anslaget", f"{posted_on:%Y-%m-%d}"), ("Version", str(version))],
        "chair": chair,
    }


def preview_item(layout: MinuteLayout) -> MinuteItem | None:
    """The paragraph a layout's preview shows: the demo case's first, when
    the case is there (in the layout's organisation, for an organisation's
    own layout); else the first paragraph of the layout's organisation (of
    any, for a general layout); else the demo case's; None when there is none."""
    everywhere = minute_items_for_render().order_by("meeting__date", "number")
    items = everywhere.filter(body__municipality_id=layout.municipality_id) if layout.municipality_id else everywhere
    # A new organisation, with no paragraph of its own yet, sees its layout on the demo case.
    demo = everywhere.filter(motion__case_number=DEMO_CASE_NUMBER)
    return items.filter(motion__case_number=DEMO_CASE_NUMBER).first() or items.first() or demo.first()
