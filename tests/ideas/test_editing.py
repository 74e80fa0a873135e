"""The submitter edits their idea's words and photos while it is `submitted`, and only then."""
from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest

from server.ideas.models import IdeaEdit, Photo
from tests.conftest import count_rows


@pytest.fixture
def submitter(as_user, org):
    return as_user("staff", unit=org["north"], name="Sara Submitter")


@pytest.fixture
def handler(as_user, org):
    return as_user("handler", unit=org["north"], name="Hanna Handler")


def _files(app) -> set[str]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return {p.name for p in root.rglob("*.jpg")} if root.exists() else set()


def _photos(client, idea_id, *jpegs, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(f"/api/v1/ideas/{idea_id}/photos", headers=headers,
                       data={"photo": [(io.BytesIO(j), f"p{i}.jpg", "image/jpeg")
                                       for i, j in enumerate(jpegs)]},
                       content_type="multipart/form-data")


def test_the_submitter_edits_the_text_and_the_history_keeps_who_when_and_what(
        submitter, handler, as_user, org, post_idea, app):
    idea = post_idea(submitter, title="Nycklar", description="Nyckelskåp i bilarna").json
    colleague = as_user("staff", unit=org["north"])
    assert colleague.get(f"/api/v1/ideas/{idea['id']}").json["can_edit"] == []

    edited = submitter.patch(f"/api/v1/ideas/{idea['id']}",
                             json={"title": "  Nyckelskåp ", "description": "Ett låst skåp i varje bil"})
    assert edited.status_code == 200, edited.json
    assert (edited.json["title"], edited.json["description"]) == (
        "Nyckelskåp", "Ett låst skåp i varje bil")
    assert edited.json["can_edit"] == ["title", "description", "photos"]
    # An emptied title is no title; the unchanged description is not recorded again.
    cleared = submitter.patch(f"/api/v1/ideas/{idea['id']}",
                              json={"title": "", "description": "Ett låst skåp i varje bil"}).json
    assert cleared["title"] is None
    # The same words again are no edit.
    assert submitter.patch(f"/api/v1/ideas/{idea['id']}",
                           json={"description": "Ett låst skåp i varje bil"}).status_code == 200

    edits = colleague.get(f"/api/v1/ideas/{idea['id']}").json["edits"]
    assert [e["changes"] for e in edits] == [
        [{"field": "title", "from": "Nycklar", "to": "Nyckelskåp"},
         {"field": "description", "from": "Nyckelskåp i bilarna", "to": "Ett låst skåp i varje bil"}],
        [{"field": "title", "from": "Nyckelskåp", "to": None}]]
    assert {e["actor"]["display_name"] for e in edits} == {"Sara Submitter"}
    assert all(e["created_at"] for e in edits)
    assert count_rows(app, IdeaEdit) == 2


def test_an_anonymous_idea_s_history_hides_the_submitter_from_colleagues(
        submitter, handler, as_user, org, post_idea):
    idea = post_idea(submitter, anonymous=True).json
    assert submitter.patch(f"/api/v1/ideas/{idea['id']}",
                           json={"description": "Nyckelskåp i varje bil"}).status_code == 200
    colleague = as_user("staff", unit=org["north"])
    routed_handler = as_user("handler", unit=org["cleaning"])
    for reader in (colleague, routed_handler):
        shown = reader.get(f"/api/v1/ideas/{idea['id']}").json
        assert shown["submitter"] is None
        assert [e["actor"] for e in shown["edits"]] == [None]
        assert "Sara" not in str(shown)
    for reader in (submitter, handler):
        edits = reader.get(f"/api/v1/ideas/{idea['id']}").json["edits"]
        assert [e["actor"]["display_name"] for e in edits] == ["Sara Submitter"]


@pytest.mark.parametrize("who", ["colleague", "handler", "admin", "stranger"])
def test_only_the_submitter_edits_the_text(who, submitter, handler, as_user, org, make_unit,
                                           post_idea, make_jpeg, app):
    idea = post_idea(submitter, photos=[make_jpeg(200, 150)]).json
    client, status = {
        "colleague": (lambda: as_user("staff", unit=org["north"]), 403),
        "handler": (lambda: handler, 403),
        "admin": (lambda: as_user("admin", unit=org["root"]), 403),
        "stranger": (lambda: as_user("admin", unit=make_unit("Grannkommun")), 404),
    }[who]
    client = client()
    photo_id = idea["photos"][0]["id"]
    answers = [client.patch(f"/api/v1/ideas/{idea['id']}", json={"description": "Mitt nu"}),
               _photos(client, idea["id"], make_jpeg(100, 100)),
               client.delete(f"/api/v1/ideas/{idea['id']}/photos/{photo_id}")]
    assert [a.status_code for a in answers] == [status] * 3
    if status == 403:
        assert {a.json["error"]["code"] for a in answers} == {"not_the_submitter"}
    after = submitter.get(f"/api/v1/ideas/{idea['id']}").json
    assert (after["description"], len(after["photos"]), after["edits"]) == (
        "Nyckelskåp i bilarna", 1, [])
    assert len(_files(app)) == 2


def test_after_the_first_answer_only_comments_remain(submitter, handler, post_idea, make_jpeg,
                                                     app):
    idea = post_idea(submitter, photos=[make_jpeg(200, 150)]).json
    assert handler.post(f"/api/v1/ideas/{idea['id']}/status",
                        json={"status": "acknowledged", "note": ""}).status_code == 200
    shown = submitter.get(f"/api/v1/ideas/{idea['id']}").json
    assert shown["can_edit"] == []
    answers = [submitter.patch(f"/api/v1/ideas/{idea['id']}", json={"title": "Sent"}),
               _photos(submitter, idea["id"], make_jpeg(100, 100)),
               submitter.delete(f"/api/v1/ideas/{idea['id']}/photos/{idea['photos'][0]['id']}")]
    assert [a.status_code for a in answers] == [409] * 3
    assert {a.json["error"]["code"] for a in answers} == {"editing_closed"}
    assert "comment" in answers[0].json["error"]["message"]
    after = submitter.get(f"/api/v1/ideas/{idea['id']}").json
    assert (after["title"], len(after["photos"]), after["edits"]) == (None, 1, [])
    assert len(_files(app)) == 2
    assert submitter.post(f"/api/v1/ideas/{idea['id']}/comments",
                          json={"body": "Ett tillägg"}).status_code == 201


@pytest.mark.parametrize("body", [{}, {"description": ""}, {"description": None},
                                  {"title": "x" * 121}, {"description": "x" * 4001},
                                  {"description": "a\u0000b"}, {"colour": "röd"},
                                  {"title": 5}])
def test_a_bad_text_edit_changes_nothing(body, submitter, post_idea, app):
    idea = post_idea(submitter, title="Nycklar").json
    response = submitter.patch(f"/api/v1/ideas/{idea['id']}", json=body)
    assert response.status_code == 422, response.json
    after = submitter.get(f"/api/v1/ideas/{idea['id']}").json
    assert (after["title"], after["description"], after["edits"], after["updated_at"]) == (
        "Nycklar", "Nyckelskåp i bilarna", [], idea["updated_at"])


def test_photos_are_added_and_removed_and_removed_files_are_deleted(
        submitter, as_user, org, post_idea, make_jpeg, app):
    idea = post_idea(submitter, photos=[make_jpeg(200, 150)]).json
    first = idea["photos"][0]["id"]
    assert len(_files(app)) == 2  # the photo and its thumbnail

    added = _photos(submitter, idea["id"], make_jpeg(300, 200, gps=True), make_jpeg(120, 90))
    assert added.status_code == 201, added.json
    assert [(p["width"], p["height"]) for p in added.json["photos"]] == [
        (200, 150), (300, 200), (120, 90)]
    assert len(_files(app)) == 6
    served = submitter.get(added.json["photos"][1]["url"])
    assert served.status_code == 200 and b"PhoneMaker" not in served.data  # sanitised

    before = _files(app)
    removed = submitter.delete(f"/api/v1/ideas/{idea['id']}/photos/{first}")
    assert removed.status_code == 200, removed.json
    assert [(p["width"], p["height"]) for p in removed.json["photos"]] == [(300, 200), (120, 90)]
    assert len(before - _files(app)) == 2 and len(_files(app)) == 4
    assert submitter.get(f"/api/v1/photos/{first}").status_code == 404

    again = submitter.delete(f"/api/v1/ideas/{idea['id']}/photos/{first}")
    assert again.status_code == 404 and again.json["error"]["code"] == "photo_not_found"
    edits = as_user("staff", unit=org["north"]).get(f"/api/v1/ideas/{idea['id']}").json["edits"]
    assert [e["changes"] for e in edits] == [[{"field": "photos", "from": "1", "to": "3"}],
                                             [{"field": "photos", "from": "3", "to": "2"}]]


def test_another_idea_s_photo_cannot_be_removed_through_mine(submitter, as_user, org, post_idea,
                                                            make_jpeg, app):
    mine = post_idea(submitter).json
    theirs = post_idea(as_user("staff", unit=org["north"]), photos=[make_jpeg(200, 150)]).json
    response = submitter.delete(f"/api/v1/ideas/{mine['id']}/photos/{theirs['photos'][0]['id']}")
    assert response.status_code == 404
    assert count_rows(app, Photo) == 1 and len(_files(app)) == 2


@pytest.mark.parametrize("case", ["none", "five", "not_an_image", "sixth"])
def test_bad_photos_change_nothing(case, submitter, post_idea, make_jpeg, app):
    jpeg = make_jpeg(200, 150)
    idea = post_idea(submitter, photos=[jpeg] * (4 if case == "sixth" else 1)).json
    files = {"none": [], "five": [jpeg] * 5, "not_an_image": [b"%PDF-1.4 not a photo"],
             "sixth": [jpeg]}[case]
    response = _photos(submitter, idea["id"], *files)
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == {"none": "no_photos", "five": "too_many_photos",
                                              "not_an_image": "invalid_photo",
                                              "sixth": "too_many_photos"}[case]
    after = submitter.get(f"/api/v1/ideas/{idea['id']}").json
    assert (len(after["photos"]), after["edits"]) == (len(idea["photos"]), [])
    assert len(_files(app)) == 2 * len(idea["photos"])


def test_a_photo_sent_again_with_its_key_is_added_once(submitter, post_idea, make_jpeg, app):
    idea = post_idea(submitter).json
    key = str(uuid.uuid4())
    first = _photos(submitter, idea["id"], make_jpeg(200, 150), key=key)
    again = _photos(submitter, idea["id"], make_jpeg(200, 150), key=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert count_rows(app, Photo) == 1 and count_rows(app, IdeaEdit) == 1


@pytest.mark.parametrize("words, old, new", [
    ("halkade på isen", "nyckelskåp", "halka"),
    ("skyddshandskar i varje bil", "nyckelskåp", "handske"),
])
def test_search_and_similar_ideas_follow_the_edited_text(words, old, new, submitter, as_user, org,
                                                         post_idea):
    idea = post_idea(submitter, description="Nyckelskåp i bilarna").json
    reader = as_user("staff", unit=org["north"])
    assert [i["id"] for i in reader.get(f"/api/v1/ideas?q={old}").json["items"]] == [idea["id"]]
    edited = submitter.patch(f"/api/v1/ideas/{idea['id']}", json={"description": words}).json
    assert reader.get(f"/api/v1/ideas?q={old}").json["items"] == []
    assert [i["id"] for i in reader.get(f"/api/v1/ideas?q={new}").json["items"]] == [idea["id"]]
    assert "nyckel" not in edited["stems"]
    similar = reader.get(f"/api/v1/ideas/similar?text={words}").json["items"]
    assert [i["id"] for i in similar] == [idea["id"]]
    assert reader.get("/api/v1/ideas/similar?text=nyckelskåp i bilarna").json["items"] == []
