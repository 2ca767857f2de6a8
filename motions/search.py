"""The case list's full-text search: Swedish words, stemmed ("bänkar" finds
"bänk"), every word of the query in the case, the best match first, and a
snippet of the text around the words found.

Each case's texts are SearchEntry rows, one per text, written by the app
that owns the text in the step that changes it (`index_text`; the motion's
own through `index_motion`), and joined into the case's SearchDocument in
the same transaction. On PostgreSQL the document is a `tsvector` of the
`swedish` configuration with a GIN index, ranked by ts_rank, its snippet by
ts_headline. On SQLite it is a row of an FTS5 table (created by the motions
migration search_entries) holding the words stemmed here with the Snowball
Swedish stemmer, which PostgreSQL's `swedish` configuration also uses,
ranked by bm25; the snippet is built here from the text.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Subquery,
    TextField,
    Value,
)
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from motions.models import Motion, SearchDocument, SearchEntry

# Each kind of text and its weight: a word in the title counts most, then the
# motion's own texts, then what the bodies and the minutes say of it.
SOURCES = {"title": "A", "motion": "B", "answer": "C", "paragraph": "C"}
WEIGHTS = ("A", "B", "C")

# The FTS5 table of the SQLite index: one row a case (rowid = the motion's id),
# a column of stemmed words per weight.
FTS_TABLE = "motions_search_fts"
# bm25's weight per column, as ts_rank's default weights of A, B and C (1.0, 0.4, 0.2).
FTS_WEIGHTS = "1.0, 0.4, 0.2"

# A query is cut to this many distinct words; the form allows 200 characters.
MAX_TERMS = 32

# The words searched for are marked in the snippet by these (Unicode private
# use) characters, removed from every indexed text, and turned into <mark>
# after the snippet is escaped.
START, STOP = "\ue000", "\ue001"
# The snippet: the few words around the best match.
SNIPPET_WORDS = 24

# Snowball's Swedish stop words, as PostgreSQL's `swedish` configuration drops
# them from a query (tsearch_data/swedish.stop): a query of these alone has no
# word to search for.
STOP_WORDS = frozenset("""
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du henne
då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut när efter upp vi dem vara
vad över än dig kan sina här ha mot alla under någon eller allt mycket sedan ju denna själv detta åt utan
varit hur ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess
inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas
""".split())

_WORD = re.compile(r"[^\W_]+")
# Control characters (NUL among them) and the snippet's markers: never stored, never searched for.
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")


def clean(text: str) -> str:
    """The text as it is indexed and searched: composed Unicode (a decomposed
    "ä" is "ä"), without control characters."""
    return _UNWANTED.sub("", unicodedata.normalize("NFC", text or ""))


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("swedish")


def stems(text: str) -> list[str]:
    """The text's words, lower case and stemmed, in order."""
    return _stemmer().stemWords(_WORD.findall(clean(text).lower()))


def query_terms(q: str) -> list[str]:
    """The stemmed words a query searches for: without stop words, each once,
    at most MAX_TERMS. Quotes, OR, a minus sign and other punctuation are no
    operators: every word is looked for."""
    words = [w for w in _WORD.findall(clean(q).lower()) if w not in STOP_WORDS]
    return list(dict.fromkeys(_stemmer().stemWords(words)))[:MAX_TERMS]


def _query_text(q: str) -> str:
    """The query for PostgreSQL's plainto_tsquery, which reads its words as
    to_tsvector reads the texts' (a case number among them) and knows no
    operators."""
    return clean(q)[:1000]


# --- Indexing --------------------------------------------------------------

def index_text(motion: Motion | int, *, source: str, key: str | int = "", text: str) -> None:
    """Set one of the case's texts in the search index (an empty text removes
    it) and rebuild the case's document. Call in the transaction of the step
    that changed the text."""
    if source not in SOURCES:
        raise ValueError(f"unknown search source {source!r}")
    motion_id = getattr(motion, "pk", motion)
    _lock_document(motion_id)
    _put(motion_id, source, str(key), text)
    _rebuild(motion_id)


