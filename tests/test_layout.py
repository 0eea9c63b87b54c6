"""The import layout (tests/layout.py): the tree keeps to it, and the check itself catches
each kind of violation.

The real tree still has debt (tests/layout_debt.txt). The first two tests let the debt only
shrink: a new violation fails, and so does a listed one that has been paid off, so that the
file always says what is left to do. The rest run the check on small trees that break one
rule each, so that a check that quietly stopped seeing something would fail here.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest

from tests import layout

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real() -> tuple[list[layout.Violation], list[str]]:
    return layout.compare(layout.check(ROOT), layout.read_debt(ROOT / layout.DEBT_FILE))


def test_no_violation_beyond_the_debt_file(real: tuple[list[layout.Violation], list[str]]) -> None:
    new, _ = real
    assert not new, "New layout violations (see tests/layout.py for the order):\n" + "\n".join(
        str(v) for v in new
    )


def test_every_debt_line_still_occurs(real: tuple[list[layout.Violation], list[str]]) -> None:
    _, gone = real
    assert not gone, (
        "Paid off: remove it from the debt file (tests/layout_debt.txt):\n" + "\n".join(gone)
    )


# A clean little tree: each rule's allowed case is in it, so each test below breaks exactly
# one thing and must see exactly that.
CLEAN = {
    "careplan/__init__.py": "",
    "careplan/db.py": "import careplan.settings\n",
    "careplan/settings.py": "",
    "careplan/lib/__init__.py": "",
    "careplan/lib/clock.py": "from careplan import settings\n",
    "careplan/access/__init__.py": "",
    "careplan/access/permissions.py": (
        "from careplan.lib.clock import now\nfrom careplan.families.tables import Member\n"
    ),
    "careplan/plans/__init__.py": "",
    "careplan/plans/piccolo_app.py": "from careplan.demo import loader\n",
    "careplan/plans/piccolo_migrations/0001.py": "from careplan.demo import loader\n",
    "careplan/plans/tables.py": "from careplan.families.tables import Family\n",
    "careplan/plans/rules.py": "from careplan.lib import clock\n",
    "careplan/plans/service.py": (
        "from careplan.access import permissions\n"
        "from . import rules\n"
        "from .tables import Plan\n\n\n"
        "async def add() -> None:\n"
        "    await Plan(title='x').save()\n"
        "    await Plan.update({Plan.title: 'y'})\n"
    ),
    "careplan/plans/api.py": "from careplan.plans import schemas, service\n",
    "careplan/plans/schemas.py": "",
    "careplan/families/__init__.py": "",
    "careplan/families/tables.py": "",
    "careplan/families/bulk.py": "from careplan.families.tables import Family\n",
    "careplan/families/queries.py": (
        "from careplan.plans.tables import Plan\n\n\n"
        "async def plans() -> list:\n"
        "    return await Plan.select()\n"
    ),
    "careplan/demo/__init__.py": "",
    "careplan/demo/tables.py": "",
    "careplan/demo/loader.py": (
        "from careplan.demo.tables import DemoSecret\nfrom careplan.families import bulk\n"
    ),
    "careplan/web/__init__.py": "",
    "careplan/web/errors.py": "from careplan import db\n",
    "careplan/app.py": "import careplan.plans.api\nfrom careplan.families.queries import plans\n",
    "portal/__init__.py": "",
    "portal/pages.py": (
        "from careplan.plans.service import add\nfrom careplan.web import errors\n"
        "from careplan.access.permissions import can\n"
    ),
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def found(tmp_path: Path, changes: dict[str, str] | None = None) -> list[tuple[str, int, str]]:
    """(path, line, rule) of each violation in the clean tree with some files added or
    replaced."""
    files = {**CLEAN, **(changes or {})}
    return [(v.path, v.line, v.rule) for v in layout.check(write_tree(tmp_path, files))]


def test_the_clean_tree_has_no_violation(tmp_path: Path) -> None:
    assert found(tmp_path) == []


UP_THE_ORDER = {
    "from-submodule": "import os\nfrom careplan.families import service\n",
    "relative": "import os\nfrom ..families import service\n",
    "import-dotted": "import os\nimport careplan.families.service\n",
    "from-module": "import os\nfrom careplan.families.rules import x\n",
    "the-edge": "import os\nimport portal.pages\n",
    "in-a-function": "def f():\n    from careplan.families.service import x\n",
    "type-checking": (
        "from typing import TYPE_CHECKING\n\n"
        "if TYPE_CHECKING:\n    from careplan.families import rules\n"
    ),
}


@pytest.mark.parametrize("text", UP_THE_ORDER.values(), ids=UP_THE_ORDER.keys())
def test_an_import_up_the_order_is_an_order_violation(tmp_path: Path, text: str) -> None:
    files = {
        "careplan/families/service.py": "",
        "careplan/families/rules.py": "",
        "careplan/plans/service.py": text,
    }
    assert found(tmp_path, files) == [("careplan/plans/service.py", text.count("\n"), "order")]


def test_the_kernel_or_access_importing_a_slice_is_an_order_violation(tmp_path: Path) -> None:
    files = {
        "careplan/lib/clock.py": "from careplan.plans import rules\n",
        "careplan/access/permissions.py": "import os\nfrom careplan.plans.tables import Plan\n",
    }
    assert found(tmp_path, files) == [
        ("careplan/access/permissions.py", 2, "order"),
        ("careplan/lib/clock.py", 1, "order"),
    ]


def test_another_slices_tables_outside_its_queries_is_a_tables_violation(tmp_path: Path) -> None:
    text = "from careplan.families import bulk\nfrom careplan.plans.tables import Plan\n"
    assert found(tmp_path, {"careplan/families/service.py": text}) == [
        ("careplan/families/service.py", 2, "tables")
    ]


WRITES = {
    "class": "from careplan.plans.tables import Plan\n\nawait Plan.insert(Plan())\n",
    "module": "from careplan.plans import tables\n\nawait tables.Plan.delete()\n",
    "built": "from careplan.plans.tables import Plan\n\nrow = Plan(title='x')\nawait row.save()\n",
    "fetched": (
        "from careplan.plans.tables import Plan\n\nrow = await Plan.objects().first()\nrow.save()\n"
    ),
    "dotted": "import careplan.plans.tables\n\ncareplan.plans.tables.Plan.raw('DELETE')\n",
    "fetched as raw": (
        "from careplan import db\nfrom careplan.plans.tables import Plan\n\n"
        "await db.fetch(Plan, 'SELECT 1')\n"
    ),
}


@pytest.mark.parametrize("text", WRITES.values(), ids=WRITES.keys())
def test_writing_another_slices_table_is_a_writes_violation(tmp_path: Path, text: str) -> None:
    # A queries module may import another slice's tables to read them, never to write.
    assert found(tmp_path, {"careplan/families/queries.py": text}) == [
        ("careplan/families/queries.py", text.count("\n"), "writes")
    ]


def test_the_edge_importing_a_slices_inner_module_is_an_edge_violation(tmp_path: Path) -> None:
    text = "from careplan.plans.service import add\nfrom careplan.plans.rules import x\n"
    assert found(tmp_path, {"portal/pages.py": text}) == [("portal/pages.py", 2, "edge")]


def test_the_demo_importing_another_slices_tables_is_a_demo_violation(tmp_path: Path) -> None:
    text = "from careplan.families import bulk\nfrom careplan.families.tables import Family\n"
    assert found(tmp_path, {"careplan/demo/loader.py": text}) == [
        ("careplan/demo/loader.py", 2, "demo")
    ]


@pytest.mark.parametrize("path", ["careplan/helpers.py", "careplan/misc/tool.py"])
def test_a_module_in_no_layer_is_unplaced(tmp_path: Path, path: str) -> None:
    text = "from careplan.plans import rules\n"
    assert found(tmp_path, {path: text}) == [(path, 1, "unplaced")]


def test_the_debt_may_only_shrink() -> None:
    violation = layout.Violation("a.py", 3, "order", "careplan.x", "")
    listed = Counter({"a.py: order: careplan.x": 2})
    assert layout.compare([violation] * 2, listed) == ([], [])
    assert layout.compare([violation] * 3, listed) == ([violation], [])
    assert layout.compare([violation], listed) == ([], ["a.py: order: careplan.x"])
