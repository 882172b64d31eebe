"""P013 before: one hand-written lookup per setting, each with its own parsing rules.

Every line reads a key, picks a default and converts the text in its own way.
Mistakes in the environment pass silently: a misspelt key is ignored and the
default used, "yes" is not "true", a log level nobody supports is accepted, a
required URL is an empty string. The one mistake that does fail, a port that is
not a number, fails with Python's message, which does not say which key was wrong.
"""

from __future__ import annotations

from collections.abc import Mapping


def load_settings(env: Mapping[str, str]) -> dict[str, object]:
    return {
        "database_url": env.get("APP_DATABASE_URL", ""),
        "port": int(env.get("APP_PORT", "8080")),
        "log_level": env.get("APP_LOG_LEVEL", "info"),
        "debug": env.get("APP_DEBUG", "false") == "true",
    }


def main() -> None:
    env = {"APP_PROT": "9000", "APP_LOG_LEVEL": "verbose", "APP_DEBUG": "yes"}
    print(load_settings(env))
    #> {'database_url': '', 'port': 8080, 'log_level': 'verbose', 'debug': False}

    try:
        load_settings({"APP_DATABASE_URL": "postgres://db.internal/shop", "APP_PORT": "80a"})
    except ValueError as exc:
        print("startup failed:", exc)
    #> startup failed: invalid literal for int() with base 10: '80a'


if __name__ == "__main__":
    main()
