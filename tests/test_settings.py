"""Configuration from the environment: safe defaults, and one clear line when it is wrong."""

from __future__ import annotations

import pytest

from careplan.settings import Settings, SettingsError

STRONG = "k3Jd9-xQ2mZ8vL1pR7tY4wB6nC0sH5gF_aE"


def test_nothing_set_outside_demo_mode_asks_for_a_secret_key() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({})
    assert caught.value.name == "CAREPLAN_SECRET_KEY"


def test_demo_mode_needs_no_configuration_and_uses_a_sqlite_file() -> None:
    settings = Settings.from_env({"CAREPLAN_DEMO": "1"})
    assert settings.demo
    assert settings.database.is_sqlite
    assert str(settings.database.sqlite_path) == "careplan.sqlite3"
    assert len(settings.secret_key) >= 32


@pytest.mark.parametrize(
    "secret", ["short", "a" * 40, "changeme", "abababababababababababababababababab"]
)
def test_a_weak_secret_key_is_refused_outside_demo_mode(secret: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"CAREPLAN_SECRET_KEY": secret})
    assert caught.value.name == "CAREPLAN_SECRET_KEY"
    assert "weak" in str(caught.value)


def test_a_postgresql_url_selects_postgresql_and_hides_its_password() -> None:
    settings = Settings.from_env(
        {
            "CAREPLAN_SECRET_KEY": STRONG,
            "CAREPLAN_DATABASE_URL": "postgresql://care:hunter2@db.internal:5432/careplan",
        }
    )
    assert settings.database.engine == "postgres"
    assert "hunter2" not in settings.database.redacted
    assert "hunter2" not in repr(settings)
    assert STRONG not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CAREPLAN_DATABASE_URL", "mysql://localhost/careplan"),
        ("CAREPLAN_DATABASE_URL", "postgresql://localhost:notaport/careplan"),
        ("CAREPLAN_DATABASE_URL", "postgresql://localhost"),
        ("CAREPLAN_DATABASE_URL", "sqlite:///"),
        ("CAREPLAN_BASE_URL", "ftp://example.org"),
        ("CAREPLAN_DEMO", "maybe"),
        ("CAREPLAN_LOG_LEVEL", "LOUD"),
    ],
)
def test_a_malformed_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"CAREPLAN_SECRET_KEY": STRONG, name: value})
    assert caught.value.name == name
    assert str(caught.value).startswith(name)


def test_https_beyond_this_machine_is_not_local() -> None:
    settings = Settings.from_env(
        {"CAREPLAN_SECRET_KEY": STRONG, "CAREPLAN_BASE_URL": "https://careplan.example.org/"}
    )
    assert settings.base_url == "https://careplan.example.org"
    assert settings.is_https and not settings.is_local
