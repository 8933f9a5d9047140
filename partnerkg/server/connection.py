"""HTTP connections of ``partnerkg serve``: uvicorn's h11 protocol with a deadline for each request's head.

uvicorn bounds the wait *between* keep-alive requests (5 s), but not a request whose head arrives slowly or
never: a client that opens a connection and sends nothing, or sends a header line every few seconds
(slowloris), would hold the connection, and its file descriptor, as long as it likes. :func:`protocol_class`
gives the protocol uvicorn runs instead: from the moment a connection opens, and again whenever a new
request begins, its head (request line and headers) must be complete within ``seconds``; otherwise the
server answers ``408 Request Timeout`` and closes the connection, logging one line. The body has its own
deadline in the endpoint (:meth:`partnerkg.server.app._Endpoint._body`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["protocol_class"]

log = logging.getLogger("partnerkg.server.app")


class _DeadlineProtocol(H11Protocol):
    """H11Protocol whose request heads must arrive within ``head_timeout`` seconds (set by a subclass)."""

    head_timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._head_deadline is None:
            self._head_deadline = self.loop.call_later(self.head_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def _follow(self) -> None:
        """Waiting for a request's head (h11 holds partial heads until they are whole): keep the deadline
        armed; once the head has arrived, or the connection is closing, drop it."""
        waiting = self.conn.their_state is h11.IDLE and self.conn.our_state in (h11.IDLE, h11.DONE)
        if waiting and self.cycle is not None and not self.cycle.response_complete:
            waiting = False  # a response is still being written; the next head's wait starts after it
        if waiting and not self.transport.is_closing():
            # uvicorn's own keep-alive timer (between requests) closes idle connections sooner; this one
            # bounds a head that has started to arrive, or a new connection that sends nothing
            self._arm()
        else:
            self._disarm()

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if self.transport.is_closing():
            return
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "-"
        log.warning("%s - 408: the request's head did not arrive within %g s; connection closed", client,
                    self.head_timeout)
        body = f"the request's head did not arrive within {self.head_timeout:g} s; the connection is closed\n"
        data = body.encode("utf-8")
        self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                             b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(data), data))
        self.transport.close()


def protocol_class(seconds: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol, with request heads bounded to ``seconds`` (pass as ``uvicorn.Config(http=…)``)."""
    return type("PartnerKGProtocol", (_DeadlineProtocol,), {"head_timeout": float(seconds)})
