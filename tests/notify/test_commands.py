"""`careplan vapid-keys` and `careplan worker --once`, run as an operator runs them."""

from __future__ import annotations

import pytest

from careplan.settings import Settings, SettingsError, new_vapid_keys, vapid_public_of
from tests.conftest import ENGINE, TEST_SECRET
from tests.test_cli import run


def _keys(output: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in output.splitlines() if line.startswith("CAREPLAN_"))


def test_vapid_keys_prints_a_pair_the_settings_accept(tmp_path) -> None:
    result = run(["vapid-keys"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    keys = _keys(result.stdout)
    assert vapid_public_of(keys["CAREPLAN_VAPID_PRIVATE_KEY"]) == keys["CAREPLAN_VAPID_PUBLIC_KEY"]
    settings = Settings.from_env({"CAREPLAN_SECRET_KEY": TEST_SECRET, **keys})
    assert settings.push_enabled
    assert settings.vapid_subject == keys["CAREPLAN_VAPID_SUBJECT"]
    assert keys["CAREPLAN_VAPID_PRIVATE_KEY"] not in repr(settings)


def test_a_public_key_of_another_pair_is_named() -> None:
    private, _ = new_vapid_keys()
    _, other_public = new_vapid_keys()
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(
            {
                "CAREPLAN_SECRET_KEY": TEST_SECRET,
                "CAREPLAN_VAPID_PRIVATE_KEY": private,
                "CAREPLAN_VAPID_PUBLIC_KEY": other_public,
            }
        )
    assert caught.value.name == "CAREPLAN_VAPID_PUBLIC_KEY"
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"CAREPLAN_SECRET_KEY": TEST_SECRET, "CAREPLAN_VAPID_PUBLIC_KEY": "x"})
    assert caught.value.name == "CAREPLAN_VAPID_PRIVATE_KEY"


def test_push_is_off_without_keys_and_the_demo_makes_its_own() -> None:
    assert not Settings.from_env({"CAREPLAN_SECRET_KEY": TEST_SECRET}).push_enabled
    demo = Settings.from_env({"CAREPLAN_DEMO": "1"})
    assert demo.push_enabled
    assert vapid_public_of(demo.vapid_private_key or "") == demo.vapid_public_key


@pytest.mark.skipif(ENGINE != "sqlite", reason="a throwaway SQLite file is enough here")
def test_worker_once_makes_one_pass_and_stops(tmp_path) -> None:
    private, public = new_vapid_keys()
    env = {
        "CAREPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "CAREPLAN_SECRET_KEY": TEST_SECRET,
        "CAREPLAN_VAPID_PRIVATE_KEY": private,
        "CAREPLAN_VAPID_PUBLIC_KEY": public,
    }
    result = run(["worker", "--once"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "notifications: 0 delivered" in result.stdout
    assert "concerns escalated: 0" in result.stdout
