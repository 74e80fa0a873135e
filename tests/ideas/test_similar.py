"""Similar ideas while typing: `GET /api/v1/ideas/similar?text=`."""
import uuid

import pytest
from sqlalchemy import update

from server.ideas import similar
from server.ideas.models import Idea

SIMILAR = "/api/v1/ideas/similar"


def similar_to(client, text: str, **params) -> list[dict]:
    response = client.get(SIMILAR, query_string={"text": text, **params})
    assert response.status_code == 200, response.json
    return response.json["items"]


@pytest.fixture
def colleague(as_user, org):
    return as_user(unit=org["north"])


@pytest.fixture
def typist(as_user, org):
    return as_user(unit=org["south"])


def test_an_idea_said_in_other_words_is_found_with_its_status_and_votes(colleague, typist,
                                                                        post_idea, as_user, org):
    idea = post_idea(colleague, title="Halkskydd i trappan",
                     description="Det är lätt att halka i trappan vid entrén.").json
    post_idea(colleague, description="Parkeringen behöver fler laddplatser för elbilarna")
    as_user(unit=org["north"]).put(f"/api/v1/ideas/{idea['id']}/vote")
    items = similar_to(typist, "Halkskydd på trapporna, många halkade i vintras")
    assert [i["id"] for i in items] == [idea["id"]]
    assert items[0]["status"] == "submitted"
    assert items[0]["vote_count"] == 1
    assert items[0]["title"] == "Halkskydd i trappan"
    assert set(items[0]) == {"id", "title", "description", "status", "vote_count", "score"}
    assert 0 < items[0]["score"] <= 1


def test_compound_words_meet_their_parts(colleague, typist, post_idea):
    post_idea(colleague, description="Skyddshandskar saknas ofta i hemtjänstbilarna")
    items = similar_to(typist, "Handskarna tar slut i bilarna")
    assert [i["description"] for i in items] == ["Skyddshandskar saknas ofta i hemtjänstbilarna"]


def test_best_first_and_at_most_the_limit(colleague, typist, post_idea):
    for n in range(7):
        post_idea(colleague, description=f"Halkskydd i trappan vid entrén nummer {n}")
    post_idea(colleague, title="Halkskydd i trappan vid entrén",
              description="Halkskydd i trappan vid entrén")
    items = similar_to(typist, "Halkskydd i trappan vid entrén")
    assert len(items) == 5
    assert items[0]["title"] == "Halkskydd i trappan vid entrén"
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True)
    assert len(similar_to(typist, "Halkskydd i trappan vid entrén", limit=2)) == 2
    assert len(similar_to(typist, "Halkskydd i trappan vid entrén", limit=10)) == 8


def test_one_shared_place_is_not_the_same_idea(colleague, typist, post_idea):
    post_idea(colleague, title="Kaffebryggare i personalrummet",
              description="Köp en ny kaffebryggare till personalrummet.")
    assert similar_to(typist, "Personalrummet behöver en ny soffa") == []


def test_another_organisations_ideas_are_never_offered(colleague, post_idea, as_user,
                                                       make_unit):
    post_idea(colleague, description="Halkskydd i trappan vid entrén")
    neighbours = make_unit("Grannkommun")
    stranger = as_user(unit=neighbours)
    post_idea(as_user(unit=neighbours), description="Halkskydd på trapporna vid ingången")
    found = similar_to(stranger, "Halkskydd i trapporna vid entrén")
    assert [i["description"] for i in found] == ["Halkskydd på trapporna vid ingången"]


def test_my_own_and_decided_ideas_are_not_offered(colleague, typist, post_idea, db_run):
    post_idea(typist, description="Halkskydd i trappan vid entrén, mitt eget förslag")
    done = post_idea(colleague, description="Halkskydd i trappan vid entrén, redan gjort").json
    declined = post_idea(colleague, description="Halkskydd i trappan vid entrén, nej tack").json
    open_one = post_idea(colleague, description="Halkskydd i trappan vid entrén, utreds").json

    def decide(session):
        for idea, status in ((done, "implemented"), (declined, "declined"),
                             (open_one, "in_review")):
            session.execute(update(Idea).where(Idea.id == uuid.UUID(idea["id"]))
                            .values(status=status))
        session.commit()
    db_run(decide)
    assert [i["id"] for i in similar_to(typist, "Halkskydd i trappan vid entrén")] == [
        open_one["id"]]


def test_an_anonymous_submitter_is_never_revealed(as_user, org, typist, post_idea):
    secret = as_user(unit=org["north"], name="Hemliga Hanna")
    idea = post_idea(secret, description="Halkskydd i trappan vid entrén", anonymous=True).json
    response = typist.get(SIMILAR, query_string={"text": "Halkskydd i trappan vid entrén"})
    assert [i["id"] for i in response.json["items"]] == [idea["id"]]
    assert "Hanna" not in response.get_data(as_text=True)
    assert str(secret.user.id) not in response.get_data(as_text=True)
    # Searching for the submitter's name finds nothing: names are not matched.
    assert similar_to(typist, "Hemliga Hanna") == []


@pytest.mark.parametrize("text", [
    "...!!!???", "—", "   ,,,  ", "\"*\" OR NEAR(", "') OR 1=1; DROP TABLE ideas; --",
    "title:", "NOT OR AND", "NEAR", "a & b | !c <-> d",
    "och att det som", "12345 678", "ü ø æ é", "x" * 4999, "'%_\\",
])
def test_odd_text_finds_nothing_or_only_text_and_never_fails(colleague, typist, post_idea, text,
                                                             app):
    post_idea(colleague, description="Halkskydd i trappan vid entrén")
    response = typist.get(SIMILAR, query_string={"text": text})
    assert response.status_code == 200, response.json
    assert response.json["items"] == []


@pytest.mark.parametrize("text", ['"halkskydd" OR (trappan*) NEAR(entrén) -- ;',
                                  "halkskydd* AND trapp*", "^halkskydd:* & trappa"])
def test_syntax_around_real_words_is_only_text(colleague, typist, post_idea, text):
    post_idea(colleague, description="Halkskydd i trappan vid entrén")
    assert len(similar_to(typist, text)) == 1


@pytest.mark.parametrize("params", [
    {}, {"text": ""}, {"text": "   "}, {"text": "x" * 10_000}, {"text": "halka\x00trappa"},
    {"text": "halka", "limit": 0}, {"text": "halka", "limit": 11}, {"text": "halka",
                                                                     "limit": "fem"},
])
def test_bad_input_is_refused_with_422(typist, params):
    response = typist.get(SIMILAR, query_string=params)
    assert response.status_code == 422
    assert response.json["error"]["code"]


def test_signed_out_is_401(client):
    assert client.get(SIMILAR, query_string={"text": "halka"}).status_code == 401


def test_feed_items_carry_the_stems_the_server_matches(colleague, post_idea):
    post_idea(colleague, title="Halkskydd i trappan",
              description="Det är lätt att halka vid entrén")
    item = colleague.get("/api/v1/ideas?scope=org").json["items"][0]
    assert item["stems"] == "halkskyd trapp|lätt halk entr"
    assert item["stems"] == similar.stems(item["title"], item["description"])
    detail = colleague.get(f"/api/v1/ideas/{item['id']}").json
    assert detail["stems"] == item["stems"]
