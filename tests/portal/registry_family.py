"""Registry entries for the family portal at /family (see test_page_access)."""

from __future__ import annotations

from tests.portal.registry import Page

PAGES: dict[tuple[str, str], Page] = {}
