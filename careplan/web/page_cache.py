"""Rendered pages kept in memory (per worker), so that an unchanged page is not built again.

A page is rendered once with SLOTS where the per-request parts go, kept as bytes, and filled
in for each request. What is kept, and why no one is ever served bytes they may not see:

- The KEY says everything the bytes depend on: the page and its inputs (path, query, whether
  HTMX asked for a fragment, today's date where the page counts days, a shared phone or not),
  the record it shows with its REVISION (bumped in the same transaction as every change:
  careplan.lib.uow), and the viewer's AUDIENCE: what exactly they may see, as
  careplan.access decided it on THIS request. The caller builds the key only after the
  session, the access decision and the revision were read from the database for this
  request (nothing of them is remembered between requests: a sign-out, a restriction or an
  ended membership takes effect at once, on every worker). A request that has no access
  never reaches the cache; one whose audience differs has a different key.
- The bytes hold nothing of the request: the CSRF token, the CSP nonce (every script tag
  carries it and must match this response's header), the phone's `<body>` attributes (the
  holder's mark, the time the page was made), a fresh client uuid for each check-in form
  (it makes a check-in retry-safe: two page loads must never share one) and the viewer's
  name are SLOTS, filled per request from the request itself. The slot markers hold a
  random part made at start-up, so no text a person wrote can pose as one.
- Bounded: an LRU by total bytes (`max_bytes`); an entry also expires after `ttl` seconds
  (what a page shows from outside the record's revision, a key worker's phone number say,
  is at most that old) or at its own `expires_at` (a meeting that stops being "next").
- Compressed once: a kept page is deflated when it is kept, as one stream cut at its slots
  (see `_deflated`), and a request that accepts gzip gets those runs with its own values as
  stored blocks between them, and the checksum of the whole: a valid gzip stream, as small
  as gzipping the page whole, at no compression per request.
- Per process and in memory only: nothing is written anywhere, and a restart empties it.
  Another worker keeps its own; the revision in the key keeps them all correct.

Only responses to GET are kept, and only 200s; errors, redirects and forms with errors are
rendered as usual. This is server-side only: what the browser may keep is still decided by
careplan.web.cache_control (a professional's page stays `no-store`).
"""

from __future__ import annotations

import html
import re
import secrets
import struct
import time
import uuid
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from jinja2_fragments import render_block
from litestar import Request, Response
from litestar.enums import MediaType
from litestar.utils.empty import value_or_default
from litestar.utils.scope.state import ScopeState
from markupsafe import escape

from careplan.web.security_headers import csp_nonce

MAX_BYTES = 64 * 1024 * 1024  # per worker
TTL_SECONDS = 300.0
STATE_KEY = "page_cache"

_RANDOM = secrets.token_hex(8)
CSRF = f"cp-slot-{_RANDOM}-csrf"
NONCE = f"cp-slot-{_RANDOM}-nonce"
BODY = f"cp-slot-{_RANDOM}-body"
UUID = f"cp-slot-{_RANDOM}-uuid"
NAME = f"cp-slot-{_RANDOM}-name"
_SLOT = re.compile(f"(cp-slot-{_RANDOM}-(?:csrf|nonce|body|uuid|name))".encode())
_CSRF, _NONCE, _BODY, _UUID, _NAME = (s.encode() for s in (CSRF, NONCE, BODY, UUID, NAME))
# How long each slot's value is (Litestar's CSRF token: 64 hex digits and their 64-digit
# HMAC; our nonce: 18 random bytes in base64; a uuid), and how long the body's attributes
# and a name are padded to with spaces (harmless in a tag and in text). A gzipped kept page
# needs every value at its width; a request whose value is not is compressed as usual.
WIDTHS = {_CSRF: 128, _NONCE: 24, _UUID: 36, _BODY: 240, _NAME: 100}
_PADDED = (_BODY, _NAME)
_FILLER, _OTHER_FILLER = b"\x01", b"\x02"  # never in a page: nothing can refer into them


