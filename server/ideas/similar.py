"""Ideas like the one being typed, so that a colleague can vote for it instead.

The same words as search (``search.py``): an idea's text folded the Swedish
way and each word taken as its Swedish Snowball stem, the part search looks
for inside compound words. Common words that say nothing of an idea's subject ("vi",
"behöver", "bättre") are left out.

An idea's *terms* are its title's and description's stems, title first. The
feed carries them with every idea (``stems``: ``"title terms|description
terms"``, space-separated). A typed text is not stemmed: its words meet an
idea's stems as Swedish inflections meet their stem, the stem beginning the
word (Snowball's Swedish stemmer only takes endings off). So the phone, which
has no stemmer, ranks its cached ideas offline with exactly the server's
score: ``pwa/js/similar/score.js`` follows ``likeness`` and ``score`` rule for
rule, with the constants below written into it by ``tests/e2e/pwa_shell.py``.

Only ideas one could vote for instead are offered: open ones (a decided idea
takes no votes) that are not the caller's own, from the caller's organisation.
"""
from __future__ import annotations

import math
from functools import lru_cache

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from . import search
from .access import can_vote
from .models import Idea
from .workflow import OPEN_STATUSES

MAX_TEXT = 5000
MAX_TERMS = 30
# Ideas the index offers for scoring: those that share the most words.
CANDIDATES = 200
DEFAULT_LIMIT = 5
MAX_LIMIT = 10
# Below this an idea shares too little with the text to be worth a look.
MIN_SCORE = 0.15
# One shared word is a shared place or thing ("trappan", "personalrummet"), not
# the same idea: an idea must meet this many of the typed words.
MIN_SHARED = 2
TITLE_WEIGHT = 2.0
# A term found inside a compound word counts less than the same word.
PART_WEIGHT = 0.7
# The longest ending a typed word may have beyond an idea's stem ("trapp|orna").
MAX_ENDING = 5
# A stem shorter than this is too often inside unrelated words ("inn" is in "svinnet"),
# unless it ends an idea's compound, as its head does ("bil" in "hemtjänstbil").
MIN_INSIDE = 4
# A typed word's root that begins an idea's compound ("kväll" in "kvällspass") must be
# this long: shorter ones begin too many words ("fruk" in "frukost" is not "frukt").
MIN_START = 5

# Folded words that say nothing about what an idea is about: function words,
# and the verbs and adjectives every idea uses. Sent to the phone as well.
STOPWORDS = frozenset("""
alla allt alltid andra annan annat att av bara behov behova behover behovs behöva behöver
behövs behövde bli blir blev blivit borde bra bättre bäst da dag dagar dagen de dem den denna
dessa det detta dess dig din dina ditt du dar där efter eller en ett finns fanns for fran från
för gor gora gjorde gör göra ha hade har hela helst hos hur i ibland idag ide iden ideer
ideerna in inga inget inne inte ja jag kan kanske kunde kunna kommer kom man manga mer mera
mest mig min mina mitt mot mycket många med na nagon nagot nagra när nu ny nya nytt någon
något några och ocksa också ofta oftast om pa på sa sedan sig sin sina sitt ska skall skulle
som så till tycker tror under upp ut utan vad var vara varit varje vi vid vill vilja vore ar
är at åt mm osv tex fa få far får fått fler flera mindre mer sätt satt lite mer väldigt
hellre gärna garna hemskt jättebra bäst
the and for with a an to of in on is are we our need needs should would could
""".split())


@lru_cache(maxsize=20_000)
def _term(word: str) -> str | None:
    if word in STOPWORDS or word.isdigit():
        return None
    stem = search.part(word)
    return stem if stem and stem not in STOPWORDS else None


def terms(text: str | None) -> list[str]:
    """The subject-bearing stems of an idea's text, in order, each once."""
    return [t for t in dict.fromkeys(map(_term, search.tokens(text))) if t]


def typed_words(text: str | None) -> list[str]:
    """The words of a typed text that say something, folded, each once (at most ``MAX_TERMS``)."""
    found = [w for w in search.tokens(text)
             if len(w) >= search.MIN_PART and w not in STOPWORDS and not w.isnumeric()]
    return list(dict.fromkeys(found))[:MAX_TERMS]


