"""Uploaded photos: validated by their bytes, cleaned of metadata, stored whole or not at all."""
import io
import pathlib
import zlib
import struct

import pillow_heif
import pytest
from PIL import Image
from sqlalchemy import func, select

from server.extensions import db
from server.ideas.models import Idea, Photo


def stored_files(app) -> list[pathlib.Path]:
    return [p for p in pathlib.Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]


def rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def assert_nothing_stored(app):
    assert rows(app, Idea) == 0
    assert rows(app, Photo) == 0
    assert stored_files(app) == []


def test_gps_is_gone_from_what_is_stored_and_served(app, as_user, post_idea, make_jpeg):
    original = make_jpeg(1200, 900, gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo has GPS
    client = as_user()
    idea = post_idea(client, photos=[original]).json
    for path in stored_files(app):
        with Image.open(path) as image:
            assert not image.getexif(), f"{path.name} kept EXIF"
            assert "xmp" not in image.info and "exif" not in image.info
    for size in ("full", "thumb"):
        response = client.get(f"/api/v1/photos/{idea['photos'][0]['id']}?size={size}")
        assert response.status_code == 200
        assert response.mimetype == "image/jpeg"
        served = Image.open(io.BytesIO(response.data))
        assert not served.getexif()
        assert b"Exif" not in response.data and b"PhoneMaker" not in response.data
        assert "private" in response.headers["Cache-Control"]
        # Never from the browser's cache without asking: the next person on a shared phone.
        assert "no-cache" in response.headers["Cache-Control"]


def test_photos_are_downscaled_and_get_a_thumbnail(app, as_user, post_idea, make_jpeg):
    client = as_user()
    idea = post_idea(client, photos=[make_jpeg(3200, 2400)]).json
    photo = idea["photos"][0]
    assert (photo["width"], photo["height"]) == (1600, 1200)
    thumb = Image.open(io.BytesIO(client.get(photo["thumb_url"]).data))
    assert max(thumb.size) <= 480


def test_a_photo_within_the_size_is_still_re_encoded_without_any_metadata(app, as_user, post_idea):
    # Already small enough, so nothing needs resizing: its comment, XMP and ICC profile
    # (which can name the owner or the place) must still not reach the stored files.
    image = Image.new("RGB", (800, 600), (30, 140, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, comment=b"Anna Andersson, Storgatan 1",
               xmp=b"<x:xmpmeta>GPSLatitude 57,42.5N</x:xmpmeta>",
               icc_profile=b"\0" * 128 + b"acspAPPL", exif=Image.Exif().tobytes())
    original = out.getvalue()
    client = as_user()
    idea = post_idea(client, photos=[original]).json
    photo = idea["photos"][0]
    assert (photo["width"], photo["height"]) == (800, 600)
    stored = stored_files(app)
    assert len(stored) == 2
    for path in stored:
        data = path.read_bytes()
        assert data != original
        for secret in (b"Anna Andersson", b"GPSLatitude", b"acspAPPL", b"Exif"):
            assert secret not in data, f"{path.name} kept {secret!r}"
        with Image.open(path) as kept:
            assert not {"comment", "xmp", "icc_profile", "exif"} & set(kept.info)
    thumb = Image.open(io.BytesIO(client.get(photo["thumb_url"]).data))
    assert thumb.size == (480, 360)


def test_a_portrait_photo_keeps_its_shape_in_the_thumbnail(app, as_user, post_idea, make_jpeg):
    client = as_user()
    photo = post_idea(client, photos=[make_jpeg(1200, 1600)]).json["photos"][0]
    assert (photo["width"], photo["height"]) == (1200, 1600)
    thumb = Image.open(io.BytesIO(client.get(photo["thumb_url"]).data))
    assert thumb.size == (360, 480)


def test_orientation_is_applied(app, as_user, post_idea, make_jpeg):
    # Orientation 6: the camera held upright; the stored photo must be portrait.
    idea = post_idea(as_user(), photos=[make_jpeg(800, 600, orientation=6)]).json
    assert (idea["photos"][0]["width"], idea["photos"][0]["height"]) == (600, 800)


def test_png_webp_and_heic_are_accepted(app, as_user, post_idea):
    def encoded(fmt):
        out = io.BytesIO()
        Image.new("RGB", (640, 480), (10, 120, 200)).save(out, fmt)
        return out.getvalue()

    heif = pillow_heif.from_pillow(Image.new("RGB", (640, 480), (90, 20, 200)))
    heic = io.BytesIO()
    heif.save(heic, quality=50)
    response = post_idea(as_user(), photos=[encoded("PNG"), encoded("WEBP"), heic.getvalue()])
    assert response.status_code == 201, response.json
    assert len(response.json["photos"]) == 3


def test_up_to_four_photos(app, as_user, post_idea, make_jpeg):
    client = as_user()
    assert post_idea(client, photos=[make_jpeg()] * 4).status_code == 201
    response = post_idea(client, photos=[make_jpeg()] * 5)
    assert response.status_code == 422
    assert "4" in response.json["error"]["message"]


@pytest.mark.parametrize("payload", [b"", b"%PDF-1.4 not a photo", b"GIF89a" + b"\0" * 20,
                                     b"\xff\xd8\xff\xe0" + b"truncated jpeg"])
def test_a_file_that_is_not_an_image_is_refused(app, as_user, post_idea, make_jpeg, payload):
    response = post_idea(as_user(), photos=[make_jpeg(), payload])
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_photo"
    assert_nothing_stored(app)


def test_a_photo_named_jpg_but_holding_html_is_refused(app, as_user, post_idea):
    response = post_idea(as_user(), photos=[b"<html><script>alert(1)</script></html>"])
    assert response.status_code == 422
    assert_nothing_stored(app)


def post_large(client, photo: bytes):
    """Post a big multipart body from memory (the test client would spool it to a file)."""
    boundary = "gnista-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n"
            f"Stor bild\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; "
            f"filename=\"big.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").encode()
    body += photo + f"\r\n--{boundary}--\r\n".encode()
    return client.post("/api/v1/ideas", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_a_photo_over_15_mb_is_refused(app, as_user, post_idea, make_jpeg):
    big = make_jpeg() + b"\0" * (15 * 1024 * 1024)
    response = post_large(as_user(), big)
    assert response.status_code == 413
    assert "15 MB" in response.json["error"]["message"]
    assert_nothing_stored(app)


def test_a_request_over_the_body_limit_gets_json_413(app, as_user, post_idea, make_jpeg):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = post_large(as_user(), make_jpeg() + b"\0" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"
    assert_nothing_stored(app)


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims a huge canvas: a decompression bomb's calling card."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def test_a_photo_over_40_megapixels_is_refused(app, as_user, post_idea):
    response = post_idea(as_user(), photos=[png_header_only(8000, 6000)])
    assert response.status_code == 413
    assert "megapixels" in response.json["error"]["message"]
    assert_nothing_stored(app)


def test_a_decompression_bomb_is_refused(app, as_user, post_idea):
    response = post_idea(as_user(), photos=[png_header_only(50000, 50000)])
    assert response.status_code == 413
    assert_nothing_stored(app)


def test_a_bad_second_photo_leaves_no_file_of_the_first(app, as_user, post_idea, make_jpeg):
    response = post_idea(as_user(), photos=[make_jpeg(), make_jpeg(), b"junk"])
    assert response.status_code == 422
    assert_nothing_stored(app)


def test_a_failed_commit_leaves_no_orphan_files(app, as_user, post_idea, make_jpeg):
    """Files written during a request that rolls back are deleted with it."""
    from server.photos import services

    with app.test_request_context():
        services.store(services.clean_all([make_jpeg()])[0])
        assert len(stored_files(app)) == 2
        db.session.rollback()
    assert stored_files(app) == []


def test_photos_are_served_only_to_those_who_may_see_the_idea(app, as_user, post_idea, make_jpeg,
                                                             make_unit, new_client):
    idea = post_idea(as_user(), photos=[make_jpeg()]).json
    url = idea["photos"][0]["url"]
    assert as_user().get(url).status_code == 200  # a colleague in the organisation
    other_org = make_unit("Grannkommun")
    assert as_user(unit=other_org).get(url).status_code == 404
    assert new_client().get(url).status_code == 401


def test_unknown_photo_is_404(as_user):
    response = as_user().get("/api/v1/photos/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
