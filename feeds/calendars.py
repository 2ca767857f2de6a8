"""The meetings as iCalendar (RFC 5545), for calendar programs to subscribe
to: a body's, or every body's of an organisation, from a year back on.

Each meeting is a VEVENT whose UID never changes (the meeting's row), at its
time in Europe/Stockholm (the VTIMEZONE is written out, with the rules in
force since 1996, so that no program has to know the zone's name), or the
whole day when its time is not set. A meeting taken out of the plan is
deleted (organisation has no cancelled state): it is gone from the file, and
a subscribed program removes it."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration, vRecur

from feeds import selectors
from feeds.entries import host
from organisation.models import Body, Meeting, Municipality

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODUCT = "-//Motionsregistret//Sammanträden//SV"
# How often a subscribed program is asked to fetch the file again.
REFRESH = datetime.timedelta(hours=6)


def _stockholm() -> Timezone:
    """Europe/Stockholm as the EU's summer time rules have it since 1996: CEST
    from the last Sunday of March 02:00, CET from the last Sunday of October 03:00."""
    zone = Timezone()
    zone.add("tzid", settings.TIME_ZONE)
    summer = TimezoneDaylight()
    summer.add("dtstart", datetime.datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    summer.add("tzname", "CEST")
    winter = TimezoneStandard()
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    winter.add("tzname", "CET")
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _agenda_lines(meeting: Meeting) -> list[str]:
    lines = []
    for item in meeting.agenda.all():
        number = f"§ {item.number} " if item.number else f"{item.position}. "
        lines.append(f"{number}{item.label}")
    return lines


def meeting_event(meeting: Meeting, absolute: Callable[[str], str]) -> Event:
    body = meeting.body
    url = absolute(meeting.get_absolute_url())
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host()}")  # the meeting's row: never changes
    event.add("summary", _("%(body)s, sammanträde") % {"body": body.name})
    zone = timezone.get_default_timezone()
    if meeting.starts_at:
        event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.starts_at, tzinfo=zone))
        if meeting.ends_at and meeting.ends_at > meeting.starts_at:
            event.add("dtend", datetime.datetime.combine(meeting.date, meeting.ends_at, tzinfo=zone))
    else:  # the time is not set yet: the whole day
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    if meeting.place:
        event.add("location", meeting.place)
    lines = _agenda_lines(meeting)
    description = [_("Föredragningslista:"), *lines] if lines else [_("Föredragningslistan är inte klar ännu.")]
    event.add("description", "\n".join([*description, "", url]))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    # The latest recorded change of the meeting (its details, agenda, signing). Without one (a meeting
    # brought over from another system), the day it was held: no moment that changes with each request.
    changed = meeting.changed_at or timezone.make_aware(datetime.datetime.combine(meeting.date, datetime.time()))
    event.add("last-modified", changed.astimezone(datetime.UTC))
    event.add("dtstamp", changed.astimezone(datetime.UTC))
    return event


def _calendar(name: str, meetings: list[Meeting], absolute: Callable[[str], str]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add_component(_stockholm())
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, absolute))
    return calendar.to_ical()


def organisation_calendar(municipality: Municipality, absolute, *, today: datetime.date) -> bytes:
    meetings = selectors.calendar_meetings(municipality_id=municipality.pk, today=today)
    return _calendar(_("Sammanträden – %(organisation)s") % {"organisation": municipality.name}, meetings, absolute)


def body_calendar(body: Body, absolute, *, today: datetime.date) -> bytes:
    meetings = selectors.calendar_meetings(body_id=body.pk, today=today)
    return _calendar(_("Sammanträden – %(body)s, %(organisation)s") % {
        "body": body.name, "organisation": body.municipality.name}, meetings, absolute)
