"""The `careplan` command: serve, migrate and the operators' tools.

Each subcommand is a small function registered in `COMMANDS`; later slices add theirs to the
same parser. A bad setting or argument ends the command with one line naming it and exit
status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
from collections.abc import Callable, Sequence

from careplan import __version__
from careplan.settings import Settings, SettingsError

EXIT_USAGE = 2


class CommandError(Exception):
    """A command cannot go on; the message says why in one line."""


def _settings() -> Settings:
    return Settings.from_env()


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    settings = _settings()
    if args.workers < 1:
        raise CommandError("--workers must be 1 or more")
    if args.workers > 1 and settings.database.is_sqlite:
        raise CommandError(
            "more than one worker needs PostgreSQL: SQLite serves one worker "
            "(set CAREPLAN_DATABASE_URL=postgresql://... to run several)"
        )
    print(f"Careplan is serving on http://{_display_host(args.host)}:{args.port}", flush=True)
    uvicorn.run(
        "careplan.app:app_factory",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
        # An open event stream would otherwise hold shutdown for ever.
        timeout_graceful_shutdown=3,
        log_level="warning",
        server_header=False,
    )


def _display_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def cmd_migrate(args: argparse.Namespace) -> None:
    from careplan import db

    settings = _settings()
    engine = db.make_engine(settings.database)

    async def run() -> int:
        try:
            return await db.migrate(engine)
        finally:
            await db.stop(engine)

    count = asyncio.run(run())
    print(f"Database {settings.database.redacted}: {count} migration(s) applied, up to date.")


def cmd_secret_key(args: argparse.Namespace) -> None:
    print(secrets.token_urlsafe(48))


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "serve": cmd_serve,
    "migrate": cmd_migrate,
    "secret-key": cmd_secret_key,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="careplan", description="One living care plan per family, shared by every agency."
    )
    parser.add_argument("--version", action="version", version=f"careplan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the web service")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes (more than 1 needs PostgreSQL)"
    )
    serve.add_argument(
        "--proxy-headers", action="store_true", help="trust X-Forwarded-* from the proxy"
    )
    serve.add_argument(
        "--forwarded-allow-ips", default="127.0.0.1", help="proxies whose headers are trusted"
    )

    sub.add_parser("migrate", help="bring the database's tables up to date")
    sub.add_parser("secret-key", help="print a new random CAREPLAN_SECRET_KEY")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except SettingsError as error:
        print(f"careplan: setting {error}", file=sys.stderr)
        return EXIT_USAGE
    except CommandError as error:
        print(f"careplan {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
