"""Searching ideas with `q`: Swedish inflections and compounds, ranking, visibility, bad input."""
import pytest
from sqlalchemy import delete, text, update

from server.ideas import search
from server.ideas.models import Comment, Idea


def found(client, q: str, **params) -> list[str]:
    response = client.get("/api/v1/ideas", query_string={"scope": "org", "q": q, **params})
    assert response.status_code == 200, response.json
    return [i["description"] for i in response.json["items"]]


@pytest.fixture
def colleague(as_user, org):
    return as_user(unit=org["north"])


@pytest.mark.parametrize("query, text", [
    ("halkade", "Det är lätt att halka på trappan vid entrén"),
    ("handskarna", "Vi behöver en handske i varje storlek"),
    ("handske", "Skyddshandskar saknas i förrådet"),
    ("larm", "Trygghetslarmet piper utan orsak"),
    ("trappan", "Halkskydd på varje trappa"),
    ("kaffet", "Bättre kaffe till personalen"),
    ("TRYGGHETSLARMET", "Trygghetslarmet piper utan orsak"),
    ("cafe", "Ett café för de boende på söndagar"),
    ("Café", "Ett cafe för de boende på söndagar"),
    ("gloves", "We need a glove dispenser by the door"),
    ("walking", "Residents walked alone in the evenings"),
])
def test_a_word_finds_its_inflections_compounds_and_other_cases(colleague, post_idea,
                                                                 query, text):
    post_idea(colleague, description=text)
    post_idea(colleague, description="Något helt annat om parkeringen")
    assert found(colleague, query) == [text]


def test_a_a_and_o_stay_letters_of_their_own(colleague, post_idea):
    post_idea(colleague, description="Vi borde måla om väggen")
    post_idea(colleague, description="Kvarnen ska mala kaffet")
    assert found(colleague, "mala") == ["Kvarnen ska mala kaffet"]
    assert found(colleague, "MÅLA") == ["Vi borde måla om väggen"]
    assert found(colleague, "vaggen") == []
    assert found(colleague, "VÄGGEN") == ["Vi borde måla om väggen"]


def test_every_word_must_be_found(colleague, post_idea):
    post_idea(colleague, description="Halkskydd på trappan")
    post_idea(colleague, description="Ny matta i trappan")
    assert found(colleague, "trappan matta") == ["Ny matta i trappan"]
    assert sorted(found(colleague, "trappor")) == ["Halkskydd på trappan", "Ny matta i trappan"]


def test_a_title_match_ranks_above_a_comment_match(colleague, post_idea, as_user):
    in_comment = post_idea(colleague, description="Vi behöver fler sopkärl").json
    colleague.post(f"/api/v1/ideas/{in_comment['id']}/comments",
                   json={"body": "Och en ny rullstolsramp vid köket"})
    post_idea(colleague, title="Rullstolsramp vid entrén", description="Det saknas en ramp")
    post_idea(colleague, description="Inget om det här")
    assert found(colleague, "rullstolsramp") == ["Det saknas en ramp", "Vi behöver fler sopkärl"]
    # The same search sorted by newest finds the same ideas.
    assert found(colleague, "rullstolsramp", sort="new") == [
        "Det saknas en ramp", "Vi behöver fler sopkärl"]


def test_comments_are_found_and_follow_edits_and_removal(app, colleague, post_idea, db_run):
    idea = post_idea(colleague, description="Bättre belysning").json
    colleague.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Ficklampor i bilarna"})
    assert found(colleague, "ficklampa") == ["Bättre belysning"]

    def redact(session):
        session.execute(update(Comment).values(body="[borttaget]"))
        session.commit()
    db_run(redact)
    assert found(colleague, "ficklampa") == []
    assert found(colleague, "borttaget") == ["Bättre belysning"]

    def remove(session):
        session.execute(delete(Comment))
        session.commit()
    db_run(remove)
    assert found(colleague, "borttaget") == []


def test_an_edited_idea_is_found_by_its_new_words_only(colleague, post_idea, db_run):
    post_idea(colleague, title="Cykelställ", description="Vid stationen")

    def edit(session):
        session.execute(update(Idea).values(title="Bilpool", description="Vid kommunhuset"))
        session.commit()
    db_run(edit)
    assert found(colleague, "cykelställ") == []
    assert found(colleague, "stationen") == []
    assert found(colleague, "bilpoolen") == ["Vid kommunhuset"]


def index_rows(session) -> int:
    """Count the rows of the search index's tables (not models, so in SQL)."""
    names = ["idea_search"]
    if session.get_bind().dialect.name == "sqlite":
        names.append("idea_search_trigram")
    return sum(session.scalar(text(f"SELECT count(*) FROM {name}")) for name in names)


