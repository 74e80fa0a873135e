"""The feeds: scopes, status filter, sorting and cursor pagination."""
import uuid


def test_scopes(as_user, post_idea, org):
    north, south = as_user(unit=org["north"]), as_user(unit=org["south"])
    post_idea(north, description="Norr 1")
    post_idea(south, description="Söder 1")
    handler = as_user("handler", unit=org["care"])

    def descriptions(client, query):
        return sorted(i["description"] for i in client.get(f"/api/v1/ideas?{query}").json["items"])

    assert descriptions(north, "scope=unit") == ["Norr 1"]
    assert descriptions(north, "scope=org") == ["Norr 1", "Söder 1"]
    assert descriptions(north, "scope=mine") == ["Norr 1"]
    assert descriptions(handler, "scope=unit") == ["Norr 1", "Söder 1"]
    assert descriptions(as_user(unit=org["cleaning"]), "scope=unit") == []


def test_status_filter_takes_a_list(as_user, post_idea, org):
    client = as_user(unit=org["north"])
    first, second = post_idea(client).json, post_idea(client).json
    handler = as_user("handler", unit=org["north"])
    handler.post(f"/api/v1/ideas/{first['id']}/status", json={"status": "acknowledged"})
    ids = {i["id"] for i in client.get("/api/v1/ideas?scope=org&status=acknowledged").json["items"]}
    assert ids == {first["id"]}
    both = client.get("/api/v1/ideas?scope=org&status=acknowledged,submitted").json["items"]
    assert {i["id"] for i in both} == {first["id"], second["id"]}
    bad = client.get("/api/v1/ideas?status=done")
    assert bad.status_code == 422
    assert "Unknown status" in bad.json["error"]["message"]


def test_cursor_pages_through_everything_once(as_user, post_idea):
    client = as_user()
    created = [post_idea(client, description=f"Idé {n}").json["id"] for n in range(7)]
    for sort in ("new", "top"):
        seen, cursor = [], None
        while True:
            query = f"/api/v1/ideas?scope=org&sort={sort}&limit=3" + (f"&cursor={cursor}" if cursor else "")
            page = client.get(query).json
            seen += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(created) and len(seen) == 7
    newest = client.get("/api/v1/ideas?scope=org&limit=1").json["items"][0]["id"]
    assert newest == created[-1]


def test_top_sorts_by_votes(as_user, post_idea):
    author = as_user()
    low, high = post_idea(author).json, post_idea(author).json
    for _ in range(2):
        as_user().put(f"/api/v1/ideas/{high['id']}/vote")
    as_user().put(f"/api/v1/ideas/{low['id']}/vote")
    items = author.get("/api/v1/ideas?scope=org&sort=top").json["items"]
    assert [i["id"] for i in items] == [high["id"], low["id"]]


def test_a_broken_cursor_is_a_clear_422(as_user):
    response = as_user().get("/api/v1/ideas?cursor=garbage!")
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_cursor"


def test_bad_limits_are_refused(as_user):
    assert as_user().get("/api/v1/ideas?limit=0").status_code == 422
    assert as_user().get("/api/v1/ideas?limit=500").status_code == 422
    assert as_user().get("/api/v1/ideas?scope=everything").status_code == 422


