"""Larger JSON answers to GET requests travel gzipped to browsers that accept it."""
import gzip
import json


def test_a_feed_page_is_gzipped_when_the_browser_accepts_it(as_user, post_idea):
    client = as_user()
    for n in range(12):
        post_idea(client, description=f"Idé nummer {n} om något som kan bli bättre på jobbet")
    plain = client.get("/api/v1/ideas?scope=unit")
    packed = client.get("/api/v1/ideas?scope=unit", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert json.loads(gzip.decompress(packed.data)) == plain.json
    assert len(packed.data) < len(plain.data) / 2
    assert packed.headers["Cache-Control"] == "no-store"


def test_small_answers_and_writes_are_sent_as_they_are(as_user):
    client = as_user()
    assert "Content-Encoding" not in client.get("/api/v1/me", headers={"Accept-Encoding": "gzip"}).headers
    created = client.post("/api/v1/ideas", data={"description": "x" * 1500, "anonymous": "false"},
                          headers={"Accept-Encoding": "gzip"}, content_type="multipart/form-data")
    assert created.status_code == 201 and len(created.data) > 1400
    assert "Content-Encoding" not in created.headers
