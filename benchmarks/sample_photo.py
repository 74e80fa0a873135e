"""Make photo-like JPEGs: smooth colour fields with sensor-like noise, as a phone camera gives."""
from __future__ import annotations

import io
import random

from PIL import Image, ImageFilter


def photo_jpeg(width: int = 4000, height: int = 3000, *, quality: int = 90, seed: int = 12) -> bytes:
    """Return a JPEG of the given size that compresses about as a real photo does."""
    rng = random.Random(seed)
    small = Image.new("RGB", (40, 30))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(40 * 30)])
    base = small.resize((width, height), Image.Resampling.BICUBIC)
    detail = Image.effect_noise((width // 4, height // 4), 48).resize(
        (width, height), Image.Resampling.BILINEAR).filter(ImageFilter.FIND_EDGES)
    grain = Image.effect_noise((width, height), 10)
    texture = Image.merge("RGB", (detail, grain, detail))
    image = Image.blend(base, texture, 0.22)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def megapixels(data: bytes) -> float:
    with Image.open(io.BytesIO(data)) as image:
        return image.width * image.height / 1e6
