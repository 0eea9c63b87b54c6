"""Configuration from the environment, with safe defaults.

Nothing needs setting to run the demo. Outside demo mode a strong secret key is required.
A missing or malformed setting raises `SettingsError`, which names the variable; the command
line prints it as one line and stops, never as a traceback.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "sqlite:///careplan.sqlite3"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
MIN_SECRET_LENGTH = 32
# A secret made of few distinct characters ("aaaa...", "changeme" repeated) is guessable.
MIN_SECRET_DISTINCT = 12
KNOWN_WEAK_SECRETS = frozenset({"changeme", "secret", "password", "careplan", "development"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def is_loopback(host: str | None) -> bool:
    """Whether a host (a server's address, or a request's client) is this computer itself."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SettingsError(ValueError):
    """A setting is missing or malformed. `name` is the environment variable at fault."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name} {problem}")
        self.name = name
        self.problem = problem


@dataclass(frozen=True)
class DatabaseURL:
    """Where the data lives: a SQLite file or a PostgreSQL server."""

    url: str
    engine: str  # "sqlite" or "postgres"
    sqlite_path: Path | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine == "sqlite"

    def __repr__(self) -> str:
        # Settings get printed and logged; a password in the URL must never be.
        return f"DatabaseURL({self.redacted!r})"

    @property
    def redacted(self) -> str:
        """The URL without its password, for messages and logs."""
        if self.is_sqlite:
            return self.url
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()


def parse_database_url(value: str, name: str = "CAREPLAN_DATABASE_URL") -> DatabaseURL:
    """Read `sqlite:///relative.db`, `sqlite:////absolute.db` or `postgresql://...`."""
    value = value.strip()
    if value.startswith("sqlite:///"):
        path = value.removeprefix("sqlite:///")
        if not path or path.endswith("/"):
            raise SettingsError(name, "must name a file, as in sqlite:///careplan.sqlite3")
        return DatabaseURL(url=value, engine="sqlite", sqlite_path=Path(path))
    if value.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(value)
        try:
            parts.port  # noqa: B018 - reading it validates it
        except ValueError as error:
            raise SettingsError(name, "has a port that is not a number") from error
        if not parts.hostname and "host=" not in parts.query:
            raise SettingsError(name, "must name a host, as in postgresql://user@host:5432/db")
        if not parts.path.strip("/"):
            raise SettingsError(name, "must name a database, as in postgresql://host/careplan")
        return DatabaseURL(url=value, engine="postgres")
    raise SettingsError(
        name, "must start with sqlite:/// or postgresql:// (for example sqlite:///careplan.sqlite3)"
    )


def _flag(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingsError(name, f"must be 1 or 0 (true or false), not {raw!r}")


def _base_url(environ: Mapping[str, str]) -> str:
    name = "CAREPLAN_BASE_URL"
    value = environ.get(name, DEFAULT_BASE_URL).strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingsError(
            name, "must be an http or https address, as in https://careplan.example"
        )
    return value


def _secret_key(environ: Mapping[str, str], demo: bool) -> str:
    name = "CAREPLAN_SECRET_KEY"
    value = environ.get(name, "")
    if not value:
        if demo:
            # The demo needs no configuration. This stand-in is replaced by the secret kept
            # with the demo database (careplan.demo.secret) before anything is signed.
            return secrets.token_urlsafe(48)
        raise SettingsError(name, "is required outside demo mode (make one: careplan secret-key)")
    if demo:
        return value
    if (
        len(value) < MIN_SECRET_LENGTH
        or len(set(value)) < MIN_SECRET_DISTINCT
        or value.lower() in KNOWN_WEAK_SECRETS
    ):
        raise SettingsError(
            name,
            f"is too weak: use at least {MIN_SECRET_LENGTH} random characters "
            "(make one: careplan secret-key)",
        )
    return value


OIDC_NAME = re.compile(r"^[a-z][a-z0-9]{0,29}$")


@dataclass(frozen=True)
class OidcProvider:
    """One OpenID provider professionals sign in with (CAREPLAN_OIDC_<NAME>_...)."""

    name: str
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    label: str = ""
    trust_email: bool = False


def _oidc_issuer(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise SettingsError(name, "is required: the provider's issuer, as in https://id.example")
    parts = urlsplit(value)
    loopback = (parts.hostname or "") in LOOPBACK_HOSTS
    if parts.query or parts.fragment or not parts.hostname:
        raise SettingsError(name, "must be the provider's issuer address, as in https://id.example")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise SettingsError(name, "must be an https address (http only on this computer)")
    return value


def _oidc_providers(environ: Mapping[str, str]) -> tuple[OidcProvider, ...]:
    listed = environ.get("CAREPLAN_OIDC_PROVIDERS", "").strip()
    if not listed:
        return ()
    names = [word.strip().lower() for word in listed.split(",")]
    providers = []
    for name in names:
        if not OIDC_NAME.match(name):
            raise SettingsError(
                "CAREPLAN_OIDC_PROVIDERS",
                "must list short names of letters and digits separated by commas, "
                'as in "council,health"',
            )
        if names.count(name) > 1:
            raise SettingsError("CAREPLAN_OIDC_PROVIDERS", f"names {name!r} twice")
        prefix = f"CAREPLAN_OIDC_{name.upper()}_"
        issuer = _oidc_issuer(environ, prefix + "ISSUER")
        client_id = environ.get(prefix + "CLIENT_ID", "").strip()
        if not client_id:
            raise SettingsError(
                prefix + "CLIENT_ID", "is required: the client id the provider gave"
            )
        client_secret = environ.get(prefix + "CLIENT_SECRET", "").strip()
        if not client_secret:
            raise SettingsError(
                prefix + "CLIENT_SECRET", "is required: the client secret the provider gave"
            )
        label = environ.get(prefix + "LABEL", "").strip() or name.title()
        if len(label) > 80:
            raise SettingsError(prefix + "LABEL", "must be at most 80 characters")
        providers.append(
            OidcProvider(
                name=name,
                issuer=issuer,
                client_id=client_id,
                client_secret=client_secret,
                label=label,
                trust_email=_flag(environ, prefix + "TRUST_EMAIL"),
            )
        )
    return tuple(providers)


VAPID_PRIVATE = "CAREPLAN_VAPID_PRIVATE_KEY"
VAPID_PUBLIC = "CAREPLAN_VAPID_PUBLIC_KEY"
VAPID_SUBJECT = "CAREPLAN_VAPID_SUBJECT"
# What push services accept as a VAPID `sub` (RFC 8292): a mailto: address or an https origin.
VAPID_SUBJECT_FORM = re.compile(r"^(mailto:[^@\s]+@[^@\s]+|https://[a-z0-9.-]+)$", re.IGNORECASE)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def new_vapid_keys() -> tuple[str, str]:
    """A new VAPID key pair (P-256): the private key as base64url of its 32 raw bytes, the
    public one as base64url of its uncompressed point (a browser's applicationServerKey)."""
    from cryptography.hazmat.primitives.asymmetric import ec

    private = ec.generate_private_key(ec.SECP256R1())
    return _b64url(private.private_numbers().private_value.to_bytes(32, "big")), _vapid_public(
        private
    )


def _vapid_public(private: object) -> str:
    from cryptography.hazmat.primitives import serialization

    point = private.public_key().public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(point)


def vapid_public_of(private_key: str) -> str:
    """The public key that belongs to a private one; ValueError if it is not a P-256 key."""
    from cryptography.hazmat.primitives.asymmetric import ec

    raw = _unb64url(private_key.strip())
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    return _vapid_public(ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1()))


