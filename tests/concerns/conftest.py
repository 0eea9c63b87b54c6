"""The concerns tests share the meetings tests' helpers."""

from __future__ import annotations

from tests.meetings.conftest import http

__all__ = ["http"]
