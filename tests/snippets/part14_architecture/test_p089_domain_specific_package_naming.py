"""P089: the layer-to-domain rename plan, on the sample layout and on the edge cases."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part14_architecture import p089_domain_specific_package_naming as p089

DemoCheck = Callable[[ModuleType], None]


@pytest.mark.parametrize(
    ("package", "name", "want"),
    [
        ("invoice", "InvoiceLine", "Line"),
        ("invoice", "invoice_total", "total"),
        ("invoice", "Invoice", "Invoice"),  # like time.Time: the type named for the package stays
        ("invoice", "Invoices", "Invoices"),  # a longer word, not a repeat
        ("invoice", "invoiced_at", "invoiced_at"),
        ("invoice", "invoice_", "invoice_"),  # nothing would be left
        ("invoice", "LineItem", "LineItem"),
    ],
)
def test_shorten(package: str, name: str, want: str) -> None:
    assert p089.shorten(package, name) == want


def test_every_layer_file_moves_into_its_domain_package() -> None:
    result = p089.plan(p089.BEFORE)
    assert result.moves == [
        ("handlers/invoice.py", "invoice/http.py"),
        ("models/customer.py", "customer/model.py"),
        ("models/invoice.py", "invoice/model.py"),
        ("mongorepo/customer.py", "customer/mongo.py"),
        ("services/invoice.py", "invoice/service.py"),
    ]
    # No destination is a layer package, and none is used twice.
    destinations = [dst for _, dst in result.moves]
    assert len(set(destinations)) == len(destinations)
    assert not any(dst.split("/")[0] in p089.LAYER_ROLES for dst in destinations)


def test_call_sites_lose_the_stutter() -> None:
    renames = dict(p089.plan(p089.BEFORE).renames)
    assert renames["models.invoice.InvoiceLine"] == "invoice.Line"
    assert renames["services.invoice.invoice_total"] == "invoice.total"
    assert renames["models.invoice.Invoice"] == "invoice.Invoice"
    assert len(renames) == 7


def test_domain_packages_init_files_and_nested_modules_stay() -> None:
    layout = {
        "shipping/label.py": ["print_label"],
        "models/__init__.py": ["Invoice"],
        "services/billing/invoice.py": ["InvoiceService"],
        "app.py": ["main"],
    }
    assert p089.plan(layout) == p089.Plan()


def test_a_file_that_is_not_a_domain_concept_is_left_for_a_person() -> None:
    result = p089.plan({"services/base.py": ["BaseService"]})
    assert result.moves == [] and result.renames == []
    assert result.unresolved == ["services/base.py: 'base' is not a domain concept; decide by hand"]


def test_names_that_collide_after_shortening_are_reported_not_overwritten() -> None:
    result = p089.plan({"models/invoice.py": ["InvoiceLine"], "services/invoice.py": ["Line"]})
    assert result.renames == [("models.invoice.InvoiceLine", "invoice.Line")]
    assert result.unresolved == [
        "invoice.Line: wanted by models.invoice.InvoiceLine and services.invoice.Line"
    ]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p089)