def _vapid(
    private: str | None, public: str | None, subject: str | None, base_url: str, demo: bool
) -> tuple[str | None, str | None, str | None]:
    """Check the VAPID settings. Unset outside demo mode: push is off. Unset in demo mode: an
    ephemeral pair (subscriptions made with it stop working when the demo restarts)."""
    if not private and not public:
        if not demo:
            return None, None, subject
        private, public = new_vapid_keys()
    if not private:
        raise SettingsError(VAPID_PRIVATE, "is required with CAREPLAN_VAPID_PUBLIC_KEY")
    try:
        derived = vapid_public_of(private)
    except ValueError as error:
        raise SettingsError(
            VAPID_PRIVATE, "is not a VAPID private key (make a pair: careplan vapid-keys)"
        ) from error
    if public and public.strip() != derived:
        raise SettingsError(
            VAPID_PUBLIC, "does not belong to CAREPLAN_VAPID_PRIVATE_KEY (careplan vapid-keys)"
        )
    if subject is None:
        parts = urlsplit(base_url)
        https = parts.scheme == "https" and parts.hostname
        subject = f"https://{parts.hostname}" if https else "mailto:careplan@localhost"
    if not VAPID_SUBJECT_FORM.match(subject.strip()):
        raise SettingsError(
            VAPID_SUBJECT, "must be mailto:someone@council.example or https://council.example"
        )
    return private.strip(), derived, subject.strip()


PUSH_ALLOW_HOSTS = "CAREPLAN_PUSH_ALLOW_HOSTS"


def _push_allow_hosts(value: str | None) -> tuple[str, ...]:
    """`host` or `host:port` entries, comma-separated: local push services of the tests, the
    demo and the benchmarks (see Settings.__post_init__ for where they are refused)."""
    entries = tuple(word.strip().lower() for word in (value or "").split(",") if word.strip())
    for entry in entries:
        try:
            parts = urlsplit(f"//{entry}")
            parts.port  # noqa: B018 - reading it validates it
        except ValueError as error:
            raise SettingsError(
                PUSH_ALLOW_HOSTS, f"has {entry!r}: write host or host:port"
            ) from error
        if not parts.hostname or parts.path or parts.query or parts.username:
            raise SettingsError(PUSH_ALLOW_HOSTS, f"has {entry!r}: write host or host:port")
    return entries


