"""P007 Interface Segregation: each consumer depends on a protocol with only the methods it calls.

The storage class may do many things; no function should have to know that.
`active_report` takes a `UserLister`, `deactivate` a `UserGetSaver`, `forget` a
`UserDeleter`. A read-only replica implements the reading protocols and nothing
else, so passing it where writes happen is a type error, not a run-time stub.
A test fake for one consumer has only the methods that consumer calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol


@dataclass(frozen=True)
class User:
    id: str
    name: str
    active: bool = True


class UserNotFoundError(LookupError):
    """No user has the requested ID."""


class UserGetter(Protocol):
    def get(self, user_id: str) -> User:
        """Return the user or raise UserNotFoundError."""
        ...


class UserLister(Protocol):
    def list_users(self) -> list[User]:
        """Every user, ordered by ID."""
        ...


class UserSaver(Protocol):
    def save(self, user: User) -> None: ...


class UserDeleter(Protocol):
    def delete(self, user_id: str) -> None:
        """Remove the user; removing an unknown ID raises UserNotFoundError."""
        ...


class UserGetSaver(UserGetter, UserSaver, Protocol):
    """Composed for the consumer that reads a user and writes it back, and for no one else."""


def active_report(users: UserLister) -> str:
    """A summary line of the active users, in ID order."""
    names = [user.name for user in users.list_users() if user.active]
    return f"{len(names)} active: {', '.join(names)}"


def deactivate(users: UserGetSaver, user_id: str) -> User:
    """Mark one user inactive and return the saved user."""
    user = replace(users.get(user_id), active=False)
    users.save(user)
    return user


def forget(users: UserDeleter, user_id: str) -> None:
    """Erase a user on request; the only consumer allowed to delete."""
    users.delete(user_id)


class MemoryUsers:
    """The primary store: it plays every role."""

    def __init__(self, users: Iterable[User] = ()) -> None:
        self._users = {user.id: user for user in users}

    def get(self, user_id: str) -> User:
        try:
            return self._users[user_id]
        except KeyError:
            raise UserNotFoundError(user_id) from None

    def list_users(self) -> list[User]:
        return sorted(self._users.values(), key=lambda user: user.id)

    def save(self, user: User) -> None:
        self._users[user.id] = user

    def delete(self, user_id: str) -> None:
        if self._users.pop(user_id, None) is None:
            raise UserNotFoundError(user_id)


class ReadReplica:
    """A read-only copy. It has no write methods, so it cannot be handed to a writer."""

    def __init__(self, users: Iterable[User]) -> None:
        self._primary = MemoryUsers(users)

    def get(self, user_id: str) -> User:
        return self._primary.get(user_id)

    def list_users(self) -> list[User]:
        return self._primary.list_users()


# One assertion per role each class plays (P006); mypy checks them.
_MEMORY_USERS_IS_LISTER: type[UserLister] = MemoryUsers
_MEMORY_USERS_IS_GET_SAVER: type[UserGetSaver] = MemoryUsers
_MEMORY_USERS_IS_DELETER: type[UserDeleter] = MemoryUsers
_REPLICA_IS_LISTER: type[UserLister] = ReadReplica
_REPLICA_IS_GETTER: type[UserGetter] = ReadReplica


def main() -> None:
    people = [User("u1", "Ada"), User("u2", "Grace"), User("u3", "Linus")]
    primary = MemoryUsers(people)
    replica = ReadReplica(people)

    # Reports read from the replica; writes go to the primary.
    print(active_report(replica))
    #> 3 active: Ada, Grace, Linus
    print(deactivate(primary, "u2"))
    #> User(id='u2', name='Grace', active=False)
    forget(primary, "u3")
    print(active_report(primary))
    #> 1 active: Ada
    try:
        deactivate(primary, "u9")
    except UserNotFoundError as exc:
        print("deactivate: no user", exc)
    #> deactivate: no user u9

    # `deactivate(replica, "u2")` does not type-check: ReadReplica has no `save`.
    print("replica has save:", hasattr(replica, "save"))
    #> replica has save: False


if __name__ == "__main__":
    main()
