"""The feeds and calendars a page offers: in its head as <link rel="alternate">
(found by browsers and feed readers), and as plain links for people
(templates/feeds/_subscribe.html). The pages name what they are about; which
feeds exist for it is this app's."""

from dataclasses import dataclass

from django import template
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from organisation.models import Body, Municipality
from organisation.selectors import home_municipality, reference_generation

register = template.Library()

ATOM, CALENDAR = "application/atom+xml", "text/calendar"


@dataclass(frozen=True)
class Subscription:
    title: str
    url: str
    mime_type: str

    @property
    def format(self) -> str:
        return "Atom" if self.mime_type == ATOM else "iCalendar"


def _only_organisation() -> int | None:
    """The installation's organisation when it serves one, kept until the reference data changes."""
    key = f"feeds:only-organisation:{reference_generation()}"
    found = cache.get(key)
    if found is None:
        found = home_municipality().pk if Municipality.objects.count() == 1 else 0
        cache.set(key, found, timeout=None)
    return found or None


def _pk(value) -> int | None:
    if isinstance(value, Municipality | Body):
        return value.pk
    return value if isinstance(value, int) else None


@register.simple_tag
def subscriptions(*, organisation=None, body=None, case_number: str = "") -> list[Subscription]:
    """What a page can be followed by: a case's timeline (`case_number`); a
    body's motions, decisions, signed minutes and meetings (`body`, a Body);
    or an organisation's (`organisation`, a Municipality or its key; none:
    the installation's, if it serves only one)."""
    if case_number:
        return [Subscription(_("Ärendets gång, %(case_number)s") % {"case_number": case_number},
                             reverse("feeds:case", args=[case_number]), ATOM)]
    if isinstance(body, Body):
        values = {"body": body.name_in_sentence}
        return [
            Subscription(_("Motioner till %(body)s") % values, reverse("feeds:body_motions", args=[body.pk]), ATOM),
            Subscription(_("Beslut i %(body)s") % values, reverse("feeds:body_decisions", args=[body.pk]), ATOM),
            Subscription(_("Justerade protokoll i %(body)s") % values, reverse("feeds:body_minutes", args=[body.pk]),
                         ATOM),
            Subscription(_("Sammanträden i %(body)s") % values, reverse("feeds:body_calendar", args=[body.pk]),
                         CALENDAR),
        ]
    municipality_id = _pk(organisation) or _only_organisation()
    if municipality_id is None:
        return []
    return [
        Subscription(_("Nya motioner"), reverse("feeds:motions", args=[municipality_id]), ATOM),
        Subscription(_("Beslut"), reverse("feeds:decisions", args=[municipality_id]), ATOM),
        Subscription(_("Justerade protokoll"), reverse("feeds:minutes", args=[municipality_id]), ATOM),
        Subscription(_("Sammanträden"), reverse("feeds:calendar", args=[municipality_id]), CALENDAR),
    ]