REPLICA_URL = "CAREPLAN_DATABASE_REPLICA_URL"


def _replica_url(environ: Mapping[str, str]) -> DatabaseURL | None:
    """A PostgreSQL streaming replica of the primary, for some reads (careplan.lib.replica);
    absent or empty: everything reads the primary (checked in Settings.__post_init__)."""
    value = environ.get(REPLICA_URL, "").strip()
    return parse_database_url(value, REPLICA_URL) if value else None


@dataclass(frozen=True)
class Settings:
    database: DatabaseURL
    secret_key: str = field(repr=False)
    base_url: str = DEFAULT_BASE_URL
    demo: bool = False
    debug: bool = False
    log_level: str = "INFO"
    vapid_private_key: str | None = field(default=None, repr=False)
    vapid_public_key: str | None = None
    vapid_subject: str | None = None
    oidc_providers: tuple[OidcProvider, ...] = ()
    # Demo mode with no CAREPLAN_SECRET_KEY: the secret key is the one kept with the demo
    # database, so the server, `careplan token` and every worker agree (see
    # careplan.demo.secret). Never true outside demo mode.
    secret_from_demo_database: bool = False
    # Push services the server may post to although they are not on the internet (tests, the
    # demo, benchmarks): refused unless the service is on this computer alone.
    push_allow_hosts: tuple[str, ...] = ()
    # A streaming replica of `database` (PostgreSQL) that some reads may use; None: none.
    database_replica: DatabaseURL | None = None

    def __post_init__(self) -> None:
        if self.database_replica is not None and (
            self.database.is_sqlite or self.database_replica.is_sqlite
        ):
            raise SettingsError(
                REPLICA_URL,
                "needs PostgreSQL for both it and CAREPLAN_DATABASE_URL (a replica of it)",
            )
        if self.secret_from_demo_database and not self.demo:
            raise SettingsError(
                "CAREPLAN_SECRET_KEY",
                "is required outside demo mode (make one: careplan secret-key)",
            )
        if self.push_allow_hosts and not (self.demo or self.is_local):
            raise SettingsError(
                PUSH_ALLOW_HOSTS,
                "is for tests and the demo on this computer only: "
                "CAREPLAN_BASE_URL must be a local address",
            )
        private, public, subject = _vapid(
            self.vapid_private_key,
            self.vapid_public_key,
            self.vapid_subject,
            self.base_url,
            self.demo,
        )
        object.__setattr__(self, "vapid_private_key", private)
        object.__setattr__(self, "vapid_public_key", public)
        object.__setattr__(self, "vapid_subject", subject)

    @property
    def push_enabled(self) -> bool:
        """Web Push needs a VAPID key pair (always there in demo mode)."""
        return bool(self.vapid_private_key and self.vapid_public_key)

    @property
    def is_local(self) -> bool:
        """True when the service is only reachable from this machine (no HSTS, no Secure)."""
        return (urlsplit(self.base_url).hostname or "") in LOOPBACK_HOSTS

    @property
    def is_https(self) -> bool:
        return self.base_url.startswith("https://")

    def check_demo_is_local(self) -> None:
        """Demo sign-in is for this computer: refuse a demo with an address beyond it."""
        if self.demo and not self.is_local:
            raise SettingsError(
                "CAREPLAN_DEMO",
                "is for this computer only: CAREPLAN_BASE_URL must be a local address "
                "(http://127.0.0.1:8000 or http://localhost:8000)",
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        demo = _flag(environ, "CAREPLAN_DEMO")
        log_level = environ.get("CAREPLAN_LOG_LEVEL", "INFO").strip().upper()
        if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError("CAREPLAN_LOG_LEVEL", "must be DEBUG, INFO, WARNING or ERROR")
        return cls(
            database=parse_database_url(environ.get("CAREPLAN_DATABASE_URL", DEFAULT_DATABASE_URL)),
            database_replica=_replica_url(environ),
            secret_key=_secret_key(environ, demo),
            base_url=_base_url(environ),
            demo=demo,
            debug=_flag(environ, "CAREPLAN_DEBUG"),
            log_level=log_level,
            vapid_private_key=environ.get(VAPID_PRIVATE, "").strip() or None,
            vapid_public_key=environ.get(VAPID_PUBLIC, "").strip() or None,
            vapid_subject=environ.get(VAPID_SUBJECT, "").strip() or None,
            oidc_providers=_oidc_providers(environ),
            secret_from_demo_database=demo and not environ.get("CAREPLAN_SECRET_KEY", ""),
            push_allow_hosts=_push_allow_hosts(environ.get(PUSH_ALLOW_HOSTS)),
        )
