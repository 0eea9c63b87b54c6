"""The test frame every test uses.

The engine under test comes from CAREPLAN_TEST_ENGINE (`sqlite`, the default, or
`postgres`, which needs CAREPLAN_TEST_DATABASE_URL). `make test` runs the suite once on each.
Every test that asks for `database_url` gets a fresh, migrated database of its own: a copy of
a template migrated once per run (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on
PostgreSQL). The app is driven on the test's own event loop through httpx's ASGI transport.
"""

from __future__ import annotations

import os

# Before anything imports the tables (STACK-NOTES: the engine is found lazily and cached).
os.environ["PICCOLO_CONF"] = "careplan.piccolo_conf"
# The tests say every setting themselves: none leaks in from the developer's shell.
for _name in [n for n in os.environ if n.startswith("CAREPLAN_")]:
    if not _name.startswith("CAREPLAN_TEST_"):
        del os.environ[_name]

import asyncio  # noqa: E402
import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import itertools  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import sqlite3  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, TypeVar  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

import asyncpg  # noqa: E402
import httpx  # noqa: E402
import pytest  # noqa: E402
import uvicorn  # noqa: E402
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from litestar import Litestar  # noqa: E402
from piccolo.engine.base import Engine  # noqa: E402

from careplan import db, wiring  # noqa: E402, F401
from careplan.app import create_app  # noqa: E402
from careplan.demo.builder import demo_id  # noqa: E402
from careplan.identity.service import tokens  # noqa: E402
from careplan.settings import Settings, parse_database_url  # noqa: E402

# Two small cores: data generation may be slow, a slow example is not a failure.
hypothesis_settings.register_profile(
    "careplan", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("careplan")

ENGINE = os.environ.get("CAREPLAN_TEST_ENGINE", "sqlite")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true"}
BASE_URL = "http://testserver.local"
TEST_SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
PG_HINT = (
    "set CAREPLAN_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/careplan_test "
    "and CAREPLAN_TEST_ENGINE=postgres (make test does this when the URL is set)"
)
_counter = itertools.count()
T = TypeVar("T")


def pytest_report_header(config: pytest.Config) -> str:
    return f"careplan: database engine under test: {ENGINE}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Playwright's sync API keeps an event loop running on the main thread while a browser
    # is open, which async tests cannot share: the browser tests go last.
    def in_browser(item: pytest.Item) -> bool:
        return "tests/browser/" in str(item.path).replace(os.sep, "/")

    for item in items:
        if in_browser(item):
            item.add_marker(pytest.mark.browser)
    items.sort(key=in_browser)


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end from sync code, whatever loop this thread may be running."""
    result: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]


def missing(reason: str) -> None:
    """A missing engine or browser fails in CI and skips, saying why, elsewhere."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must run these)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres_base_url() -> str:
    url = os.environ.get("CAREPLAN_TEST_DATABASE_URL", "")
    if not url.startswith(("postgresql://", "postgres://")):
        missing(f"PostgreSQL tests not run: {PG_HINT}")
    return url


async def _pg_execute(url: str, sql: str) -> None:
    connection = await asyncpg.connect(dsn=url, timeout=10)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated once per run, copied for every test that needs one."""
    if ENGINE == "sqlite":
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        url = f"sqlite:///{path}"
        run_sync(db.migrate(db.make_engine(parse_database_url(url))))
        with sqlite3.connect(path) as connection:  # fold the WAL into the file we copy
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        yield url
        return
    if ENGINE != "postgres":
        pytest.fail(f"CAREPLAN_TEST_ENGINE must be sqlite or postgres, not {ENGINE!r}")
    base = _postgres_base_url()
    name = f"careplan_tmpl_{os.getpid()}"
    try:
        run_sync(_pg_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        run_sync(_pg_execute(base, f"CREATE DATABASE {name}"))
    except (OSError, asyncpg.PostgresError) as error:
        missing(f"PostgreSQL at {parse_database_url(base).redacted} is not reachable: {error}")
    url = _with_database(base, name)
    run_sync(db.migrate(db.make_engine(parse_database_url(url))))
    yield url
    run_sync(_pg_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def fresh_database(template_database: str, folder: Path) -> tuple[str, Callable[[], None]]:
    """A new database copied from the template, and how to drop it."""
    if ENGINE == "sqlite":
        source = parse_database_url(template_database).sqlite_path
        assert source is not None
        target = folder / "careplan.sqlite3"
        shutil.copyfile(source, target)
        return f"sqlite:///{target}", lambda: None
    base = _postgres_base_url()
    template = urlsplit(template_database).path.strip("/")
    name = f"careplan_t{os.getpid()}_{next(_counter)}"
    run_sync(_pg_execute(base, f"CREATE DATABASE {name} TEMPLATE {template}"))

    def drop() -> None:
        run_sync(_pg_execute(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    return _with_database(base, name), drop


# Tests that use the demo start from a copy of a database with the demo already loaded
# (made once per run), not an empty one they load it into: the same content, in a file copy
# or a CREATE DATABASE ... TEMPLATE instead of a second of inserts per test.
DEMO_FIXTURES = {"demo", "demo_app", "as_", "browse_as"}


async def _load_demo_into(url: str) -> None:
    from careplan.demo.loader import load

    engine = db.make_engine(parse_database_url(url))
    db.use_engine(engine)
    await db.start(engine)
    try:
        assert await load(today=DEMO_DAY)
    finally:
        await db.stop(engine)


@pytest.fixture(scope="session")
def demo_template_database(
    template_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The migrated template with the demo loaded as of DEMO_DAY, made once per run."""
    url, drop = fresh_database(template_database, tmp_path_factory.mktemp("demo-template"))
    run_sync(_load_demo_into(url))
    path = parse_database_url(url).sqlite_path
    if path is not None:
        with sqlite3.connect(path) as connection:  # fold the WAL into the file we copy
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield url
    drop()


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, template_database: str, tmp_path: Path
) -> Iterator[str]:
    """A fresh, migrated database for this test alone (with the demo, if the test uses it)."""
    source = template_database
    if DEMO_FIXTURES & set(request.fixturenames):
        source = request.getfixturevalue("demo_template_database")
    url, drop = fresh_database(source, tmp_path)
    yield url
    drop()


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database": parse_database_url(database_url),
        "secret_key": TEST_SECRET,
        "base_url": "http://127.0.0.1:8000",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Litestar]:
    application = create_app(settings)
    async with application.lifespan():
        yield application


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[Engine]:
    """The test's database, bound to every table, for tests below the HTTP layer."""
    engine = db.make_engine(settings.database)
    db.use_engine(engine)
    await db.start(engine)
    yield engine
    await db.stop(engine)


