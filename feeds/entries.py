"""The feeds' entries, built from what the selectors read: titles and
summaries in the reader's language (the site's, as every page), links back to
the case and meeting pages, and ids that never change.

An entry's id is a tag URI (RFC 4151) of the site's host and the row it
tells of, "tag:motioner.example.se,2026:paragraph:812": the same whatever
the entry's text, the host a reader used, or a later correction of its
dates, so that a feed reader shows a corrected entry as the same one."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from cases.selectors import paths_of
from decisions.models import Decision, MinuteItem
from feeds import selectors
from lib.swedish import join_words, paragraph_span
from motions.models import Motion, MotionEvent
from organisation.models import Body, Meeting, Municipality
from referrals.models import Referral

# The date in every tag URI: the day the site began naming its entries. Never to be changed
# (every reader would see every entry anew).
TAG_DATE = "2026-01-01"
# An entry's summary quotes at most this much of a longer text (a motion's summary, a decision's text).
SUMMARY_CHARS = 600


def host() -> str:
    """The site's host name (SITE_URL's), whatever host a reader used."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def tag(key: str) -> str:
    return f"tag:{host()},{TAG_DATE}:{key}"


@dataclass(frozen=True)
class Enclosure:
    url: str  # absolute
    size: int
    mime_type: str = "application/pdf"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str  # plain text
    link: str  # absolute
    summary: str  # HTML, every value in it escaped
    published: datetime.datetime
    updated: datetime.datetime
    author: str | None = None  # None: the feed's author
    enclosure: Enclosure | None = None


@dataclass(frozen=True)
class Channel:
    """A feed: what it is about, the page it belongs to, and its entries."""

    id: str
    title: str
    subtitle: str
    link: str  # absolute: the page the feed follows
    author: str  # the organisation or body: every entry has an author (RFC 4287 4.1.1)
    entries: list[Entry]


Absolute = Callable[[str], str]  # a path on the site as an absolute URL (request.build_absolute_uri)


