"""Registry entries for the plan editor, versions and episodes (see test_page_access)."""

from __future__ import annotations

from tests.portal.registry import Page

PAGES: dict[tuple[str, str], Page] = {}
