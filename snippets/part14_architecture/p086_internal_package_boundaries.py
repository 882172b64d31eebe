"""P086 Dependency Boundaries via internal Packages: a checker for Python's `_internal` convention.

Go refuses to compile an import of `a/internal/x` from outside the tree rooted
at `a`. Python imports anything on its path, so the same rule needs a
convention (a package named `_internal`) and a check. `find_violations` is that
check: it reads each module's imports with `ast`, resolves relative imports to
absolute names, and reports every import of `P._internal...` made by a module
outside `P`. `SAMPLE` is a small project, held as source strings, to run it on.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

INTERNAL = "_internal"


@dataclass(frozen=True, order=True)
class Violation:
    """One import that crosses a boundary: who imported what, on which line."""

    path: str
    line: int
    importer: str
    imported: str
    root: str  # only modules inside this package may import `imported`

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.importer} imports {self.imported}; only {self.root} may"


def module_name(path: str) -> str:
    """'billing/_internal/__init__.py' -> 'billing._internal'; 'billing/invoice.py' -> 'billing.invoice'."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def internal_root(imported: str) -> str | None:
    """The package whose tree may import `imported`, or None if it is not internal.

    As in Go, the last `_internal` element decides: `a._internal.b._internal.c`
    may be imported only from inside `a._internal.b`.
    """
    parts = imported.split(".")
    if INTERNAL not in parts:
        return None
    last = len(parts) - 1 - parts[::-1].index(INTERNAL)
    return ".".join(parts[:last])


def is_inside(module: str, root: str) -> bool:
    """Whether `module` is `root` itself or a module under it ('' is the top level)."""
    return root in ("", module) or module.startswith(root + ".")


def imported_names(path: str, source: str) -> Iterator[tuple[int, str]]:
    """Yield (line, absolute module name) for every import in one module's source.

    `from P import name` yields `P.name` as well as `P`, because `name` may be a
    submodule: `from billing import _internal` reaches the internal package.
    """
    module = module_name(path)
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                if node.level - 1 >= len(parts):
                    raise ValueError(f"{path}:{node.lineno}: relative import beyond the top-level package")
                anchor = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:
                if alias.name != "*":
                    yield node.lineno, f"{base}.{alias.name}"


def find_violations(sources: Mapping[str, str]) -> list[Violation]:
    """Every import of an `_internal` module from outside its root, sorted by file and line.

    One statement is reported once per boundary it crosses: for
    `from billing._internal.money import percent_of` that is the module, not
    also the name taken from it.
    """
    found: dict[tuple[str, int, str], Violation] = {}
    for path, source in sources.items():
        importer = module_name(path)
        for line, imported in imported_names(path, source):
            root = internal_root(imported)
            if root is not None and not is_inside(importer, root):
                found.setdefault((path, line, root), Violation(path, line, importer, imported, root))
    return sorted(found.values())


SAMPLE: dict[str, str] = {
    "billing/__init__.py": "from .invoice import Invoice\n",
    "billing/invoice.py": (
        "from dataclasses import dataclass\n"
        "from ._internal.money import percent_of\n"
        "from billing._internal import tax\n"
    ),
    "billing/_internal/__init__.py": "",
    "billing/_internal/money.py": "def percent_of(cents: int, pct: int) -> int: ...\n",
    "billing/_internal/tax.py": "from .money import percent_of\n",
    "shipping/quote.py": "from billing import Invoice\n",
    "shipping/label.py": "from billing._internal.money import percent_of\n",
    "reports/monthly.py": (
        "import billing\n"
        "from billing import _internal\n"
        "import billing._internal.tax, shipping._internal.rates\n"
    ),
    "shipping/_internal/rates.py": "from billing._internal import money\n",
}


def main() -> None:
    for path in ("billing/invoice.py", "shipping/label.py"):
        names = sorted({name for _, name in imported_names(path, SAMPLE[path])})
        print(f"{path}: {', '.join(names)}")
    #> billing/invoice.py: billing._internal, billing._internal.money, billing._internal.money.percent_of, billing._internal.tax, dataclasses, dataclasses.dataclass
    #> shipping/label.py: billing._internal.money, billing._internal.money.percent_of

    violations = find_violations(SAMPLE)
    print(f"{len(violations)} violations in {len(SAMPLE)} modules")
    #> 5 violations in 9 modules
    for violation in violations:
        print(violation)
    #> reports/monthly.py:2: reports.monthly imports billing._internal; only billing may
    #> reports/monthly.py:3: reports.monthly imports billing._internal.tax; only billing may
    #> reports/monthly.py:3: reports.monthly imports shipping._internal.rates; only shipping may
    #> shipping/_internal/rates.py:1: shipping._internal.rates imports billing._internal; only billing may
    #> shipping/label.py:1: shipping.label imports billing._internal.money; only billing may

if __name__ == "__main__":
    main()
