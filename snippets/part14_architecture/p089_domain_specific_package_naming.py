"""P089 Domain-Specific Package Naming: turn a layered layout into domain packages.

A project sorted by technical layer has packages called `models`, `services`,
`handlers` and `mongorepo`, and every feature is spread over all of them. The
domain nouns (invoice, customer) are only file names. `plan` reads such a
layout, given as a mapping from file path to the public names the file
defines, and proposes the move: each file `layer/noun.py` becomes
`noun/role.py`, and each public name is shortened so that the call site reads
well with the package name in front (`invoice.Line`, not
`invoice.InvoiceLine`). Files that do not name a domain concept, and names
that would collide after shortening, are left for a person to decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# A technical package name, and the file name its code takes inside a domain package.
LAYER_ROLES: dict[str, str] = {
    "models": "model",
    "entities": "model",
    "services": "service",
    "handlers": "http",
    "controllers": "http",
    "repositories": "store",
    "dao": "store",
    "mongorepo": "mongo",
    "pgrepo": "postgres",
    "rediscache": "cache",
    "dto": "wire",
}

# File names inside a layer that are not a domain concept.
NOT_A_DOMAIN = frozenset({"base", "common", "helpers", "middleware", "utils", "errors"})


def shorten(package: str, name: str) -> str:
    """Drop a leading repeat of the package name: invoice + InvoiceLine -> Line.

    Handles CamelCase (`InvoiceLine`) and snake_case (`invoice_total`). A name
    equal to the package (`Invoice`) or merely starting with the same letters
    (`Invoices`, `invoiced_at`) stays as it is.
    """
    camel = package.capitalize()
    if name.startswith(camel) and name[len(camel) : len(camel) + 1].isupper():
        return name[len(camel) :]
    if name.startswith(package + "_") and len(name) > len(package) + 1:
        return name[len(package) + 1 :]
    return name


@dataclass
class Plan:
    moves: list[tuple[str, str]] = field(default_factory=list)
    renames: list[tuple[str, str]] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def plan(layout: Mapping[str, Sequence[str]]) -> Plan:
    """The moves and call-site renames that turn layer packages into domain packages.

    Only files directly inside a known layer package move; everything else
    (a package already named for the domain, an `__init__.py`, a nested
    module) is left alone. New names are `noun.Short`, for callers that write
    `import invoice`; the new package's `__init__` re-exports them.
    """
    result = Plan()
    claimed: dict[str, str] = {}
    for path in sorted(layout):
        parts = path.removesuffix(".py").split("/")
        if len(parts) != 2 or parts[0] not in LAYER_ROLES or parts[1] == "__init__":
            continue
        layer, noun = parts
        if noun in NOT_A_DOMAIN:
            result.unresolved.append(f"{path}: {noun!r} is not a domain concept; decide by hand")
            continue
        result.moves.append((path, f"{noun}/{LAYER_ROLES[layer]}.py"))
        for name in layout[path]:
            old, new = f"{layer}.{noun}.{name}", f"{noun}.{shorten(noun, name)}"
            if new in claimed:
                result.unresolved.append(f"{new}: wanted by {claimed[new]} and {old}")
                continue
            claimed[new] = old
            result.renames.append((old, new))
    return result


BEFORE: dict[str, list[str]] = {
    "models/invoice.py": ["Invoice", "InvoiceLine"],
    "models/customer.py": ["Customer"],
    "services/invoice.py": ["InvoiceService", "invoice_total"],
    "handlers/invoice.py": ["InvoiceHandler"],
    "handlers/middleware.py": ["request_id"],
    "mongorepo/customer.py": ["CustomerRepo"],
    "shipping/label.py": ["print_label"],
}


def main() -> None:
    result = plan(BEFORE)
    for src, dst in result.moves:
        print(f"move   {src} -> {dst}")
    #> move   handlers/invoice.py -> invoice/http.py
    #> move   models/customer.py -> customer/model.py
    #> move   models/invoice.py -> invoice/model.py
    #> move   mongorepo/customer.py -> customer/mongo.py
    #> move   services/invoice.py -> invoice/service.py
    for old, new in result.renames:
        print(f"rename {old} -> {new}")
    #> rename handlers.invoice.InvoiceHandler -> invoice.Handler
    #> rename models.customer.Customer -> customer.Customer
    #> rename models.invoice.Invoice -> invoice.Invoice
    #> rename models.invoice.InvoiceLine -> invoice.Line
    #> rename mongorepo.customer.CustomerRepo -> customer.Repo
    #> rename services.invoice.InvoiceService -> invoice.Service
    #> rename services.invoice.invoice_total -> invoice.total
    for note in result.unresolved:
        print(f"decide {note}")
    #> decide handlers/middleware.py: 'middleware' is not a domain concept; decide by hand


if __name__ == "__main__":
    main()
