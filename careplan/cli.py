"""The `careplan` command: serve, migrate and the operators' tools.

Each subcommand is a small function registered in `COMMANDS`; later slices add theirs to the
same parser. A bad setting or argument ends the command with one line naming it and exit
status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import secrets
import signal
import sys
import textwrap
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar

from careplan import __version__, wiring  # noqa: F401  (wiring: the unit of work's steps)
from careplan.settings import Settings, SettingsError

EXIT_USAGE = 2
T = TypeVar("T")


class CommandError(Exception):
    """A command cannot go on; the message says why in one line."""


def _settings() -> Settings:
    return Settings.from_env()


def cmd_serve(args: argparse.Namespace) -> None:
    # Every setting is checked before the app is loaded (which takes seconds on a busy
    # machine) and before anything says it serves.
    settings = _settings()
    settings.check_demo_is_local()
    if args.workers < 1:
        raise CommandError("--workers must be 1 or more")
    if args.workers > 1 and settings.database.is_sqlite:
        raise CommandError(
            "more than one worker needs PostgreSQL: SQLite serves one worker "
            "(set CAREPLAN_DATABASE_URL=postgresql://... to run several)"
        )
    if settings.demo and not _loopback(args.host):
        raise CommandError(
            "demo sign-in is for this computer only: serve the demo on 127.0.0.1 or localhost"
        )

    import uvicorn

    address = f"http://{_display_host(args.host)}:{args.port}"
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "proxy_headers": args.proxy_headers,
        "forwarded_allow_ips": args.forwarded_allow_ips,
        # An open event stream would otherwise hold shutdown for ever.
        "timeout_graceful_shutdown": 3,
        "log_level": "warning",
        "server_header": False,
    }
    if args.workers == 1:
        from careplan.app import create_app, serving

        if not _serve_one(serving(create_app(settings)), options, address):
            raise CommandError(f"could not serve on {address} (see the message above)")
    else:
        print(f"Careplan is starting {args.workers} workers on {address}", flush=True)
        with _stopped_by_signal():
            uvicorn.run("careplan.app:app_factory", factory=True, workers=args.workers, **options)
    print("Careplan has stopped.", flush=True)


def _serve_one(app: Any, options: dict[str, Any], address: str) -> bool:
    """Serve `app` in this process; say where once it serves. False if it never did."""
    import uvicorn

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if not self.should_exit:  # the app started and the port is bound
                print(f"Careplan is serving on {address} (Ctrl-C stops it)", flush=True)

    server = AnnouncingServer(uvicorn.Config(app, **options))
    with _stopped_by_signal():
        server.run()
    return server.started


@contextlib.contextmanager
def _stopped_by_signal() -> Iterator[None]:
    """Ctrl-C (SIGINT) or SIGTERM stops the server gracefully, and that is a normal end.

    uvicorn handles both while it serves and, once shut down, raises the signal again for
    whoever ran it; the handlers here take that second signal, so the command ends with
    status 0 and `make run` has no error to report."""
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in stops}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _loopback(host: str) -> bool:
    from careplan.settings import is_loopback

    return is_loopback(host)


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

    try:
        count = asyncio.run(run())
    except (OSError, RuntimeError, ValueError, *db.DATABASE_ERRORS) as error:
        raise CommandError(f"the database {settings.database.redacted} refused: {error}") from error
    print(f"Database {settings.database.redacted}: {count} migration(s) applied, up to date.")


def _run_on_database(work: Callable[[], Awaitable[T]]) -> T:
    """Run `work` against the configured database, migrated first."""
    from careplan import db

    settings = _settings()
    engine = db.make_engine(settings.database)

    async def run() -> T:
        try:
            await db.migrate(engine)
            await db.start(engine)
            return await work()
        finally:
            await db.stop(engine)

    try:
        return asyncio.run(run())
    except (OSError, *db.DATABASE_ERRORS) as error:
        raise CommandError(f"the database {settings.database.redacted} refused: {error}") from error


def cmd_demo(args: argparse.Namespace) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from careplan.demo.service import load

    settings = _settings()
    if args.reset and not settings.demo:
        raise CommandError(
            "--reset removes everything in the database, so it works in demo mode only "
            "(CAREPLAN_DEMO=1)"
        )
    console = Console(stderr=True)
    with Progress(
        TextColumn("Loading the demo"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def show(done: int, total: int, table: str) -> None:
            bar.update(task, completed=done, total=total, description=table)

        if args.reset:
            removed = _reset_demo(settings, show)
            print(_removal_summary(settings.database.redacted, removed))
            print("Demo loaded afresh.")
        else:
            loaded = _run_on_database(lambda: load(progress=show))
            print("Demo loaded." if loaded else "The demo is already loaded: nothing changed.")
    _print_demo_people()


def _reset_demo(settings: Settings, show: Callable[[int, int, str], None]) -> dict[str, int]:
    from careplan.demo.service import NotTheDemo, reset

    try:
        return _run_on_database(lambda: reset(progress=show))
    except NotTheDemo as error:
        raise CommandError(f"--reset: {error}") from error


def _removal_summary(database: str, removed: dict[str, int]) -> str:
    """What a reset removed, in words: the main things first, then every table's count."""
    people = removed.get("person", 0)
    families = removed.get("family", 0)
    lines = [
        f"Removed everything in the demo database {database}: {families} families, "
        f"{people} people and all that was recorded about them, "
        f"{sum(removed.values())} rows in {len(removed)} tables, the audit trail and every "
        "session included (everyone is signed out). Kept: the tables themselves and the "
        "demo's secret key."
    ]
    detail = ", ".join(f"{table} {count}" for table, count in sorted(removed.items()))
    lines.append(f"Rows removed per table: {detail}.")
    return "\n".join(textwrap.fill(line, width=80) for line in lines)


