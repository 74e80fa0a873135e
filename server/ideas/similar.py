"""Ideas like the one being typed, so that a colleague can vote for it instead.

The same words as search (``search.py``): text folded the Swedish way and each
word taken as its Swedish Snowball stem, the part search looks for inside
compound words. Common words that say nothing of an idea's subject ("vi",
"behöver", "bättre") are left out.

An idea's *terms* are its title's and description's stems, title first. The
feed carries them with every idea (``stems``: ``"title terms|description
terms"``, space-separated), so that the phone, offline, ranks its cached ideas
with the same score as the server: ``score`` below, which the web app's
``pwa/js/similar/score.js`` follows rule for rule. The phone has no stemmer;
it takes, for each word typed, the longest known term the word begins with
(Swedish stems are beginnings of their words), so both agree wherever the
typed words' stems occur in the phone's cached ideas.

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
# the same idea: an idea must meet this many of the text's terms.
MIN_SHARED = 2
TITLE_WEIGHT = 2.0
# A term found inside a compound word counts less than the same word.
PART_WEIGHT = 0.7
# A part shorter than this is too often inside unrelated words ("ring" is in "bakning"),
# unless it ends the compound, as its head does ("bil" in "hemtjänstbil").
MIN_INSIDE = 4

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
    """The subject-bearing stems of a text, in order, each once."""
    return [t for t in dict.fromkeys(map(_term, search.tokens(text))) if t]


def stems(title: str | None, description: str | None) -> str:
    """An idea's terms as the feed sends them: title terms, ``|``, description terms."""
    return " ".join(terms(title)) + "|" + " ".join(terms(description))


def weights(packed: str) -> dict[str, float]:
    """Each term of an idea with its weight; a title's term weighs more."""
    title, _, description = packed.partition("|")
    found = dict.fromkeys(description.split(), 1.0)
    found.update(dict.fromkeys(title.split(), TITLE_WEIGHT))
    return found


def _likeness(term: str, known: str) -> float:
    if term == known:
        return 1.0
    shorter, longer = sorted((term, known), key=len)
    inside = longer.endswith(shorter) or (len(shorter) >= MIN_INSIDE and shorter in longer)
    return PART_WEIGHT if inside else 0.0


def score(query: list[str], idea: dict[str, float]) -> float:
    """How alike a text's terms and an idea's weighted terms are, 0 to 1.

    Each term of the text counts its best match among the idea's terms (the
    same stem, or one inside the other as in a compound word), weighted as
    that term is; the sum is divided as a cosine is, so that long texts do
    not win by length. An idea meeting fewer than ``MIN_SHARED`` of the
    text's terms scores 0. Rounded, so that the phone's floating point agrees.
    """
    if not query or not idea:
        return 0.0
    found, shared = 0.0, 0
    for term in query:
        best = max((weight * _likeness(term, known) for known, weight in idea.items()),
                   default=0.0)
        found += best
        shared += best > 0
    if shared < min(MIN_SHARED, len(query)):
        return 0.0
    total = sum(w * w for w in idea.values())
    return round(found / math.sqrt(len(query) * total), 4)


def similar_ideas(viewer: User, text: str, *, limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Return up to ``limit`` ideas like ``text`` that ``viewer`` could vote for, best first."""
    query = terms(text)[:MAX_TERMS]
    if not query:
        return []
    connection = db.session.connection()
    dialect = connection.dialect.name
    statement = (select(Idea.id, Idea.title, Idea.description, Idea.status, Idea.vote_count,
                        Idea.submitter_id)
                 .where(Idea.org_id == viewer.org_id, Idea.status.in_(sorted(OPEN_STATUSES)),
                        # Narrowed here so one's own ideas take no candidate's place;
                        # can_vote below stays the rule.
                        (Idea.submitter_id != viewer.id) | Idea.submitter_id.is_(None)))
    statement, rank = search.match_any(statement, Idea.id, dialect=dialect)
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
