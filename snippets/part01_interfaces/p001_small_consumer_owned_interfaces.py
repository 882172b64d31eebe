"""P001 Small, Consumer-Owned Interfaces: the code that uses a dependency describes it.

The reminder job needs two things from the outside world: the email address of
a customer, and a way to send a message. It declares exactly those two methods
as `typing.Protocol` classes, next to the code that calls them. The customer
directory and the outbox never import these protocols; they satisfy them by
having methods with the right names and types, which mypy checks where the job
is wired. A test replaces either one with a class of a few lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

# --- Provider side: a customer directory that knows nothing of its consumers. ---


@dataclass
class Customer:
    name: str
    email: str
    active: bool = True


class CustomerDirectory:
    """Owns customer records. It declares no interface for others to implement.

    Many parts of a system use it, each for a different slice of its methods.
    """

    def __init__(self) -> None:
        self._customers: dict[str, Customer] = {}

    def add(self, customer_id: str, name: str, email: str) -> None:
        self._customers[customer_id] = Customer(name, email)

    def rename(self, customer_id: str, name: str) -> None:
        self._customers[customer_id].name = name

    def change_email(self, customer_id: str, email: str) -> None:
        self._customers[customer_id].email = email

    def deactivate(self, customer_id: str) -> None:
        self._customers[customer_id].active = False

    def active_ids(self) -> list[str]:
        return sorted(cid for cid, c in self._customers.items() if c.active)

    def email_of(self, customer_id: str) -> str:
        """The address to write to; LookupError if the customer is unknown or inactive."""
        customer = self._customers.get(customer_id)
        if customer is None or not customer.active:
            raise LookupError(f"no active customer {customer_id!r}")
        return customer.email


class Outbox:
    """Stands in for an SMTP client: it records what it would have sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, subject: str) -> None:
        self.sent.append((to, subject))


# --- Consumer side: the reminder job says what it needs, and nothing more. ---


class EmailLookup(Protocol):
    """What the reminder job needs from a customer store: one method."""

    def email_of(self, customer_id: str) -> str:
        """Return the customer's address, or raise LookupError if there is none."""
        ...


class MailSender(Protocol):
    """What the reminder job needs from a mail system: one method."""

    def send(self, to: str, subject: str) -> None: ...


@dataclass(frozen=True)
class Invoice:
    number: str
    customer_id: str
    days_overdue: int


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class ReminderJob:
    """Sends one reminder for each invoice that is overdue by `after_days` or more.

    Args:
        customers: anything with `email_of`; the production directory or a fake.
        mail: anything with `send`.
        after_days: how overdue an invoice must be before its customer is reminded.
    """

    def __init__(self, *, customers: EmailLookup, mail: MailSender, after_days: int = 14) -> None:
        self._customers = customers
        self._mail = mail
        self._after_days = after_days

    def run(self, invoices: Iterable[Invoice]) -> Report:
        report = Report()
        for invoice in invoices:
            if invoice.days_overdue < self._after_days:
                continue
            try:
                address = self._customers.email_of(invoice.customer_id)
            except LookupError as exc:
                # One unreachable customer must not stop the reminders of the others.
                report.skipped.append(f"{invoice.number}: {exc}")
                continue
            subject = f"Invoice {invoice.number} is {invoice.days_overdue} days overdue"
            self._mail.send(address, subject)
            report.sent.append(invoice.number)
        return report


def public_methods(cls: type) -> list[str]:
    """The methods a class defines itself, in source order, leaving out the private ones."""
    return [name for name, attr in vars(cls).items() if callable(attr) and not name.startswith("_")]


def main() -> None:
    directory = CustomerDirectory()
    directory.add("c-1", "Ada", "ada@example.com")
    directory.add("c-2", "Grace", "grace@example.com")
    directory.deactivate("c-2")
    outbox = Outbox()

    # mypy checks here that CustomerDirectory has `email_of` and Outbox has `send`
    # with the types the protocols declare; neither class mentions the protocols.
    job = ReminderJob(customers=directory, mail=outbox, after_days=14)
    report = job.run(
        [
            Invoice("INV-7", "c-1", days_overdue=30),
            Invoice("INV-8", "c-2", days_overdue=20),
            Invoice("INV-9", "c-1", days_overdue=3),
        ]
    )
    print("sent:", report.sent)
    #> sent: ['INV-7']
    print("skipped:", report.skipped)
    #> skipped: ["INV-8: no active customer 'c-2'"]
    print(outbox.sent)
    #> [('ada@example.com', 'Invoice INV-7 is 30 days overdue')]

    # The directory serves many consumers; the job depends on two methods in total.
    print("directory offers:", public_methods(CustomerDirectory))
    #> directory offers: ['add', 'rename', 'change_email', 'deactivate', 'active_ids', 'email_of']
    print("the job needs:", public_methods(EmailLookup) + public_methods(MailSender))
    #> the job needs: ['email_of', 'send']

if __name__ == "__main__":
    main()