def _print_demo_people() -> None:
    """The demo people, in a table that fits an 80-column terminal."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from careplan.demo.service import demo_people

    people = Table(
        title="The demo people: sign in as any of them at /auth/demo",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    people.add_column("Name, role and agency", overflow="fold")
    people.add_column("E-mail", no_wrap=True)
    for person in demo_people():
        people.add_row(f"{person.name}\n{person.role}, {person.agency}", person.email)
        people.add_section()
    Console(width=80).print(people)


def cmd_admin_create(args: argparse.Namespace) -> None:
    from careplan.tenancy.service import TenancyError, create_administrator

    async def work():
        return await create_administrator(
            name=args.name,
            email=args.email,
            local_authority=args.local_authority,
            code=args.code,
            agency=args.agency,
        )

    try:
        made = _run_on_database(work)
    except TenancyError as error:
        raise CommandError(f"--{error}") from error
    where = "a new local authority" if made.created_local_authority else "the local authority"
    print(f"{args.name} is now an administrator of {where} {args.local_authority}.")


def cmd_audit_verify(args: argparse.Namespace) -> None:
    from careplan.audit.service import verify

    count, faults = _run_on_database(verify)
    for fault in faults:
        print(f"event {fault.sequence}: {fault.problem}", file=sys.stderr)
    if faults:
        raise CommandError(f"the audit trail is broken: {len(faults)} fault(s) in {count} events")
    print(f"The audit trail is whole: {count} events, each following the one before.")


def cmd_token(args: argparse.Namespace) -> None:
    from careplan.access.principal import person_id_by_email
    from careplan.demo.service import with_demo_secret
    from careplan.identity.service import tokens

    settings = _settings()
    person_id = _run_on_database(lambda: person_id_by_email(args.email))
    if person_id is None:
        raise CommandError(f"--email: nobody has the e-mail address {args.email}")
    # In demo mode, the secret kept with the demo database: the one the server uses.
    settings = with_demo_secret(settings)
    print(tokens.mint(settings.secret_key, settings.base_url, person_id, args.minutes * 60))


def cmd_secret_key(args: argparse.Namespace) -> None:
    print(secrets.token_urlsafe(48))


def cmd_vapid_keys(args: argparse.Namespace) -> None:
    from careplan.settings import new_vapid_keys

    private, public = new_vapid_keys()
    print("# Web Push (VAPID) keys: put these in the service's environment; keep the private")
    print("# key secret. Changing them later stops every phone's notifications until it")
    print("# turns them on again.")
    print(f"CAREPLAN_VAPID_PRIVATE_KEY={private}")
    print(f"CAREPLAN_VAPID_PUBLIC_KEY={public}")
    print("CAREPLAN_VAPID_SUBJECT=mailto:digital@council.example")


def cmd_worker(args: argparse.Namespace) -> None:
    from careplan.notify.worker import run_worker

    settings = _settings()
    if args.interval < 1:
        raise CommandError("--interval must be 1 second or more")
    summary = _run_on_database(lambda: run_worker(settings, once=args.once, interval=args.interval))
    print(summary)


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "serve": cmd_serve,
    "migrate": cmd_migrate,
    "secret-key": cmd_secret_key,
    "vapid-keys": cmd_vapid_keys,
    "worker": cmd_worker,
    "demo": cmd_demo,
    "token": cmd_token,
    "admin create": cmd_admin_create,
    "audit verify": cmd_audit_verify,
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
    sub.add_parser("vapid-keys", help="print a new Web Push (VAPID) key pair for the environment")
    worker = sub.add_parser(
        "worker", help="deliver queued notifications and escalate overdue concerns"
    )
    worker.add_argument("--once", action="store_true", help="one pass, then stop")
    worker.add_argument(
        "--interval", type=int, default=30, help="seconds between passes (default 30)"
    )
    demo = sub.add_parser("demo", help="load the fictional demo (once) and print the demo people")
    demo.add_argument(
        "--reset",
        action="store_true",
        help="demo mode only: remove everything in the demo database and load the demo afresh",
    )
    token = sub.add_parser("token", help="print a short-lived bearer token for the API")
    token.add_argument("--email", required=True, help="the person's e-mail address")
    token.add_argument(
        "--minutes",
        type=int,
        default=15,
        choices=range(1, 721),
        metavar="1-720",
        help="how long it lasts (default 15)",
    )

    admin = sub.add_parser("admin", help="administrators").add_subparsers(
        dest="admin_command", required=True, metavar="ACTION"
    )
    create = admin.add_parser("create", help="make the first administrator of a local authority")
    create.add_argument("--name", required=True, help="their full name")
    create.add_argument("--email", required=True, help="the e-mail they sign in with")
    create.add_argument("--local-authority", required=True, help="the council's name")
    create.add_argument("--code", default="LA", help="a short code for a new local authority")
    create.add_argument(
        "--agency", default="Children's Social Care", help="their agency (made if new)"
    )

    audit = sub.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", required=True, metavar="ACTION"
    )
    audit.add_parser("verify", help="check that no audit event was changed or removed")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    words = (
        args.command,
        getattr(args, "admin_command", None),
        getattr(args, "audit_command", None),
    )
    name = " ".join(word for word in words if word)
    try:
        COMMANDS[name](args)
    except SettingsError as error:
        print(f"careplan: setting {error}", file=sys.stderr)
        return EXIT_USAGE
    except CommandError as error:
        print(f"careplan {name}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
