"""P007 before: one repository interface that every consumer depends on whole.

`UserRepository` has six abstract methods because the storage layer can do six
things. The weekly report only lists users, yet it takes the whole repository.
A read-only replica must still define `save` and `delete`, so it defines them
to raise, and mypy lets anyone pass the replica where writes happen: the type
says it can do everything. A test fake for any one consumer needs all six.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class User:
    id: str
    name: str
    active: bool = True


class UserRepository(ABC):
    @abstractmethod
    def get(self, user_id: str) -> User: ...

    @abstractmethod
    def list_users(self) -> list[User]: ...

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def search(self, prefix: str) -> list[User]: ...

    @abstractmethod
    def save(self, user: User) -> None: ...

    @abstractmethod
    def delete(self, user_id: str) -> None: ...


class ReadReplica(UserRepository):
    """A read-only copy. Writes exist only because the interface demands them."""

    def __init__(self, users: Iterable[User]) -> None:
        self._users = {user.id: user for user in users}

    def get(self, user_id: str) -> User:
        return self._users[user_id]

    def list_users(self) -> list[User]:
        return sorted(self._users.values(), key=lambda user: user.id)

    def count(self) -> int:
        return len(self._users)

    def search(self, prefix: str) -> list[User]:
        return [user for user in self.list_users() if user.name.startswith(prefix)]

    def save(self, user: User) -> None:
        raise NotImplementedError("read replica: save is not supported")

    def delete(self, user_id: str) -> None:
        raise NotImplementedError("read replica: delete is not supported")


def active_report(repo: UserRepository) -> str:
    """Uses one method of six."""
    names = [user.name for user in repo.list_users() if user.active]
    return f"{len(names)} active: {', '.join(names)}"


def deactivate(repo: UserRepository, user_id: str) -> User:
    """Uses two methods of six."""
    user = replace(repo.get(user_id), active=False)
    repo.save(user)
    return user


def main() -> None:
    replica = ReadReplica([User("u1", "Ada"), User("u2", "Grace"), User("u3", "Linus")])
    print(active_report(replica))
    #> 3 active: Ada, Grace, Linus
    print("methods a fake must define for any consumer:", len(UserRepository.__abstractmethods__))
    #> methods a fake must define for any consumer: 6

    # mypy accepts this call: a ReadReplica is a UserRepository.
    try:
        deactivate(replica, "u2")
    except NotImplementedError as exc:
        print("deactivate(replica):", exc)
    #> deactivate(replica): read replica: save is not supported


if __name__ == "__main__":
    main()
