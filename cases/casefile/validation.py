"""Reading a case file's values with the path of each, for messages that
point at the value at fault."""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator, TextIO

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
    """The case file's value, read whole (the web's and the tests' case files; see read_cases)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise CaseFileError("", _("ogiltig JSON: för djupt nästlad")) from None
    except json.JSONDecodeError as error:
        raise CaseFileError(
            "", _("ogiltig JSON på rad %(line)s, kolumn %(col)s: %(msg)s")
            % {"line": error.lineno, "col": error.colno, "msg": error.msg}
        ) from None


_CHUNK = 1 << 16


def read_cases(stream: TextIO) -> Iterator[tuple[str, Any]]:
    """The cases of a case file read from `stream`, one at a time, each with
    its path ("" for a file of one case, "[12]" for the thirteenth in a
    list): a file of a million cases is never held in memory whole, only the
    case being imported. Malformed JSON is refused with its line and column
    in the file, when the reading reaches it."""
    reader = _Reader(stream)
    if reader.peek() != "[":
        yield "", reader.value(whole=True)
        return
    reader.take("[")
    index = 0
    while True:
        if reader.peek() == "]" and index == 0:
            reader.take("]")
            break
        yield f"[{index}]", reader.value()
        index += 1
        following = reader.peek()
        if following == "]":
            reader.take("]")
            break
        if following != ",":
            reader.fail(_("väntade , eller ] efter ett ärende"))
        reader.take(",")
    if reader.peek() != "":
        reader.fail(_("text efter listans slut"))


class _Reader:
    """A JSON text read a chunk at a time, keeping only what is not yet read
    (and the line and column where that begins, for messages)."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.buffer = ""
        self.eof = False
        self.line = 1  # of self.buffer[0] in the file
        self.column = 1
        self.decoder = json.JSONDecoder()

    def _more(self, size: int = _CHUNK) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(size)
        self.eof = not chunk
        self.buffer += chunk
        return bool(chunk)

    def _skip(self, count: int) -> None:
        skipped, self.buffer = self.buffer[:count], self.buffer[count:]
        newlines = skipped.count("\n")
        if newlines:
            self.line += newlines
            self.column = count - skipped.rfind("\n")
        else:
            self.column += count

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            stripped = self.buffer.lstrip(" \t\r\n")
            self._skip(len(self.buffer) - len(stripped))
            if self.buffer or not self._more():
                return self.buffer[:1]

    def take(self, character: str) -> None:
        self._skip(len(character))

    def fail(self, message: str, at: int = 0):
        before = self.buffer[:at]
        line = self.line + before.count("\n")
        column = at - before.rfind("\n") if "\n" in before else self.column + at
        raise CaseFileError("", _("ogiltig JSON på rad %(line)s, kolumn %(col)s: %(msg)s")
                            % {"line": line, "col": column, "msg": message})

    def value(self, *, whole: bool = False) -> Any:
        """The next JSON value; `whole`: the rest of the file is one value."""
        size = _CHUNK
        while True:
            if whole:
                while self._more(size):
                    size *= 2
            try:
                value, end = self.decoder.raw_decode(self.buffer)
            except RecursionError:
                raise CaseFileError("", _("ogiltig JSON: för djupt nästlad")) from None
            except json.JSONDecodeError as error:
                # Cut off where the chunk ended (a string, or a literal such as "fals")? Then read on;
                # an error further back is one in the file.
                cut = error.msg.startswith("Unterminated string") or error.pos >= len(self.buffer.rstrip()) - 5
                if cut and self._more(size):
                    size *= 2
                    continue
                self.fail(error.msg, error.pos)
            # A number or a literal may go on in the next chunk.
            if end == len(self.buffer) and self._more(size):
                continue
            self._skip(end)
            if whole and self.peek() != "":
                self.fail(_("text efter värdet"))
            return value
