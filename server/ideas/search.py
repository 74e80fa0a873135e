"""Full-text search of ideas that understands Swedish (and English), on both databases.

What is searched: an idea's title, description and comments, never a person's
name, so a search cannot tell who submitted an anonymous idea. Each query word
must be found, either as a word (its Swedish or English stem, or as written:
``halkade`` finds "halka") or as part of a longer word (its stem inside a
compound: ``handske`` finds "skyddshandskar"). Text is folded the way a Swede
reads it: case and accents go (é = e), but å, ä and ö stay letters of their own.

The index lives beside the models, kept in step by database triggers, so that
every way an idea or comment changes (the services, bulk updates, erasure,
cascades) updates it:

* PostgreSQL: the table ``idea_search`` with a stored ``tsvector`` (the
  ``swedish``, ``english`` and ``simple`` configurations; title weighted A,
  description B, comments C) in a GIN index, and the folded text in a
  ``pg_trgm`` GIN index for the parts of compound words.
* SQLite: two FTS5 tables, ``idea_search`` of stemmed words (stemmed here in
  Python with Snowball, through SQL functions each connection registers) and
  ``idea_search_trigram`` of the folded text with the trigram tokenizer.

The tables are not models; ``search_index`` installs, repairs and removes them.
"""
from __future__ import annotations

import math
import re
import sqlite3
import unicodedata
from functools import lru_cache

import snowballstemmer
from sqlalchemy import (ARRAY, Float, any_, Text, Uuid, bindparam, cast, column, event, func, literal_column,
                        select, table, union)
from sqlalchemy.engine import Engine

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# How many of a search's newest matches relevance ranks (queries.py says why); the
# server's SEARCH_RANKED_MATCHES.
RANKED_MATCHES = 200
# A part of a word shorter than this is not looked for inside other words: the
# trigram indexes cannot find it, and "el" inside every other word helps nobody.
MIN_PART = 3

# Letters a Swede reads as another: é is e, but å, ä and ö are letters of their own.
# Danish and Norwegian æ and ø are read as ä and ö; ü as y, as Swedish sorts it.
_PAIRS = {"e": "éèêë", "a": "áàâã", "i": "íìîï", "o": "óòôõ", "u": "úùû", "c": "ç", "n": "ñ",
          "y": "ýÿü", "ä": "æ", "ö": "ø"}
_LOWER_FROM = "".join(_PAIRS.values())
_LOWER_TO = "".join(to * len(letters) for to, letters in _PAIRS.items())
# PostgreSQL's lower() follows the database's locale, so its fold (translate() in
# search_index.py) names capitals too.
FOLD_FROM = _LOWER_FROM + _LOWER_FROM.upper() + "ÅÄÖ"
FOLD_TO = _LOWER_TO * 2 + "åäö"
_FOLD = str.maketrans(_LOWER_FROM, _LOWER_TO)
_WORD = re.compile(r"[^\W_]+")

_SWEDISH = snowballstemmer.stemmer("swedish")
_ENGLISH = snowballstemmer.stemmer("english")


def fold(value: str | None) -> str:
    """Fold text for searching: one Unicode form, lower case, accents but å, ä, ö gone."""
    if not value:
        return ""
    return unicodedata.normalize("NFC", value).lower().translate(_FOLD)


def tokens(text: str | None) -> list[str]:
    """Split a text into its folded words, every one in order; punctuation is dropped."""
    return _WORD.findall(fold(text))


def words(query: str) -> list[str]:
    """Split a query into its folded words (at most ``MAX_WORDS``); punctuation is dropped."""
    found = _WORD.findall(fold(query))
    return list(dict.fromkeys(found))[:MAX_WORDS]


@lru_cache(maxsize=20_000)
def forms(word: str) -> tuple[str, ...]:
    """A folded word as written and as its Swedish and English stems."""
    return tuple(dict.fromkeys((word, _SWEDISH.stemWord(word), _ENGLISH.stemWord(word))))


