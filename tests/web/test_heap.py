"""A server process settles its heap once started (careplan.app.settle_the_heap): what it
made while starting is no longer walked by the garbage collector on some request later. An app
made for tests (or a benchmark in-process) leaves the collector as it is."""

from __future__ import annotations

import gc

import pytest

from careplan.app import create_app, serving

pytestmark = pytest.mark.anyio


async def test_a_served_app_settles_its_heap_once_started(settings) -> None:
    gc.unfreeze()
    app = serving(create_app(settings))
    try:
        assert gc.get_freeze_count() == 0
        async with app.lifespan():
            assert gc.get_freeze_count() > 10_000  # the modules, routes and templates
    finally:
        gc.unfreeze()


async def test_an_app_made_for_tests_leaves_the_collector_alone(settings) -> None:
    gc.unfreeze()
    async with create_app(settings).lifespan():
        assert gc.get_freeze_count() == 0
