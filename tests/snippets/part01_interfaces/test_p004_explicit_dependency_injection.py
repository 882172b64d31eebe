"""P004: constructors declare dependencies; the composition root wires them and owns lifetimes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from snippets.part01_interfaces import p004_explicit_dependency_injection as p004
from snippets.part01_interfaces import p004_explicit_dependency_injection_before as before
from snippets.part01_interfaces.p004_explicit_dependency_injection import (
    Database,
    RecordingMailer,
    Settings,
    SignupError,
    SignupHandler,
    SignupService,
    SmtpMailer,
    UserRepository,
    build_app,
    serve,
)

DemoCheck = Callable[[ModuleType], None]
SETTINGS = Settings(database_url="memory://db", smtp_host="smtp.example.com")


@pytest.fixture(autouse=True)
def clean_registry() -> Iterator[None]:
    """The before module keeps state in a global: every test must reset it by hand."""
    before._registry.clear()
    yield
    before._registry.clear()


class InMemoryUsers:
    def __init__(self, *existing: str) -> None:
        self.emails = list(existing)

    def add(self, email: str) -> int:
        self.emails.append(email)
        return len(self.emails)

    def exists(self, email: str) -> bool:
        return email in self.emails


def test_a_service_is_built_from_fakes_without_any_wiring() -> None:
    users, mailer = InMemoryUsers("old@example.com"), RecordingMailer()
    service = SignupService(users=users, mailer=mailer)
    assert service.signup("new@example.com") == 2
    assert users.emails == ["old@example.com", "new@example.com"]
    assert mailer.sent == [("new@example.com", "Welcome aboard")]


def test_refused_signups_store_nothing_and_send_nothing() -> None:
    users, mailer = InMemoryUsers("ada@example.com"), RecordingMailer()
    handler = SignupHandler(SignupService(users=users, mailer=mailer))
    assert handler.post({"email": "ada@example.com"}) == (
        409,
        "ada@example.com is already registered",
    )
    assert handler.post({"email": "not-an-address"}) == (
        409,
        "'not-an-address' is not an email address",
    )
    assert handler.post({}) == (409, "'' is not an email address")
    assert users.emails == ["ada@example.com"]
    assert mailer.sent == []
    with pytest.raises(SignupError):
        SignupService(users=users, mailer=mailer).signup("ada@example.com")


def test_dependencies_are_required_and_named() -> None:
    with pytest.raises(TypeError):
        SignupService()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        SignupService(InMemoryUsers(), RecordingMailer())  # type: ignore[call-arg]


def test_the_root_wires_a_working_app_and_closes_resources_in_reverse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with build_app(SETTINGS) as app:
        assert app.signup.post({"email": "ada@example.com"}) == (201, "user 1 created")
        assert app.signup.post({"email": "lin@example.com"}) == (201, "user 2 created")
        assert capsys.readouterr().out == ""  # nothing is closed while the app runs
    assert capsys.readouterr().out.splitlines() == [
        "closed mailer smtp.example.com",
        "closed database memory://db",
    ]


def test_resources_are_closed_when_the_app_fails_too(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(RuntimeError, match="crash"), build_app(SETTINGS):
        raise RuntimeError("crash while serving")
    assert capsys.readouterr().out.splitlines() == [
        "closed mailer smtp.example.com",
        "closed database memory://db",
    ]


def test_a_wiring_failure_closes_what_was_already_opened(
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = Settings(database_url="memory://db", smtp_host="mail.invalid")
    with pytest.raises(ConnectionError, match=r"mail\.invalid"):
        serve(broken, [{"email": "ada@example.com"}])
    # No request was served, and only the database had been opened.
    assert capsys.readouterr().out.splitlines() == ["closed database memory://db"]


@pytest.mark.parametrize("field", ["database_url", "smtp_host"])
def test_empty_settings_fail_before_anything_is_opened(field: str) -> None:
    values = {"database_url": "memory://db", "smtp_host": "smtp.example.com", field: ""}
    with pytest.raises(ValueError, match=f"setting {field} is empty"):
        Settings(**values)


def test_each_root_call_builds_an_independent_graph() -> None:
    with build_app(SETTINGS) as first, build_app(SETTINGS) as second:
        assert first.signup.post({"email": "ada@example.com"}) == (201, "user 1 created")
        assert second.signup.post({"email": "ada@example.com"}) == (201, "user 1 created")


def test_the_module_holds_no_instances_of_its_own_services() -> None:
    services = (Database, SmtpMailer, UserRepository, SignupService, SignupHandler)
    assert [name for name, value in vars(p004).items() if isinstance(value, services)] == []


def test_the_repository_uses_the_database_it_is_given() -> None:
    db = Database("memory://x")
    UserRepository(db).add("ada@example.com")
    assert db.tables["users"] == {"ada@example.com": 1}
    assert UserRepository(db).exists("ada@example.com")


def test_before_a_missing_registration_fails_on_the_first_request_halfway() -> None:
    service = before.start_app()
    with pytest.raises(LookupError, match="mailer"):
        service.signup("ada@example.com")
    assert before.locate("users").users == {"ada@example.com": 1}


def test_before_a_fake_registered_by_one_test_leaks_into_the_next() -> None:
    before.register("users", before.UserRepository())
    before.register("mailer", before.RecordingMailer())  # "test A"
    before.SignupService().signup("b@example.com")  # "test B" never registered a fake
    assert before.locate("mailer").sent == ["b@example.com"]


def test_before_the_real_mailer_is_used_when_registered(capsys: pytest.CaptureFixture[str]) -> None:
    before.register("users", before.UserRepository())
    before.register("mailer", before.SmtpMailer())
    assert before.SignupService().signup("ada@example.com") == 1
    assert capsys.readouterr().out == "smtp: 'Welcome aboard' to ada@example.com\n"


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p004)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
