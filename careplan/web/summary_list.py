"""GOV.UK's summary list, rendered in Python: the same bytes as govuk-frontend-jinja's
`govukSummaryList` macro, at a fraction of its cost.

The macro defines two inner macros, imports another template and loops twice over the rows on
every call: a caseload of 28 families (a summary list each) spent about a third of its page's
time in it (cProfile, 10,000-family database). Pages call `summary_list(params)` (a template
global) as they would call the macro. It writes the lists the pages use (rows of a key and a
value, each text or HTML, with classes) itself, and hands anything else (actions, a card,
attributes) to the macro, so that the output is always the macro's
(tests/web/test_summary_list.py compares them, in the environment's settings).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Environment
from jinja2.filters import do_indent
from markupsafe import Markup, escape

MACRO = "govuk_frontend_jinja/components/summary-list/macro.html"


def _classes(base: str, extra: Any) -> str:
    return f"{base} {extra}" if extra else base


def _shown(part: Any) -> Markup:
    """A key's or a value's content as the macro writes it: its HTML trimmed and indented
    under the element, or its text escaped (nothing when it has neither)."""
    if not isinstance(part, Mapping):
        return Markup("")
    html = part.get("html")
    if html:
        # The macro's `html | safe`: the caller's HTML (our pages build it in autoescaped
        # `{% set %}` blocks).
        return do_indent(Markup(html).strip(), 6)  # noqa: S704
    if "text" not in part:
        return Markup("")
    return escape(part["text"])


def _plain(params: Any) -> bool:
    """Whether the list is one this module writes: no card, no attributes, no row actions."""
    if not isinstance(params, Mapping) or params.get("card") or params.get("attributes"):
        return False
    rows = params.get("rows") or []
    return all(not row or (isinstance(row, Mapping) and not row.get("actions")) for row in rows)


def make_summary_list(environment: Environment):
    """The `summary_list` global of this environment (the macro, for what it does not write,
    is loaded from the same environment)."""

    def summary_list(params: Any) -> Markup:
        if not _plain(params):
            macro = environment.get_template(MACRO).module.govukSummaryList  # type: ignore[attr-defined]
            return Markup(macro(params))  # noqa: S704 - the macro's own (escaped) output
        out = [f'<dl class="{escape(_classes("govuk-summary-list", params.get("classes")))}">\n']
        for row in params.get("rows") or []:
            if not row:
                continue
            key, value = row.get("key"), row.get("value")
            key_classes = key.get("classes") if isinstance(key, Mapping) else None
            value_classes = value.get("classes") if isinstance(value, Mapping) else None
            row_classes = row.get("classes")
            out.append(
                f'  <div class="{escape(_classes("govuk-summary-list__row", row_classes))}">\n'
                f'    <dt class="{escape(_classes("govuk-summary-list__key", key_classes))}">\n'
                f"      {_shown(key)}\n"
                "    </dt>\n"
                f'    <dd class="{escape(_classes("govuk-summary-list__value", value_classes))}">\n'
                f"      {_shown(value)}\n"
                "    </dd>\n"
                "  </div>\n"
            )
        out.append("</dl>")
        return Markup("".join(out))  # noqa: S704 - every part above is escaped or Markup

    return summary_list
