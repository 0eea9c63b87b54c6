"""The Jinja2 environment of both front ends: our templates and the GOV.UK macros."""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from careplan import __version__
from careplan.web.dates import date_filter
from careplan.web.security_headers import csp_nonce
from careplan.web.summary_list import make_summary_list
from portal import labels

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = ROOT / "templates"
SERVICE_NAME = "Careplan"


@pass_context
def _nonce(context: Context) -> str:
    request = context.get("request")
    return csp_nonce(request.scope) if request is not None else ""


def make_environment() -> Environment:
    environment = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(TEMPLATES_DIR),
                PrefixLoader(
                    {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
                ),
            ]
        ),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.globals.update(
        csp_nonce=_nonce, service_name=SERVICE_NAME, careplan_version=__version__, labels=labels
    )
    # GOV.UK's summary list without the macro's cost (the same bytes).
    environment.globals["summary_list"] = make_summary_list(environment)
    # The one way a date is shown to people, on every page of both front ends.
    environment.filters["date"] = date_filter
    return environment


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    environment = make_environment()
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))
