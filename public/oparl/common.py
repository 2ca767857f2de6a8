"""What every part of the OParl API shares: the context a response is built in, the objects'
addresses, dates as OParl writes them, and the vendor prefix of the extension fields."""

import datetime
import functools
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone, translation

OPARL = "https://schema.oparl.org/1.1/"
VERSION = "https://schema.oparl.org/1.1/"
# The fields OParl does not have are this product's own (OParl 1.1, "Herstellerspezifische
# Erweiterungen"), each documented in docs/oparl.md.
EXT = "motionsregistret:"
# The data may be used by anyone for anything (Swedish open data's usual licence).
LICENSE = "http://creativecommons.org/publicdomain/zero/1.0/"


def type_url(name: str) -> str:
    return f"{OPARL}{name}"


_LABELS: dict = {}


def label(choices, value: str) -> str:
    """A choice's label in the active language (Swedish in the API), read once a process: Django's
    get_FOO_display() hashes every choice at every call, thousands of times a page."""
    key = (choices, translation.get_language())
    if key not in _LABELS:
        _LABELS[key] = {choice: str(text) for choice, text in choices.choices}
    return _LABELS[key].get(value, value)


@functools.lru_cache(maxsize=4096)
def iso_datetime(moment: datetime.datetime | None) -> str | None:
    """A moment as OParl writes it: yyyy-mm-ddThh:mm:ss±hh:mm, in Swedish time, to the second
    (cut, never rounded up: an object modified at 12:00:00.7 says 12:00:00, and a client asking
    for what changed since then gets it)."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def iso_date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in Swedish time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def first_day_from(moment: datetime.datetime) -> datetime.date:
    """The first day whose start (start_of) is at or after `moment`."""
    day = timezone.localtime(moment).date()
    return day if start_of(day) >= moment else day + datetime.timedelta(days=1)


def latest(*moments) -> datetime.datetime | None:
    """The latest of the moments given, those missing left out."""
    given = [moment for moment in moments if moment is not None]
    return max(given) if given else None


def oparl_object(kind: str, url: str, **fields) -> dict:
    """An OParl object: its id and type, then the fields that have a value. OParl asks that a
    field without data is left out rather than given as null, "" or [] (2.4); the extension
    fields, added after, keep their nulls where docs/oparl.md says what a null means."""
    result = {"id": url, "type": type_url(kind)}
    result.update({name: value for name, value in fields.items() if value not in (None, "", [])})
    return result


def extended(obj: dict, **fields) -> dict:
    """`obj` with the extension fields given (by their names without the prefix)."""
    obj.update({f"{EXT}{name}": value for name, value in fields.items()})
    return obj


# A path segment as Django's reverse() quotes it (a case number holds a slash).
_SAFE = "!$&'()*+,;=/~:@"


class Links:
    """The objects' addresses, absolute and stable: built on SITE_URL (the address e-mails link to),
    never on the request's Host, so that an object has one id however it is reached. The paths are
    public/oparl/urls.py's, written out because a page names thousands of them and reverse() is slow;
    tests/public/test_oparl_api.py holds the two to each other."""

    def __init__(self, site: str | None = None):
        self.site = (site or settings.SITE_URL).rstrip("/")
        self.root = f"{self.site}/oparl/"

    def system(self) -> str:
        return self.root

    def bodies(self) -> str:
        return f"{self.root}bodies/"

    def body(self, pk: int) -> str:
        return f"{self.root}body/{pk}/"

    def body_list(self, pk: int, name: str) -> str:
        """One of an organisation's external lists: organizations, people, memberships,
        legislative-terms, meetings, agenda-items, papers, consultations, files."""
        return f"{self.root}body/{pk}/{name}/"

    def dump(self, pk: int) -> str:
        return f"{self.root}body/{pk}/dump.jsonl.gz"

    def catalogue(self) -> str:
        return f"{self.root}dcat.rdf"

    def legislative_term(self, organisation: int, election_year: int) -> str:
        return f"{self.root}legislative-term/{organisation}/{election_year}/"

    def organization(self, pk: int) -> str:
        return f"{self.root}organization/{pk}/"

    def organization_list(self, pk: int, name: str) -> str:
        return f"{self.root}organization/{pk}/{name}/"

    def person(self, pk: int) -> str:
        return f"{self.root}person/{pk}/"

    def membership(self, pk: int) -> str:
        return f"{self.root}membership/{pk}/"

    def meeting(self, pk: int) -> str:
        return f"{self.root}meeting/{pk}/"

    def agenda_item(self, pk: int) -> str:
        return f"{self.root}agenda-item/{pk}/"

    def paper(self, pk: int) -> str:
        return f"{self.root}paper/{pk}/"

    def referral_consultation(self, pk: int) -> str:
        return f"{self.root}consultation/referral/{pk}/"

    def paragraph_consultation(self, item_id: int, motion_id: int) -> str:
        return f"{self.root}consultation/paragraph/{item_id}/{motion_id}/"

    def document_file(self, pk: int) -> str:
        return f"{self.root}file/document/{pk}/"

    def minutes_file(self, pk: int) -> str:
        return f"{self.root}file/minutes/{pk}/"

    # The product's own pages and files (the `web`, `accessUrl` and `downloadUrl` fields).

    def home(self) -> str:
        return f"{self.site}/"

    def case_page(self, case_number: str) -> str:
        return f"{self.site}/arenden/{quote(case_number, safe=_SAFE)}/"

    def case_document(self, case_number: str, number: int) -> str:
        return f"{self.site}/arenden/{quote(case_number, safe=_SAFE)}/handlingar/{number}/"

    def meeting_page(self, pk: int) -> str:
        return f"{self.site}/sammantraden/{pk}/"

    def protocol_pdf(self, meeting_id: int) -> str:
        return f"{self.site}/sammantraden/{meeting_id}/protokoll.pdf"

    def notice_pdf(self, meeting_id: int) -> str:
        return f"{self.site}/sammantraden/{meeting_id}/anslag.pdf"

    def extract_pdf(self, item_id: int) -> str:
        return f"{self.site}/paragrafer/{item_id}/protokollsutdrag.pdf"


@dataclass
class Context:
    """What a response (or the bulk dump) is built with: the addresses, the day and the moment the
    derived facts are taken on (legal force, the meeting's state), and what is read once and kept
    for the rest of the response (the organisations' paths of preparation)."""

    links: Links = field(default_factory=Links)
    now: datetime.datetime = field(default_factory=timezone.now)
    cache: dict = field(default_factory=dict)

    @property
    def today(self) -> datetime.date:
        return timezone.localtime(self.now).date()