def _moment(day: datetime.date) -> datetime.datetime:
    """A day as the moment it began in the site's time zone (Europe/Stockholm)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _text(text: str) -> str:
    """A stored text, cut to SUMMARY_CHARS at a word, as escaped HTML paragraphs."""
    text = text.strip()
    if len(text) > SUMMARY_CHARS:
        text = text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    return linebreaks(escape(text))


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _day(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


# --- New motions -------------------------------------------------------------------------------

def _movers(motion: Motion) -> str:
    return join_words([str(mover) for mover in motion.movers.all()])


def motion_entry(motion: Motion, absolute: Absolute) -> Entry:
    movers = _movers(motion)
    values = {"movers": movers, "date": _day(motion.filed_on)}
    if motion.filed_meeting_id:
        lead = _("Motion av %(movers)s, väckt %(date)s i %(body)s.") % {
            **values, "body": motion.filed_meeting.body.name_in_sentence}
    else:
        lead = _("Motion av %(movers)s, väckt %(date)s.") % values
    return Entry(
        id=tag(f"motion:{motion.pk}"), title=f"{motion.case_number} {motion.title}",
        link=absolute(motion.get_absolute_url()), summary=_p(lead) + _text(motion.summary),
        published=_moment(motion.filed_on), updated=_moment(motion.filed_on), author=movers or None,
    )


def referral_entry(referral: Referral, absolute: Absolute) -> Entry:
    motion = referral.motion
    summary = _p(_("Remitterad till %(body)s %(sent)s, svar senast %(due)s.") % {
        "body": referral.body.name_in_sentence, "sent": _day(referral.sent_on), "due": _day(referral.current_due_on)})
    if referral.status != Referral.Status.SENT:
        summary += _p(_("Remissen: %(status)s.") % {"status": referral.get_status_display().lower()})
    return Entry(
        id=tag(f"referral:{referral.pk}"), title=f"{motion.case_number} {motion.title}",
        link=absolute(motion.get_absolute_url()), summary=summary,
        published=_moment(referral.sent_on), updated=_moment(referral.sent_on),
    )


def organisation_motions_channel(municipality: Municipality, absolute: Absolute) -> Channel:
    motions = selectors.organisation_motions(municipality.pk)
    return Channel(
        id=tag(f"feed:organisation:{municipality.pk}:motions"),
        title=_("Nya motioner – %(organisation)s") % {"organisation": municipality.name},
        subtitle=_("De senast väckta motionerna i %(organisation)s.") % {"organisation": municipality.name},
        link=absolute(f"{reverse('cases:index')}?{urlencode({'organisation': municipality.pk})}"),
        author=municipality.name, entries=[motion_entry(motion, absolute) for motion in motions],
    )


def body_motions_channel(body: Body, absolute: Absolute) -> Channel:
    found = selectors.body_motions(body)
    entries = [*(motion_entry(motion, absolute) for motion in found.filed),
               *(referral_entry(referral, absolute) for referral in found.referred)]
    return Channel(
        id=tag(f"feed:body:{body.pk}:motions"),
        title=_("Motioner till %(body)s") % {"body": body.name},
        subtitle=_("Motioner som väckts i eller remitterats till %(body)s.") % {"body": body.name_in_sentence},
        link=absolute(f"{reverse('cases:index')}?{urlencode({'organisation': body.municipality_id})}"),
        author=body.name, entries=_latest(entries),
    )


def _latest(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: (entry.published, entry.id), reverse=True)[:selectors.LATEST]


# --- Decisions ---------------------------------------------------------------------------------

def public_since(item: MinuteItem) -> datetime.date:
    """The day the public could first read the paragraph (selectors.public_paragraphs)."""
    meeting = item.meeting
    if item.body.kind == Body.Kind.COUNCIL:
        return meeting.date
    return meeting.signed_on


def _paragraph_subject(item: MinuteItem) -> str:
    if item.motion_id:
        return f"{item.motion.case_number} {item.motion.title}"
    if item.decision == Decision.FILE:
        return item.heading or _("Anmälan av motioner")
    return item.heading


def _decision(item: MinuteItem) -> str:
    if item.decision == Decision.OTHER:
        return _text(item.decision_text)
    decision = item.get_decision_display()
    if item.proposal:
        decision = f"{decision}: {item.get_proposal_display().lower()}"
    html = _p(f"{decision}.")
    if item.decision == Decision.FILE:
        html += "<ul>" + "".join(f"<li>{escape(motion.case_number)} {escape(motion.title)}</li>"
                                 for motion in item.filed) + "</ul>"
    if item.reason:
        html += _p(_("Motivering: %(reason)s") % {"reason": item.reason})
    return html


def paragraph_entry(item: MinuteItem, absolute: Absolute, *, extract_size: int | None,
                    link: str | None = None) -> Entry:
    meeting = item.meeting
    number = f" § {item.number}" if item.number else ""
    held = _("Sammanträde %(date)s.") % {"date": _day(meeting.date)}
    signed = (_("Protokollet justerat %(date)s.") % {"date": _day(meeting.signed_on)} if meeting.is_signed
              else _("Protokollet är inte justerat ännu."))
    since = public_since(item)
    updated = meeting.signed_on if meeting.is_signed and meeting.signed_on > since else since
    if link is None:
        link = item.motion.get_absolute_url() if item.motion_id else meeting.get_absolute_url()
    extract = reverse("decisions:extract", args=[item.pk])
    return Entry(
        id=tag(f"paragraph:{item.pk}"), title=f"{item.body.name}{number}: {_paragraph_subject(item)}",
        link=absolute(link), summary=_decision(item) + _p(f"{held} {signed}"),
        published=_moment(since), updated=_moment(updated), author=item.body.name,
        enclosure=Enclosure(absolute(extract), extract_size) if extract_size is not None else None,
    )


def _paragraph_entries(items: list[MinuteItem], absolute: Absolute, link: str | None = None) -> list[Entry]:
    extracts = selectors.published_extracts(items)
    return [paragraph_entry(item, absolute, extract_size=extracts.get(item.pk), link=link) for item in items]


def _meetings_link(absolute: Absolute, **query) -> str:
    return absolute(f"{reverse('decisions:meetings')}?{urlencode(query)}")


def organisation_decisions_channel(municipality: Municipality, absolute: Absolute, *,
                                   today: datetime.date) -> Channel:
    items = selectors.latest_paragraphs(municipality_id=municipality.pk, today=today)
    return Channel(
        id=tag(f"feed:organisation:{municipality.pk}:decisions"),
        title=_("Beslut – %(organisation)s") % {"organisation": municipality.name},
        subtitle=_("Paragrafer ur protokollen: fullmäktiges när sammanträdet har hållits, styrelsens, nämndernas "
                   "och utskottens när protokollet är justerat."),
        link=_meetings_link(absolute, organisation=municipality.pk),
        author=municipality.name, entries=_paragraph_entries(items, absolute),
    )


def body_decisions_channel(body: Body, absolute: Absolute, *, today: datetime.date) -> Channel:
    items = selectors.latest_paragraphs(body_id=body.pk, today=today)
    if body.kind == Body.Kind.COUNCIL:
        subtitle = _("Paragrafer ur %(body)s protokoll, när sammanträdet har hållits.") % {"body": body.genitive}
    else:
        subtitle = _("Paragrafer ur %(body)s protokoll, när protokollet är justerat.") % {"body": body.genitive}
    return Channel(
        id=tag(f"feed:body:{body.pk}:decisions"), title=_("Beslut i %(body)s") % {"body": body.name_in_sentence},
        subtitle=subtitle, link=_meetings_link(absolute, body=body.pk), author=body.name,
        entries=_paragraph_entries(items, absolute),
    )


# --- Signed minutes ----------------------------------------------------------------------------

def minutes_entry(meeting: Meeting, absolute: Absolute, *, protocol: selectors.Protocol | None) -> Entry:
    body = meeting.body
    numbers = [n for n in (meeting.first_number, meeting.last_number) if n is not None]
    summary = _p(_("Justerat %(signed)s. Anslaget %(posted)s–%(removed)s; sista dag att överklaga %(appeal)s.") % {
        "signed": _day(meeting.signed_on), "posted": _day(meeting.posted_on),
        "removed": _day(meeting.notice_removed_on), "appeal": _day(meeting.appeal_until)})
    if numbers:
        summary += _p(_("Paragrafer: %(span)s.") % {"span": paragraph_span(numbers)})
    pdf = absolute(reverse("decisions:protocol_pdf", args=[meeting.pk]))
    updated = _moment(meeting.signed_on)
    if protocol is not None:
        summary += f'<p><a href="{escape(pdf)}">{escape(_("Protokollet (PDF)"))}</a></p>'
        if protocol.published_at and protocol.published_at > updated:
            updated = protocol.published_at  # published after review: the entry has its link from then on
    else:
        summary += _p(_("Protokollet finns inte att hämta här; det kan begäras ut hos registraturen."))
    return Entry(
        id=tag(f"minutes:{meeting.pk}"),
        title=_("Justerat protokoll: %(body)s %(date)s") % {"body": body.name, "date": _day(meeting.date)},
        link=absolute(meeting.get_absolute_url()), summary=summary,
        published=_moment(meeting.signed_on), updated=updated, author=body.name,
        enclosure=Enclosure(pdf, protocol.size) if protocol is not None else None,
    )


def _minutes_entries(meetings: list[Meeting], absolute: Absolute) -> list[Entry]:
    protocols = selectors.published_protocols(meetings)
    return [minutes_entry(meeting, absolute, protocol=protocols.get(meeting.pk)) for meeting in meetings]


def organisation_minutes_channel(municipality: Municipality, absolute: Absolute) -> Channel:
    meetings = selectors.signed_minutes(municipality_id=municipality.pk)
    return Channel(
        id=tag(f"feed:organisation:{municipality.pk}:minutes"),
        title=_("Justerade protokoll – %(organisation)s") % {"organisation": municipality.name},
        subtitle=_("Protokoll som har justerats, med anslagets datum och länk till protokollet när det är "
                   "publicerat."),
        link=_meetings_link(absolute, organisation=municipality.pk, minutes="signed"),
        author=municipality.name, entries=_minutes_entries(meetings, absolute),
    )


def body_minutes_channel(body: Body, absolute: Absolute) -> Channel:
    meetings = selectors.signed_minutes(body_id=body.pk)
    return Channel(
        id=tag(f"feed:body:{body.pk}:minutes"),
        title=_("Justerade protokoll – %(body)s") % {"body": body.name},
        subtitle=_("Protokoll som har justerats, med anslagets datum och länk till protokollet när det är "
                   "publicerat."),
        link=_meetings_link(absolute, body=body.pk, minutes="signed"), author=body.name,
        entries=_minutes_entries(meetings, absolute),
    )


# --- A case's timeline -------------------------------------------------------------------------

def event_entry(event: MotionEvent, absolute: Absolute, *, link: str, label: Callable[[str], str]) -> Entry:
    title = event.get_kind_display()
    if event.description:
        title = f"{title}: {event.description_text()}"
    summary = ""
    if event.from_status and event.from_status != event.to_status:
        summary += _p(_("Status: %(before)s → %(after)s") % {"before": label(event.from_status),
                                                              "after": label(event.to_status)})
    if event.reason:
        summary += _text(event.reason_text())
    return Entry(
        id=tag(f"event:{event.pk}"), title=title, link=absolute(link), summary=summary or _p(title),
        published=_moment(event.occurred_on), updated=_moment(event.occurred_on),
    )


def case_channel(motion: Motion, absolute: Absolute, *, today: datetime.date) -> Channel:
    timeline = selectors.case_timeline(motion, today=today)
    path = paths_of([motion.municipality_id])[motion.municipality_id]
    link = motion.get_absolute_url()
    entries = [*(event_entry(event, absolute, link=link, label=path.label) for event in timeline.events),
               *_paragraph_entries(timeline.paragraphs, absolute, link=link)]
    return Channel(
        id=tag(f"feed:case:{motion.pk}"),
        title=_("%(case_number)s %(title)s – ärendets gång") % {"case_number": motion.case_number,
                                                                "title": motion.title},
        subtitle=_("Motionens steg: väckt, remitterad, besvarad, beredd och beslutad."),
        link=absolute(link), author=motion.municipality.name, entries=_latest(entries),
    )
