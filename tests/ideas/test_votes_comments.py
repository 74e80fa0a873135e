"""Votes, comments and anonymous ideas."""

import uuid


def test_one_vote_per_user_and_it_can_be_withdrawn(as_user, post_idea):
    idea = post_idea(as_user()).json
    voter = as_user()
    url = f"/api/v1/ideas/{idea['id']}/vote"
    assert voter.put(url).json == {"vote_count": 1, "my_vote": True}
    assert voter.put(url).json == {"vote_count": 1, "my_vote": True}
    assert as_user().put(url).json["vote_count"] == 2
    assert voter.get(f"/api/v1/ideas/{idea['id']}").json["my_vote"] is True
    assert voter.delete(url).json == {"vote_count": 1, "my_vote": False}
    assert voter.delete(url).json == {"vote_count": 1, "my_vote": False}


def test_no_vote_on_ones_own_idea(as_user, post_idea):
    client = as_user()
    idea = post_idea(client).json
    response = client.put(f"/api/v1/ideas/{idea['id']}/vote")
    assert response.status_code == 403
    assert "own idea" in response.json["error"]["message"]
    assert client.get(f"/api/v1/ideas/{idea['id']}").json["vote_count"] == 0


def test_comments_are_shown_with_their_author(as_user, post_idea):
    idea = post_idea(as_user()).json
    colleague = as_user(name="Jonas")
    response = colleague.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "  Bra!  "})
    assert response.status_code == 201
    assert response.json["body"] == "Bra!"
    detail = colleague.get(f"/api/v1/ideas/{idea['id']}").json
    assert detail["comment_count"] == 1
    assert detail["comments"][0]["author"]["display_name"] == "Jonas"


def test_an_empty_comment_is_refused(as_user, post_idea):
    idea = post_idea(as_user()).json
    response = as_user().post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "  "})
    assert response.status_code == 422
    assert response.json["error"]["fields"]["body"]


def test_an_anonymous_idea_shows_its_submitter_only_to_handlers(as_user, post_idea, org):
    submitter = as_user(unit=org["north"], name="Amira")
    idea = post_idea(submitter, anonymous=True).json
    url = f"/api/v1/ideas/{idea['id']}"
    assert submitter.get(url).json["submitter"]["display_name"] == "Amira"
    colleague = as_user(unit=org["north"])
    seen = colleague.get(url).json
    assert seen["submitter"] is None
    assert seen["history"][0]["actor"] is None
    assert "Amira" not in colleague.get(url).get_data(as_text=True)
    listed = colleague.get("/api/v1/ideas?scope=org").json["items"][0]
    assert listed["submitter"] is None
    assert as_user("handler", unit=org["care"]).get(url).json["submitter"]["display_name"] == "Amira"
    assert as_user("handler", unit=org["cleaning"]).get(url).json["submitter"] is None
    assert as_user("admin", unit=org["root"]).get(url).json["submitter"]["display_name"] == "Amira"


def test_unknown_idea_is_404(as_user):
    response = as_user().get("/api/v1/ideas/6f1d7d2e-8a6b-4c55-9f7e-0d6f2e1b7c11")
    assert response.status_code == 404


def test_voting_closes_when_an_idea_is_decided(as_user, post_idea, make_user, org, db_run):
    from server.auth.models import User
    from server.ideas import services
    from server.ideas.models import Idea

    idea = post_idea(as_user()).json
    voter = as_user()
    url = f"/api/v1/ideas/{idea['id']}/vote"
    assert voter.get(f"/api/v1/ideas/{idea['id']}").json["can_vote"] is True
    assert voter.put(url).status_code == 200
    handler = make_user("handler", unit=org["north"])

    def decide(session):
        me, found = session.get(User, handler.id), session.get(Idea, uuid.UUID(idea["id"]))
        services.change_status(me, found, to_status="declined", note="Inte nu.")
        session.commit()
    db_run(decide)

    late = as_user()
    response = late.put(url)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "voting_closed"
    assert late.get(f"/api/v1/ideas/{idea['id']}").json["vote_count"] == 1
    for client in (voter, late):
        assert client.get(f"/api/v1/ideas/{idea['id']}").json["can_vote"] is False
        listed = client.get("/api/v1/ideas?scope=org").json["items"]
        assert [i["can_vote"] for i in listed if i["id"] == idea["id"]] == [False]


def test_the_feed_says_who_may_vote(as_user, post_idea):
    mine = as_user()
    idea = post_idea(mine).json
    listed = {i["id"]: i for i in mine.get("/api/v1/ideas?scope=org").json["items"]}
    assert listed[idea["id"]]["can_vote"] is False
    listed = {i["id"]: i for i in as_user().get("/api/v1/ideas?scope=org").json["items"]}
    assert listed[idea["id"]]["can_vote"] is True
