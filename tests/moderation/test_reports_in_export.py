"""Reports in a person's data export and erasure: the reporter's own, never who reported."""
from __future__ import annotations

import io
import json
import zipfile

from server.moderation.models import Report
from tests.conftest import count_rows


def _archive(client) -> zipfile.ZipFile:
    response = client.get("/api/v1/me/export")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_the_reporter_exports_their_reports_and_the_author_only_what_became_of_her_idea(
        as_user, post_idea, org):
    author = as_user(unit=org["north"], name="Anna Ek")
    idea = post_idea(author, description="Herr Berg i lägenhet 12 vill ha hjälp").json
    rude = as_user(unit=org["north"], name="Sture Sur")
    comment = rude.post(f"/api/v1/ideas/{idea['id']}/comments", json={"body": "Dumt"}).json
    reporters = [as_user(unit=org["south"], name=f"Rapportör {n}") for n in range(3)]
    for reporter in reporters:
        reporter.post(f"/api/v1/ideas/{idea['id']}/reports",
                      json={"reason": "offensive", "comment_id": comment["id"]})
    first = reporters[0].post(f"/api/v1/ideas/{idea['id']}/reports",
                              json={"reason": "client_data", "note": "Namn och lägenhet"}).json
    handler = as_user("handler", unit=org["north"])
    handler.post(f"/api/v1/reports/{first['id']}/resolve",
                 json={"action": "hide", "reason": "Uppgifter om en brukare"})

    mine = json.loads(_archive(reporters[0]).read("reports.json"))
    assert [(r["reason"], r["comment_id"], r["resolution"]) for r in mine] == [
        ("offensive", comment["id"], None), ("client_data", None, "hidden")]
    assert mine[1]["note"] == "Namn och lägenhet"
    assert json.loads(_archive(reporters[1]).read("reports.json"))[0]["reason"] == "offensive"

    archive = _archive(author)
    assert json.loads(archive.read("reports.json")) == []
    [exported] = json.loads(archive.read("ideas.json"))
    assert (exported["hidden"], exported["hidden_reason"]) == ("hidden", "Uppgifter om en brukare")
    # The hidden comment is not hers to read, in the app or in her export.
    assert exported["comments"] == []
    everything = " ".join(archive.read(name).decode("utf-8", "replace")
                          for name in archive.namelist())
    for reporter in reporters:
        assert reporter.user.display_name not in everything
        assert str(reporter.user.id) not in everything
    assert json.loads(_archive(rude).read("comments.json"))[0]["body"] == "Dumt"


def test_erasing_a_reporter_takes_their_reports_with_them(app, as_user, post_idea, org):
    idea = post_idea(as_user(unit=org["north"])).json
    reporter = as_user(unit=org["north"])
    reporter.post(f"/api/v1/ideas/{idea['id']}/reports", json={"reason": "other"})
    assert count_rows(app, Report) == 1
    admin = as_user("admin", unit=org["root"])
    assert admin.delete(f"/api/v1/users/{reporter.user.id}").status_code in (200, 204)
    assert count_rows(app, Report) == 0
