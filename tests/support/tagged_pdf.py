"""A tagged PDF's structure tree read back with pypdf: each element's type
(H1, P, L, LI, Table, TH, ...), its attributes, and the text of the marked
content under it, as a reader that follows the tree (a screen reader, an
export to HTML) would get it."""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, IndirectObject

_HYPHEN_AT_END = re.compile(r"\w-$")


@dataclass
class Element:
    tag: str  # the structure type without its slash: "H1", "LI", "TH"
    own_text: str  # the text of the marked content directly under it
    attributes: dict
    id: str = ""
    children: list["Element"] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Its text and its descendants', in the tree's order, spaces collapsed; a word
        broken after its hyphen at the end of a line ("nej-" "röst") joined again."""
        text = ""
        for piece in (self.own_text, *(child.text for child in self.children)):
            if piece:
                text += piece if not text or _HYPHEN_AT_END.search(text) else " " + piece
        return text

    def walk(self) -> Iterator["Element"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all(self, *tags: str) -> list["Element"]:
        return [element for element in self.walk() if element.tag in tags]


@dataclass
class TaggedPdf:
    catalog: DictionaryObject
    info: dict
    xmp: str  # the XMP metadata packet
    root: Element  # the Document element

    @property
    def headings(self) -> list[tuple[str, str]]:
        """(H1..H6, text) in reading order."""
        return [(element.tag, element.text) for element in self.root.walk() if re.fullmatch(r"H[1-6]", element.tag)]


def is_true(value) -> bool:
    """A PDF boolean that is true (not merely a value that is there)."""
    return isinstance(value, BooleanObject) and bool(value)


def _page_texts(page) -> dict[int, str]:
    """MCID → the text drawn inside that marked-content sequence on the page."""
    texts: dict[int, str] = {}
    open_ids: list[int | None] = []

    def before(operator, operands, cm, tm):
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else None
            open_ids.append(int(properties["/MCID"]) if isinstance(properties, dict) and "/MCID" in properties
                            else None)
        elif operator == b"BMC":
            open_ids.append(None)
        elif operator == b"EMC" and open_ids:
            open_ids.pop()

    def text(drawn, cm, tm, font, size):
        current = next((mcid for mcid in reversed(open_ids) if mcid is not None), None)
        if current is not None:
            texts[current] = texts.get(current, "") + drawn

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """(page index, MCID) → the text drawn inside that marked-content sequence."""
    return {(index, mcid): text for index, page in enumerate(reader.pages)
            for mcid, text in _page_texts(page).items()}


def _element(node: DictionaryObject, texts: dict, pages: dict[int, int], page: int | None) -> Element:
    if "/Pg" in node:
        page = pages[node.raw_get("/Pg").idnum]
    kids = node.get("/K", ArrayObject())
    kids = kids if isinstance(kids, ArrayObject) else [kids]
    own, children = [], []
    for kid in kids:
        if isinstance(kid, IndirectObject):
            kid = kid.get_object()
        if isinstance(kid, DictionaryObject):
            if kid.get("/Type") == "/MCR":
                own.append(texts.get((pages[kid.raw_get("/Pg").idnum] if "/Pg" in kid else page, int(kid["/MCID"])),
                                     ""))
            elif "/S" in kid:
                children.append(_element(kid, texts, pages, page))
        else:
            own.append(texts.get((page, int(kid)), ""))
    attributes = node.get("/A", {})
    return Element(tag=str(node["/S"]).lstrip("/"), own_text=" ".join("".join(own).split()),
                   attributes=dict(attributes) if isinstance(attributes, dict) else {},
                   id=str(node.get("/ID", "")), children=children)


def read_tagged(pdf: bytes) -> TaggedPdf:
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    texts = _marked_texts(reader)
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    assert "/StructTreeRoot" in catalog, "not tagged: the PDF has no structure tree"
    tree = catalog["/StructTreeRoot"]
    kids = tree["/K"] if isinstance(tree["/K"], ArrayObject) else [tree["/K"]]
    (document,) = [_element(kid.get_object(), texts, pages, None) for kid in kids]
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8") if "/Metadata" in catalog else ""
    return TaggedPdf(catalog=catalog, info=dict(reader.metadata or {}), xmp=xmp, root=document)