# Definite endings Snowball's Swedish stemmer keeps ("trappan", "kaffet"), taken off
# the part looked for inside words so that they find "trappa" and "kaffe".
_DEFINITE = ("an", "en", "et")


def part(word: str) -> str | None:
    """What to look for inside longer words: the word's Swedish stem, if long enough."""
    stem = _SWEDISH.stemWord(word)
    if stem.endswith(_DEFINITE) and len(stem) - 2 >= MIN_PART:
        stem = stem[:-2]
    stem = stem if len(stem) >= MIN_PART else word
    return stem if len(stem) >= MIN_PART else None


def indexed_forms(value: str | None) -> str:
    """The words of a text with their stems, as SQLite's stemmed table stores them."""
    return " ".join(f for w in _WORD.findall(fold(value)) for f in forms(w))


def power(base, exponent) -> float | None:
    """SQLite's ``pow``: NULL for NULL or an answer that is no real number."""
    if base is None or exponent is None:
        return None
    try:
        result = math.pow(float(base), float(exponent))
    except (ValueError, OverflowError):
        return None
    return result if math.isfinite(result) else None


@event.listens_for(Engine, "connect")
def _register_sqlite_functions(dbapi_connection, _record):
    # SQLite's triggers stem and fold text with these; PostgreSQL does it in SQL.
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("gnista_search_forms", 1, indexed_forms,
                                         deterministic=True)
        dbapi_connection.create_function("gnista_fold", 1, fold, deterministic=True)
        # The trending sort's pow: SQLite has it only when built with its math
        # functions, which many systems' SQLite is not. Always our own, so every
        # SQLite ranks the same (it takes the place of a built-in one).
        for name in ("pow", "power"):
            dbapi_connection.create_function(name, 2, power, deterministic=True)


# --- Queries -----------------------------------------------------------------------

_PG_SEARCH = table("idea_search", column("idea_id", Uuid), column("org_id", Uuid),
                   column("document"), column("words", Text))
_FTS_STEMS = table("idea_search", column("idea_id", Uuid))
_FTS_TRIGRAMS = table("idea_search_trigram", column("idea_id", Uuid))
_CONFIGS = ("swedish", "english", "simple")


def match(query, idea_id, org_id, *, count: int, dialect: str):
    """Narrow ``query`` (a select of ideas) to ideas that have ``count`` query words.

    ``idea_id`` and ``org_id`` are the ideas' columns; on PostgreSQL the index is
    read for that organisation only. ``values`` gives the bound parameters.
    """
    if dialect == "postgresql":
        return _match_postgresql(query, idea_id, org_id, count=count)
    return _match_sqlite(query, idea_id, count=count)


def rank_columns(dialect: str) -> list:
    """The columns a matching idea carries for ``rank`` (PostgreSQL: its search vector)."""
    return [_PG_SEARCH.c.document.label("search_document")] if dialect == "postgresql" else []


def rank(query, matches, *, count: int, dialect: str):
    """Return ``query`` (a select over ``matches``) and the relevance of each of its ideas.

    ``matches`` is a subquery of matching ideas with their ``id`` and ``rank_columns``.
    Higher is better: title before description before comments, scored from the
    idea's own text only.
    """
    if dialect != "postgresql":
        return _ranked_sqlite(query, matches.c.id)
    everything = _tsquery("search_word_0")
    for i in range(1, count):
        everything = everything.op("||")(_tsquery(f"search_word_{i}"))
    # ts_rank reads only this idea's vector (its words' weights and positions) and
    # the query: no statistics of the table, so one organisation's ideas never
    # move another's scores or cursors.
    return query, cast(func.ts_rank(matches.c.search_document, everything), Float)


def _tsquery(name: str, parse=func.plainto_tsquery):
    """The text ``name`` binds, parsed by ``parse`` in every configuration, either matching."""
    parts = [parse(literal_column(f"'{c}'::regconfig"), bindparam(name, type_=Text))
             for c in _CONFIGS]
    query = parts[0]
    for more in parts[1:]:
        query = query.op("||")(more)
    return query


