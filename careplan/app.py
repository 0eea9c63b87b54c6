"""`create_app(settings)`: the one place where plugins, controllers and dependencies are wired."""

from __future__ import annotations

import gc
import logging

from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader, State
from litestar.di import Provide
from litestar.logging.config import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

from careplan import __version__, db, wiring  # noqa: F401  (wiring: the unit of work's steps)
from careplan.concerns.api import ConcernsController, FamilyConcernsController
from careplan.demo.service import with_demo_secret
from careplan.families.api import (
    ApprovalsController,
    EpisodesController,
    FamiliesController,
    MembersController,
)
from careplan.identity.api import MeController
from careplan.identity.invitation_api import PortalAccessController
from careplan.language.api import PlainLanguageController
from careplan.live.plugin import plugins as live_plugins
from careplan.meetings.api import (
    DisagreementsController,
    DissentsController,
    MeetingRoomController,
    MeetingsController,
    PlanAgreementsController,
)
from careplan.meetings.record_api import AgreedPlanController, MeetingRecordController
from careplan.plans.api import (
    ItemsController,
    ObjectivesController,
    PlansController,
    ThreadsController,
)
from careplan.settings import Settings
from careplan.tenancy.api import AgenciesController, ProfessionalsController
from careplan.web.auth import provide_principal
from careplan.web.cache_control import cache_control
from careplan.web.compression import LazyCompressionMiddleware
from careplan.web.csrf import NO_CSRF, BearerAwareCSRFMiddleware
from careplan.web.errors import EXCEPTION_HANDLERS
from careplan.web.health import healthz, healthz_live
from careplan.web.requests import StrictJSONRequest
from careplan.web.security_headers import SecurityHeaders
from careplan.web.templates import ROOT, template_config
from portal import family, workspace
from portal.auth import AuthController
from portal.oidc import OidcController
from portal.passkeys import InviteController, PasskeyController
from portal.sessions import SessionsController
from portal.start import start_page

log = logging.getLogger(__name__)

STATIC_DIR = ROOT / "static"
GOVUK_ASSETS_DIR = STATIC_DIR / "vendor" / "govuk" / "assets"
# Static files are not fingerprinted: a day's freshness, then revalidation by ETag.
STATIC_CACHE = CacheControlHeader(max_age=86_400, public=True)


def _static_routers() -> list:
    return [
        create_static_files_router(
            path="/static",
            directories=[STATIC_DIR],
            cache_control=STATIC_CACHE,
            name="static",
            opt=NO_CSRF,  # publicly cacheable: never a CSRF cookie in a shared cache
        ),
        # GOV.UK Frontend's stylesheet refers to its images as /assets/...
        create_static_files_router(
            path="/assets",
            directories=[GOVUK_ASSETS_DIR],
            cache_control=STATIC_CACHE,
            name="assets",
            opt=NO_CSRF,
        ),
    ]


def api_router() -> Router:
    """The JSON API of DESIGN.md's contract, every route behind a signed-in principal."""
    return Router(
        path="/api/v1",
        route_handlers=[
            MeController,
            AgenciesController,
            ProfessionalsController,
            FamiliesController,
            EpisodesController,
            MembersController,
            ApprovalsController,
            PlansController,
            ItemsController,
            ObjectivesController,
            ThreadsController,
            PlanAgreementsController,
            MeetingsController,
            MeetingRoomController,
            DissentsController,
            DisagreementsController,
            MeetingRecordController,
            AgreedPlanController,
            FamilyConcernsController,
            ConcernsController,
            PlainLanguageController,
            PortalAccessController,
        ],
        dependencies={"principal": Provide(provide_principal)},
        security=[{"bearer": []}],
    )


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    settings.check_demo_is_local()
    settings = with_demo_secret(settings)
    engine = db.make_engine(settings.database, settings.database_replica)
    db.use_engine(engine)

    async def open_database() -> None:
        db.use_engine(engine)
        await db.start(engine)

    async def close_database() -> None:
        await db.stop(engine)

    app = Litestar(
        route_handlers=[
            healthz,
            healthz_live,
            start_page,
            AuthController,
            OidcController,
            InviteController,
            PasskeyController,
            SessionsController,
            *workspace.routes(),
            *family.routes(),
            api_router(),
            *_static_routers(),
        ],
        plugins=live_plugins(settings),
        on_startup=[open_database],
        on_shutdown=[close_database],
        template_config=template_config(),
        compression_config=CompressionConfig(
            backend="gzip",
            minimum_size=500,
            gzip_compress_level=6,
            middleware_class=LazyCompressionMiddleware,  # no compressor for a small answer
        ),
        middleware=[
            DefineMiddleware(
                BearerAwareCSRFMiddleware,
                config=CSRFConfig(
                    secret=settings.secret_key,
                    cookie_name="careplan_csrf",
                    cookie_secure=settings.is_https,
                    cookie_samesite="lax",
                    header_name="x-csrftoken",
                ),
            ),
        ],
        openapi_config=OpenAPIConfig(
            title="Careplan API",
            version=__version__,
            description="One living care plan per family, shared by every agency and the parents.",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(
                        type="http",
                        scheme="bearer",
                        bearer_format="JWT",
                        description="A token from `careplan token --email E`",
                    )
                }
            ),
        ),
        before_send=[
            SecurityHeaders(hsts=settings.is_https and not settings.is_local),
            cache_control,  # who may keep each response: decided there, for every response
        ],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        logging_config=LoggingConfig(
            root={"level": settings.log_level, "handlers": ["queue_listener"]},
            log_exceptions="always" if settings.debug else "debug",
        ),
        debug=settings.debug,
        request_class=StrictJSONRequest,
        state=State({"settings": settings}),
    )
    return app


def app_factory() -> Litestar:
    """For `uvicorn --factory careplan.app:app_factory`: settings from the environment."""
    return serving(create_app(Settings.from_env()))


def serving(app: Litestar) -> Litestar:
    """The app as a server process runs it (`careplan serve`): its heap settled once started."""
    app.on_startup.append(settle_the_heap)
    return app


async def settle_the_heap() -> None:
    """Once a worker has started, what it has made so far (modules, routes, templates, the
    database's engine) lives as long as the process: the garbage collector is told not to walk
    it again (`gc.freeze`). A full collection walked about 200,000 such objects in some 80 ms,
    which fell on whichever request was running (0.5 to 1.25 ms a request on the caseload,
    measured). Anything made later is collected as usual."""
    gc.collect()
    gc.freeze()
