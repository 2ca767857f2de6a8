"""The signed documents as stored at signing, found once and remembered."""

from dataclasses import dataclass

from django.core.cache import cache

from decisions.models import RenderedDocument
from organisation.models import Meeting


@dataclass(frozen=True)
class StoredFile:
    name: str  # in the media storage
    size: int
    filename: str  # as the reader's browser saves it
    published: bool  # on the site for everyone (publication review), or the registry's only


# A signed document never changes, but its publication may: what is remembered is forgotten when it
# changes (forget_document, on publication.signals.state_changed), and in any case after this long, for
# the cache of another process (the default in-memory cache is per process; CACHE_URL shares one).
REMEMBER_FOR = 60  # seconds


def _remembered(key: str, documents, filename) -> StoredFile | None:
    """A signed document, once found, is remembered and served without a
    query. `documents` makes the queryset only when needed: even building
    one costs more than the cache lookup."""
    found = cache.get(key)
    if found is None:
        document = documents().select_related("meeting__body", "item").first()
        if document is None:
            return None
        found = StoredFile(document.file.name, document.size, filename(document), document.is_published)
        cache.set(key, found, timeout=REMEMBER_FOR)
    return found


def _short(meeting: Meeting) -> str:
    return f"{meeting.body.short_name or meeting.body_id}"


def forget_document(document: RenderedDocument) -> None:
    """What is remembered of the document (its publication changed)."""
    cache.delete_many([f"archived:{document.meeting_id}:{document.kind}", f"archived-extract:{document.item_id}"])


def download_name(document: RenderedDocument) -> str:
    """The name a stored document is saved under: "protokoll-KS-2021-09-06.pdf",
    "anslag-KS-2021-09-06.pdf", "protokollsutdrag-KS-2021-12.pdf" (its meeting's body read, and
    an extract's paragraph)."""
    if document.kind == RenderedDocument.Kind.EXTRACT:
        return f"protokollsutdrag-{_short(document.meeting)}-{document.item.year}-{document.item.number}.pdf"
    prefix = "protokoll" if document.kind == RenderedDocument.Kind.PROTOCOL else "anslag"
    return f"{prefix}-{_short(document.meeting)}-{document.meeting.date:%Y-%m-%d}.pdf"


def archived_file(meeting_id: int, kind: str) -> StoredFile | None:
    """The signed protocol or notice of a meeting, as stored at signing."""
    return _remembered(
        f"archived:{meeting_id}:{kind}",
        lambda: RenderedDocument.objects.filter(meeting_id=meeting_id, kind=kind, archived=True, item=None),
        download_name,
    )


def posted_agendas(meeting: Meeting) -> list[RenderedDocument]:
    """The meeting's announcements (kungörelse) or notices of meeting
    (kallelse) as put on the notice board, each version, the latest first."""
    return list(RenderedDocument.objects.filter(meeting=meeting, version__isnull=False).order_by("-version"))


def archived_extract(item_id: int) -> StoredFile | None:
    """The extract of a paragraph of signed minutes, as stored at signing."""
    return _remembered(
        f"archived-extract:{item_id}",
        lambda: RenderedDocument.objects.filter(item_id=item_id, kind=RenderedDocument.Kind.EXTRACT, archived=True),
        download_name,
    )


def archived_extracts(item_ids) -> dict[int, RenderedDocument]:
    """The extracts stored at signing of the paragraphs `item_ids`, by paragraph,
    with their publication state (the case page's list): one query."""
    return {document.item_id: document for document in RenderedDocument.objects.filter(
        item_id__in=list(item_ids), kind=RenderedDocument.Kind.EXTRACT, archived=True,
    ).only("pk", "item_id", "meeting_id", "kind", "publication_state")}


def archived_documents(meeting: Meeting) -> dict[str, RenderedDocument]:
    """The protocol and the notice stored at the meeting's signing, by kind, with their publication state."""
    return {document.kind: document for document in RenderedDocument.objects.filter(
        meeting=meeting, archived=True, item=None,
        kind__in=[RenderedDocument.Kind.PROTOCOL, RenderedDocument.Kind.NOTICE],
    ).only("pk", "meeting_id", "kind", "publication_state")}
