"""An anonymous idea's submitter stays anonymous wherever they appear on it.

Others must not learn the submitter's name or user id from the idea, its
comments (the submitter's own included), its history, the feed, their
notifications, their data export or the statistics. The submitter, the
handlers of the idea's unit and administrators do see it.
"""
from __future__ import annotations

import io
import uuid
import zipfile

import pytest

SECRET_NAME = "Amira Hemligsdotter"


def _idea_url(idea) -> str:
    return f"/api/v1/ideas/{idea['id']}"


@pytest.fixture
def anonymous_idea(as_user, org, post_idea):
    """Amira's anonymous idea, with her own comment, a colleague's, a vote and an answer."""
    amira = as_user("staff", unit=org["north"], name=SECRET_NAME)
    idea = post_idea(amira, anonymous=True, description="Nyckelskåp i bilarna").get_json()
    colleague = as_user("staff", unit=org["north"], name="Jonas Kollega")
    colleague.put(f"{_idea_url(idea)}/vote")
    assert colleague.post(f"{_idea_url(idea)}/comments", json={"body": "Bra idé!"}).status_code == 201
    own = amira.post(f"{_idea_url(idea)}/comments", json={"body": "Tack, jag kan visa hur."})
    assert own.status_code == 201
    return {"idea": idea, "amira": amira, "colleague": colleague, "own_comment": own.get_json()}


def _leaks(text: str, amira) -> list[str]:
    return [s for s in (SECRET_NAME, str(amira.user.id), amira.user.id.hex) if s in text]


def test_the_submitters_own_comment_is_anonymous_to_another_staff_member(anonymous_idea, as_user,
                                                                         org):
    idea, amira = anonymous_idea["idea"], anonymous_idea["amira"]
    other = as_user("staff", unit=org["north"])
    detail = other.get(_idea_url(idea))
    assert detail.status_code == 200
    assert _leaks(detail.get_data(as_text=True), amira) == []
    own = [c for c in detail.get_json()["comments"] if c["by_submitter"]]
    assert len(own) == 1 and own[0]["author"] is None
    assert own[0]["body"] == "Tack, jag kan visa hur."
    colleagues = [c for c in detail.get_json()["comments"] if not c["by_submitter"]]
    assert colleagues[0]["author"]["display_name"] == "Jonas Kollega"


def test_nothing_names_the_submitter_to_others(anonymous_idea, as_user, org):
    idea, amira, colleague = (anonymous_idea[k] for k in ("idea", "amira", "colleague"))
    handler = as_user("handler", unit=org["care"])
    handler.post(f"{_idea_url(idea)}/status", json={"status": "acknowledged", "note": "Tack!"})
    # A comment by the colleague, so that the submitter is notified of something too.
    colleague.post(f"{_idea_url(idea)}/comments", json={"body": "Jag hjälper till"})
    stranger = as_user("handler", unit=org["cleaning"])
    for viewer in (colleague, as_user("staff", unit=org["south"]), stranger):
        pages = [viewer.get(_idea_url(idea)), viewer.get("/api/v1/notifications"),
                 viewer.post(f"{_idea_url(idea)}/comments", json={"body": "Ännu en kommentar"})]
        pages += [viewer.get(f"/api/v1/ideas?scope={scope}&sort={sort}")
                  for scope in ("org", "unit") for sort in ("new", "top")]
        for page in pages:
            assert page.status_code < 300, page.get_data(as_text=True)
            assert _leaks(page.get_data(as_text=True), amira) == [], page.request.path
        export = viewer.get("/api/v1/me/export")
        with zipfile.ZipFile(io.BytesIO(export.data)) as archive:
            for name in archive.namelist():
                text = archive.read(name).decode("utf-8", "replace")
                assert _leaks(text, amira) == [], name
    stats = stranger.get("/api/v1/stats.csv")
    assert stats.status_code == 200
    assert _leaks(stats.get_data(as_text=True), amira) == []


@pytest.mark.parametrize("who", ["handler of the unit", "handler above", "admin", "submitter"])
def test_the_submitter_is_shown_to_those_who_may_know(anonymous_idea, as_user, org, who):
    idea, amira = anonymous_idea["idea"], anonymous_idea["amira"]
    viewer = {"handler of the unit": lambda: as_user("handler", unit=org["north"]),
              "handler above": lambda: as_user("handler", unit=org["care"]),
              "admin": lambda: as_user("admin", unit=org["root"]),
              "submitter": lambda: amira}[who]()
    detail = viewer.get(_idea_url(idea)).get_json()
    assert detail["submitter"]["display_name"] == SECRET_NAME
    own = [c for c in detail["comments"] if c["by_submitter"]]
    assert own[0]["author"] == {"id": str(amira.user.id), "display_name": SECRET_NAME}
    assert detail["history"][0]["actor"]["display_name"] == SECRET_NAME
    listed = viewer.get("/api/v1/ideas?scope=org").get_json()["items"]
    assert [i["submitter"]["display_name"] for i in listed if i["id"] == idea["id"]] == [SECRET_NAME]


def test_a_handler_who_answers_their_own_anonymous_idea_stays_anonymous(as_user, org, post_idea):
    # The submitter appears in the history as the one who moved the idea on.
    hanna = as_user("handler", unit=org["north"], name="Hanna Hemlig")
    idea = post_idea(hanna, anonymous=True).get_json()
    voter = as_user("staff", unit=org["north"])
    voter.put(f"{_idea_url(idea)}/vote")
    for status in ("acknowledged", "approved", "implemented"):
        assert hanna.post(f"{_idea_url(idea)}/status",
                          json={"status": status, "note": "Klart"}).status_code == 200
    for page in (voter.get(_idea_url(idea)), voter.get("/api/v1/notifications")):
        text = page.get_data(as_text=True)
        assert "Hanna Hemlig" not in text and str(hanna.user.id) not in text
    assert all(h["actor"] is None for h in voter.get(_idea_url(idea)).get_json()["history"])
    assert voter.get("/api/v1/notifications").get_json()["items"]


def test_notification_texts_name_the_anonymous_submitter_only_to_those_who_may_know(
        anonymous_idea, as_user, org, db_run):
    # No notification names a commenter to anyone but the submitter today; the
    # rule that fills in the name per recipient still hides the submitter.
    from server.auth.models import User
    from server.ideas.models import Idea
    from server.push import messages
    from server.push.services import HIDDEN, _name_on, _params_for

    amira, colleague = anonymous_idea["amira"], anonymous_idea["colleague"]
    handler = as_user("handler", unit=org["north"])

    def names(session):
        idea = session.get(Idea, uuid.UUID(anonymous_idea["idea"]["id"]))
        author = session.get(User, amira.user.id)
        return [_name_on(idea, author, session.get(User, u.user.id))
                for u in (colleague, handler, amira)]
    assert db_run(names) == [HIDDEN, SECRET_NAME, SECRET_NAME]
    stored = _params_for(None, {"idea": "Idé", "comment": "Bra", "author": HIDDEN}, "")
    assert stored["author"] is None and SECRET_NAME not in str(stored)
    assert messages.render("commented", stored, "sv").body.startswith("Idéns förslagsställare")
    assert messages.render("commented", stored, "en").body.startswith("The idea's submitter")
