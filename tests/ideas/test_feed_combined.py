"""The feed's filters together, as the web app's filter sheet sends them."""


def _all_pages(client, query: str) -> list[dict]:
    items, cursor = [], None
    while True:
        page = client.get(f"/api/v1/ideas?{query}&limit=1" + (f"&cursor={cursor}" if cursor else "")).json
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def test_mine_with_several_statuses_a_search_and_a_unit_pages_with_the_filter_kept(as_user, post_idea, org):
    me, colleague = as_user(unit=org["north"]), as_user(unit=org["north"])
    handler = as_user("handler", unit=org["care"])
    answered = post_idea(me, description="Halkskydden i trappan är slitna").json
    waiting = post_idea(me, description="Fler halkskydd vid entrén").json
    post_idea(me, description="Nya nyckelskåp")
    declined = post_idea(me, description="Halkskydd på taket").json
    post_idea(colleague, description="Halkskydd till alla")
    handler.post(f"/api/v1/ideas/{answered['id']}/status", json={"status": "acknowledged"})
    handler.post(f"/api/v1/ideas/{declined['id']}/status", json={"status": "declined", "note": "Nej"})

    query = f"scope=mine&status=submitted,acknowledged&q=halkskydd&unit_id={org['care'].id}&sort=new"
    items = _all_pages(me, query)
    assert [i["id"] for i in items] == [waiting["id"], answered["id"]]
    for sort in ("top", "trending", "waiting", "relevance"):
        found = _all_pages(me, query.replace("sort=new", f"sort={sort}"))
        assert sorted(i["id"] for i in found) == sorted([waiting["id"], answered["id"]]), sort
    # Waiting: the unanswered first.
    assert _all_pages(me, query.replace("sort=new", "sort=waiting"))[0]["id"] == waiting["id"]
    # Another unit of the organisation: none of mine are there.
    assert _all_pages(me, query.replace(str(org["care"].id), str(org["cleaning"].id))) == []


def test_a_malformed_status_list_is_refused_without_effect(as_user, post_idea):
    client = as_user()
    post_idea(client)
    for status in ("submitted,", ",", "submitted,,acknowledged", "merged;drop", "SUBMITTED"):
        answer = client.get(f"/api/v1/ideas?scope=org&status={status}")
        assert answer.status_code == 422, status
        assert answer.json["error"]["message"]
    assert len(client.get("/api/v1/ideas?scope=org").json["items"]) == 1