def stems(title: str | None, description: str | None) -> str:
    """An idea's terms as the feed sends them: title terms, ``|``, description terms."""
    return " ".join(terms(title)) + "|" + " ".join(terms(description))


def weights(packed: str) -> dict[str, float]:
    """Each term of an idea with its weight; a title's term weighs more."""
    title, _, description = packed.partition("|")
    found = dict.fromkeys(description.split(), 1.0)
    found.update(dict.fromkeys(title.split(), TITLE_WEIGHT))
    return found


# Ideas share their words, so the same pairs come back candidate after candidate.
@lru_cache(maxsize=100_000)
def likeness(word: str, term: str) -> float:
    """How a typed word meets an idea's stem: 1 as its inflection, ``PART_WEIGHT`` in a compound."""
    if word.startswith(term) and len(word) - len(term) <= MAX_ENDING:
        return 1.0
    if term.startswith(word) and len(term) - len(word) <= 1:
        return 1.0
    # The idea's stem inside the typed compound, with only an ending after it.
    at = word.rfind(term)
    if at > 0 and len(term) >= MIN_INSIDE and len(word) - at - len(term) <= MAX_ENDING:
        return PART_WEIGHT
    # The typed word, less an ending, inside the idea's compound.
    for size in range(len(word), max(search.MIN_PART, len(word) - MAX_ENDING) - 1, -1):
        root = word[:size]
        at = term.find(root)
        inside = at > 0 and (term.endswith(root) or size >= MIN_INSIDE)
        if inside or (at == 0 and size >= MIN_START):
            return PART_WEIGHT
    return 0.0


def score(words: list[str], idea: dict[str, float]) -> float:
    """How alike a typed text's words and an idea's weighted terms are, 0 to 1.

    Each word counts its best match among the idea's terms, weighted as that
    term is; the sum is divided as a cosine is, so that long texts do not win
    by length. An idea meeting fewer than ``MIN_SHARED`` of the words scores 0.
    Rounded, so that the phone's floating point agrees.
    """
    if not words or not idea:
        return 0.0
    found, shared = 0.0, 0
    for word in words:
        best = 0.0
        for term, weight in idea.items():
            if weight > best:
                best = max(best, weight * likeness(word, term))
        found += best
        shared += best > 0
    if shared < min(MIN_SHARED, len(words)):
        return 0.0
    total = sum(w * w for w in idea.values())
    return round(found / math.sqrt(len(words) * total), 4)


def similar_ideas(viewer: User, text: str, *, limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Return up to ``limit`` ideas like ``text`` that ``viewer`` could vote for, best first."""
    query = typed_words(text)
    if not query:
        return []
    connection = db.session.connection()
    dialect = connection.dialect.name
    statement = (select(Idea.id, Idea.title, Idea.description, Idea.status, Idea.vote_count,
                        Idea.submitter_id)
                 .where(Idea.org_id == viewer.org_id, Idea.status.in_(sorted(OPEN_STATUSES)),
                        # Narrowed here so one's own ideas take no candidate's place;
                        # can_vote below stays the rule.
                        (Idea.submitter_id != viewer.id) | Idea.submitter_id.is_(None),
                        # A hidden idea is nobody's to vote for instead.
                        Idea.hidden.is_(None)))
    statement, rank = search.match_any(statement, Idea.id, Idea.org_id, dialect=dialect)
    statement = statement.order_by(rank.desc(), Idea.id).limit(CANDIDATES)
    rows = connection.execute(statement, search.values_any(query, dialect=dialect)).all()
    scored = []
    for row in rows:
        if not can_vote(viewer, submitter_id=row.submitter_id, status=row.status):
            continue
        value = score(query, weights(stems(row.title, row.description)))
        if value >= MIN_SCORE:
            scored.append((value, row))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].vote_count, str(pair[1].id)))
    return [{"id": row.id, "title": row.title, "description": row.description,
             "status": row.status, "vote_count": row.vote_count, "score": value}
            for value, row in scored[:limit]]
