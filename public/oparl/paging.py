"""OParl's external lists (2.5): a page of objects (`data`), its size (`pagination`) and the
links to the first and the next page (`links`). A page starts after the last object of the page
before, by id (keyset paging, never an offset): page 20,000 of a million papers costs what the
first does, and an object made while a client reads the list is neither skipped nor given twice.
A list read from several tables reads them one after the other."""

from django.db.models import Q

from public.oparl.common import Context
from public.oparl.kinds import Kind
from public.oparl.params import ListParams


def list_page(sources: list[tuple[Kind, Q]], params: ListParams, ctx: Context, url: str) -> dict:
    """The page of the list `url` that `params` asks for. `sources`: the list's kinds of rows in
    their order, each with the condition that keeps the list's own (an organisation's). A fixed
    number of queries: each kind's page and its batch reads, and at most one look per later kind
    for whether the list goes on."""
    several = len(sources) > 1
    letters = [kind.letter for kind, _ in sources]
    start, after = 0, None
    if params.after is not None:
        letter, after = params.after
        start = letters.index(letter) if several else 0
    room, more, pages, last = params.per_page, False, [], None
    for index in range(start, len(sources)):
        kind, condition = sources[index]
        rows = kind.filtered(kind.rows().filter(condition), params, ctx)
        if index == start and after is not None:
            rows = rows.filter(pk__gt=after)
        rows = rows.order_by("pk")
        if room == 0:
            more = rows.exists()
            if more:
                break
            continue
        batch = list(rows[: room + 1])
        if len(batch) > room:
            more, batch = True, batch[:room]
        if batch:
            pages.append((kind, batch))
            last = (kind.letter if several else "", batch[-1].pk)
            room -= len(batch)
        if more:
            break
    data = [obj for kind, batch in pages for obj in kind.write(batch, ctx)]
    links = {"first": _with_query(url, params.query()), "self": _with_query(url, params.query(
        after=f"{params.after[0]}{params.after[1]}" if params.after else None))}
    if more and last is not None:
        links["next"] = _with_query(url, params.query(after=f"{last[0]}{last[1]}"))
    return {"data": data, "pagination": {"elementsPerPage": params.per_page}, "links": links}


def whole_list(data: list[dict], params: ListParams, url: str) -> dict:
    """A short list given on one page (an organisation's terms of office)."""
    return {"data": data, "pagination": {"elementsPerPage": max(params.per_page, len(data)),
                                         "currentPage": 1, "totalPages": 1, "totalElements": len(data)},
            "links": {"first": _with_query(url, params.query()), "self": _with_query(url, params.query())}}


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url