def slot_context(body_attributes: bool = True) -> dict[str, Any]:
    """What a page's context gets so that its per-request parts render as slots. The
    template's own names win over the environment's globals (`csrf_token`, `csp_nonce`)."""
    context: dict[str, Any] = {
        "csrf_token": lambda: CSRF,
        "csp_nonce": lambda: NONCE,
        "client_uuid": UUID,
        "viewer_name": NAME,
    }
    if body_attributes:
        context["phone_body_attributes"] = lambda: escape(BODY)  # only [a-z0-9-]: unchanged
    return context


@dataclass(frozen=True)
class Kept:
    """One rendered page: literal bytes and slot names, alternating (`_SLOT.split`), and each
    literal run deflated (`_deflated`; None for a slot), or None when it cannot be."""

    parts: tuple[bytes, ...]
    deflated: tuple[bytes | None, ...] | None
    size: int
    expires_at: float


GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time
FINAL_BLOCK = b"\x03\x00"  # an empty last block (fixed codes, end of block)


def _stored(value: bytes) -> bytes:
    """Bytes as stored (uncompressed) deflate blocks, none of them the last."""
    blocks = []
    for start in range(0, len(value), 0xFFFF):
        piece = value[start : start + 0xFFFF]
        blocks.append(b"\x00" + struct.pack("<HH", len(piece), len(piece) ^ 0xFFFF) + piece)
    return b"".join(blocks)


def _deflated(parts: tuple[bytes, ...]) -> tuple[bytes | None, ...] | None:
    """The page deflated once, as one stream cut at its slots.

    Each slot is compressed as filler of its value's width (a byte no page holds), between two
    sync flushes, and cut out: a request puts its own value there, as a stored block of the
    same width, so every distance in the runs after it still holds. No run can refer into a
    slot, as no run holds the filler's byte; checked all the same, once, by decompressing with
    another filler: any run that copied a slot's bytes would come out changed. None when a
    page cannot be cut so (it holds the filler's byte)."""
    if any(_FILLER in part or _OTHER_FILLER in part for part in parts[::2]):
        return None
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    runs: list[bytes | None] = []
    for index, part in enumerate(parts):
        if index % 2:
            compressor.compress(_FILLER * WIDTHS[part])
            compressor.flush(zlib.Z_SYNC_FLUSH)  # the filler's blocks: cut out
            runs.append(None)
        else:
            runs.append(compressor.compress(part) + compressor.flush(zlib.Z_SYNC_FLUSH))
    other = [p if i % 2 == 0 else _OTHER_FILLER * WIDTHS[p] for i, p in enumerate(parts)]
    stream = b"".join(run if run is not None else _stored(other[i]) for i, run in enumerate(runs))
    if zlib.decompress(stream + FINAL_BLOCK, -15) != b"".join(other):
        return None
    return tuple(runs)


def gzipped(kept: Kept, filled: list[bytes]) -> bytes | None:
    """The page (`filled`: `kept`'s parts with this request's slots filled) as one gzip member:
    the runs deflated when the page was kept, this request's values stored between them, and
    the checksum of the whole. None when it cannot be (a value not at its slot's width)."""
    runs = kept.deflated
    if runs is None:
        return None
    out = [GZIP_HEADER]
    crc = 0
    size = 0
    for index, part in enumerate(filled):
        run = runs[index]
        if run is None:
            if len(part) != WIDTHS[kept.parts[index]]:
                return None
            run = _stored(part)
        crc = zlib.crc32(part, crc)
        size += len(part)
        out.append(run)
    out.append(FINAL_BLOCK)
    out.append(struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))
    return b"".join(out)


def render(request: Request, template_name: str, context: dict[str, Any], block: str | None) -> str:
    """The page (or one block of it) rendered without the request: `context` must hold
    `slot_context()`. No `request` is given to the template, so nothing of it can be kept."""
    engine = request.app.template_engine
    assert engine is not None
    environment = engine.engine  # type: ignore[attr-defined]
    if block is not None:
        return render_block(environment, template_name, block, **context)
    return environment.get_template(template_name).render(**context)


