"""What a newcomer meets first: `make run`, the README's API example, the demo and its table.

Real processes (the `careplan` command, `make`), the real database, the real app.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from packaging.requirements import Requirement

from careplan.app import create_app
from careplan.settings import Settings, SettingsError
from tests.conftest import ENGINE, TEST_SECRET, fresh_database, run_sync

ROOT = Path(__file__).resolve().parent.parent
CAREPLAN = [sys.executable, "-m", "careplan.cli"]
PRIYA = "priya.raman@csc.northmere.example"


def clean_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPLAN_")}
    return {**env, **values}


def careplan(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CAREPLAN, *args],
        env=clean_env(**env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_served(url: str, process: subprocess.Popen[str], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"it stopped before serving: {process.communicate()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    pytest.fail("it did not serve in time")


# ------------------------------------------------------------------ 12: make run installs less

# What only the tests use; `make run` must install none of it.
TEST_ONLY_MODULES = {
    "pytest",
    "_pytest",
    "hypothesis",
    "schemathesis",
    "playwright",
    "ruff",
    "oidc_provider_mock",
    "xdist",
}


def make_dry_run(target: str) -> str:
    """The commands `make TARGET` runs from a fresh clone (-B: as if nothing were built;
    -n: printed, not run)."""
    result = subprocess.run(
        ["make", "-n", "-B", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_make_run_installs_the_service_without_the_test_tooling() -> None:
    run = make_dry_run("run")
    installs = [line for line in run.splitlines() if "pip install" in line]
    assert any(line.rstrip().endswith("-e .") for line in installs), installs
    assert not any("[test]" in line for line in installs), installs
    # ...and make test adds the test extras on top.
    assert any("'.[test]'" in line for line in make_dry_run("test").splitlines())


def test_the_service_imports_nothing_that_only_the_tests_install() -> None:
    # Load the whole service as `careplan serve` does (every module of careplan and portal,
    # the app built) in a clean interpreter, then look at what was imported: every
    # third-party module must come from the package's own requirements, without [test].
    code = """
import importlib, pkgutil, sys, careplan, portal
for package in (careplan, portal):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if ".piccolo_migrations." not in module.name:
            importlib.import_module(module.name)
