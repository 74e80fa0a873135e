"""Draw simple, recognisable photos for the demo ideas."""
from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

PALETTES = [((46, 94, 170), (241, 196, 15)), ((39, 174, 96), (236, 240, 241)),
            ((192, 57, 43), (250, 215, 160)), ((142, 68, 173), (174, 214, 241)),
            ((22, 160, 133), (244, 208, 63)), ((211, 84, 0), (213, 219, 219))]


def picture(seed: int, width: int = 960, height: int = 720) -> bytes:
    """Return a JPEG of a gradient with a few shapes, different for each seed."""
    rng = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)],
                  fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    for _ in range(6):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(40, 160)
        colour = tuple(rng.randrange(40, 240) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        else:
            draw.rectangle([x - r, y - r // 2, x + r, y + r // 2], fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
