"""The import layout: which module may import and write what (issue 15, item 1).

Modules sit in layers, low to high; a module imports only its own slice, lower slices, the
kernel and access, so that a change to one slice never has to reach up:

    kernel   careplan/lib/**, careplan/{db,settings,piccolo_conf,migration_sql}.py
    access   careplan/access/** (it may read the tables of tenancy, families and identity)
    slices   audit < language < tenancy < notify < plans < families < meetings < concerns <
             identity < live < oversight < demo
    edge     careplan/web/**, careplan/*/api.py, careplan/*/*_api.py, careplan/*/endpoints.py,
             careplan/live/plugin.py, careplan/notify/worker.py, careplan/{app,cli,wiring}.py,
             portal/**

The rules, each named in what this prints as `path:line: rule: message`:

    order     an import points up the order (kernel or access importing a slice included)
    tables    a slice imports another slice's tables outside its own queries module/package
    writes    a module inserts, updates, deletes, saves or runs raw SQL on another slice's table
    edge      the edge imports a slice's module other than service(s), queries, schemas or
              vocabulary
    demo      the demo imports another slice's tables (it loads rows through their bulk.py)
    unplaced  a module in no layer

A `tables.py` importing another slice's tables (foreign keys) is the one exemption;
piccolo_migrations folders and piccolo_app.py files are outside the layout. Only the standard
library is used, so the check runs before anything is installed:

    python -m tests.layout [root] [--write-debt]

The debt file (tests/layout_debt.txt) lists the violations the code had when the rules were
written; it may only shrink. The command exits 1 on a violation it does not list, or on a
listed one that is gone; `--write-debt` rewrites it from the tree as it is.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SLICES = (
    "audit",
    "language",
    "tenancy",
    "notify",
    "plans",
    "families",
    "meetings",
    "concerns",
    "identity",
    "live",
    "oversight",
    "demo",
)
KERNEL_FILES = {"__init__.py", "db.py", "settings.py", "piccolo_conf.py", "migration_sql.py"}
EDGE_FILES = {"app.py", "cli.py", "wiring.py"}
EDGE_IN_SLICES = {("live", "plugin.py"), ("notify", "worker.py")}
PUBLIC_FACES = {"service", "services", "queries", "schemas", "vocabulary"}
ACCESS_MAY_READ = {"tenancy", "families", "identity"}
WRITES = {"insert", "update", "delete", "raw", "save"}
RAW_FETCH = "fetch"  # careplan.db.fetch(Table, sql, ...), SQL written once: as Table.raw
RULES = ("order", "tables", "writes", "edge", "demo", "unplaced")
DEBT_FILE = Path("tests/layout_debt.txt")


@dataclass(frozen=True)
class Place:
    """Where a module sits: its layer and, inside careplan/<slice>/, the slice's folder."""

    layer: str  # kernel, access, slice, edge, unplaced, or exempt
    folder: str | None = None

    @property
    def rank(self) -> int:
        if self.layer == "slice":
            return 2 + SLICES.index(self.folder or "")
        return {"kernel": 0, "access": 1, "edge": 2 + len(SLICES)}[self.layer]

    def __str__(self) -> str:
        return f"slice {self.folder}" if self.layer == "slice" else self.layer


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    rule: str
    target: str  # the module imported or written (the module itself for `unplaced`)
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"

    @property
    def debt(self) -> str:
        """The debt file's line: no line number, so an edit above it does not churn the file."""
        return f"{self.path}: {self.rule}: {self.target}"


@dataclass(frozen=True)
class Module:
    path: str  # relative to the root, with forward slashes
    name: str  # dotted
    place: Place

    @property
    def is_tables(self) -> bool:
        return _is_tables(self.path.split("/"))

    @property
    def is_queries(self) -> bool:
        parts = self.path.split("/")
        return len(parts) > 2 and parts[2] in ("queries.py", "queries")


def classify(parts: list[str] | tuple[str, ...]) -> Place:
    """The layer of a file, from its path (`careplan/plans/service.py`) as the brief lists it."""
    parts = list(parts)
    if "piccolo_migrations" in parts or parts[-1] == "piccolo_app.py":
        return Place("exempt")
    if parts[0] == "portal":
        return Place("edge")
    if parts[0] != "careplan":
        return Place("unplaced")
    if len(parts) == 2:
        if parts[1] in KERNEL_FILES:
            return Place("kernel")
        return Place("edge") if parts[1] in EDGE_FILES else Place("unplaced")
    folder, first = parts[1], parts[2]
    if folder == "lib":
        return Place("kernel")
    if folder == "access":
        return Place("access")
    if folder == "web":
        return Place("edge")
    owner = folder if folder in SLICES else None
    if len(parts) == 3 and (
        first in ("api.py", "endpoints.py")
        or first.endswith("_api.py")
        or (folder, first) in EDGE_IN_SLICES
    ):
        return Place("edge", owner)
    return Place("slice", folder) if owner else Place("unplaced")