DEMO_DAY = dt.date(2026, 11, 23)


@pytest.fixture
async def demo(engine: Engine) -> Engine:
    """The fictional demo, loaded as of a fixed day so its content is the same every run."""
    from careplan.demo.loader import load

    await load(today=DEMO_DAY)  # there already, from the demo template
    return engine


@dataclass
class LiveServer:
    url: str
    database_url: str
    server: uvicorn.Server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve(database_url: str, **overrides: object) -> Iterator[LiveServer]:
    """The service on a real socket in a thread, at http://localhost:PORT, in demo mode."""
    port = _free_port()
    settings = make_settings(
        database_url, base_url=f"http://localhost:{port}", demo=True, **overrides
    )
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the live server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(url=f"http://localhost:{port}", database_url=database_url, server=server)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


ISSUER = "http://127.0.0.1:8000"


def bearer(person_key: str) -> dict[str, str]:
    """Headers for a demo person: "priya" (a professional) or "person:jess" (a parent)."""
    key = person_key if person_key.startswith("person:") else f"person:{person_key}"
    return {"Authorization": f"Bearer {tokens.mint(TEST_SECRET, ISSUER, demo_id(key))}"}


@pytest.fixture
async def demo_app(app: Litestar) -> Litestar:
    from careplan.demo.loader import load

    await load(today=DEMO_DAY)  # there already, from the demo template
    return app


@pytest.fixture
async def as_(demo_app: Litestar) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """`as_("priya")` is an API client signed in as Priya, over the demo."""
    clients: list[httpx.AsyncClient] = []

    def make(person_key: str) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=demo_app),
            base_url=BASE_URL,
            headers=bearer(person_key),
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
async def browse_as(demo_app: Litestar) -> AsyncIterator[Callable[..., Any]]:
    """`await browse_as("priya")`: a browser-like page client with a real session cookie for
    that demo person (`"person:jess"` for a parent; `shared_device=True` for a shared phone)
    and the CSRF token set as htmx sends it (`x-csrftoken`). `client.csrf` is the token, for
    form posts that send `_csrf_token` as a plain browser does."""
    from careplan.access.principal import load_principal
    from careplan.identity.service import sessions

    clients: list[httpx.AsyncClient] = []

    async def make(person_key: str, *, shared_device: bool = False) -> httpx.AsyncClient:
        key = person_key if person_key.startswith("person:") else f"person:{person_key}"
        principal = await load_principal(demo_id(key))
        assert principal is not None, person_key
        token = await sessions.start(principal, user_agent="pytest", shared_device=shared_device)
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=demo_app),
            base_url=BASE_URL,
            cookies={sessions.COOKIE: token},
        )
        clients.append(client)
        await client.get("/healthz")  # any response sets the CSRF cookie
        client.csrf = client.cookies["careplan_csrf"]  # type: ignore[attr-defined]
        client.headers["x-csrftoken"] = client.csrf  # type: ignore[attr-defined]
        return client

    yield make
    for client in clients:
        await client.aclose()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Measured figures the tests record (plain-language recall, say), shown in the output."""
    figures = [
        (report.nodeid, name, value)
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
    ]
    if figures:
        terminalreporter.section("measured")
        for nodeid, name, value in figures:
            terminalreporter.write_line(f"{name} = {value}  ({nodeid.split('::')[-1]})")
