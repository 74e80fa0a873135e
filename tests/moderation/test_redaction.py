"""Redaction deletes the passage for good: from the row, the search index, the history."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text

from server.extensions import db
from server.ideas.models import Comment, Idea, IdeaEdit, Photo
from server.photos.services import photo_store
from server.push.models import Notification


@pytest.fixture
def reported(as_user, post_idea, org, make_jpeg):
    handler = as_user("handler", unit=org["north"], name="Hanna Handläggare")
    author = as_user(unit=org["north"], name="Anna Ek")
    idea = post_idea(author, title="Rullstol åt Lindqvist",
                     description="Fru Lindqvist på Storgatan 4 behöver en ny rullstol",
                     photos=[make_jpeg(320, 240), make_jpeg(200, 150)]).json
    commenter = as_user(unit=org["north"])
    comment = commenter.post(f"/api/v1/ideas/{idea['id']}/comments",
                             json={"body": "Sonen Kjell Lindqvist skäller på personalen"}).json
    reporter = as_user(unit=org["north"])
    on_idea = reporter.post(f"/api/v1/ideas/{idea['id']}/reports",
                            json={"reason": "client_data"}).json
    on_comment = reporter.post(f"/api/v1/ideas/{idea['id']}/reports",
                               json={"reason": "client_data", "comment_id": comment["id"]}).json
    return {"idea": idea, "comment": comment, "author": author, "reporter": reporter,
            "handler": handler,
            "on_idea": on_idea["id"], "on_comment": on_comment["id"]}


def resolve(client, report_id, **body):
    return client.post(f"/api/v1/reports/{report_id}/resolve", json={"action": "redact", **body})


def stored_text(app, idea_id: str) -> str:
    """Everything the database holds about the idea as text: rows, history, inbox, index."""
    ident = uuid.UUID(idea_id)
    with app.app_context():
        try:
            idea = db.session.get(Idea, ident)
            parts = [idea.title or "", idea.description]
            parts += db.session.scalars(select(Comment.body).where(Comment.idea_id == ident))
            parts += [str(e.changes) for e in db.session.scalars(
                select(IdeaEdit).where(IdeaEdit.idea_id == ident))]
            parts += [str(n.params) for n in db.session.scalars(
                select(Notification).where(Notification.idea_id == ident))]
            connection = db.session.connection()
            if connection.dialect.name == "postgresql":
                parts += [f"{row.document} {row.words}" for row in connection.execute(text(
                    "SELECT document::text AS document, words FROM idea_search "
                    "WHERE idea_id = :id"), {"id": ident})]
            else:
                key = ident.hex  # SQLAlchemy stores UUIDs on SQLite as 32 hex digits
                parts += [" ".join(map(str, row)) for row in connection.execute(text(
                    "SELECT title, description, comments FROM idea_search "
                    "WHERE idea_id = :id"), {"id": key})]
                parts += [row[0] for row in connection.execute(text(
                    "SELECT words FROM idea_search_trigram WHERE idea_id = :id"), {"id": key})]
            return " ".join(parts)
        finally:
            db.session.remove()


def index_hits(app, word: str) -> int:
    """How many ideas the search index itself finds the word in, asked without the app."""
    with app.app_context():
        try:
            connection = db.session.connection()
            if connection.dialect.name == "postgresql":
                return connection.execute(text(
                    "SELECT count(*) FROM idea_search WHERE document @@ plainto_tsquery("
                    "'simple', :w) OR words LIKE :part"), {"w": word, "part": f"%{word}%"}).scalar()
            stems = connection.execute(text(
                "SELECT count(*) FROM idea_search WHERE idea_search MATCH :w"),
                {"w": f'"{word}"'}).scalar()
            parts = connection.execute(text(
                "SELECT count(*) FROM idea_search_trigram WHERE idea_search_trigram MATCH :w"),
                {"w": f'"{word}"'}).scalar()
            return stems + parts
        finally:
            db.session.remove()


def add_old_edit(app, idea_id: str) -> None:
    """An earlier edit of the description that held the passage too."""
    with app.app_context():
        db.session.add(IdeaEdit(idea_id=uuid.UUID(idea_id), changes={"description": {
            "from": "Fru Lindqvist behöver rullstol", "to": "Fru Lindqvist på Storgatan 4"}}))
        db.session.commit()
        db.session.remove()


def search(client, word):
    return client.get("/api/v1/ideas", query_string={"scope": "org", "q": word}).json["items"]


def test_redacting_by_text_deletes_the_passage_from_the_database_the_index_and_the_history(
        app, reported):
    idea_id = reported["idea"]["id"]
    add_old_edit(app, idea_id)
    assert "Storgatan" in stored_text(app, idea_id) and index_hits(app, "storgatan") > 0
    done = resolve(reported["handler"], reported["on_idea"], field="description",
                   text="Fru Lindqvist på Storgatan 4")
    assert done.status_code == 200, done.json
    assert done.json["resolution"] == "redacted"
    assert "Storgatan" not in stored_text(app, idea_id)
    assert index_hits(app, "storgatan") == 0
    assert search(reported["handler"], "Storgatan") == []
    shown = reported["reporter"].get(f"/api/v1/ideas/{idea_id}").json
    assert shown["description"] == "[borttaget] behöver en ny rullstol"
    # The history says who redacted and when, not what.
    last = shown["edits"][-1]
    assert last["changes"] == [{"field": "redacted", "from": None, "to": "description"}]
    assert last["actor"]["display_name"] == "Hanna Handläggare"
    assert "Storgatan" not in str(shown["edits"])


def test_redacting_by_offsets_reaches_the_title_and_the_notifications_that_quote_it(
        app, reported):
    idea_id = reported["idea"]["id"]
    title = reported["idea"]["title"]
    start = title.index("Lindqvist")
    assert resolve(reported["handler"], reported["on_idea"], field="title", start=start,
                   end=start + len("Lindqvist")).status_code == 200
    shown = reported["handler"].get(f"/api/v1/ideas/{idea_id}").json
    assert shown["title"] == "Rullstol åt [borttaget]"
    with app.app_context():
        labels = [n.params.get("idea") for n in db.session.scalars(
            select(Notification).where(Notification.kind == "new_idea"))]
        db.session.remove()
    assert labels and all("Lindqvist" not in label for label in labels)


def test_redacting_a_comment_deletes_it_from_its_body_and_the_index(app, reported):
    idea_id = reported["idea"]["id"]
    assert resolve(reported["handler"], reported["on_comment"],
                   text="Kjell Lindqvist").status_code == 200
    [comment] = reported["author"].get(f"/api/v1/ideas/{idea_id}").json["comments"]
    assert comment["body"] == "Sonen [borttaget] skäller på personalen"
    assert "Kjell" not in stored_text(app, idea_id)
    assert index_hits(app, "kjell") == 0
    # The idea's own report is still open: only the comment's was resolved.
    assert [i["comment"] for i in reported["handler"].get("/api/v1/reports").json["items"]] \
        == [None]


def test_a_passage_that_is_not_there_or_a_wrong_field_changes_nothing(app, reported):
    idea_id = reported["idea"]["id"]
    before = stored_text(app, idea_id)
    for body in ({"field": "description", "text": "Hemgatan"},
                 {"field": "description", "start": 5, "end": 500},
                 {"field": "description", "start": 9, "end": 3},
                 {"field": "description"},
                 {"field": "body", "text": "Lindqvist"},
                 {"text": "Lindqvist"},
                 {"field": "photo", "photo_id": str(uuid.uuid4())}):
        response = resolve(reported["handler"], reported["on_idea"], **body)
        assert response.status_code == 422, (body, response.json)
    assert resolve(reported["handler"], reported["on_comment"], field="title",
                   text="Lindqvist").status_code == 422
    assert stored_text(app, idea_id) == before
    assert len(reported["handler"].get("/api/v1/reports").json["items"]) == 2


def test_redacting_a_photo_deletes_its_original_and_its_thumbnail(app, reported):
    idea_id = reported["idea"]["id"]
    gone, kept = reported["idea"]["photos"]
    with app.app_context():
        photo = db.session.get(Photo, uuid.UUID(gone["id"]))
        files = [photo_store().path_of(k) for k in (photo.storage_key, photo.thumb_key)]
        db.session.remove()
    assert all(path.exists() for path in files)
    assert resolve(reported["handler"], reported["on_idea"], field="photo",
                   photo_id=gone["id"]).status_code == 200
    assert not any(path.exists() for path in files)
    assert reported["handler"].get(gone["url"]).status_code == 404
    shown = reported["author"].get(f"/api/v1/ideas/{idea_id}").json
    assert [p["id"] for p in shown["photos"]] == [kept["id"]]
    assert shown["edits"][-1]["changes"] == [{"field": "redacted", "from": None, "to": "photo"}]
    assert reported["author"].get(kept["url"]).status_code == 200


def test_a_passage_the_submitter_edited_away_is_still_redacted_from_the_history(app, reported):
    idea = reported["idea"]
    edited = reported["author"].patch(f"/api/v1/ideas/{idea['id']}",
                                      json={"description": "Brukaren behöver en ny rullstol"})
    assert edited.status_code == 200, edited.json
    assert "Storgatan 4" in stored_text(app, idea["id"])  # the edit history keeps the old words
    done = resolve(reported["handler"], reported["on_idea"], field="description",
                   text="Storgatan 4")
    assert done.status_code == 200, done.json
    assert "Storgatan 4" not in stored_text(app, idea["id"])
    assert reported["handler"].get(f"/api/v1/ideas/{idea['id']}").json["description"] == (
        "Brukaren behöver en ny rullstol")