def _conditions_postgresql(count: int) -> list:
    document, folded = _PG_SEARCH.c.document, _PG_SEARCH.c.words
    return [document.op("@@")(_tsquery(f"search_word_{i}"))
            | folded.like(bindparam(f"search_part_{i}", type_=Text)) for i in range(count)]


def _match_postgresql(query, idea_id, org_id, *, count: int):
    # The index's org_id is the idea's: naming it lets the planner narrow the GIN
    # indexes (which lead with it) to the organisation the query asks for.
    query = query.join(_PG_SEARCH, (_PG_SEARCH.c.idea_id == idea_id)
                       & (_PG_SEARCH.c.org_id == org_id))
    return query.where(*_conditions_postgresql(count))


def settle(connection) -> None:
    """PostgreSQL: plan this transaction's search for its own words, without parallel workers.

    A search's best plan depends on its words (a common word walks the newest ideas, a
    rare one reads the indexes), so a plan cached for other words must not be reused.
    It reads one organisation's matches, a few thousand rows at most: starting workers
    costs more than they save (tens of milliseconds on a busy server).
    """
    connection.exec_driver_sql(
        "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
        "set_config('max_parallel_workers_per_gather', '0', true)")


def many_matches(connection, org_id, found: list[str], *, ranked: int) -> bool:
    """PostgreSQL: whether walking the organisation's ideas newest first finds their
    newest ``ranked`` matches of the words ``found`` sooner than reading every match
    through the index.

    The walk visits about ranked × ideas / matches ideas, the index every match, at
    about the same cost per idea. The planner's estimates of both counts decide (its
    statistics of the index; nothing is run).
    """
    def estimate(statement, values) -> float:
        compiled = statement.compile(dialect=connection.dialect)
        plan = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled),
                                          {**compiled.params, **values, "org_id": org_id})
        return float(plan.scalar()[0]["Plan"]["Plan Rows"])

    mine = select(literal_column("1")).select_from(_PG_SEARCH).where(
        _PG_SEARCH.c.org_id == bindparam("org_id"))
    # A word's part is found in (nearly) every idea that has the word, so the part
    # alone tells how many match; the planner would count "word or part" as two sets.
    # A word without a part, by its forms, each once (the match's query repeats a
    # form the configurations share: 'nya' | 'nya' | 'nya').
    words, values = [], {}
    for i, word in enumerate(found):
        piece = part(word)
        if piece:
            values[f"part_{i}"] = f"%{piece}%"
            words.append(_PG_SEARCH.c.words.like(bindparam(f"part_{i}", type_=Text)))
        else:
            values[f"forms_{i}"] = " | ".join(forms(word))
            words.append(_PG_SEARCH.c.document.op("@@")(func.to_tsquery(
                literal_column("'simple'::regconfig"), bindparam(f"forms_{i}", type_=Text))))
    ideas = estimate(mine, {})
    matching = estimate(mine.where(*words), values)
    return matching * matching > ranked * ideas


def match_any(query, idea_id, org_id, *, dialect: str):
    """Narrow ``query`` to ideas with any of the words ``values_any`` binds; with a relevance.

    The relevance only picks candidates (similar.py scores them itself): it is
    the same per-idea score as ``match``'s, from each idea's own text. On
    PostgreSQL the index is read for the ideas' organisation only, as in ``match``.
    """
    if dialect == "postgresql":
        document, folded = _PG_SEARCH.c.document, _PG_SEARCH.c.words
        # to_tsquery reads "a | b" as either word; the words hold letters and digits only.
        anything = _tsquery("search_any", func.to_tsquery)
        inside = folded.like(any_(bindparam("search_parts", type_=ARRAY(Text))))
        query = query.join(_PG_SEARCH, (_PG_SEARCH.c.idea_id == idea_id)
                           & (_PG_SEARCH.c.org_id == org_id)).where(
            document.op("@@")(anything) | inside)
        return query, cast(func.ts_rank(document, anything), Float)
    stems = select(_FTS_STEMS.c.idea_id).where(_fts_match("idea_search", "search_any"))
    pieces = select(_FTS_TRIGRAMS.c.idea_id).where(
        _fts_match("idea_search_trigram", "search_parts"))
    query = query.where(idea_id.in_(union(stems, pieces)))
    return _ranked_sqlite(query, idea_id)