def test_each_item_carries_the_handlers_latest_change_in_one_query(app, as_user, post_idea, org):
    from sqlalchemy import event

    from server.extensions import db

    author = as_user(unit=org["north"])
    handler = as_user("handler", unit=org["north"])
    answered, untouched = post_idea(author).json, post_idea(author).json
    for n in range(18):
        post_idea(author, description=f"Idé {n}")
    for status, note in (("acknowledged", "Tack!"), ("in_review", "Vi utreder det på APT.")):
        response = handler.post(f"/api/v1/ideas/{answered['id']}/status",
                                json={"status": status, "note": note})
        assert response.status_code == 200

    statements = []
    with app.app_context():
        engine = db.engine
    def listen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        items = {i["id"]: i for i in author.get("/api/v1/ideas?scope=mine&limit=20").json["items"]}
    finally:
        event.remove(engine, "before_cursor_execute", listen)

    assert len(items) == 20
    change = items[answered["id"]]["last_change"]
    assert (change["to_status"], change["note"]) == ("in_review", "Vi utreder det på APT.")
    assert change["created_at"]
    # The submission itself is no answer.
    assert items[untouched["id"]]["last_change"] is None
    assert sum("status_changes" in s for s in statements) == 1
    # The idea's own page says the same.
    assert author.get(f"/api/v1/ideas/{answered['id']}").json["last_change"] == change


DETAIL_ONLY = {"comments", "history", "edits", "allowed_transitions", "can_edit",
               "merged_into", "merged_ideas", "can_merge", "watching"}


def test_every_viewer_sees_a_feed_item_as_the_idea_itself_shows(as_user, post_idea, org,
                                                                   make_jpeg):
    """The feed is built from plain rows: it must say what the detail says, to each viewer."""
    author = as_user(unit=org["north"])
    shown = post_idea(author, title="Nycklar", photos=[make_jpeg(), make_jpeg(320, 240)]).json
    hidden = post_idea(author, description="Anonym idé", anonymous=True).json
    post_idea(as_user(unit=org["cleaning"]), description="Städ")
    colleague = as_user(unit=org["north"])
    colleague.put(f"/api/v1/ideas/{shown['id']}/vote")
    colleague.post(f"/api/v1/ideas/{shown['id']}/comments", json={"body": "Bra!"})
    care_handler = as_user("handler", unit=org["care"])
    care_handler.post(f"/api/v1/ideas/{hidden['id']}/status",
                      json={"status": "acknowledged", "note": "Tack"})
    viewers = [author, colleague, care_handler, as_user("handler", unit=org["service"]),
               as_user("admin", unit=org["root"]), as_user(unit=org["cleaning"])]
    for viewer in viewers:
        items = viewer.get("/api/v1/ideas?scope=org").json["items"]
        assert len(items) == 3
        for item in items:
            detail = viewer.get(f"/api/v1/ideas/{item['id']}").json
            assert item == {k: v for k, v in detail.items() if k not in DETAIL_ONLY}
    hidden_for = {v.user.display_name: next(i for i in v.get("/api/v1/ideas?scope=org").json["items"]
                                            if i["id"] == hidden["id"])["submitter"]
                  for v in viewers}
    assert [name for name, submitter in hidden_for.items() if submitter] == [
        author.user.display_name, care_handler.user.display_name, viewers[4].user.display_name]


def test_unit_id_narrows_to_the_unit_and_its_sub_units(as_user, post_idea, org):
    post_idea(as_user(unit=org["north"]), description="Norr")
    post_idea(as_user(unit=org["south"]), description="Söder")
    post_idea(as_user(unit=org["cleaning"]), description="Lokalvård")
    reader = as_user(unit=org["cleaning"])

    def descriptions(unit, **params):
        response = reader.get("/api/v1/ideas", query_string={"unit_id": str(unit.id), **params})
        assert response.status_code == 200, response.json
        return sorted(i["description"] for i in response.json["items"])

    # Without a scope, unit_id looks across the organisation, not only the reader's unit.
    assert descriptions(org["care"]) == ["Norr", "Söder"]
    assert descriptions(org["north"]) == ["Norr"]
    assert descriptions(org["root"]) == ["Lokalvård", "Norr", "Söder"]
    assert descriptions(org["care"], scope="unit") == []
    assert descriptions(org["care"], q="söder") == ["Söder"]


