"""P003 before: a constructor that takes every setting by position.

Two timeouts of the same type sit side by side, so a call that swaps them runs
without complaint. One release later a parameter is added, and every existing
call either stops working or, worse, keeps working with its values shifted.
"""

from __future__ import annotations


class Server:
    """Release 1: the address and every setting, all positional."""

    def __init__(
        self, addr: str, read_timeout: float, write_timeout: float, max_connections: int
    ) -> None:
        self.addr = addr
        self.read_timeout = read_timeout
        self.write_timeout = write_timeout
        self.max_connections = max_connections

    def describe(self) -> str:
        return (
            f"{self.addr} read={self.read_timeout}s write={self.write_timeout}s"
            f" max_connections={self.max_connections}"
        )


class ServerRelease2:
    """Release 2: an idle timeout joins the other timeouts, so it goes next to them."""

    def __init__(
        self,
        addr: str,
        read_timeout: float,
        write_timeout: float,
        idle_timeout: float,
        max_connections: int,
    ) -> None:
        self.addr = addr
        self.timeouts = (read_timeout, write_timeout, idle_timeout)
        self.max_connections = max_connections


class ServerRelease2WithDefault:
    """Release 2 again, with a default for the new parameter so old calls 'still work'."""

    def __init__(
        self,
        addr: str,
        read_timeout: float,
        write_timeout: float,
        idle_timeout: float = 60.0,
        max_connections: int = 100,
    ) -> None:
        self.addr = addr
        self.read_timeout = read_timeout
        self.write_timeout = write_timeout
        self.idle_timeout = idle_timeout
        self.max_connections = max_connections


def main() -> None:
    # Meant: read requests within 5 s, allow 30 s to stream large responses.
    server = Server("0.0.0.0:8080", 30.0, 5.0, 200)
    print(server.describe())
    #> 0.0.0.0:8080 read=30.0s write=5.0s max_connections=200
    print("a 20 s download survives the write timeout:", server.write_timeout > 20.0)
    #> a 20 s download survives the write timeout: False

    # The call written for release 1, unchanged, against release 2.
    try:
        ServerRelease2("0.0.0.0:8080", 5.0, 30.0, 200)  # type: ignore[call-arg]
    except TypeError as exc:
        print("release 2:", exc)
    #> release 2: ServerRelease2.__init__() missing 1 required positional argument: 'max_connections'

    # With a default, the same call runs: 200 lands in idle_timeout.
    shifted = ServerRelease2WithDefault("0.0.0.0:8080", 5.0, 30.0, 200)
    print(f"idle_timeout={shifted.idle_timeout} max_connections={shifted.max_connections}")
    #> idle_timeout=200 max_connections=100


if __name__ == "__main__":
    main()
