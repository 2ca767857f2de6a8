"""Writing the package's XML with the standard library: elements in the order the schemas want
them, the same bytes for the same data."""

import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XLINK = "http://www.w3.org/1999/xlink"


def element(tag: str, attributes: dict | None = None, text: str | None = None) -> ET.Element:
    """An element with the attributes that have a value (None and "" are left out)."""
    made = ET.Element(tag, {name: str(value) for name, value in (attributes or {}).items()
                            if value is not None and value != ""})
    if text is not None:
        made.text = str(text)
    return made


def sub(parent: ET.Element, tag: str, attributes: dict | None = None, text: str | None = None) -> ET.Element:
    made = element(tag, attributes, text)
    parent.append(made)
    return made


def to_bytes(root: ET.Element, namespaces: dict[str, str]) -> bytes:
    """The document as UTF-8 with its declaration, indented, each namespace under its usual
    prefix (declared on the root, where ElementTree writes them)."""
    for prefix, uri in namespaces.items():
        ET.register_namespace(prefix, uri)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode() + b"\n"


def moment(value: datetime.datetime) -> str:
    """An xs:dateTime in UTC, to the second: 2022-03-10T08:15:02Z."""
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def day(value: datetime.date) -> str:
    """A date as the xs:dateTime the ERMS schema asks for: its start, in the installation's time zone."""
    return datetime.datetime.combine(value, datetime.time(), tzinfo=timezone.get_default_timezone()).isoformat()
