"""`summary_list` writes exactly what GOV.UK's `govukSummaryList` macro writes, in the app's
own template environment, for the lists the pages show and for the odd ones."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from careplan.web.templates import make_environment

MACRO = (
    '{% from "govuk_frontend_jinja/components/summary-list/macro.html" import govukSummaryList %}'
)

HTML = Markup("\n   <p>Booked for <b>26 November</b></p>\n\n  <ul>\n<li>a &amp; b</li>\n</ul>\n  ")

CASES = [
    {"rows": []},
    {},
    {"classes": "cp-goal__facts", "rows": [{"key": {"text": "Target"}, "value": {"text": "5"}}]},
    {
        "rows": [
            {"key": {"text": "Next <date>"}, "value": {"html": HTML}},
            None,
            {"key": {"text": "Key worker"}, "value": {"text": "Priya O'Neil & co"}},
        ]
    },
    {
        "rows": [
            {
                "classes": "row-class",
                "key": {"html": Markup("<b>Key</b>"), "classes": "key-class"},
                "value": {"text": Markup("<i>safe</i>"), "classes": "value-class"},
            },
            {"key": {"text": "Empty HTML falls back to text"}, "value": {"html": "", "text": "t"}},
            {"key": {"text": "No value"}, "value": {}},
            {"key": {"text": "None"}, "value": {"text": None}},
            {"key": {"text": 7}, "value": {"html": "one line"}},
            {},
        ]
    },
    # What summary_list leaves to the macro.
    {
        "rows": [
            {
                "key": {"text": "Name"},
                "value": {"text": "Jess"},
                "actions": {"items": [{"href": "/change", "text": "Change"}]},
            },
            {"key": {"text": "Role"}, "value": {"text": "Parent"}},
        ]
    },
    {
        "card": {"title": {"text": "A card"}},
        "rows": [{"key": {"text": "k"}, "value": {"text": "<"}}],
    },
    {"attributes": {"id": "facts"}, "rows": [{"key": {"text": "k"}, "value": {"text": "<"}}]},
]


@pytest.mark.parametrize("params", CASES)
def test_it_writes_what_the_macro_writes(params) -> None:
    environment = make_environment()
    macro = environment.from_string(MACRO + "[{{ govukSummaryList(params) }}]")
    ours = environment.from_string("[{{ summary_list(params) }}]")
    assert ours.render(params=params) == macro.render(params=params)
