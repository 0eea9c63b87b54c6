"""Browser tests: Debian's Chromium driven by Playwright against a real server on localhost.

Chromium comes from `apt-get install -y chromium`; Playwright's own browser download is never
used. Without Chromium these tests skip with a message, except in CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import LiveServer, fresh_database, missing, serve

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def _chromium() -> str:
    path = os.environ.get("CAREPLAN_TEST_CHROMIUM") or shutil.which("chromium")
    if not path:
        missing("browser tests not run: Debian's Chromium is missing (apt-get install -y chromium)")
    return str(path)


@pytest.fixture
def live_server(template_database: str, tmp_path: Path) -> Iterator[LiveServer]:
    """The service on a real socket, at http://localhost:PORT (an IP cannot be an RP ID)."""
    database_url, drop = fresh_database(template_database, tmp_path)
    with serve(database_url) as server:
        yield server
    drop()


@pytest.fixture
def demo_server(demo_template_database: str, tmp_path: Path) -> Iterator[LiveServer]:
    """The demo on a real server, copied from the run's demo template: on either engine (the
    demo is not loaded again from the server's thread, as `run_sync_demo_load` does)."""
    database_url, drop = fresh_database(demo_template_database, tmp_path)
    with serve(database_url) as server:
        yield server
    drop()


SHOTS = Path(os.environ.get("CAREPLAN_SCREENSHOTS") or tempfile.gettempdir()) / "careplan-shots"


def shot(page, name: str) -> None:
    """A screenshot of the whole page, to $CAREPLAN_SCREENSHOTS, for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, caret="initial")


def sign_in(page, base_url: str, name: str) -> None:
    """Sign in on the demo's page as one of its people, by name."""
    page.goto(base_url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Sign in as {name}").click()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageErrors:
    """What the browser complained about: CSP refusals show up as console errors."""

    console: list[str] = field(default_factory=list)


def new_page(browser, *, phone: bool = False, **context_options):
    context = browser.new_context(**({**PHONE, **context_options} if phone else context_options))
    # Injected through DevTools, so the page's CSP does not stop the checker itself.
    context.add_init_script(path=str(AXE_SCRIPT))
    page = context.new_page()
    errors = PageErrors()
    page.on("console", lambda m: errors.console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.console.append(str(e)))
    return page, errors


@pytest.fixture
def page(browser):
    page, errors = new_page(browser)
    page.errors = errors
    yield page
    page.context.close()


@pytest.fixture
def phone_page(browser):
    page, errors = new_page(browser, phone=True)
    page.errors = errors
    yield page
    page.context.close()


def axe_violations(page) -> list[str]:
    """Run axe-core on the page; return one line per violation (empty when clean)."""
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def run_sync_demo_load(server: LiveServer) -> None:
    """Load the demo into a live server's database (the server runs on its own thread)."""
    from careplan.demo.loader import load
    from tests.conftest import DEMO_DAY, run_sync

    # The tables are bound to the server's database: create_app bound them.
    run_sync(load(today=DEMO_DAY))


def show_part(page, name: str) -> None:
    """Show one part of the plan editor: its parts are GOV.UK tabs on a desktop."""
    page.get_by_role("tab", name=name).click()
    page.locator(".govuk-tabs__panel:not(.govuk-tabs__panel--hidden)").first.wait_for()
