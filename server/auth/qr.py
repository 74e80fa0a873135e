"""Invitation links as QR codes in SVG, for a screen or a printed poster."""
from __future__ import annotations

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape


def qr_svg(text: str, *, label: str) -> Markup:
    """Return an SVG QR code of the text; the label is what a screen reader announces."""
    # Level M survives a crease or a smudge on a poster, and keeps the code small enough
    # for an old phone camera at arm's length.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                         image_factory=qrcode.image.svg.SvgPathFillImage)
    code.add_data(text)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    # The library has no option for accessible names; its output always starts "<svg ".
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
