"""P001: the job depends on two one-method protocols, so a few-line fake replaces each."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part01_interfaces import p001_small_consumer_owned_interfaces as p001
from snippets.part01_interfaces import p001_small_consumer_owned_interfaces_before as before
from snippets.part01_interfaces.p001_small_consumer_owned_interfaces import (
    CustomerDirectory,
    EmailLookup,
    Invoice,
    MailSender,
    Outbox,
    ReminderJob,
    public_methods,
)

DemoCheck = Callable[[ModuleType], None]


class StaticEmails:
    """The fake a test writes: one method over a dict, and nothing else to stub."""

    def __init__(self, emails: dict[str, str]) -> None:
        self.emails = emails
        self.looked_up: list[str] = []

    def email_of(self, customer_id: str) -> str:
        self.looked_up.append(customer_id)
        try:
            return self.emails[customer_id]
        except KeyError:
            raise LookupError(f"unknown customer {customer_id!r}") from None


class RecordingSender:
    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def send(self, to: str, subject: str) -> None:
        self.messages.append((to, subject))


def make_job(emails: dict[str, str], after_days: int = 14) -> tuple[ReminderJob, RecordingSender]:
    sender = RecordingSender()
    return ReminderJob(customers=StaticEmails(emails), mail=sender, after_days=after_days), sender


def test_a_one_method_fake_is_enough_to_run_the_job() -> None:
    lookup = StaticEmails({"c-1": "ada@example.com"})
    sender = RecordingSender()
    customers: EmailLookup = lookup  # mypy checks the fake against the consumer's protocol
    mail: MailSender = sender
    report = ReminderJob(customers=customers, mail=mail).run([Invoice("INV-1", "c-1", 20)])
    assert report.sent == ["INV-1"]
    assert lookup.looked_up == ["c-1"]
    assert sender.messages == [("ada@example.com", "Invoice INV-1 is 20 days overdue")]


def test_the_threshold_is_inclusive_and_younger_invoices_are_not_looked_up() -> None:
    lookup = StaticEmails({"c-1": "ada@example.com"})
    sender = RecordingSender()
    job = ReminderJob(customers=lookup, mail=sender, after_days=10)
    report = job.run([Invoice("INV-1", "c-1", 9), Invoice("INV-2", "c-1", 10)])
    assert report.sent == ["INV-2"]
    assert report.skipped == []
    assert lookup.looked_up == ["c-1"]  # INV-1 was never looked up
    assert [subject for _, subject in sender.messages] == ["Invoice INV-2 is 10 days overdue"]


def test_an_unreachable_customer_is_reported_and_the_others_still_get_mail() -> None:
    job, sender = make_job({"c-1": "ada@example.com", "c-3": "lin@example.com"})
    report = job.run(
        [Invoice("INV-1", "c-1", 30), Invoice("INV-2", "c-2", 30), Invoice("INV-3", "c-3", 30)]
    )
    assert report.sent == ["INV-1", "INV-3"]
    assert report.skipped == ["INV-2: unknown customer 'c-2'"]
    assert [to for to, _ in sender.messages] == ["ada@example.com", "lin@example.com"]


def test_errors_other_than_lookup_errors_are_not_swallowed() -> None:
    class BrokenLookup:
        def email_of(self, customer_id: str) -> str:
            raise ConnectionError("directory unavailable")

    job = ReminderJob(customers=BrokenLookup(), mail=RecordingSender())
    with pytest.raises(ConnectionError):
        job.run([Invoice("INV-1", "c-1", 30)])


def test_the_production_directory_satisfies_the_protocol_without_naming_it() -> None:
    directory = CustomerDirectory()
    directory.add("c-1", "Ada", "ada@old.example")
    directory.add("c-2", "Grace", "grace@example.com")
    directory.change_email("c-1", "ada@example.com")
    directory.rename("c-1", "Ada L.")
    directory.deactivate("c-2")
    assert directory.active_ids() == ["c-1"]
    assert directory.email_of("c-1") == "ada@example.com"
    for missing in ("c-2", "c-9"):
        with pytest.raises(LookupError, match=missing):
            directory.email_of(missing)
    outbox = Outbox()
    report = ReminderJob(customers=directory, mail=outbox).run([Invoice("INV-1", "c-1", 15)])
    assert report.sent == ["INV-1"]
    assert outbox.sent == [("ada@example.com", "Invoice INV-1 is 15 days overdue")]
    assert "EmailLookup" not in vars(CustomerDirectory)
    assert CustomerDirectory.__mro__ == (CustomerDirectory, object)


def test_the_protocols_declare_only_what_the_job_calls() -> None:
    assert public_methods(EmailLookup) == ["email_of"]
    assert public_methods(MailSender) == ["send"]
    assert "email_of" in public_methods(CustomerDirectory)
    assert len(public_methods(CustomerDirectory)) > len(public_methods(EmailLookup))


def test_before_fake_must_stub_every_method_of_the_wide_interface() -> None:
    fake = before.FakeCustomers({"c-1": "ada@example.com"})
    assert before.ReminderJob(fake).address_for("c-1") == "ada@example.com"
    assert len(before.CustomerRepository.__abstractmethods__) == 8
    stubs: list[Callable[[], object]] = [
        lambda: fake.add("c-2", "Grace", "grace@example.com"),
        lambda: fake.get_name("c-1"),
        lambda: fake.rename("c-1", "Ada L."),
        lambda: fake.change_email("c-1", "a@example.com"),
        lambda: fake.deactivate("c-1"),
        fake.active_ids,
        lambda: fake.search("ada"),
    ]
    for stub in stubs:
        with pytest.raises(NotImplementedError):
            stub()


def test_before_a_new_provider_method_breaks_the_unchanged_fake() -> None:
    with pytest.raises(TypeError):
        before.FakeCustomersOnRelease2({})  # type: ignore[abstract]
    assert before.FakeCustomersOnRelease2.__abstractmethods__ == frozenset({"merge"})


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p001)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
