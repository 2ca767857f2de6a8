"""The e-mails: one mailing on its own (a user who wants e-mail at once) or the
day's mailings of one person together (the digest). Both are rendered in the
recipient's language and say each case's news in labelled lines: the case
(Ärende), what happened or is due (Händelse) and the next date in it
(Nästa datum); a digest groups them per case."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import email_settings_of
from motions import rules
from motions.models import Motion
from referrals import access as referral_access
from reminders.models import Follow, Mailing
from reminders.selectors import next_dates
from reminders.tokens import unfollow_token


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@dataclass
class Link:
    label: str
    url: str


@dataclass
class CaseNews:
    """One case in an e-mail: its lines, ready to print."""

    case_number: str
    title: str
    url: str
    status: str
    next_date: str
    events: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # The one-click link that stops the follow, when the news is a followed case's.
    unfollow_url: str = ""


def _day(value: datetime.date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()


def event_text(mailing: Mailing, path: rules.PreparationPath) -> str:
    """What the mailing tells of its case, in one sentence (in the active language)."""
    payload, referral, motion = mailing.payload, mailing.referral, mailing.motion
    if mailing.kind == Mailing.Kind.REFERRAL_DUE:
        days, values = payload["days_left"], {"body": referral.body.name, "due": _day(referral.current_due_on)}
        if days == 0:
            return _("%(body)s ska svara på remissen i dag, %(due)s.") % values
        return ngettext("%(body)s ska svara på remissen senast %(due)s, om %(days)d dag.",
                        "%(body)s ska svara på remissen senast %(due)s, om %(days)d dagar.", days) % {
            **values, "days": days}
    if mailing.kind == Mailing.Kind.REFERRAL_OVERDUE:
        days = payload["days_late"]
        return ngettext("Remissvaret från %(body)s skulle ha kommit in senast %(due)s, för %(days)d dag sedan.",
                        "Remissvaret från %(body)s skulle ha kommit in senast %(due)s, för %(days)d dagar sedan.",
                        days) % {"body": referral.body.name, "due": _day(referral.current_due_on), "days": days}
    if mailing.kind == Mailing.Kind.ONE_YEAR:
        days, mark = payload["days_left"], _day(rules.one_year_mark(motion.filed_on))
        if days > 0:
            return ngettext(
                "Ettårsgränsen (KL 5 kap. 35 §) är %(mark)s, om %(days)d dag: fullmäktige bör besluta senast då, "
                "annars få veta hur långt beredningen har kommit.",
                "Ettårsgränsen (KL 5 kap. 35 §) är %(mark)s, om %(days)d dagar: fullmäktige bör besluta senast då, "
                "annars få veta hur långt beredningen har kommit.", days) % {"mark": mark, "days": days}
        return _("Ettårsgränsen (KL 5 kap. 35 §) har passerats (%(mark)s): fullmäktige ska få veta hur långt "
                 "beredningen har kommit.") % {"mark": mark}
    if mailing.kind == Mailing.Kind.STATUS_CHANGED:
        event = mailing.event
        values = {"date": _day(event.occurred_on), "to": path.label(event.to_status)}
        text = (_("Ny status %(date)s: %(from)s → %(to)s") % {**values, "from": path.label(event.from_status)}
                if event.from_status else _("Ny status %(date)s: %(to)s") % values)
        # What the event adds ("Socialnämnden", a reason), as recorded.
        return f"{text} ({event.description_text()})." if event.description else f"{text}."
    raise ValueError(f"no case news in a mailing of kind {mailing.kind}")


# How many cases a digest tells of in full; the others it counts, with a link to their list.
DIGEST_CASES = 30


def _more(rest: list[Mailing]) -> list[dict]:
    """The news of the cases a digest does not list, counted per kind, each with the list that holds them."""
    lists = {
        Mailing.Kind.REFERRAL_DUE: f"{reverse('referrals:inbox')}?state=due_soon",
        Mailing.Kind.REFERRAL_OVERDUE: f"{reverse('referrals:inbox')}?state=overdue",
        Mailing.Kind.ONE_YEAR: reverse("cases:index"),
        Mailing.Kind.STATUS_CHANGED: reverse("cases:followed"),
    }
    counts = Counter(item.kind for item in rest)
    return [{"what": str(Mailing.Kind(kind).label), "count": counts[kind], "url": absolute(url)}
            for kind, url in lists.items() if counts[kind]]


def case_news(mailings: list[Mailing], recipient, today: datetime.date) -> list[CaseNews]:
    """The mailings about cases, grouped per case in the order of their cases' first news."""
    cases: dict[int, CaseNews] = {}
    paths = {}
    ahead_of = next_dates(list({mailing.motion_id: mailing.motion for mailing in mailings}.values()), today)
    for mailing in mailings:
        motion: Motion = mailing.motion
        if motion.municipality_id not in paths:
            # Where a case is, in its organisation's words ("Behandlad i regionstyrelsen").
            paths[motion.municipality_id] = rules.path_of(motion.municipality)
        path = paths[motion.municipality_id]
        news = cases.get(motion.pk)
        if news is None:
            ahead = ahead_of[motion.pk]
            news = cases[motion.pk] = CaseNews(
                case_number=motion.case_number, title=motion.title, url=absolute(motion.get_absolute_url()),
                status=path.label(motion.status),
                next_date=f"{ahead.day.isoformat()}, {ahead.what}" if ahead else _("inget inplanerat"))
        news.events.append(event_text(mailing, path))
        if mailing.referral is not None and referral_access.can_answer(recipient, mailing.referral):
            answer = Link(_("Svara på remissen"), absolute(reverse("referrals:answer", args=[mailing.referral_id])))
            if answer not in news.links:
                news.links.append(answer)
        if mailing.kind == Mailing.Kind.STATUS_CHANGED:
            news.unfollow_url = unfollow_url(recipient, motion.pk)
    return list(cases.values())


