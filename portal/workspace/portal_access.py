"""The QR code of an invitation link: an inline SVG made on the server (no script, no style)."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(link: str) -> Markup:
    """An SVG QR code of `link`, with a title for screen readers. Safe to mark up: segno writes
    only the path of the modules and our own title (the link is a URL we made, escaped)."""
    svg = segno.make(link, error="m").svg_inline(
        scale=4,
        dark="#0b0c0c",
        light="#ffffff",
        title="QR code of the invitation link",
        svgclass="careplan-qr",
        lineclass=None,
    )
    svg = svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)
    return Markup(svg)  # noqa: S704 - segno's own output, not user text