class PageCache:
    """An LRU of rendered pages bounded by their total size (see the module's docstring)."""

    def __init__(self, max_bytes: int = MAX_BYTES, ttl: float = TTL_SECONDS) -> None:
        self.max_bytes = max_bytes
        self.ttl = ttl
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, Kept] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Kept | None:
        kept = self._entries.get(key)
        if kept is None:
            self.misses += 1
            return None
        if kept.expires_at <= time.monotonic():
            self._drop(key)
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return kept

    def put(self, key: Hashable, text: str, expires_at: float | None = None) -> Kept:
        body = text.encode("utf-8")
        limit = time.monotonic() + self.ttl
        parts = tuple(_SLOT.split(body))
        deflated = _deflated(parts)
        kept = Kept(
            parts=parts,
            deflated=deflated,
            # Both forms, and the entry's own overhead, roughly.
            size=len(body) + sum(len(run) for run in deflated or () if run) + 64 * len(parts) + 200,
            expires_at=limit if expires_at is None else min(limit, expires_at),
        )
        if kept.size > self.max_bytes // 8:
            return kept  # too big to keep: served once, not kept
        if kept.expires_at <= time.monotonic():
            return kept  # true no longer (or never to be kept): served once, not kept
        if key in self._entries:
            self._drop(key)
        self._entries[key] = kept
        self.size += kept.size
        while self.size > self.max_bytes:
            oldest = next(iter(self._entries))
            self._drop(oldest)
        return kept

    def _drop(self, key: Hashable) -> None:
        kept = self._entries.pop(key, None)
        if kept is not None:
            self.size -= kept.size

    def clear(self) -> None:
        self._entries.clear()
        self.size = 0


def of(request: Request) -> PageCache:
    """The app's page cache (one per app, so per worker process), made on first use."""
    state = request.app.state
    cache = state.get(STATE_KEY)
    if cache is None:
        cache = state[STATE_KEY] = PageCache()
    return cache


def _padded(value: bytes, slot: bytes) -> bytes:
    return value.ljust(WIDTHS[slot]) if slot in _PADDED else value


def fill(
    request: Request,
    kept: Kept,
    *,
    body_attributes: Callable[[], str] | None = None,
    viewer_name: str = "",
) -> list[bytes]:
    """The kept parts with this request's own parts in their slots."""
    token = value_or_default(ScopeState.from_scope(request.scope).csrf_token, "")
    values = {
        _CSRF: html.escape(token, quote=True).encode(),
        _NONCE: csp_nonce(request.scope).encode(),
        _NAME: _padded(html.escape(viewer_name, quote=True).encode(), _NAME),
    }
    parts = kept.parts
    out = list(parts)
    for index in range(1, len(parts), 2):
        slot = parts[index]
        if slot == _UUID:
            out[index] = str(uuid.uuid4()).encode()
        elif slot == _BODY:
            attributes = str(body_attributes() if body_attributes else "").encode()
            out[index] = _padded(attributes, _BODY)
        else:
            out[index] = values[slot]
    return out


def response(
    request: Request,
    kept: Kept,
    headers: dict[str, str],
    *,
    body_attributes: Callable[[], str] | None = None,
    viewer_name: str = "",
) -> Response[bytes]:
    """The kept page for this request: its own parts filled in, gzipped from the kept runs
    when the request accepts gzip (and then passed by the compression middleware as it is,
    as Litestar passes its own cached responses); otherwise as the middleware decides."""
    filled = fill(request, kept, body_attributes=body_attributes, viewer_name=viewer_name)
    packed = gzipped(kept, filled) if "gzip" in request.headers.get("accept-encoding", "") else None
    if packed is None:
        body = b"".join(filled)
    else:
        body = packed
        ScopeState.from_scope(request.scope).is_cached = True
        vary = headers.get("Vary")
        headers = {
            **headers,
            "Content-Encoding": "gzip",
            "Vary": f"{vary}, Accept-Encoding" if vary else "Accept-Encoding",
        }
    return Response(content=body, media_type=MediaType.HTML, status_code=200, headers=headers)