def test_unit_id_of_another_organisation_or_none_is_refused_alike(as_user, make_unit, org):
    reader = as_user(unit=org["north"])
    other = make_unit("Grannkommun")
    answers = [reader.get("/api/v1/ideas", query_string={"unit_id": unit})
               for unit in (str(other.id), "0" * 32)]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json == answers[1].json
    assert reader.get("/api/v1/ideas?unit_id=not-a-uuid").status_code == 422


def _pages(client, **params) -> list[str]:
    seen, cursor = [], None
    while True:
        page = client.get("/api/v1/ideas", query_string={
            "scope": "org", "limit": 1, **params, **({"cursor": cursor} if cursor else {})}).json
        seen += [i["description"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


def test_trending_weighs_recent_votes_against_age(app, as_user, post_idea, db_run):
    from datetime import timedelta

    from sqlalchemy import update

    from server.ideas.models import Idea, Vote
    from server.timestamps import utcnow
    author = as_user()
    ideas = {name: uuid.UUID(post_idea(author, description=name).json["id"])
             for name in ("old", "new", "quiet", "ancient")}
    for name, votes in (("old", 3), ("new", 1), ("ancient", 4)):
        for _ in range(votes):
            as_user().put(f"/api/v1/ideas/{ideas[name]}/vote")

    def age(session):
        now = utcnow()
        for name, days in (("old", 10), ("ancient", 40)):
            session.execute(update(Idea).where(Idea.id == ideas[name])
                            .values(created_at=now - timedelta(days=days)))
        # The ancient idea's votes are older than the 30 days that count.
        session.execute(update(Vote).where(Vote.idea_id == ideas["ancient"])
                        .values(created_at=now - timedelta(days=35)))
        session.commit()
    db_run(age)
    # By hand (Fider's score: (5·votes + 3·comments − 1) / (hours + 2)^1.4):
    # new 4/2^1.4 ≈ 1.52; old 14/242^1.4 ≈ 0.0064; ancient −1/962^1.4 ≈ −0.00007;
    # quiet −1/2^1.4 ≈ −0.38.
    expected = ["new", "old", "ancient", "quiet"]
    listed = author.get("/api/v1/ideas?scope=org&sort=trending").json["items"]
    assert [i["description"] for i in listed] == expected
    assert _pages(author, sort="trending") == expected


def test_trending_needs_no_math_functions_built_into_sqlite(app, as_user, post_idea):
    """SQLite has pow only when built with its math functions; the app brings its own."""
    from server.extensions import db
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return  # PostgreSQL always has pow
        db.engine.dispose()  # a connection made anew, as after a restart
        with db.engine.connect() as conn:
            own = conn.exec_driver_sql("SELECT name FROM pragma_function_list "
                                       "WHERE builtin = 0 AND narg = 2").scalars().all()
            assert {"pow", "power"} <= set(own)
            assert conn.exec_driver_sql("SELECT pow(2, 10), pow(2.5, 1.4), pow(-8, 0.5), "
                                        "pow(NULL, 2), power(10, 2)").one() == (
                1024.0, 2.5 ** 1.4, None, None, 100.0)
    author = as_user()
    post_idea(author, description="Trendig")
    listed = author.get("/api/v1/ideas?scope=org&sort=trending")
    assert listed.status_code == 200
    assert [i["description"] for i in listed.json["items"]] == ["Trendig"]


def test_waiting_lists_the_oldest_unanswered_first(as_user, post_idea, org):
    author = as_user(unit=org["north"])
    answered, older, newer = (post_idea(author, description=d).json
                              for d in ("answered", "older", "newer"))
    handler = as_user("handler", unit=org["north"])
    assert handler.post(f"/api/v1/ideas/{answered['id']}/status",
                        json={"status": "acknowledged"}).status_code == 200
    listed = author.get("/api/v1/ideas?scope=org&sort=waiting").json["items"]
    assert [i["description"] for i in listed] == ["older", "newer", "answered"]
    assert _pages(author, sort="waiting") == ["older", "newer", "answered"]
    assert _pages(author, sort="waiting", q="older") == ["older"]
