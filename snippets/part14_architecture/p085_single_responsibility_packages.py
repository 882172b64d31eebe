"""P085 Single-Responsibility Packages: find the junk drawer by how its callers use it.

A package named `utils` says nothing about what it provides, and its callers
show it: each one uses a different corner of it. `responsibilities` measures
that. It reads the imports of a project held as source strings with `ast`,
links two modules of a package when one imports the other or when one caller
uses both, and returns the groups that nothing links: each group is a job the
package does. `review` reports generic package names and packages with more
than one job. `BEFORE` is a project with a `utils` package; `AFTER` is the
same code split into packages named for what they provide.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

GENERIC_NAMES = frozenset({"utils", "util", "helpers", "common", "misc", "shared", "lib", "base"})


def module_name(path: str) -> str:
    """'utils/retry.py' -> 'utils.retry'; 'utils/__init__.py' -> 'utils'."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def absolute_imports(source: str) -> Iterator[str]:
    """Every module an `import` or `from ... import` names (absolute imports only).

    `from a import b` yields `a` and `a.b`, since `b` may be a submodule.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _find(parent: dict[str, str], item: str) -> str:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def responsibilities(sources: Mapping[str, str], package: str) -> list[list[str]]:
    """The groups of `package`'s modules that are used together, each sorted, smallest name first.

    Modules of the package are the files directly inside it (its __init__ is
    not a job, and its re-exports link nothing). Two are linked when one
    imports the other, or when a module outside the package imports both. One group means one job. A module that
    nothing imports forms a group of its own: dead code, or an entry point
    that belongs in a package of its own.
    """
    modules = sorted(
        module_name(path)
        for path in sources
        if path.startswith(package + "/") and path.count("/") == 1 and not path.endswith("__init__.py")
    )
    parent = {m: m for m in modules}
    for path, source in sources.items():
        importer = module_name(path)
        used = sorted({name for name in absolute_imports(source) if name in parent})
        if importer in parent:
            used.append(importer)  # a module of the package is linked to what it imports
        elif importer == package or importer.startswith(package + "."):
            continue  # an __init__ that re-exports everything is not a caller
        for other in used[1:]:
            parent[_find(parent, other)] = _find(parent, used[0])
    groups: dict[str, list[str]] = {}
    for m in modules:
        groups.setdefault(_find(parent, m), []).append(m)
    return sorted(groups.values())


@dataclass(frozen=True)
class Finding:
    package: str
    problem: str

    def __str__(self) -> str:
        return f"{self.package}: {self.problem}"


def packages(sources: Mapping[str, str]) -> list[str]:
    """Top-level packages: the first folder of every path that has one."""
    return sorted({path.split("/")[0] for path in sources if "/" in path})


def review(sources: Mapping[str, str]) -> list[Finding]:
    """Generic names, and packages whose modules fall into more than one group."""
    findings: list[Finding] = []
    for package in packages(sources):
        if package in GENERIC_NAMES:
            findings.append(Finding(package, "name says nothing about what it provides"))
        groups = responsibilities(sources, package)
        if len(groups) > 1:
            jobs = " | ".join(", ".join(m.split(".")[-1] for m in g) for g in groups)
            findings.append(Finding(package, f"{len(groups)} unrelated jobs: {jobs}"))
    return findings


BEFORE: dict[str, str] = {
    "utils/__init__.py": "",
    "utils/retry.py": "def with_retries(attempts: int) -> None: ...\n",
    "utils/http.py": "from utils.retry import with_retries\n",
    "utils/money.py": "def percent_of(cents: int, pct: int) -> int: ...\n",
    "utils/slug.py": "def slugify(title: str) -> str: ...\n",
    "billing/invoice.py": "from utils.money import percent_of\n",
    "catalog/fetch.py": "from utils import http, retry\n",
    "catalog/page.py": "from utils.slug import slugify\n",
    "app.py": "from catalog import fetch, page\nfrom billing import invoice\n",
}

AFTER: dict[str, str] = {
    "retry/__init__.py": "def with_retries(attempts: int) -> None: ...\n",
    "httpclient/__init__.py": "from retry import with_retries\n",
    "money/__init__.py": "def percent_of(cents: int, pct: int) -> int: ...\n",
    "slug/__init__.py": "def slugify(title: str) -> str: ...\n",
    "billing/invoice.py": "from money import percent_of\n",
    "catalog/fetch.py": "import httpclient\nimport retry\n",
    "catalog/page.py": "from slug import slugify\n",
    "app.py": "from catalog import fetch, page\nfrom billing import invoice\n",
}


def main() -> None:
    print(responsibilities(BEFORE, "utils"))
    #> [['utils.http', 'utils.retry'], ['utils.money'], ['utils.slug']]
    for finding in review(BEFORE):
        print(finding)
    #> utils: name says nothing about what it provides
    #> utils: 3 unrelated jobs: http, retry | money | slug
    print(f"after the split: {len(review(AFTER))} findings in {', '.join(packages(AFTER))}")
    #> after the split: 0 findings in billing, catalog, httpclient, money, retry, slug


if __name__ == "__main__":
    main()
