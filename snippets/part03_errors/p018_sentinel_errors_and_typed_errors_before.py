"""P018 before: the handler decides the status by searching the error message.

Every failure is a built-in exception with a sentence in it, and `respond`
looks for words in that sentence. It works on the day it is written. Then a
user's input that contains the words "not found" becomes a 404, a bug whose
message happens to say "not found" is reported to the client as a missing
account, and a colleague who rewords a message turns a 404 into a 500.
"""

from __future__ import annotations

from collections.abc import Callable


def respond(action: Callable[[], str]) -> str:
    try:
        return f"200 {action()}"
    except Exception as exc:
        message = str(exc)
        if "not found" in message:
            return "404 no such account"
        if message.startswith("invalid "):
            field = message.split()[1].rstrip(":")  # parse the field out of the sentence
            return f"400 field {field!r}"
        return "500 internal error"


def get(user_id: str) -> str:
    raise LookupError(f"account {user_id!r} not found")


def get_reworded(user_id: str) -> str:
    raise LookupError(f"no account with id {user_id!r}")  # same meaning, new words


def register(email: str) -> str:
    raise ValueError(f"invalid email: {email!r} is not name@domain.tld")


def send_welcome() -> str:
    raise RuntimeError("mail template 'welcome' not found")  # our bug, not the client's


def main() -> None:
    cases: list[tuple[str, Callable[[], str], str]] = [
        ("missing account", lambda: get("bob"), "404"),
        ("bad email", lambda: register("bob@localhost"), "400"),
        ("email 'not found'", lambda: register("not found"), "400"),
        ("reworded message", lambda: get_reworded("bob"), "404"),
        ("missing template", send_welcome, "500"),
    ]
    for name, action, expected in cases:
        got = respond(action)
        verdict = "ok" if got.startswith(expected) else f"WRONG, should be {expected}"
        print(f"{name:<18}{got:<22}{verdict}")
    #> missing account   404 no such account   ok
    #> bad email         400 field 'email'     ok
    #> email 'not found' 404 no such account   WRONG, should be 400
    #> reworded message  500 internal error    WRONG, should be 404
    #> missing template  404 no such account   WRONG, should be 500


if __name__ == "__main__":
    main()
