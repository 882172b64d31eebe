"""P087 Package-Oriented Architecture: one package per feature, and a check of the rule between them.

`LAYERED` is a small shop laid out by technical layer (handlers, services,
repos, models); `BY_FEATURE` is the same code laid out by feature (users,
orders), each package holding its own handler, service, repo and model.
`folders_for` shows what a reader has to open to follow one feature.
`check` is the dependency rule of the feature layout, read from the sources
with `ast`: a module may use another feature only through that feature's
package (its `__init__`), never one of its modules, and the graph of features
has no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass


def module_name(path: str) -> str:
    """'orders/service.py' -> 'orders.service'; 'orders/__init__.py' -> 'orders'."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: str, source: str) -> Iterator[tuple[int, str]]:
    """(line, absolute name) for every import in one module, relative ones resolved.

    `from P import x` yields `P` and `P.x`: whether `x` is a submodule or a
    name defined in `P` is decided later, against the modules of the project.
    """
    module = module_name(path)
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                if node.level > len(parts):
                    raise ValueError(f"{path}:{node.lineno}: relative import beyond the top-level package")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            yield node.lineno, base
            yield from ((node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*")


def feature_of(module: str) -> str:
    """The top-level package a module belongs to: the feature, in a feature layout."""
    return module.partition(".")[0]


def features(sources: Mapping[str, str]) -> list[str]:
    """Every folder at the top of the project (top-level modules such as app.py are not features)."""
    return sorted({path.split("/")[0] for path in sources if "/" in path})


def folders_for(sources: Mapping[str, str], feature: str) -> list[str]:
    """The top-level folders holding a file whose name mentions `feature`: what a reader opens."""
    return sorted({path.split("/")[0] for path in sources if "/" in path and feature in path})


@dataclass(frozen=True, order=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def dependencies(sources: Mapping[str, str]) -> dict[str, list[str]]:
    """Feature -> the other features it imports, both sorted."""
    known = set(features(sources))
    graph: dict[str, set[str]] = {f: set() for f in known}
    for path, source in sources.items():
        own = feature_of(module_name(path))
        for _, name in imports(path, source):
            other = feature_of(name)
            if own in known and other in known and other != own:
                graph[own].add(other)
    return {f: sorted(graph[f]) for f in sorted(graph)}


def find_cycle(graph: Mapping[str, list[str]]) -> list[str] | None:
    """One cycle in the feature graph, as a path that ends where it starts, or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for nxt in graph[node]:
            cycle = visit(nxt, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in graph:
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


def check(sources: Mapping[str, str]) -> list[Violation]:
    """The dependency rule between features, sorted by file and line.

    A module outside feature F may import F (its package) and names from it,
    but not a module inside F: F's handler, service and repo are its own
    business. The features must also form a graph without cycles.
    """
    modules = {module_name(path) for path in sources}
    known = set(features(sources))
    found: set[Violation] = set()
    for path, source in sources.items():
        importer = module_name(path)
        for line, name in imports(path, source):
            target = feature_of(name)
            reaches_inside = name in modules and name != target
            if target in known and target != feature_of(importer) and reaches_inside:
                found.add(Violation(path, line, f"{importer} imports {name}; use the {target} package"))
    cycle = find_cycle(dependencies(sources))
    if cycle:
        found.add(Violation("(features)", 0, "import cycle " + " -> ".join(cycle)))
    return sorted(found)


LAYERED: dict[str, str] = {
    "handlers/user_handler.py": "from services import user_service\n",
    "handlers/order_handler.py": "from services import order_service\n",
    "services/user_service.py": "from repos import user_repo\nfrom models.user import User\n",
    "services/order_service.py": (
        "from repos import order_repo\nfrom services import user_service\nfrom models.order import Order\n"
    ),
    "repos/user_repo.py": "from models.user import User\n",
    "repos/order_repo.py": "from models.order import Order\n",
    "models/user.py": "from dataclasses import dataclass\n",
    "models/order.py": "from dataclasses import dataclass\n",
    "app.py": "from handlers import order_handler, user_handler\n",
}

BY_FEATURE: dict[str, str] = {
    "users/__init__.py": "from .model import User\nfrom .service import find, register\nfrom .handler import routes\n",
    "users/handler.py": "from . import service\n",
    "users/service.py": "from . import repo\nfrom .model import User\n",
    "users/repo.py": "from .model import User\n",
    "users/model.py": "from dataclasses import dataclass\n",
    "orders/__init__.py": "from .model import Order\nfrom .service import place\nfrom .handler import routes\n",
    "orders/handler.py": "from . import service\n",
    "orders/service.py": "import users\nfrom . import repo\nfrom .model import Order\n",
    "orders/repo.py": "from .model import Order\n",
    "orders/model.py": "from dataclasses import dataclass\n",
    "app.py": "import orders\nimport users\n",
}


def main() -> None:
    for name, project in (("layered", LAYERED), ("by feature", BY_FEATURE)):
        print(f"{name}: the order feature lives in {', '.join(folders_for(project, 'order'))}")
    #> layered: the order feature lives in handlers, models, repos, services
    #> by feature: the order feature lives in orders
    print(f"layered: {len(check(LAYERED))} imports reach into a module of another package")
    #> layered: 10 imports reach into a module of another package
    print(dependencies(BY_FEATURE), check(BY_FEATURE))
    #> {'orders': ['users'], 'users': []} []

    shortcut = dict(BY_FEATURE)
    shortcut["orders/service.py"] = "from users.repo import load\nfrom . import repo\n"
    shortcut["users/service.py"] = "from . import repo\nfrom orders import place\n"
    for violation in check(shortcut):
        print(violation)
    #> (features):0: import cycle orders -> users -> orders
    #> orders/service.py:1: orders.service imports users.repo; use the users package


if __name__ == "__main__":
    main()