def _is_tables(parts: list[str]) -> bool:
    return len(parts) > 2 and parts[0] == "careplan" and parts[2] in ("tables.py", "tables")


def _file_parts(root: Path, dotted: str) -> list[str]:
    """The path a dotted module name has (or would have) under the root."""
    names = dotted.split(".")
    if root.joinpath(*names).is_dir():
        return [*names, "__init__.py"]
    return [*names[:-1], names[-1] + ".py"]


def _is_module(root: Path, dotted: str) -> bool:
    names = dotted.split(".")
    return root.joinpath(*names).is_dir() or root.joinpath(*names[:-1], names[-1] + ".py").exists()


def modules(root: Path) -> Iterator[Module]:
    for top in ("careplan", "portal"):
        for path in sorted((root / top).rglob("*.py")):
            parts = list(path.relative_to(root).parts)
            place = classify(parts)
            if place.layer == "exempt":
                continue
            names = parts[:-1] if parts[-1] == "__init__.py" else [*parts[:-1], parts[-1][:-3]]
            yield Module("/".join(parts), ".".join(names), place)


@dataclass(frozen=True)
class Import:
    line: int
    target: str  # the dotted module imported (a submodule when `from a import b` names one)


def imports(root: Path, module: Module, tree: ast.Module) -> tuple[list[Import], dict[str, str]]:
    """Every import of careplan or portal anywhere in the file (in functions, under
    TYPE_CHECKING: they all bind), once per line and module, and what each local name stands
    for (for `writes`)."""
    found: list[Import] = []
    bound: dict[str, str] = {}
    package = module.name.split(".")
    if not module.path.endswith("__init__.py"):
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(node.lineno, alias.name))
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    bound[head] = head
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[: len(package) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                qualified = f"{base}.{alias.name}"
                is_module = alias.name != "*" and _is_module(root, qualified)
                found.append(Import(node.lineno, qualified if is_module else base))
                if alias.name != "*":
                    bound[alias.asname or alias.name] = qualified
    ours = {i for i in found if i.target.split(".")[0] in ("careplan", "portal")}
    return sorted(ours, key=lambda i: (i.line, i.target)), bound


def check_import(root: Path, module: Module, imp: Import) -> list[Violation]:
    """The rules for one import; an import can break more than one."""
    parts = _file_parts(root, imp.target)
    target = classify(parts)
    src = module.place
    if "unplaced" in (src.layer, target.layer) or target.layer == "exempt":
        return []  # an unplaced module is reported once, as itself
    tables = _is_tables(parts)
    other_tables = tables and parts[1] != src.folder
    if module.is_tables and tables:
        return []  # foreign keys: the one exemption
    found = []

    def add(rule: str, message: str) -> None:
        found.append(Violation(module.path, imp.line, rule, imp.target, message))

    access_reads = src.layer == "access" and tables and parts[1] in ACCESS_MAY_READ
    if target.rank > src.rank and not access_reads:
        add("order", f"{src} imports {imp.target} ({target}), which sits above it")
    if src.layer == "slice" and other_tables:
        if src.folder == "demo":
            add(
                "demo", f"the demo imports {imp.target}; it loads rows through {parts[1]}'s bulk.py"
            )
        elif not module.is_queries:
            add("tables", f"{imp.target} is read outside {src.folder}'s queries module")
    if (
        src.layer == "edge"
        and module.path != "careplan/wiring.py"  # it registers the kernel's steps from slices
        and target.layer == "slice"
        and parts[2].removesuffix(".py") not in PUBLIC_FACES
    ):
        add(
            "edge",
            f"the edge imports {imp.target}; it may import a slice's "
            "service(s), queries, schemas and vocabulary only",
        )
    return found


def _dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of names, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


class _Writes:
    """Finds writes to another slice's tables: a write method called on a table class bound
    from its tables module, or on an instance built from one (`row = Outbox(...)`, or fetched
    through `.objects()`), anywhere in the file."""

    def __init__(self, module: Module, bound: dict[str, str]) -> None:
        self.module = module
        self.bound = bound
        self.instances: dict[str, str] = {}

    def table_module(self, node: ast.expr) -> str | None:
        """The tables module of the table class `node` names, if it names one."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head not in self.bound:
            return None
        parts = f"{self.bound[head]}.{rest}".rstrip(".").split(".")
        if len(parts) == 4 and parts[0] == "careplan" and parts[2] == "tables":
            return ".".join(parts[:3])
        return None

    def built_from(self, node: ast.expr) -> str | None:
        """The tables module of a row made by `Table(...)` or fetched by `Table.objects()...`."""
        if isinstance(node, ast.Await):
            node = node.value
        if not isinstance(node, ast.Call):
            return None
        if table := self.table_module(node.func):
            return table
        chain: list[str] = []
        while isinstance(node, ast.Call | ast.Attribute | ast.Name):
            if "objects" in chain and (table := self.table_module(node)):
                return table
            if isinstance(node, ast.Call):
                node = node.func
            elif isinstance(node, ast.Attribute):
                chain.append(node.attr)
                node = node.value
            else:
                break
        return None

    def receiver(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name) and node.id in self.instances:
            return self.instances[node.id]
        return self.table_module(node) or self.built_from(node)

    def find(self, tree: ast.Module) -> list[Violation]:
        for node in ast.walk(tree):
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value:
                targets, value = [node.target], node.value
            elif isinstance(node, ast.For | ast.AsyncFor):
                targets, value = [node.target], node.iter
            for target in targets:
                if isinstance(target, ast.Name) and (table := self.built_from(value)):
                    self.instances[target.id] = table
        found = []
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr == RAW_FETCH and node.args:
                # careplan.db.fetch(Table, sql, ...): Table.raw(sql, ...) written once
                table = self.receiver(node.args[0])
            elif node.func.attr in WRITES:
                table = self.receiver(node.func.value)
            else:
                continue
            owner = table.split(".")[1] if table else None
            if table and owner != self.module.place.folder:
                message = f".{node.func.attr}() on {table}: only {owner}'s own modules write it"
                found.append(Violation(self.module.path, node.lineno, "writes", table, message))
        return found


def check(root: Path) -> list[Violation]:
    """Every violation under root/careplan and root/portal, in file and line order."""
    found: list[Violation] = []
    for module in modules(root):
        if module.place.layer == "unplaced":
            message = (
                f"{module.name} is in no layer: move it to the kernel, access, a slice or the edge"
            )
            found.append(Violation(module.path, 1, "unplaced", module.name, message))
        tree = ast.parse((root / module.path).read_text(), module.path)
        found_imports, bound = imports(root, module, tree)
        for imp in found_imports:
            found.extend(check_import(root, module, imp))
        found.extend(_Writes(module, bound).find(tree))
    return sorted(found, key=lambda v: (v.path, v.line, RULES.index(v.rule), v.target))


def cross_slice_table_imports(root: Path) -> tuple[int, int]:
    """The issue's measure: imports of a slice's tables from outside its folder, tables.py
    (foreign keys) left out; and how many of them the order allows (queries modules, access)."""
    total = allowed = 0
    for module in modules(root):
        if module.is_tables:
            continue
        tree = ast.parse((root / module.path).read_text(), module.path)
        for imp in imports(root, module, tree)[0]:
            parts = _file_parts(root, imp.target)
            if _is_tables(parts) and parts[1] != module.place.folder:
                total += 1
                allowed += module.is_queries or module.place.layer == "access"
    return total, allowed


def read_debt(path: Path) -> Counter[str]:
    if not path.exists():
        return Counter()
    lines = (line.strip() for line in path.read_text().splitlines())
    return Counter(line for line in lines if line and not line.startswith("#"))


def compare(violations: list[Violation], debt: Counter[str]) -> tuple[list[Violation], list[str]]:
    """The violations the debt does not list, and the debt lines no violation matches. A line
    listed twice covers two violations: a second import of the same module is new debt."""
    left = Counter(debt)
    new = []
    for violation in violations:
        if left[violation.debt] > 0:
            left[violation.debt] -= 1
        else:
            new.append(violation)
    return new, sorted(left.elements())


DEBT_HEADER = """\
# The import layout's debt (tests/layout.py): violations the code had when the rules were
# written. It may only shrink: tests/test_layout.py fails on a violation not listed here and on
# a line that no longer occurs. `python -m tests.layout --write-debt` rewrites it; never use
# that to list new debt for new code. One line per violation: path: rule: module.
"""


def write_debt(path: Path, violations: list[Violation]) -> None:
    path.write_text(
        DEBT_HEADER + "".join(f"{line}\n" for line in sorted(v.debt for v in violations))
    )


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--write-debt"]
    root = Path(args[0] if args else ".").resolve()
    violations = check(root)
    for violation in violations:
        print(violation)
    counts = Counter(v.rule for v in violations)
    tables, allowed = cross_slice_table_imports(root)
    print(f"== {len(violations)} violations: " + ", ".join(f"{r} {counts[r]}" for r in RULES))
    print(f"upward imports: {counts['order']}")
    print(f"cross-slice table imports outside tables.py: {tables} ({allowed} in queries or access)")
    print(f"cross-slice writes: {counts['writes']}")
    debt_path = root / DEBT_FILE
    if "--write-debt" in argv:
        write_debt(debt_path, violations)
        print(f"wrote {len(violations)} lines to {DEBT_FILE}")
        return 0
    new, stale = compare(violations, read_debt(debt_path))
    print(f"debt ({DEBT_FILE}): {len(new)} new, {len(stale)} gone")
    for violation in new:
        print(f"new: {violation}")
    for line in stale:
        print(f"gone: {line} (remove it from the debt file)")
    return 1 if new or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
