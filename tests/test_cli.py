"""The `careplan` command, run as an operator would run it: a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ENGINE, TEST_SECRET

CAREPLAN = [sys.executable, "-m", "careplan.cli"]


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CAREPLAN_")}
    return subprocess.run(
        [*CAREPLAN, *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_start_up_with_a_malformed_database_url_fails_with_one_clear_line(tmp_path: Path) -> None:
    result = run(
        ["migrate"],
        {"CAREPLAN_DATABASE_URL": "mysql://localhost/x", "CAREPLAN_SECRET_KEY": TEST_SECRET},
        tmp_path,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "CAREPLAN_DATABASE_URL" in lines[0]
    assert "Traceback" not in result.stderr


def test_start_up_without_a_secret_key_outside_demo_mode_fails_with_one_clear_line(
    tmp_path: Path,
) -> None:
    result = run(["serve"], {}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "CAREPLAN_SECRET_KEY" in lines[0]


def test_serve_with_two_workers_on_sqlite_refuses(tmp_path: Path) -> None:
    result = run(["serve", "--workers", "2"], {"CAREPLAN_DEMO": "1"}, tmp_path)
    assert result.returncode == 2
    assert "PostgreSQL" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_on_sqlite_makes_the_file_in_the_working_folder_and_is_repeatable(
    tmp_path: Path,
) -> None:
    if ENGINE != "sqlite":
        return  # the PostgreSQL pass covers migrations through the database fixtures
    first = run(["migrate"], {"CAREPLAN_DEMO": "1"}, tmp_path)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "careplan.sqlite3").exists()
    second = run(["migrate"], {"CAREPLAN_DEMO": "1"}, tmp_path)
    assert second.returncode == 0, second.stderr
    assert "0 migration(s) applied" in second.stdout


def test_demo_loads_once_and_prints_the_demo_people(tmp_path: Path) -> None:
    if ENGINE != "sqlite":
        return  # one real process is enough; the loader itself runs on both engines
    first = run(["demo"], {"CAREPLAN_DEMO": "1"}, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Demo loaded." in first.stdout
    assert "priya.raman@csc.northmere.example" in first.stdout
    second = run(["demo"], {"CAREPLAN_DEMO": "1"}, tmp_path)
    assert second.returncode == 0, second.stderr
    assert "already loaded" in second.stdout
    verify = run(["audit", "verify"], {"CAREPLAN_DEMO": "1"}, tmp_path)
    assert verify.returncode == 0 and "whole" in verify.stdout


def test_admin_create_with_a_bad_email_names_the_option(tmp_path: Path) -> None:
    result = run(
        ["admin", "create", "--name", "Ann", "--email", "nope", "--local-authority", "X"],
        {"CAREPLAN_DEMO": "1", "CAREPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}"},
        tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "careplan admin create: --email: enter an e-mail address, like name@council.example"
    ]


def test_the_demo_refuses_to_serve_beyond_this_computer(tmp_path: Path) -> None:
    result = run(["serve", "--host", "0.0.0.0"], {"CAREPLAN_DEMO": "1"}, tmp_path)  # noqa: S104
    assert result.returncode == 2
    assert "this computer only" in result.stderr
