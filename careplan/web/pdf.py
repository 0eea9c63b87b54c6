"""Printable documents as PDF (WeasyPrint): the chair's record and letter, the agreed plan.

A document is a Jinja2 template of `templates/documents/` rendered with the same environment
as the pages (escaping, the date filter), then laid out by WeasyPrint with the system's fonts
(Debian's fonts-dejavu-core and fonts-liberation, and Pango: see the README). Laying out
takes tens of milliseconds to a second, so it runs in a worker thread, never on the event loop.
"""

from __future__ import annotations

import functools
from typing import Any

import anyio
from litestar import Response

from careplan.web.templates import make_environment

MEDIA_TYPE = "application/pdf"


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    return make_environment()


def document_html(template: str, context: dict[str, Any]) -> str:
    return _environment().get_template(f"documents/{template}").render(**context)


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on first use: the service starts without it

    return HTML(string=html).write_pdf()


async def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    html = document_html(template, context)
    return await anyio.to_thread.run_sync(_pdf, html)


async def pdf_response(template: str, context: dict[str, Any], filename: str) -> Response[bytes]:
    """The document as a PDF download, never kept by a shared browser or a proxy."""
    body = await render_pdf(template, context)
    return Response(
        content=body,
        media_type=MEDIA_TYPE,
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
