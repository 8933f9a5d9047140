"""What stands in front of every route of ``partnerkg serve``: the Host check, CORS and security headers.

* CORS: ``*`` (any web page may read results) or a set of origins; preflight requests are answered for
  GET, HEAD and POST with the plain headers (Accept, Content-Type…) only; ``Access-Control-Allow-Credentials``
  is never sent, and an origin is echoed only when it is one of the configured ones.
* Every response gets ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``,
  ``X-Frame-Options: DENY`` and, unless the route set its own, ``Content-Security-Policy: default-src 'none'``.
* A server bound to a loopback address answers only requests whose Host is a loopback name (421 otherwise):
  a web page cannot reach it through a DNS name that it points at 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import ipaddress

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["API_CSP", "SECURITY_HEADERS", "Guard", "is_loopback_name"]

API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
SECURITY_HEADERS = {"Content-Security-Policy": API_CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
_PREFLIGHT_HEADERS = {"accept", "accept-language", "content-language", "content-type"}


def _host_name(host: str) -> str:
    """The name part of a Host header value (without port; IPv6 without brackets)."""
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback_name(name: str) -> bool:
    """Whether a host name or address names this machine: localhost, *.localhost, 127.0.0.0/8, ::1.

    >>> is_loopback_name("127.0.0.2"), is_loopback_name("app.localhost"), is_loopback_name("0.0.0.0")
    (True, True, False)
    """
    name = name.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class Guard:
    """ASGI middleware in front of every route: the Host check, CORS (preflight and simple requests) and the
    security headers. It never sends ``Access-Control-Allow-Credentials`` and never reflects an origin that
    is not configured."""

    def __init__(self, app: ASGIApp, *, cors_origins: tuple[str, ...], loopback_only: bool) -> None:
        self.app = app
        self.any_origin = "*" in cors_origins
        self.origins = frozenset(o for o in cors_origins if o != "*")
        self.loopback_only = loopback_only

    def _allow_origin(self, origin: str | None) -> dict[str, str]:
        if self.any_origin:
            return {"Access-Control-Allow-Origin": "*"}
        if origin is not None and origin in self.origins:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {"Vary": "Origin"} if self.origins else {}

    async def _plain(self, scope: Scope, receive: Receive, send: Send, status: int, message: str,
                     headers: dict[str, str] | None = None) -> None:
        body = (message.rstrip("\n") + "\n").encode("utf-8")
        response = Response(body, status, headers=headers, media_type="text/plain; charset=utf-8")
        await self._secured(response)(scope, receive, send)

    def _secured(self, app: ASGIApp, extra: dict[str, str] | None = None) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableHeaders(scope=message)
                    for key, value in SECURITY_HEADERS.items():
                        headers.setdefault(key, value)
                    for key, value in (extra or {}).items():
                        if key == "Vary" and "vary" in headers:
                            headers["Vary"] = headers["Vary"] + ", " + value
                        else:
                            headers[key] = value
                await send(message)

            await app(scope, receive, send_with_headers)

        return wrapped

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host")
        if self.loopback_only and host is not None and not is_loopback_name(_host_name(host)):
            shown = host if len(host) <= 100 else host[:100] + "…"
            await self._plain(scope, receive, send, 421,
                              f"this server answers only requests addressed to localhost, 127.0.0.1 or [::1], not "
                              f"{shown!r} (a defence against DNS rebinding); serve on another --host to change that")
            return
        origin = headers.get("origin")
        if scope["method"] == "OPTIONS" and origin is not None and "access-control-request-method" in headers:
            await self._preflight(scope, receive, send, headers, origin)
            return
        await self._secured(self.app, self._allow_origin(origin))(scope, receive, send)

    async def _preflight(self, scope: Scope, receive: Receive, send: Send, headers: Headers, origin: str) -> None:
        allow = self._allow_origin(origin)
        if "Access-Control-Allow-Origin" not in allow:
            await self._plain(scope, receive, send, 403, "CORS: this server does not answer pages from "
                              f"{origin[:100]!r} (--cors-origin)", {"Vary": "Origin"} if self.origins else None)
            return
        method = headers["access-control-request-method"].strip().upper()
        if method not in ("GET", "HEAD", "POST"):
            await self._plain(scope, receive, send, 403, f"CORS: method {method[:20]} is not allowed: the endpoint "
                              "is read-only (GET and POST)", allow)
            return
        requested = [h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",")
                     if h.strip()]
        refused = [h for h in requested if h not in _PREFLIGHT_HEADERS]
        if refused:
            await self._plain(scope, receive, send, 403, f"CORS: request header(s) {', '.join(refused)[:200]} are not "
                              "allowed; the endpoint takes no credentials and needs only Accept and Content-Type",
                              allow)
            return
        response = Response(status_code=204, headers={
            **allow,
            "Access-Control-Allow-Methods": "GET, HEAD, POST",
            "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Language, Content-Type",
            "Access-Control-Max-Age": "600",
        })
        await self._secured(response)(scope, receive, send)