def index_motion(motion: Motion) -> None:
    """Index the motion's own texts: its case number and title; its summary,
    text and operative clauses (att-satser). After filing and every correction."""
    _lock_document(motion.pk)
    _put(motion.pk, "title", "", f"{motion.case_number} {motion.title}")
    clauses = [clause.text for clause in motion.clauses.order_by("number")]
    _put(motion.pk, "motion", "", "\n".join([motion.summary, *clauses, motion.text]))
    _rebuild(motion.pk)


def _lock_document(motion_id: int) -> None:
    """Lock the case's document (creating it), so that two steps indexing the
    same case one after the other each build it from all its texts."""
    SearchDocument.objects.select_for_update().get_or_create(motion_id=motion_id)


def _put(motion_id: int, source: str, key: str, text: str) -> None:
    text = clean(text).strip()
    if text:
        SearchEntry.objects.update_or_create(motion_id=motion_id, source=source, key=key,
                                             defaults={"text": text})
    else:
        SearchEntry.objects.filter(motion_id=motion_id, source=source, key=key).delete()


def _rebuild(motion_id: int) -> None:
    entries = sorted(SearchEntry.objects.filter(motion_id=motion_id).values_list("source", "key", "text"),
                     key=lambda e: (WEIGHTS.index(SOURCES[e[0]]), e[0], e[1].zfill(20)))
    by_weight = {weight: "\n".join(t for s, _k, t in entries if SOURCES[s] == weight) for weight in WEIGHTS}
    if connection.vendor == "postgresql":
        vector = None
        for weight in WEIGHTS:
            part = SearchVector(Value(by_weight[weight]), config="swedish", weight=weight)
            vector = part if vector is None else vector + part
        SearchDocument.objects.filter(motion_id=motion_id).update(vector=vector)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [motion_id])
            cursor.execute(f"INSERT INTO {FTS_TABLE} (rowid, a, b, c) VALUES (%s, %s, %s, %s)",
                           [motion_id, *(" ".join(stems(by_weight[w])) for w in WEIGHTS)])


def forget(motion: Motion) -> None:
    """Take the case out of the index: before it is removed from the register."""
    SearchEntry.objects.filter(motion_id=motion.pk).delete()
    SearchDocument.objects.filter(motion_id=motion.pk).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [motion.pk])


# --- Searching -------------------------------------------------------------

class _FtsMatch(Func):
    """SQLite: the case's id is among the FTS5 table's matches (one lookup for the whole query)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection):  # noqa: ARG002 (as Django calls it)
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        match_sql, match_params = compiler.compile(self.source_expressions[1])
        return (f"{pk_sql} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {match_sql})",
                [*pk_params, *match_params])


class _FtsRank(Func):
    """SQLite: the case's bm25 rank, larger is better."""

    output_field = FloatField()

    def as_sql(self, compiler, connection):  # noqa: ARG002 (as Django calls it)
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        match_sql, match_params = compiler.compile(self.source_expressions[1])
        return (f"(SELECT -bm25({FTS_TABLE}, {FTS_WEIGHTS}) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH {match_sql} AND rowid = {pk_sql})", [*match_params, *pk_params])


class _Texts(Aggregate):
    """The texts joined, one a line (PostgreSQL's string_agg, SQLite's group_concat)."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="STRING_AGG",
                           template="%(function)s(%(expressions)s, E'\\n')", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT",
                           template="%(function)s(%(expressions)s, char(10))", **extra)


def _hit_text():
    """A case's texts besides its title (the title is shown beside the snippet)."""
    return Subquery(SearchEntry.objects.filter(motion_id=OuterRef("motion_id")).exclude(source="title")
                    .order_by().values("motion_id").annotate(texts=_Texts("text")).values("texts"))


