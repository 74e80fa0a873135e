"""The web app's files: app routes get index.html, text is compressed, nothing else leaks."""
import gzip


def test_app_routes_get_the_shell(client):
    for path in ("/", "/ideas/6f1d7d2e-8a6b-4c55-9f7e-0d6f2e1b7c11", "/inbox", "/join/abc"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype == "text/html"
        assert b'<html' in response.data


def test_missing_files_and_api_paths_are_404(client):
    assert client.get("/nothing.js").status_code == 404
    assert client.get("/api/v1/none").status_code == 404
    assert client.get("/../server/config.py").status_code == 404


def test_text_is_gzipped_when_the_browser_accepts_it(client):
    plain = client.get("/sw.js")
    packed = client.get("/sw.js", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data)
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert plain.headers["ETag"] != packed.headers["ETag"]
    again = client.get("/sw.js", headers={"Accept-Encoding": "gzip",
                                          "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304


def test_images_are_not_compressed_again(client):
    response = client.get("/icons/icon-192.png", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_the_service_worker_may_control_the_whole_app(client):
    response = client.get("/sw.js")
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]


def test_only_a_signed_in_visitor_gets_the_first_screens_hints(client, as_user):
    signed_out = client.get("/")
    assert b"<!-- signed-in\n" in signed_out.data and b'rel="preload"' in signed_out.data
    assert "Cookie" in signed_out.headers["Vary"]
    signed_in = as_user("staff").get("/")
    assert b"<!-- signed-in" not in signed_in.data and b"signed-in -->" not in signed_in.data
    assert b'<link rel="preload" href="/api/v1/me" as="fetch" crossorigin>' in signed_in.data
    assert signed_in.headers["ETag"] != signed_out.headers["ETag"]
    # The service worker's copy stays the one for everybody.
    assert client.get("/index.html").data == signed_out.data
