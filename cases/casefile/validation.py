"""Reading a case file's values with the path of each, for messages that
point at the value at fault."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any, Callable

from django.utils.translation import gettext as _

from lib.errors import DomainError
from lib.time_limits import FIRST_YEAR, LAST_YEAR


def _length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_TIME = re.compile(r"\d{2}:\d{2}")


class CaseFileError(Exception):
    """Bad input in a case file, with the path of the value at fault."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class Node:
    """A value in the file together with its path, for messages that point at it."""

    def __init__(self, value: Any, path: str):
        self.value = value
        self.path = path

    def at(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def error(self, message: str, key: str | int | None = None) -> CaseFileError:
        return CaseFileError(self.at(key) if key is not None else self.path or "(fil)", message)

    def object(self, required: set[str], optional: set[str]) -> "Node":
        if not isinstance(self.value, dict):
            raise self.error(_("ska vara ett objekt"))
        for key in sorted(required):
            value = self.value.get(key)
            if value is None or value == [] or (isinstance(value, str) and not value.strip()):
                raise self.error(_("saknas men krävs"), key)
        unknown = sorted(set(self.value) - required - optional)
        if unknown:
            raise self.error(
                _("okänd nyckel; tillåtna är: %(keys)s") % {"keys": ", ".join(sorted(required | optional))},
                unknown[0],
            )
        return self

    def child(self, key: str) -> "Node":
        return Node(self.value.get(key), self.at(key))

    def str(self, key: str, default: str = "", *, max_length: int | None = None) -> str:
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
        value = self.value.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
                raise ValueError
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise self.error(
                _("%(value)s är inget giltigt datum (ÅÅÅÅ-MM-DD)") % {"value": json.dumps(value)}, key
            ) from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise self.error(_("%(value)s ligger utanför åren %(first)s–%(last)s")
                             % {"value": value, "first": FIRST_YEAR, "last": LAST_YEAR}, key)
        return day

    def time(self, key: str) -> datetime.time | None:
        """A time of day, "HH:MM" (as "13:00")."""
        value = self.value.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _TIME.fullmatch(value):
                raise ValueError
            return datetime.time.fromisoformat(value)
        except ValueError:
            raise self.error(
                _("%(value)s är inget giltigt klockslag (TT:MM)") % {"value": json.dumps(value)}, key
            ) from None

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.value.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(_("ska vara true eller false"), key)
        return value

    def list(self, key: str) -> list["Node"]:
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(_("ska vara en lista"), key)
        return [Node(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value)]

    def strings(self, key: str) -> list[str]:
        nodes = self.list(key)
        for node in nodes:
            if not isinstance(node.value, str) or not node.value.strip():
                raise node.error(_("ska vara en text"))
            if "\x00" in node.value:
                raise node.error(_("innehåller ett nolltecken (\\u0000)"))
        return [node.value for node in nodes]

    def choice(self, key: str, choices, default: str = "") -> str:
        value = self.str(key, default)
        if value and value not in choices.values:
            raise self.error(
                _("%(value)s är inte ett av: %(choices)s")
                % {"value": json.dumps(value), "choices": ", ".join(choices.values)},
                key,
            )
        return value


def path_of(node: Node, error: DomainError, keys: dict[str, str] | None = None) -> str:
    """The path of the value a refused step names: the file's key for the
    service's field (`keys` maps the services' names to the file's, where
    they differ) and, for a list, the element at the error's index; else
    the node itself."""
    values = node.value if isinstance(node.value, dict) else {}
    key = (keys or {}).get(error.field, error.field)
    if key not in values:
        return node.path or "(fil)"
    path = node.at(key)
    items = values[key]
    if error.index is not None and isinstance(items, list) and 0 <= error.index < len(items):
        path = f"{path}[{error.index}]"
    return path


def call(node: Node, run: Callable[[], Any], keys: dict[str, str] | None = None) -> Any:
    """run(), with a refusal turned into a CaseFileError at the path it names (see path_of)."""
    try:
        return run()
    except DomainError as error:
        raise CaseFileError(path_of(node, error, keys), error.message) from None


def parse(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise CaseFileError("", _("ogiltig JSON: för djupt nästlad")) from None
    except json.JSONDecodeError as error:
        raise CaseFileError(
            "", _("ogiltig JSON på rad %(line)s, kolumn %(col)s: %(msg)s")
            % {"line": error.lineno, "col": error.colno, "msg": error.msg}
        ) from None
