"""Registry entries for the family portal on the phone: offline, push (see test_page_access)."""

from __future__ import annotations

from tests.portal.registry import Page

PAGES: dict[tuple[str, str], Page] = {}
