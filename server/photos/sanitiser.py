"""Validate an uploaded photo by its bytes and re-encode it without metadata."""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "HEIF", "AVIF", "GIF"})
FULL_SIDE = 1600
THUMB_SIDE = 480
JPEG_QUALITY = 82

# Pillow's own guard: anything above twice this raises DecompressionBombError before
# decoding. Our own, stricter pixel limit is checked from the header below.
Image.MAX_IMAGE_PIXELS = 40_000_000


class PhotoError(Exception):
    """A photo that cannot be accepted; the message says why."""


class NotAnImage(PhotoError):
    pass


class PhotoTooLarge(PhotoError):
    pass


@dataclass(frozen=True)
class CleanPhoto:
    full: bytes
    thumb: bytes
    width: int
    height: int


def sanitise(data: bytes, *, max_bytes: int, max_pixels: int) -> CleanPhoto:
    """Return a downscaled JPEG and thumbnail with orientation applied and no metadata."""
    if len(data) > max_bytes:
        raise PhotoTooLarge(f"A photo may be at most {max_bytes // (1024 * 1024)} MB.")
    if not data:
        raise NotAnImage("The photo is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise NotAnImage("Only JPEG, PNG, WebP, HEIC and GIF photos are accepted.")
            if image.width * image.height > max_pixels:
                raise PhotoTooLarge(
                    f"The photo has too many pixels (at most {max_pixels // 1_000_000} megapixels).")
            if image.format in ("JPEG", "MPO"):
                # Decode at a reduced scale when the JPEG allows it: about twice as fast.
                image.draft("RGB", (FULL_SIDE, FULL_SIDE))
            image.load()
            image = ImageOps.exif_transpose(image)
            full = _to_rgb(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoTooLarge(
            f"The photo has too many pixels (at most {max_pixels // 1_000_000} megapixels).") from exc
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise NotAnImage("The file is not a photo that can be read.") from exc
    full.thumbnail((FULL_SIDE, FULL_SIDE), Image.Resampling.LANCZOS)
    thumb = full.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return CleanPhoto(full=_jpeg(full), thumb=_jpeg(thumb), width=full.width, height=full.height)


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # A fresh RGB image carries no info dict, so no EXIF, XMP or ICC text is written.
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
