"""Reading a case file's values with the path of each, for messages that
point at the value at fault."""

from __future__ import annotations

import json
from typing import Any, Callable

from django.utils.translation import gettext as _

from lib.errors import DomainError
from lib.jsonfile import FileValue


class CaseFileError(Exception):
    """Bad input in a case file, with the path of the value at fault."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class Node(FileValue):
    """A value in the case file together with its path."""

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

    def strings(self, key: str) -> list[str]:
        nodes = self.list(key)
        for node in nodes:
            if not isinstance(node.value, str) or not node.value.strip():
                raise node.error(_("ska vara en text"))
            if "\x00" in node.value:
                raise node.error(_("innehåller ett nolltecken (\\u0000)"))
        return [node.value for node in nodes]


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
