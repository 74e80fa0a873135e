"""My data export: a zip with everything Gnista holds about me."""
from __future__ import annotations

import io
import json
import zipfile

from PIL import Image


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_export_holds_profile_ideas_comments_votes_and_photos(as_user, post_idea, make_jpeg):
    me = as_user("staff")
    handler = as_user("handler")
    colleague = as_user("staff")
    idea = post_idea(me, description="Fler handskar i förrådet", title="Handskar",
                     photos=[make_jpeg(320, 240), make_jpeg(200, 150)]).get_json()
    handler.post(f"/api/v1/ideas/{idea['id']}/status",
                 json={"status": "acknowledged", "note": "Tack, vi tittar på det"})
    colleague.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Bra idé!"})
    other = post_idea(colleague, description="Kortare möten").get_json()
    me.put(f"/api/v1/ideas/{other['id']}/vote")
    me.post(f"/api/v1/ideas/{other['id']}/comments", json={"body": "Håller med"})
    me.put(f"/api/v1/ideas/{other['id']}/watch")

    archive = _zip(me.get("/api/v1/me/export"))
    names = set(archive.namelist())
    assert {"README.txt", "profile.json", "ideas.json", "comments.json", "votes.json",
            "notifications.json"} <= names

    profile = json.loads(archive.read("profile.json"))
    assert profile["id"] == str(me.user.id)
    assert profile["display_name"] == me.user.display_name
    # Her one signed-in device, without the id her cookie names; no one else's.
    [device] = profile["signed_in_devices"]
    assert set(device) == {"device", "created_at", "last_used_at", "expires_at"}

    ideas = json.loads(archive.read("ideas.json"))
    assert [i["id"] for i in ideas] == [idea["id"]]
    assert ideas[0]["description"] == "Fler handskar i förrådet"
    assert [h["to_status"] for h in ideas[0]["history"]] == ["submitted", "acknowledged"]
    assert ideas[0]["history"][1]["note"] == "Tack, vi tittar på det"
    assert [c["body"] for c in ideas[0]["comments"]] == ["Bra idé!"]

    assert [c["body"] for c in json.loads(archive.read("comments.json"))] == ["Håller med"]
    assert [v["idea_id"] for v in json.loads(archive.read("votes.json"))] == [other["id"]]
    assert [f["idea_id"] for f in json.loads(archive.read("following.json"))] == [other["id"]]
    notes = json.loads(archive.read("notifications.json"))
    assert isinstance(notes, list)

    sizes = [Image.open(io.BytesIO(archive.read(name))).size for name in ideas[0]["photos"]]
    assert sizes == [(320, 240), (200, 150)]


def test_export_leaves_out_other_peoples_ideas(as_user, post_idea):
    me = as_user("staff")
    colleague = as_user("staff")
    post_idea(colleague, description="Inte min")
    archive = _zip(me.get("/api/v1/me/export"))
    assert json.loads(archive.read("ideas.json")) == []
    assert not [n for n in archive.namelist() if n.startswith("photos/")]


def test_export_needs_sign_in(client):
    assert client.get("/api/v1/me/export").status_code == 401


def test_openapi_describes_the_export_as_a_zip(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    content = spec["paths"]["/api/v1/me/export"]["get"]["responses"]["200"]["content"]
    assert "application/zip" in content


def test_export_names_the_category_and_its_edits(as_user, org):
    admin = as_user("admin", unit=org["root"])
    food = admin.post("/api/v1/categories", json={"name": "Kost", "name_en": "Food"}).get_json()
    clean = admin.post("/api/v1/categories", json={"name": "Hygien"}).get_json()
    me = as_user("staff", unit=org["north"])
    handler = as_user("handler", unit=org["north"], name="Karin Lund")
    idea = me.post("/api/v1/ideas", data={"description": "Frukt", "category_id": food["id"]},
                   content_type="multipart/form-data").get_json()
    handler.patch(f"/api/v1/ideas/{idea['id']}", json={"category_id": clean["id"]})
    me.patch("/api/v1/me", json={"language": "en"})
    [record] = json.loads(_zip(me.get("/api/v1/me/export")).read("ideas.json"))
    assert record["category"] == "Hygien"
    [edit] = record["edits"]
    assert edit["changes"] == [{"field": "category", "from": "Food", "to": "Hygien"}]
    assert edit["by"] == "Karin Lund"
