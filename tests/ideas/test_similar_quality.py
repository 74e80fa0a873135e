"""The quality of similar ideas, measured on the Swedish pairs in similar_pairs.py.

The true duplicate must be among the first three offered for at least 90 % of
the duplicates, and a near miss among them for at most 10 % of the near
misses, on the database the suite runs on (the candidates come from its index).
"""
from tests.ideas.similar_pairs import PAIRS, quality


def test_at_least_forty_pairs_of_both_kinds():
    assert len(PAIRS) >= 40
    assert sum(d for *_, d in PAIRS) >= 25
    assert sum(not d for *_, d in PAIRS) >= 10


def test_duplicates_are_offered_and_near_misses_are_not(as_user, org, post_idea):
    colleague = as_user(unit=org["north"])
    ids = [post_idea(colleague, title=title, description=description).json["id"]
           for _typed, title, description, _duplicate in PAIRS]
    typist = as_user(unit=org["cleaning"])

    def ask(text):
        response = typist.get("/api/v1/ideas/similar", query_string={"text": text})
        assert response.status_code == 200
        return [i["id"] for i in response.json["items"]]

    hit_rate, false_rate = quality(ask, ids)
    assert hit_rate >= 0.9
    assert false_rate <= 0.1