def unfollow_url(recipient, motion_id: int) -> str:
    """The one-click link that ends the recipient's follow of the case; "" when it has ended already."""
    follow = Follow.objects.filter(user=recipient, motion_id=motion_id).first()
    return absolute(reverse("reminders:unfollow", args=[unfollow_token(follow)])) if follow else ""


def render_mailing(mailing: Mailing, items: list[Mailing] | None = None) -> EmailMultiAlternatives:
    """The e-mail of `mailing`: alone, or, for a digest, of the `items` it
    carries. In the recipient's language (Mina inställningar), whatever the
    language of the run."""
    recipient = mailing.recipient
    language = email_settings_of(recipient).language
    with translation.override(language):
        carried = [mailing] if items is None else items
        about_cases = [item for item in carried if item.kind != Mailing.Kind.REGISTRY_DIGEST]
        overviews = [item.payload for item in carried if item.kind == Mailing.Kind.REGISTRY_DIGEST]
        overview = max(overviews, key=lambda payload: payload["date"]) if overviews else None
        # A digest's cases in the order they were registered, the first DIGEST_CASES in full.
        about_cases.sort(key=lambda item: (item.motion_id, item.pk))
        listed = set(list(dict.fromkeys(item.motion_id for item in about_cases))[:DIGEST_CASES])
        cases = case_news([item for item in about_cases if item.motion_id in listed], recipient,
                          timezone.localdate())
        rest = [item for item in about_cases if item.motion_id not in listed]
        context = {
            "LANGUAGE_CODE": language, "user": recipient, "mailing": mailing, "payload": mailing.payload,
            "digest": mailing.kind == Mailing.Kind.DIGEST, "cases": cases,
            # The latest of the registry's overviews carried (a digest carries today's), and
            # what in it asks for action besides the overdue answers.
            "overview": overview,
            "to_fix": overview["unreachable_count"] + overview["failed_count"] if overview else 0,
            "events": len(about_cases), "case_count": len({item.motion_id for item in about_cases}),
            # The rest, counted per kind of news, each with the list that has them all.
            "more_cases": len({item.motion_id for item in rest}), "more": _more(rest),
            "settings_url": absolute(reverse("my_settings")),
        }
        if mailing.motion is not None:  # the subject of a single mailing names its case
            path = rules.path_of(mailing.motion.municipality)
            context.update(motion=mailing.motion, referral=mailing.referral,
                           status=path.label(mailing.motion.status))
            if mailing.event is not None:
                context["to_status"] = path.label(mailing.event.to_status)
        subject = " ".join(render_to_string(f"reminders/emails/{mailing.kind}-subject.txt", context).split())
        message = EmailMultiAlternatives(subject, render_to_string("reminders/emails/notice-body.txt", context),
                                         to=[recipient.email])
        message.attach_alternative(render_to_string("reminders/emails/notice-body.html", context), "text/html")
    # The body's own link (a link made a second later is signed differently).
    link = next((case.unfollow_url for case in cases if case.case_number == mailing.motion.case_number), "") \
        if mailing.kind == Mailing.Kind.STATUS_CHANGED else ""
    if link:
        # RFC 8058: a mail client may unfollow with one POST to the link.
        message.extra_headers["List-Unsubscribe"] = f"<{link}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message
