"""How heavy the family portal is on a phone: bytes on the wire and Lighthouse's mobile scores.

Not part of the test suite: a measurement, reported in bench/results/family_page_weight.md.

    .venv/bin/python bench/family_page_weight.py                 # starts its own demo server
    .venv/bin/python bench/family_page_weight.py --url http://localhost:8000   # a running demo
    .venv/bin/python bench/family_page_weight.py --page /family --page /family/goals --no-lighthouse

For each page, signed in as Jess Hartley (the demo's parent) in Debian's Chromium at 390 x 844:
- first visit: a fresh browser profile (empty cache) signed in without loading any page, then
  the page; every byte the phone received (CDP `Network.loadingFinished` encodedDataLength:
  headers and gzip bodies), the service worker's own fetches included;
- repeat visit: the same page again in the same profile (the HTTP cache, a 304 from the
  page's ETag, the service worker);
- Lighthouse 12's mobile scores (`npx --yes lighthouse@12`, CHROME_PATH=/usr/bin/chromium, the
  session cookie passed with --extra-headers). It needs Node 20 and npm's registry once.
Budgets (DESIGN.md): first visit at most 60 KB, repeat at most 10 KB; Lighthouse mobile
performance at least 95, accessibility 100.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from careplan.demo.builder import demo_id  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "family_page_weight.md"
CHROMIUM = os.environ.get("CAREPLAN_TEST_CHROMIUM") or shutil.which("chromium") or "chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
FIRST_BUDGET = 60 * 1024
REPEAT_BUDGET = 10 * 1024
LIGHTHOUSE = ["npx", "--yes", "lighthouse@12"]
CATEGORIES = ("performance", "accessibility", "best-practices")
AUDITS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "total-byte-weight",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not answer /healthz")


@contextlib.contextmanager
def demo_server() -> Iterator[str]:
    """`careplan demo` then `careplan serve` on localhost, in a throwaway folder."""
    port = _free_port()
    url = f"http://localhost:{port}"
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("CAREPLAN_")},
            "CAREPLAN_DEMO": "1",
            "CAREPLAN_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "CAREPLAN_BASE_URL": url,
            "CAREPLAN_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),  # serve this checkout's code
        }
        cli = [sys.executable, "-m", "careplan.cli"]
        subprocess.run([*cli, "demo"], env=env, cwd=folder, check=True, capture_output=True)
        server = subprocess.Popen(
            [*cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_healthy(url)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


@dataclass
class Visit:
    bytes: int = 0
    requests: int = 0
    document_status: int | None = None
    by_url: dict[str, int] = field(default_factory=dict)


def encoded_size(url: str) -> int:
    """What a gzip-accepting client receives for `url` (body only)."""
    with httpx.stream("GET", url, headers={"Accept-Encoding": "gzip"}, timeout=10) as response:
        return sum(len(chunk) for chunk in response.iter_raw())


class Meter:
    """Bytes received by a page (CDP `Network.loadingFinished` encodedDataLength on the page's
    target) and by its service worker (a target of its own: Playwright's request sizes, whose
    body and header sizes sum to 0 for an answer from a cache)."""

    def __init__(self, context: Any, page: Any) -> None:
        self.visit = Visit()
        self.urls: dict[str, str] = {}
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.send("Network.enable")
        context.on("requestfinished", self._worker_request)

    def _add(self, url: str, size: int) -> None:
        self.visit.bytes += size
        self.visit.requests += 1
        self.visit.by_url[url] = self.visit.by_url.get(url, 0) + size

    def _response(self, event: dict[str, Any]) -> None:
        response = event["response"]
        self.urls[event["requestId"]] = response["url"]
        if event.get("type") == "Document" and self.visit.document_status is None:
            self.visit.document_status = response["status"]

    def _finished(self, event: dict[str, Any]) -> None:
        url = self.urls.get(event["requestId"], "?")
        self._add(url, int(event.get("encodedDataLength") or 0))

    def _worker_request(self, request: Any) -> None:
        if request.service_worker is None:
            return
        sizes = request.sizes()
        size = max(0, sizes["responseBodySize"] + sizes["responseHeadersSize"])
        response = request.response()
        if request.url.endswith("/sw.js") and response and response.status == 200:
            # The worker's own script: its body size is not reported; a 304 costs headers only.
            size = sizes["responseHeadersSize"] + encoded_size(request.url)
        self._add(request.url + " (service worker)", size)

    def start(self) -> None:
        self.visit = Visit()


def sign_in(context: Any, base: str) -> str:
    """Jess's session, made without loading a page (so the first visit's cache is empty)."""
    context.request.get(base + "/healthz")
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "careplan_csrf")
    response = context.request.post(
        base + "/auth/demo",
        form={"_csrf_token": csrf, "person": str(demo_id("person:jess"))},
        max_redirects=0,
    )
    if response.status != 303:
        raise SystemExit(f"demo sign-in answered {response.status}: is the server in demo mode?")
    for cookie in context.cookies():  # the context's own jar took the session cookie
        if cookie["name"] == "careplan_session":
            return cookie["value"]
    raise SystemExit("demo sign-in set no session cookie")


def measure_bytes(base: str, path: str) -> tuple[Visit, Visit, str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(**PHONE)
        cookie = sign_in(context, base)
        page = context.new_page()
        meter = Meter(context, page)
        meter.start()
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(1500)  # the service worker installs and keeps the page
        first = meter.visit
        meter.start()
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(1000)
        repeat = meter.visit
        context.close()
        browser.close()
    return first, repeat, cookie


def lighthouse(base: str, path: str, cookie: str) -> dict[str, Any] | None:
    if shutil.which("npx") is None:
        print("npx is missing: Lighthouse not run", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            *LIGHTHOUSE,
            base + path,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
            f"--extra-headers={json.dumps({'Cookie': f'careplan_session={cookie}'})}",
        ]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        if result.returncode != 0 or not report.exists():
            print(f"Lighthouse failed: {result.stderr[-2000:]}", file=sys.stderr)
            return None
        data = json.loads(report.read_text())
    if data.get("finalDisplayedUrl", "").find(path) == -1:
        print(f"Lighthouse ended at {data.get('finalDisplayedUrl')}: not signed in?")
    return {
        "version": data.get("lighthouseVersion"),
        "final_url": data.get("finalDisplayedUrl"),
        "scores": {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES},
        "audits": {a: data["audits"][a].get("displayValue", "") for a in AUDITS},
    }


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def report(base: str, rows: list[dict[str, Any]]) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# The family portal's weight on a phone",
        "",
        f"Measured {now} by `bench/family_page_weight.py` against {base} (the demo, signed in",
        "as Jess Hartley) in Debian's Chromium at 390 x 844. Bytes are everything received",
        "(headers and gzip bodies, CDP `Network.loadingFinished` encodedDataLength), the service",
        "worker's own fetches included. Budgets: first visit 60 KB, repeat visit 10 KB;",
        "Lighthouse mobile performance at least 95, accessibility 100.",
        "",
        "| page | first visit | repeat visit | repeat document | performance | accessibility"
        " | best practices | LCP | CLS | TBT |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        first, repeat, lh = row["first"], row["repeat"], row["lighthouse"]
        scores = lh["scores"] if lh else {}
        audits = lh["audits"] if lh else {}
        lines.append(
            f"| `{row['path']}` "
            f"| {kb(first.bytes)} ({first.requests} requests) "
            f"{'within' if first.bytes <= FIRST_BUDGET else 'OVER'} "
            f"| {kb(repeat.bytes)} ({repeat.requests}) "
            f"{'within' if repeat.bytes <= REPEAT_BUDGET else 'OVER'} "
            f"| {repeat.document_status} "
            f"| {scores.get('performance', 'n/a')} | {scores.get('accessibility', 'n/a')} "
            f"| {scores.get('best-practices', 'n/a')} "
            f"| {audits.get('largest-contentful-paint', '')} "
            f"| {audits.get('cumulative-layout-shift', '')} "
            f"| {audits.get('total-blocking-time', '')} |"
        )
    for row in rows:
        lines += ["", f"## `{row['path']}`: where the first visit's bytes went", ""]
        biggest = sorted(row["first"].by_url.items(), key=lambda kv: -kv[1])
        lines += [f"- {kb(size)} {url.replace(base, '')}" for url, size in biggest if size]
        if row["lighthouse"]:
            lines.append(f"- Lighthouse {row['lighthouse']['version']}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running demo server (default: start one)")
    parser.add_argument("--page", action="append", help="a page to measure (repeatable)")
    parser.add_argument("--no-lighthouse", action="store_true", help="bytes only")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS}")
    args = parser.parse_args(argv)
    paths = args.page or ["/family", "/family/goals"]
    with contextlib.ExitStack() as stack:
        base = args.url.rstrip("/") if args.url else stack.enter_context(demo_server())
        rows = []
        for path in paths:
            first, repeat, cookie = measure_bytes(base, path)
            found = None if args.no_lighthouse else lighthouse(base, path, cookie)
            rows.append({"path": path, "first": first, "repeat": repeat, "lighthouse": found})
            print(
                f"{path}: first visit {kb(first.bytes)} in {first.requests} requests, "
                f"repeat {kb(repeat.bytes)} in {repeat.requests} "
                f"(document {repeat.document_status})"
                + (f"; Lighthouse {found['scores']}" if found else "")
            )
        text = report(base, rows)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text)
        print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