def values_any(found: list[str], *, dialect: str) -> dict:
    """Bind the words of a text to the parameters ``match_any`` uses."""
    pieces = [p for p in dict.fromkeys(part(w) for w in found) if p]
    if dialect == "postgresql":
        return {"search_any": " | ".join(found), "search_parts": [f"%{p}%" for p in pieces]}
    return {"search_any": " OR ".join(_phrase(f) for w in found for f in forms(w)),
            # An empty MATCH is an error: control characters, which no idea's words
            # hold (they are folded words joined by spaces), stand in for no part.
            "search_parts": " OR ".join(_phrase(p) for p in pieces) or _phrase("\x01" * 3)}


def _fts_match(name: str, param: str):
    return literal_column(name).op("MATCH")(bindparam(param, type_=Text))


# The columns of the stemmed table (idea_id is column 0) and ts_rank's default
# weights of A, B and C.
_SQLITE_WEIGHTS = ((1, 1.0), (2, 0.4), (3, 0.2))


def _match_sqlite(query, idea_id, *, count: int):
    for i in range(count):
        stems = select(_FTS_STEMS.c.idea_id).where(_fts_match("idea_search", f"search_word_{i}"))
        parts = select(_FTS_TRIGRAMS.c.idea_id).where(
            _fts_match("idea_search_trigram", f"search_part_{i}"))
        query = query.where(idea_id.in_(union(stems, parts)))
    return query


def _ranked_sqlite(query, idea_id):
    # Relevance counts the query's words found in each column of this idea's own
    # row, weighted as PostgreSQL weighs A, B and C: title, description, comments.
    # Not bm25: its statistics (rows, average lengths, how many rows hold a word)
    # are the whole table's, every organisation's ideas, so a score would tell one
    # organisation about another's texts and shift whenever any of them wrote.
    # highlight() marks the matches in one column of the row it is given.
    score = None
    for number, weight in _SQLITE_WEIGHTS:
        marked = func.coalesce(func.highlight(literal_column("idea_search"), number,
                                              literal_column("char(1)"), ""), "")
        matches = func.length(marked) - func.length(func.replace(marked,
                                                                 literal_column("char(1)"), ""))
        term = matches * weight
        score = term if score is None else score + term
    hits = (select(_FTS_STEMS.c.idea_id, score.label("score"))
            .where(_fts_match("idea_search", "search_any")).subquery("hits"))
    query = query.outerjoin(hits, hits.c.idea_id == idea_id)
    return query, cast(func.coalesce(hits.c.score, 0.0), Float)


def _phrase(word: str) -> str:
    # Words hold letters and digits only, so quoting them leaves no FTS5 syntax.
    return '"' + word + '"'


def values(found: list[str], *, dialect: str) -> dict:
    """Bind the words of a query to the parameters ``match`` uses."""
    bound = {}
    for i, word in enumerate(found):
        piece = part(word)
        if dialect == "postgresql":
            bound[f"search_word_{i}"] = word
            bound[f"search_part_{i}"] = f"%{piece}%" if piece else None
        else:
            bound[f"search_word_{i}"] = " OR ".join(_phrase(f) for f in forms(word))
            # A phrase under three letters finds nothing in a trigram table.
            bound[f"search_part_{i}"] = _phrase(piece or word)
    if dialect != "postgresql":
        bound["search_any"] = " OR ".join(_phrase(f) for w in found for f in forms(w))
    return bound