def test_a_deleted_idea_leaves_nothing_in_the_index(colleague, post_idea, db_run):
    idea = post_idea(colleague, description="Soptunnor med lock").json
    colleague.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Bra"})
    assert db_run(index_rows) > 0

    def drop(session):
        session.execute(delete(Idea))
        session.commit()
        return index_rows(session)
    assert db_run(drop) == 0


def test_another_organisations_ideas_are_never_found(colleague, post_idea, make_unit, make_user,
                                                     sign_in, new_client):
    post_idea(colleague, description="Hemlig rutin för nyckelhantering")
    other_org = make_unit("Grannkommun")
    stranger = sign_in(new_client(), make_user(unit=other_org))
    assert found(stranger, "nyckelhantering") == []
    assert found(stranger, "nyckel") == []
    assert found(colleague, "nyckel") == ["Hemlig rutin för nyckelhantering"]


def every_page(client, params: dict) -> tuple[list[str], list[str]]:
    """Follow a list's cursors to the end: every description seen, and each cursor given."""
    seen, cursors, cursor = [], [], None
    while True:
        page = client.get("/api/v1/ideas",
                          query_string={**params, **({"cursor": cursor} if cursor else {})}).json
        seen += [i["description"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen, cursors
        cursors.append(cursor)

def test_relevance_tells_nothing_of_another_organisations_ideas(colleague, post_idea, make_unit,
                                                                make_user, sign_in, new_client):
    post_idea(colleague, title="Kaffe på natten", description="Kaffe till nattpersonalen")
    post_idea(colleague, description="Kaffe i personalrummet, kaffe på morgonen")
    commented = post_idea(colleague, description="Bättre fikarutiner").json
    colleague.post(f"/api/v1/ideas/{commented['id']}/comments", json={"body": "Mer kaffe"})

    def pages():
        return every_page(colleague, {"scope": "org", "q": "kaffe", "sort": "relevance",
                                      "limit": 1})

    before = pages()
    assert before[0][0] == "Kaffe till nattpersonalen"
    assert len(before[0]) == 3
    # Another organisation writes the same word, often, in every column.
    stranger = sign_in(new_client(), make_user(unit=make_unit("Grannkommun")))
    for n in range(5):
        idea = post_idea(stranger, title=f"Kaffe {n}", description="Kaffe, kaffe och kaffe " * n
                         + "här").json
        stranger.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Kaffe kaffe"})
    # The same scores, cursors and order: nothing of theirs shows in ours.
    assert pages() == before


def test_an_anonymous_idea_is_not_found_by_its_submitters_name(as_user, post_idea, org):
    submitter = as_user(unit=org["north"], name="Ingrid Wahlberg")
    idea = post_idea(submitter, description="Rutin för nattpersonalen", anonymous=True).json
    # Even a comment by the submitter (shown as by the submitter) does not name them.
    submitter.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Gärna snart"})
    colleague = as_user(unit=org["north"])
    assert found(colleague, "Ingrid") == []
    assert found(colleague, "Wahlberg") == []
    assert found(colleague, "nattpersonalen") == ["Rutin för nattpersonalen"]
    item = colleague.get("/api/v1/ideas", query_string={"q": "nattpersonal"}).json["items"][0]
    assert item["submitter"] is None
    assert "Ingrid" not in str(item) and "Wahlberg" not in str(item)


@pytest.mark.parametrize("query", [
    '"', "*", "NEAR(", "NEAR(a b)", "OR", "AND", "NOT", "a OR b", "'; drop table ideas; --",
    "title:x", "^x", "x*", "(", ")", "{title}: x", '"unterminated', "-", "---", "!!!", "%", "_",
    "%%_%", "\\", "é", "ÅÄÖ", "🙂", "a" * 200, "x " * 100, "ab", "1", "0x00",
])
def test_odd_queries_answer_a_page_never_an_error(colleague, post_idea, query):
    post_idea(colleague, description="Vanlig idé om kaffe")
    response = colleague.get("/api/v1/ideas", query_string={"q": query})
    assert response.status_code == 200
    assert isinstance(response.json["items"], list)


@pytest.mark.parametrize("query", ["", "   ", "a" * 201, "x" * 10_000, "a\x00b"])
def test_empty_too_long_or_unstorable_queries_are_refused(colleague, query):
    response = colleague.get("/api/v1/ideas", query_string={"q": query})
    assert response.status_code == 422


def test_only_punctuation_finds_nothing(colleague, post_idea):
    post_idea(colleague, description="Vanlig idé")
    assert found(colleague, "?!.,;") == []


def test_relevance_needs_a_search(colleague):
    assert colleague.get("/api/v1/ideas?sort=relevance").status_code == 422


def test_search_pages_through_every_match_once(colleague, post_idea):
    matching = set()
    for n in range(7):
        title = "Kaffemaskin" if n % 2 else None
        text = f"Kaffe i personalrummet {n}" + (" och kaffe igen" * (n % 3))
        post_idea(colleague, title=title, description=text)
        matching.add(text)
    post_idea(colleague, description="Te i personalrummet")
    for sort in ("relevance", "new", "top"):
        seen, _ = every_page(colleague, {"scope": "org", "q": "kaffe", "sort": sort, "limit": 3})
        assert sorted(seen) == sorted(matching), sort


def test_relevance_ranks_the_newest_matches_only(app, colleague, post_idea, monkeypatch):
    # A word in a hundred thousand ideas cannot have them all ranked in a request:
    # relevance ranks the newest SEARCH_RANKED_MATCHES matches (here 3) and no others.
    monkeypatch.setitem(app.config, "SEARCH_RANKED_MATCHES", 3)
    post_idea(colleague, title="Kaffe", description="Kaffe till alla, kaffe varje dag")
    post_idea(colleague, description="Lite kaffe i förrådet")
    post_idea(colleague, description="Kaffe i personalrummet")
    post_idea(colleague, title="Kaffe i köket", description="En ny maskin i köket")
    post_idea(colleague, description="Te och kaffe på mötena")
    post_idea(colleague, description="Te i personalrummet")
    newest = ["Te och kaffe på mötena", "En ny maskin i köket", "Kaffe i personalrummet"]
    # The best of the three newest first: a title's match before a description's.
    ranked = found(colleague, "kaffe")
    assert ranked[0] == "En ny maskin i köket" and sorted(ranked) == sorted(newest)
    seen, _ = every_page(colleague, {"scope": "org", "q": "kaffe", "limit": 2})
    assert sorted(seen) == sorted(newest)
    # Every match, newest first, when sorted by newest.
    assert len(found(colleague, "kaffe", sort="new")) == 5
    # Within the bound, the idea titled with the very word ranks first of many.
    monkeypatch.setitem(app.config, "SEARCH_RANKED_MATCHES", 5)
    assert found(colleague, "kaffe")[0] == "Kaffe till alla, kaffe varje dag"


def test_both_ways_to_the_newest_matches_find_the_same(app, colleague, post_idea, monkeypatch):
    # PostgreSQL finds the newest matches by walking the ideas newest first (a common
    # word) or through the search indexes (a rarer one), as its estimates say; SQLite
    # has one way. Either way the same ideas, in the same order, page by page.
    monkeypatch.setitem(app.config, "SEARCH_RANKED_MATCHES", 4)
    for n in range(6):
        post_idea(colleague, title="Halka" if n % 3 == 0 else None,
                  description=f"Halka vid entrén {n}" + " och halka igen" * (n % 2))
    post_idea(colleague, description="Något helt annat")
    pages = {}
    for walk in (True, False):
        monkeypatch.setattr(search, "many_matches", lambda *args, walk=walk, **kwargs: walk)
        pages[walk], _ = every_page(colleague, {"scope": "org", "q": "halka", "limit": 3})
    assert pages[True] == pages[False]
    assert sorted(pages[True]) == [f"Halka vid entrén {n}" + " och halka igen" * (n % 2)
                                   for n in (2, 3, 4, 5)]
    # The one titled with the word, and said twice, ranks first.
    assert pages[True][0] == "Halka vid entrén 3 och halka igen"


def test_a_relevance_cursor_is_checked(colleague, post_idea):
    from server import cursors
    post_idea(colleague, description="Kaffe")
    for bad in (cursors.encode("x", "0" * 32), cursors.encode(float("nan"), "0" * 32)[:-1] + "A",
                "not-a-cursor", cursors.encode(True, "0" * 32)):
        response = colleague.get("/api/v1/ideas", query_string={"q": "kaffe", "cursor": bad})
        assert response.status_code == 422


def test_words_are_folded_and_stemmed_in_one_place():
    assert search.fold("CAFÉ Ångström") == "cafe ångström"
    assert search.words("  Halkade, HANDSKARNA!  halkade ") == ["halkade", "handskarna"]
    assert "halk" in search.forms("halkade")
    assert search.part("handskarna") == "handsk"
    assert search.part("el") is None
