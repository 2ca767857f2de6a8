"""The nightly bulk dump: each organisation's open data as one file, every public object of its
OParl API exactly as served at its own address, one JSON object a line (JSON Lines), gzipped,
stored in Django's storage (never by a path: the storage may be a bucket other machines share).

Read in batches by id and written through a temporary file, so that memory stays flat at a million
motions; the file is stored under a new name and recorded (BulkDump) before the older one is
deleted, so that the stable address (/oparl/body/<id>/dump.jsonl.gz) always serves a whole file."""

import gzip
import hashlib
import tempfile
from collections.abc import Iterator

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from organisation.models import Municipality
from public.models import BulkDump
from public.oparl import kinds
from public.oparl.common import Context
from public.oparl.http import encode
from public.oparl.selectors.organisation import terms_of
from public.oparl.serializers.legislative_term import legislative_term

# Rows read and written at a time.
BATCH = 500
# An organisation's lists in the order they are written, after the organisation itself.
LISTS = ("organizations", "people", "memberships", "legislative-terms", "meetings", "agenda-items", "papers",
         "consultations", "files")


def rows_in_batches(kind: kinds.Kind, condition: Q, ctx: Context, *, size: int = BATCH) -> Iterator[dict]:
    """Every public object of `kind` within `condition`, standalone, in the order of their ids: a
    batch of `size` rows read (with its batch reads) and written at a time."""
    after = 0
    while True:
        rows = list(kind.rows().filter(condition, pk__gt=after).order_by("pk")[:size])
        if not rows:
            return
        yield from kind.write(rows, ctx)
        after = rows[-1].pk


def objects_of(organisation: Municipality, ctx: Context, *, size: int = BATCH) -> Iterator[dict]:
    """Every public object of the organisation's open data, each as the API serves it at its id."""
    yield from kinds.BODY.write([organisation], ctx)
    lists = kinds.in_organisation(organisation.pk)
    for name in LISTS:
        if name == "legislative-terms":
            for term in terms_of([organisation.pk], today=ctx.today)[organisation.pk]:
                yield legislative_term(term, ctx, standalone=True)
            continue
        for kind, condition in lists[name]:
            yield from rows_in_batches(kind, condition, ctx, size=size)


def write_dump(organisation: Municipality, *, size: int = BATCH) -> BulkDump:
    """Write the organisation's dump and make it the one served; the older one goes once this is
    committed."""
    ctx = Context()  # one moment for the whole file: the legal force and the meetings' states of that moment
    count = 0
    with tempfile.TemporaryFile() as raw, translation.override("sv"):  # as the API answers
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=int(ctx.now.timestamp())) as packed:
            for obj in objects_of(organisation, ctx, size=size):
                packed.write(encode(obj) + b"\n")
                count += 1
        size_written = raw.tell()
        raw.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: raw.read(1 << 20), b""):
            digest.update(chunk)
        raw.seek(0)
        name = default_storage.save(
            f"oparl/oparl-{organisation.pk}-{ctx.now:%Y%m%dT%H%M%S}.jsonl.gz", File(raw))
    with transaction.atomic():
        dump = BulkDump.objects.create(municipality=organisation, file=name, size=size_written,
                                       sha256=digest.hexdigest(), objects_written=count, written_at=ctx.now)
        older = list(BulkDump.objects.filter(municipality=organisation).exclude(pk=dump.pk))
        BulkDump.objects.filter(pk__in=[old.pk for old in older]).delete()
        names = [old.file.name for old in older if old.file.name != name]
        transaction.on_commit(lambda: [default_storage.delete(old) for old in names])
    return dump


def write_dumps() -> list[BulkDump]:
    """Every organisation's dump, one after the other (each stored and recorded on its own: one
    written stays written if a later one fails and the task is run again)."""
    return [write_dump(organisation) for organisation in Municipality.objects.order_by("pk")]
