"""Reading the values of a JSON file (a case file, an organisation file) with
the path of each, so that a message points at the value at fault:
`minute_items[2].votes[0].yes: ska vara ett heltal …`."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.utils.translation import gettext as _

from lib.time_limits import FIRST_YEAR, LAST_YEAR

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}")


def max_length(model, name: str) -> int:
    """The length a stored text may have: the model field's."""
    return model._meta.get_field(name).max_length


class FileValue:
    """A value in the file together with its path. Each kind of file says
    how a bad value is refused (`error`)."""

    def __init__(self, value: Any, path: str):
        self.value = value
        self.path = path

    def at(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def error(self, message: str, key: str | int | None = None) -> Exception:
        raise NotImplementedError

    def child(self, key: str | int):
        value = self.value[key] if isinstance(key, int) else self.value.get(key)
        return type(self)(value, self.at(key))

    def str(self, key: str, default: str = "", *, max_length: int | None = None) -> str:
        """A text as given (its length counted without the spaces around it)."""
        value = self.value.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.error(_("ska vara en text"), key)
        if "\x00" in value:
            raise self.error(_("innehåller ett nolltecken (\\u0000)"), key)
        if max_length is not None and len(value.strip()) > max_length:
            raise self.error(_("är för lång: högst %(max)s tecken") % {"max": max_length}, key)
        return value

    def int(self, key: str, *, minimum: int = 1, maximum: int = 2_147_483_647) -> int | None:
        value = self.value.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
            raise self.error(
                _("ska vara ett heltal från %(min)s till %(max)s") % {"min": minimum, "max": maximum}, key
            )
        return value

    def date(self, key: str) -> datetime.date | None:
        """A date, "ÅÅÅÅ-MM-DD", within the years a case can concern."""
        value = self.value.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
                raise ValueError
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise self.error(_("%(value)s är inget giltigt datum (ÅÅÅÅ-MM-DD)")
                             % {"value": json.dumps(value, ensure_ascii=False)}, key) from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise self.error(_("%(value)s ligger utanför åren %(first)s–%(last)s")
                             % {"value": value, "first": FIRST_YEAR, "last": LAST_YEAR}, key)
        return day

    def time(self, key: str) -> datetime.time | None:
        """A time of day, "TT:MM" (as "13:00")."""
        value = self.value.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _TIME.fullmatch(value):
                raise ValueError
            return datetime.time.fromisoformat(value)
        except ValueError:
            raise self.error(_("%(value)s är inget giltigt klockslag (TT:MM)")
                             % {"value": json.dumps(value, ensure_ascii=False)}, key) from None

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.value.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(_("ska vara true eller false"), key)
        return value

    def list(self, key: str) -> list:
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(_("ska vara en lista"), key)
        return [type(self)(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value)]

    def choice(self, key: str, choices, default: str = "") -> str:
        """One of a TextChoices' values."""
        value = self.str(key, default)
        if value and value not in choices.values:
            raise self.error(
                _("%(value)s är inte ett av: %(choices)s")
                % {"value": json.dumps(value, ensure_ascii=False),
                   "choices": ", ".join(v for v in choices.values if v)},
                key,
            )
        return value
