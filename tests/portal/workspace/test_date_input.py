"""The editor's date input is GOV.UK's govukDateInput written out (it cost 3 ms a call through
the macro, six times a page): the same markup for the same fields, words and errors.

The reference is the editor's macro as it was, calling govukDateInput (govuk-frontend-jinja,
pinned with govuk-frontend); both are rendered by the app's own Jinja environment and compared
with runs of whitespace made one space (and none between two tags): what a browser builds from
them is the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

from careplan.web.templates import make_environment

# The editor's date_input before it was written out, unchanged.
REFERENCE = """
{% macro date_input(key, name, legend, values, error, hint=none) %}
{% from "govuk_frontend_jinja/components/date-input/macro.html" import govukDateInput %}
{% set wrong = error and error.field == name %}
{% set words = values.get(name ~ "-words") %}
{% set hint_html %}{% if words %}It was written as “{{ words }}” before dates were checked. \
Enter the date, or leave it empty to keep those words.{% if hint %} {% endif %}{% endif %}\
{{ hint or "" }}{% endset %}
{% set parts = [] %}
{% for part, label, width in [("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4)] %}
{% set _ = parts.append({
  "name": part,
  "label": label,
  "id": key ~ "-" ~ name if loop.first else key ~ "-" ~ name ~ "-" ~ part,
  "classes": "govuk-input--width-" ~ width ~ (" govuk-input--error" if wrong else ""),
  "value": values.get(name ~ "-" ~ part, "")
}) %}
{% endfor %}
{{ govukDateInput({
  "id": key ~ "-" ~ name ~ "-date",
  "namePrefix": name,
  "fieldset": {"legend": {"text": legend, "classes": "govuk-fieldset__legend--s"}},
  "hint": {"html": hint_html} if hint_html | trim else none,
  "errorMessage": {"text": error.message} if wrong else none,
  "items": parts
}) }}
{% if words %}<input type="hidden" name="{{ name }}-words" value="{{ words }}">{% endif %}
{% endmacro %}
{{ date_input(key, name, legend, values, error, hint=hint) }}
"""
WRITTEN_OUT = """{% import "workspace/_editor_fields.html" as f with context %}\
{{ f.date_input(key, name, legend, values, error, hint=hint) }}"""


@dataclass
class Error:
    field: str
    message: str


CASES: dict[str, dict[str, Any]] = {
    "empty, no hint": {
        "key": "progress-1",
        "name": "recorded_on",
        "legend": "On what date?",
        "values": {},
        "error": None,
        "hint": None,
    },
    "a hint and a date": {
        "key": "new-objective",
        "name": "due_on",
        "legend": "Due by",
        "values": {"due_on-day": "27", "due_on-month": "3", "due_on-year": "2027"},
        "error": None,
        "hint": "For example, 27 3 2027",
    },
    "an error on this field, with what was typed": {
        "key": "3f1e6a0c-0000-4000-8000-000000000001",
        "name": "by_when",
        "legend": "By when",
        "values": {"by_when-day": '31"><b>', "by_when-month": "2", "by_when-year": "20x6"},
        "error": Error("by_when", "Enter a real date, for example 11 12 2026 <now>"),
        "hint": "For example, 11 12 2026",
    },
    "an error on another field": {
        "key": "new-next_step",
        "name": "by_when",
        "legend": "By when",
        "values": {"by_when-day": "1", "by_when-month": "", "by_when-year": None},
        "error": Error("who", "Enter who"),
        "hint": "For example, 11 12 2026",
    },
    "words from before dates were checked, with a hint and an error": {
        "key": "k",
        "name": "due_on",
        "legend": "Due by",
        "values": {"due_on-words": 'by "half term" & <then>\nafter it', "due_on-day": ""},
        "error": Error("due_on", "Enter a real date"),
        "hint": "For example, 27 3 2027",
    },
    "words and no hint": {
        "key": "k",
        "name": "due_on",
        "legend": "Due <by>",
        "values": {"due_on-words": "soon"},
        "error": None,
        "hint": None,
    },
}


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize("case", CASES)
def test_the_written_out_date_input_is_govuk_date_input(case: str) -> None:
    environment = make_environment()
    fields = CASES[case]
    reference = environment.from_string(REFERENCE).render(**fields)
    written_out = environment.from_string(WRITTEN_OUT).render(**fields)
    assert "govuk-date-input" in reference and fields["legend"][:3] in reference
    assert normalised(written_out) == normalised(reference)