from careplan.app import create_app
from careplan.settings import Settings, parse_database_url
create_app(Settings(database=parse_database_url("sqlite:///unused.sqlite3"), secret_key="x" * 40))
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    imported = set(result.stdout.split())
    assert not imported & TEST_ONLY_MODULES, imported & TEST_ONLY_MODULES
    needed = _requirement_closure("careplan")
    # `make bench` installs its extra (matplotlib, numpy) into the same environment, and a
    # required package may import one of those when it is there (nltk imports numpy): that
    # is not something the service needs, and a fresh install never has them.
    bench_only = _requirement_closure("careplan", extras={"bench"}) - needed
    providers = importlib.metadata.packages_distributions()
    outside = {
        module: providers[module]
        for module in imported
        if module in providers
        and module not in {"careplan", "portal"}
        and not {_normal(d) for d in providers[module]} & (needed | bench_only)
    }
    assert not outside, f"imported by the service but not among its requirements: {outside}"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_closure(root: str, extras: set[str] | None = None) -> set[str]:
    """Every distribution `pip install careplan` brings (no extras, or these), by normalised
    name."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(root, frozenset(extras or ()))]
    while todo:
        name, extras = todo.pop()
        if (_normal(name), extras) in seen:
            continue
        seen.add((_normal(name), extras))
        try:
            requirements = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue  # not installed here: nothing it brings can have been imported
        environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
        for line in requirements:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or any(marker.evaluate(e) for e in environments):
                todo.append((requirement.name, frozenset(requirement.extras)))
    return {name for name, _ in seen}


# ------------------------------------------------------------------ 13: the README's API example


@pytest.fixture
def demo_url(demo_template_database: str, tmp_path: Path) -> Iterator[str]:
    """A fresh copy of the database with the demo loaded (`make run` has it so)."""
    url, drop = fresh_database(demo_template_database, tmp_path)
    yield url
    drop()


def test_a_token_from_the_command_line_is_accepted_by_the_demo_server(
    demo_url: str, tmp_path: Path
) -> None:
    database_url = demo_url
    # The README: TOKEN=$(CAREPLAN_DEMO=1 careplan token --email ...), then curl the server
    # that `make run` serves. Neither has a secret key set: in demo mode both use the one
    # kept with the demo database, so the server accepts what the command line signed.
    environ = {"CAREPLAN_DEMO": "1", "CAREPLAN_DATABASE_URL": database_url}
    minted = careplan(["token", "--email", PRIYA], environ, tmp_path)
    assert minted.returncode == 0, minted.stderr
    token = minted.stdout.strip()

    async def families_as_token_holder() -> httpx.Response:
        app = create_app(Settings.from_env(environ))
        async with app.lifespan():
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://127.0.0.1:8000"
            ) as http:
                return await http.get(
                    "/api/v1/families", headers={"Authorization": f"Bearer {token}"}
                )

    answer = run_sync(families_as_token_holder())
    assert answer.status_code == 200, answer.text
    assert "Hartley" in answer.text
    # The same secret again for the next process: made once, kept.
    second = run_sync(families_as_token_holder())
    assert second.status_code == 200


def test_the_kept_demo_secret_is_used_in_demo_mode_only(database_url: str) -> None:
    from careplan.demo.secret import kept_secret, with_demo_secret

    demo = Settings.from_env({"CAREPLAN_DEMO": "1", "CAREPLAN_DATABASE_URL": database_url})
    kept = with_demo_secret(demo).secret_key
    assert kept == kept_secret(demo.database) == with_demo_secret(demo).secret_key
    assert len(kept) >= 32
    # A secret key that is set always wins, in demo mode too.
    given = Settings.from_env(
        {
            "CAREPLAN_DEMO": "1",
            "CAREPLAN_DATABASE_URL": database_url,
            "CAREPLAN_SECRET_KEY": TEST_SECRET,
        }
    )
    assert with_demo_secret(given).secret_key == TEST_SECRET
    # Outside demo mode the kept secret is refused: a secret key must be set.
    with pytest.raises(SettingsError, match="CAREPLAN_SECRET_KEY"):
        Settings.from_env({"CAREPLAN_DATABASE_URL": database_url})
    with pytest.raises(SettingsError, match="CAREPLAN_SECRET_KEY"):
        Settings(
            database=demo.database,
            secret_key="x" * 40,
            demo=False,
            secret_from_demo_database=True,
        )


def test_a_demo_on_a_database_not_yet_set_up_says_so_in_one_line(tmp_path: Path) -> None:
    environ = {
        "CAREPLAN_DEMO": "1",
        "CAREPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
    }
    with pytest.raises(SettingsError, match="careplan migrate"):
        create_app(Settings.from_env(environ))


# ------------------------------------------------------------------ 14: the demo afresh, Ctrl-C


def test_demo_reset_removes_everything_says_what_and_loads_the_demo_afresh(
    demo_url: str, tmp_path: Path
) -> None:
    database_url = demo_url
    environ = {"CAREPLAN_DEMO": "1", "CAREPLAN_DATABASE_URL": database_url}
    # Something a newcomer did while trying the demo: a family of their own.
    minted = careplan(["token", "--email", PRIYA], environ, tmp_path).stdout.strip()
    secret_before = _kept(database_url)

    async def add_and_count(add: bool) -> list[str]:
        app = create_app(Settings.from_env(environ))
        async with app.lifespan():
            transport = httpx.ASGITransport(app=app)
            headers = {"Authorization": f"Bearer {minted}"}
            async with httpx.AsyncClient(
                transport=transport, base_url="http://127.0.0.1:8000", headers=headers
            ) as http:
                if add:
                    body = {
                        "name": "Tried-it family",
                        "members": [{"given_name": "Ada", "role": "child"}],
                    }
                    made = await http.post("/api/v1/families", json=body)
                    assert made.status_code == 201, made.text
                listed = (await http.get("/api/v1/families")).json()
        rows = listed if isinstance(listed, list) else listed["families"]
        return sorted(row["name"] for row in rows)

    with_mine = run_sync(add_and_count(add=True))
    assert "Tried-it family" in with_mine

    reset = careplan(["demo", "--reset"], environ, tmp_path)
    assert reset.returncode == 0, reset.stderr
    said = " ".join(reset.stdout.split())
    assert "Removed everything in the demo database" in said
    assert re.search(r"5 families, 15 people", said), said
    assert "audit trail" in said and "signed out" in said
    assert "Demo loaded afresh." in said
    assert PRIYA in reset.stdout
    # The same token still works (the demo's secret key is kept, and Priya's id is fixed),
    # and the family made while trying the demo is gone.
    afresh = run_sync(add_and_count(add=False))
    assert "Tried-it family" not in afresh
    assert afresh == sorted(set(with_mine) - {"Tried-it family"})
    assert _kept(database_url) == secret_before
    verify = careplan(["audit", "verify"], environ, tmp_path)
    assert verify.returncode == 0 and "whole" in verify.stdout, verify.stderr


def _kept(database_url: str) -> str:
    from careplan.demo.secret import kept_secret
    from careplan.settings import parse_database_url

    return kept_secret(parse_database_url(database_url))


def test_demo_reset_is_refused_outside_demo_mode(database_url: str, tmp_path: Path) -> None:
    result = careplan(
        ["demo", "--reset"],
        {"CAREPLAN_DATABASE_URL": database_url, "CAREPLAN_SECRET_KEY": TEST_SECRET},
        tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "careplan demo: --reset removes everything in the database, so it works in demo "
        "mode only (CAREPLAN_DEMO=1)"
    ]


def test_demo_reset_refuses_a_database_with_another_local_authority(
    database_url: str, tmp_path: Path
) -> None:
    environ = {"CAREPLAN_DEMO": "1", "CAREPLAN_DATABASE_URL": database_url}
    made = careplan(
        ["admin", "create", "--name", "Ann Lee", "--email", "ann@council.example",
         "--local-authority", "Real Council"],
        environ,
        tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = careplan(["demo", "--reset"], environ, tmp_path)
    assert result.returncode == 2
    assert "Real Council" in result.stderr and "nothing was removed" in result.stderr
    still = careplan(["token", "--email", "ann@council.example"], environ, tmp_path)
    assert still.returncode == 0, still.stderr


def test_the_demo_people_table_fits_an_80_column_terminal(tmp_path: Path) -> None:
    if ENGINE != "sqlite":
        return  # the table is the same on both engines; one real process is enough
    result = careplan(["demo"], {"CAREPLAN_DEMO": "1"}, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80, "\n".join(lines)
    from careplan.demo.loader import demo_people

    for person in demo_people():
        # Each e-mail whole on one line, to copy; each name and role shown.
        assert any(person.email in line for line in lines), person.email
        assert any(person.name in line for line in lines), person.name


@pytest.mark.parametrize(
    ("stop", "to_whom"),
    [
        (signal.SIGINT, "group"),  # Ctrl-C in the terminal: the whole foreground group
        (signal.SIGTERM, "group"),  # kill -TERM -PGID, a supervisor, timeout(1): Error 143
        (signal.SIGTERM, "make"),  # kill MAKE_PID: make passes it on to what it runs
    ],
)
def test_stopping_make_run_ends_quietly_and_stops_the_server(
    stop: signal.Signals, to_whom: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if ENGINE != "sqlite":
        return  # make run serves the demo on SQLite
    port = free_port()
    database = tmp_path_factory.getbasetemp() / "make-run.sqlite3"  # shared: loads once
    # -o: the install and asset stamps are taken as built (they are: the suite runs in the
    # environment they made); what runs is make run's own recipe.
    process = subprocess.Popen(
        ["make", "-s", "-o", ".venv/.installed", "-o", "static/vendor/.built", "run",
         f"PORT={port}", f"BIN={Path(sys.executable).parent}"],
        cwd=ROOT,
        env=clean_env(CAREPLAN_DATABASE_URL=f"sqlite:///{database}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_served(f"http://127.0.0.1:{port}", process)
        if to_whom == "group":
            os.killpg(process.pid, stop)
        else:
            os.kill(process.pid, stop)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert "Careplan is serving on" in out
    assert "Careplan has stopped." in out  # the server itself stopped, gracefully
    assert "make: ***" not in err and "Traceback" not in err, err
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_serve_stopped_by_sigint_or_sigterm_exits_zero(tmp_path: Path) -> None:
    if ENGINE != "sqlite":
        return
    assert careplan(["migrate"], {"CAREPLAN_DEMO": "1"}, tmp_path).returncode == 0
    for stop in (signal.SIGINT, signal.SIGTERM):
        port = free_port()
        process = subprocess.Popen(
            [*CAREPLAN, "serve", "--port", str(port)],
            cwd=tmp_path,
            env=clean_env(CAREPLAN_DEMO="1"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_until_served(f"http://127.0.0.1:{port}", process)
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
        assert process.returncode == 0, (stop, out, err)
        assert "Careplan has stopped." in out and "Traceback" not in err, err


# ------------------------------------------------------------------ 15: the licence


def test_the_licence_is_the_mit_licence_pyproject_names() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 Careplan contributors" in text
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text()


# ------------------------------------------------------------------ 16: serve checks first


def test_serve_refuses_a_public_demo_before_loading_the_app_or_saying_it_serves(
    tmp_path: Path,
) -> None:
    # In a fresh interpreter: the command refuses, and the app was never even imported.
    code = (
        "import sys; from careplan import cli; status = cli.main(['serve']); "
        "print('app loaded' if 'careplan.app' in sys.modules else 'app not loaded'); "
        "sys.exit(status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=clean_env(CAREPLAN_DEMO="1", CAREPLAN_BASE_URL="https://careplan.example.org"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result
    assert "serving" not in result.stdout
    assert result.stdout.strip() == "app not loaded"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "CAREPLAN_DEMO" in lines[0] and "this computer only" in lines[0]