class _Headline(Func):
    """SQLite: motions_search_headline(text, terms), a Python function
    registered on each connection (motions.apps)."""

    function = "motions_search_headline"
    output_field = TextField()


def _match_expression(terms: list[str]) -> str:
    """An FTS5 query of the stemmed words, each quoted: every word required, no operator."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def search(queryset, q: str):
    """The cases of `queryset` that hold every word of `q` (stemmed, stop
    words left out), annotated with `search_rank` (by_rank orders by it;
    computed only for the rows fetched when the list keeps its order). Each case
    fetched gets `search_hit`, its SearchDocument with the `snippet` of its
    text around the words: computed for the rows fetched (a page) only.

    A query without a word to search for (only punctuation, only stop
    words) finds nothing; the list's form says so (cases.forms)."""
    terms = query_terms(q)
    if not terms:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        query = SearchQuery(_query_text(q), config="swedish", search_type="plain")
        queryset = queryset.filter(search_document__vector=query).annotate(
            search_rank=SearchRank(F("search_document__vector"), query))
        headline = SearchHeadline(_hit_text(), query, config="swedish", start_sel=START, stop_sel=STOP,
                                  max_words=SNIPPET_WORDS, min_words=SNIPPET_WORDS // 2, max_fragments=2,
                                  fragment_delimiter=" … ")
    else:
        match = Value(_match_expression(terms))
        queryset = queryset.filter(_FtsMatch(F("pk"), match)).annotate(search_rank=_FtsRank(F("pk"), match))
        headline = _Headline(_hit_text(), Value(" ".join(terms)))
    return queryset.prefetch_related(Prefetch(
        "search_document", queryset=SearchDocument.objects.annotate(headline=headline), to_attr="search_hit"))


def by_rank(queryset):
    """The search's cases (search) in the order of their rank, the best first,
    the list's own order breaking ties. Ranking reads every match: the list
    ranks only when it knows the matches are few (cases.views)."""
    return queryset.order_by(F("search_rank").desc(), *queryset.query.order_by)


# --- The snippet -----------------------------------------------------------

def headline(text: str, terms: str) -> str:
    """The few words of `text` around the most of the stemmed `terms`
    (space-separated), each found word between START and STOP; "" when none
    is found. SQLite's ts_headline (registered as motions_search_headline)."""
    wanted = set((terms or "").split())
    text = text or ""
    words = list(_WORD.finditer(text))
    found = [i for i, m in enumerate(words) if _stemmer().stemWord(m.group().lower()) in wanted]
    if not found:
        return ""
    # The window of SNIPPET_WORDS words that holds the most found words, the earliest of equals.
    best, best_count = found[0], 0
    for first in found:
        count = sum(1 for i in found if first <= i < first + SNIPPET_WORDS)
        if count > best_count:
            best, best_count = first, count
    start = max(0, best - 3)
    end = min(len(words), start + SNIPPET_WORDS)
    hits = {i for i in found if start <= i < end}
    # From the text's beginning, or a word; to its end, or a word.
    out, at = [], 0 if start == 0 else words[start].start()
    for i in range(start, end):
        m = words[i]
        out.append(text[at:m.start()])
        out.append(f"{START}{m.group()}{STOP}" if i in hits else m.group())
        at = m.end()
    if end == len(words):
        out.append(text[at:])
    snippet = " ".join("".join(out).split())
    return ("… " if start > 0 else "") + snippet + (" …" if end < len(words) else "")


def snippet_html(raw: str) -> SafeString:
    """A headline as HTML: the text escaped, each found word in <mark>; empty
    when no word is marked (the match was in the title or case number)."""
    if not raw or START not in raw:
        return mark_safe("")
    html = escape(raw).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 (escaped above; only the markers become tags)


def register_sqlite_functions(sender, connection, **kwargs) -> None:  # noqa: ARG001 (a signal's receiver)
    """connection_created: give a new SQLite connection the snippet function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("motions_search_headline", 2, headline, deterministic=True)
