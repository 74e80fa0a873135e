"""The national-scale benchmark's idea texts hold what searches meet in real ones."""
from __future__ import annotations

import collections
import re

from benchmarks.scale import measure, texts
from server.ideas import search

TITLES = texts.titles(4000)
SENTENCES = texts.sentences(12000)
WORDS = collections.Counter(w for text in TITLES + SENTENCES
                            for w in re.findall(r"[^\W\d_]+", text.lower()))


def test_the_pools_are_the_same_on_every_run():
    assert texts.titles(50) == TITLES[:50]
    assert texts.sentences(50) == SENTENCES[:50]


def test_nouns_come_in_all_their_forms_and_inside_compounds():
    for form in ("handske", "handsken", "handskar", "handskarna"):
        assert WORDS[form], form
    compounds = [w for w in WORDS if w.endswith(("handske", "handsken", "handskar", "handskarna"))
                 and not w.startswith("handsk")]
    assert {"skyddshandskar", "gummihandskarna"} & set(compounds), compounds
    # The compound part a search looks for is in them.
    assert all(search.part("handske") in w for w in compounds)


def test_verbs_come_in_their_tenses():
    for form in ("halka", "halkar", "halkade", "halkat"):
        assert WORDS[form] or any(form in w for w in WORDS), form


def test_a_few_words_are_in_many_texts_and_most_in_few():
    texts_with = collections.Counter(w for text in SENTENCES
                                     for w in set(re.findall(r"[^\W\d_]+", text.lower())))
    shares = sorted((count / len(SENTENCES) for count in texts_with.values()), reverse=True)
    assert len(texts_with) > 500, "the vocabulary is too small to make a realistic index"
    assert shares[0] > 0.2
    assert sum(share < 0.001 for share in shares) > len(shares) / 4


def test_the_rare_searches_find_only_the_rare_sentences():
    pool = " ".join(TITLES + SENTENCES).lower()
    for query in measure.SEARCHES["rare word"]:
        piece = search.part(query)
        assert piece not in pool, query
        assert sum(piece in sentence for sentence in texts.rare_sentences()) == 1, query
    assert len(texts.rare_sentences()) == len(texts.RARE)
    assert all(word in sentence for word, sentence in zip(texts.RARE, texts.rare_sentences()))


def test_every_benchmark_search_finds_its_words_in_the_pools():
    pool = " ".join(TITLES + SENTENCES + texts.rare_sentences()).lower()
    for kind, queries in measure.SEARCHES.items():
        for query in queries:
            for word in search.words(query):
                assert search.part(word) in pool, (kind, query, word)
