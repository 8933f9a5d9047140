"""The one loopback listener of the test suite: proof that nothing connected to a URL a hostile input named.

Used by tests/reliability, tests/queries and tests/server (their ``listener`` fixtures import it).
"""

from __future__ import annotations

import contextlib
import socket
import threading

__all__ = ["Listener"]


class Listener:
    """A TCP server on a free 127.0.0.1 port that accepts, records and drops every connection (it never answers,
    so a client that got through fails fast instead of waiting).

    :meth:`connected` is exact, not timed: it makes its own probe connection and waits until the listener has
    accepted it; the kernel's accept queue is first in, first out, so every connection made before the call
    has been seen by then.
    """

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port: int = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.peers: list[tuple[str, int]] = []  # every connection but the probes
        self._probes: set[int] = set()  # local ports of probe connections not yet accepted
        self._seen = threading.Condition()
        self._thread = threading.Thread(target=self._serve, daemon=True, name=f"listener-{self.port}")
        self._thread.start()

    @property
    def connections(self) -> int:
        """How many connections (probes excluded) were accepted so far."""
        with self._seen:
            return len(self.peers)

    def _serve(self) -> None:
        while True:
            try:
                conn, peer = self.sock.accept()
            except OSError:  # closed by close()
                return
            conn.close()
            with self._seen:
                if peer[1] in self._probes:
                    self._probes.discard(peer[1])
                else:
                    self.peers.append(peer)
                self._seen.notify_all()

    def connected(self, wait: float = 5.0) -> bool:
        """Whether anyone but the probe has connected; ``wait`` bounds the wait for the probe (seconds)."""
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
            with self._seen:
                self._probes.add(port)
            probe.settimeout(wait)
            probe.connect(("127.0.0.1", self.port))
            with self._seen:
                if not self._seen.wait_for(lambda: port not in self._probes, timeout=wait):
                    raise TimeoutError(f"the listener on port {self.port} did not accept its probe within {wait} s")
                return bool(self.peers)

    def close(self) -> None:
        """Stop listening (wakes the thread blocked in accept) and wait for the thread."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self._thread.join(2)

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
