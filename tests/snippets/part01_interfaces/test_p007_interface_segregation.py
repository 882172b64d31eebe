"""P007: each consumer works with a double that has only the methods it calls."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from mypy import api as mypy_api

from snippets.part01_interfaces import p007_interface_segregation as p007
from snippets.part01_interfaces import p007_interface_segregation_before as before
from snippets.part01_interfaces.p007_interface_segregation import (
    MemoryUsers,
    ReadReplica,
    User,
    UserNotFoundError,
    active_report,
    deactivate,
    forget,
)

DemoCheck = Callable[[ModuleType], None]


@pytest.fixture(scope="module")
def mypy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder and one mypy cache for the module's type-checker runs."""
    return tmp_path_factory.mktemp("mypy")


PEOPLE = [User("u2", "Grace"), User("u1", "Ada"), User("u3", "Linus", active=False)]


def mypy_output(source: str, workdir: Path) -> str:
    """`mypy --strict` on one module's source; returns its report, empty when clean."""
    path = workdir / f"check_{len(list(workdir.glob('check_*.py')))}.py"
    path.write_text(source, encoding="utf-8")
    stdout, stderr, status = mypy_api.run(
        ["--strict", "--cache-dir", str(workdir / ".mypy_cache"), str(path)]
    )
    assert stderr == "", stderr
    return "" if status == 0 else stdout


class GetSaveOnly:
    """A double for `deactivate`: exactly the two methods it calls."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.saved: list[User] = []

    def get(self, user_id: str) -> User:
        assert user_id == self.user.id
        return self.user

    def save(self, user: User) -> None:
        self.saved.append(user)


def test_report_lists_active_users_in_id_order_from_any_lister() -> None:
    assert active_report(MemoryUsers(PEOPLE)) == "2 active: Ada, Grace"
    assert active_report(ReadReplica(PEOPLE)) == "2 active: Ada, Grace"
    assert active_report(MemoryUsers()) == "0 active: "


def test_deactivate_needs_only_get_and_save() -> None:
    double = GetSaveOnly(User("u7", "Barbara"))
    assert deactivate(double, "u7") == User("u7", "Barbara", active=False)
    assert double.saved == [User("u7", "Barbara", active=False)]
    assert not hasattr(double, "list_users")
    assert not hasattr(double, "delete")


def test_deactivate_and_forget_change_the_primary_only() -> None:
    primary = MemoryUsers(PEOPLE)
    replica = ReadReplica(PEOPLE)
    deactivate(primary, "u1")
    forget(primary, "u2")
    assert primary.list_users() == [User("u1", "Ada", active=False), PEOPLE[2]]
    assert replica.list_users() == sorted(PEOPLE, key=lambda user: user.id)
    assert replica.get("u2") == User("u2", "Grace")


@pytest.mark.parametrize(
    "call",
    [
        lambda users: users.get("nobody"),
        lambda users: deactivate(users, "nobody"),
        lambda users: forget(users, "nobody"),
    ],
)
def test_unknown_ids_raise_user_not_found(call: Callable[[MemoryUsers], object]) -> None:
    users = MemoryUsers(PEOPLE)
    with pytest.raises(UserNotFoundError, match="nobody"):
        call(users)
    assert users.list_users() == sorted(PEOPLE, key=lambda user: user.id)


def test_the_replica_has_no_write_methods() -> None:
    replica = ReadReplica(PEOPLE)
    assert not hasattr(replica, "save")
    assert not hasattr(replica, "delete")
    with pytest.raises(AttributeError):
        deactivate(replica, "u1")  # type: ignore[arg-type]
    assert replica.get("u1").active


def test_mypy_rejects_the_replica_where_a_writer_is_needed(mypy_dir: Path) -> None:
    source = inspect.getsource(p007)
    assert mypy_output(source, mypy_dir) == ""
    assert mypy_output(source + "\nactive_report(ReadReplica([]))\n", mypy_dir) == ""
    report = mypy_output(source + '\ndeactivate(ReadReplica([]), "u1")\n', mypy_dir)
    assert 'Argument 1 to "deactivate" has incompatible type "ReadReplica"' in report
    assert 'expected "UserGetSaver"' in report
    assert "protocol member:" in report
    assert report.rstrip().splitlines()[-2].strip().endswith("save")


def test_before_replica_type_checks_as_a_writer_and_fails_at_run_time(mypy_dir: Path) -> None:
    source = inspect.getsource(before)
    assert mypy_output(source + '\ndeactivate(ReadReplica([]), "u1")\n', mypy_dir) == ""
    replica = before.ReadReplica([before.User("u1", "Ada"), before.User("u2", "Bob")])
    assert replica.count() == 2
    assert replica.search("B") == [before.User("u2", "Bob")]
    with pytest.raises(NotImplementedError, match="save"):
        before.deactivate(replica, "u1")
    with pytest.raises(NotImplementedError, match="delete"):
        replica.delete("u1")


def test_before_a_double_for_one_consumer_must_define_all_six_methods() -> None:
    class GetSaveDouble(before.UserRepository):
        def get(self, user_id: str) -> before.User:
            return before.User(user_id, "x")

        def save(self, user: before.User) -> None:
            pass

    assert len(before.UserRepository.__abstractmethods__) == 6
    with pytest.raises(TypeError, match="abstract"):
        GetSaveDouble()  # type: ignore[abstract]

    class FullDouble(GetSaveDouble):
        """Four more methods that deactivate never calls."""

        def list_users(self) -> list[before.User]:
            raise AssertionError("not called")

        def count(self) -> int:
            raise AssertionError("not called")

        def search(self, prefix: str) -> list[before.User]:
            raise AssertionError("not called")

        def delete(self, user_id: str) -> None:
            raise AssertionError("not called")

    assert before.deactivate(FullDouble(), "u1") == before.User("u1", "x", active=False)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p007)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
