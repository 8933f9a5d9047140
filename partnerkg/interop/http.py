"""Talking to a remote store over HTTP: one small client on httpx, with Basic and Digest authentication.

Only ``http`` and ``https`` URLs are accepted, and only when a command is given ``--endpoint`` (remote
access is always an explicit opt-in). A user name and password may come from the caller or from the URL
(``http://user:pass@host/…``, removed from the URL before use). The first request goes without
credentials; the server's ``WWW-Authenticate`` challenge decides between Digest (preferred) and Basic, and
later requests authenticate straight away. The schemes themselves are httpx's (:class:`httpx.DigestAuth`:
RFC 7616 with MD5, SHA-256 or SHA-512 and their ``-sess`` variants, an increasing nonce count, a new
challenge answered once; :class:`httpx.BasicAuth`). Redirects are not followed: their target is reported.
Proxy variables, ``.netrc`` and certificate variables of the environment are ignored; TLS uses the system's
trust store (:func:`ssl.create_default_context`). Every failure is an :class:`EndpointError` naming the URL,
the HTTP status and the server's own message.
"""

from __future__ import annotations

import html
import re
import ssl
from collections.abc import Generator
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import quote, unquote, urlsplit, urlunsplit
from urllib.request import parse_http_list, parse_keqv_list

import httpx

from partnerkg.errors import EndpointError

__all__ = ["Credentials", "EndpointClient", "Response", "server_message"]

DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP authentication."""

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Response:
    """An HTTP answer: status, reason, headers and the whole body."""

    status: int
    reason: str
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case (``application/sparql-results+json``)."""
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()


_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def server_message(response: Response, limit: int = 400) -> str:
    """The server's explanation in one line: HTML stripped to its text, whitespace collapsed, truncated."""
    text = response.body.decode("utf-8", "replace")
    if "html" in response.content_type or text.lstrip().startswith("<"):
        text = html.unescape(_TAGS.sub(" ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: The Digest algorithms httpx.DigestAuth computes.
_DIGEST_ALGORITHMS = ("MD5", "MD5-SESS", "SHA", "SHA-SESS", "SHA-256", "SHA-256-SESS", "SHA-512", "SHA-512-SESS")


def _challenges(response: httpx.Response) -> dict[str, dict[str, str]]:
    """Scheme (lower case) -> parameters (names lower case), from every WWW-Authenticate header."""
    out: dict[str, dict[str, str]] = {}
    for value in response.headers.get_list("WWW-Authenticate"):
        scheme, _, rest = value.strip().partition(" ")
        items = [item for item in parse_http_list(rest) if "=" in item]
        out[scheme.lower()] = {k.strip().lower(): v for k, v in parse_keqv_list(items).items()}
    return out


class _ChallengedAuth(httpx.Auth):
    """No credentials until the server asks for them; then the scheme its challenge offers, Digest first.

    Once chosen, the scheme authenticates every later request straight away. When the challenge names no
    scheme (or no variant) httpx speaks, the 401 is passed on and :attr:`refusal` says why.
    """

    def __init__(self, credentials: Credentials) -> None:
        self.credentials = credentials
        self.scheme: httpx.Auth | None = None
        self.refusal: str | None = None

    def _choose(self, response: httpx.Response) -> httpx.Auth | None:
        challenges = _challenges(response)
        user, password = self.credentials.user, self.credentials.password
        self.refusal = None
        digest = challenges.get("digest")
        if digest is not None:
            algorithm = digest.get("algorithm", "MD5").upper()
            qops = [q.strip() for q in digest.get("qop", "auth").split(",")]
            if algorithm not in _DIGEST_ALGORITHMS:
                self.refusal = (f"the server asks for Digest authentication with {algorithm}, which partnerkg does "
                                "not support (MD5, SHA, SHA-256 or SHA-512, each also as -sess)")
            elif "auth" not in qops:
                self.refusal = (f"the server asks for Digest authentication with qop={digest['qop']}, which "
                                "partnerkg does not support (qop=auth)")
            elif "realm" not in digest or "nonce" not in digest:
                self.refusal = "the server's Digest challenge names no realm or nonce"
            else:
                return httpx.DigestAuth(user, password)
        if "basic" in challenges:
            return httpx.BasicAuth(user, password)
        if self.refusal is None:
            self.refusal = (f"the server asks for an authentication scheme partnerkg does not speak "
                            f"({', '.join(challenges) or 'none given'})")
        return None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.scheme is not None:
            yield from self.scheme.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        self.scheme = self._choose(response)
        if self.scheme is None:
            return
        # hand the scheme the challenge already received: its own first, unauthenticated attempt is the one
        # just answered, so the request is not sent a second time without credentials
        flow = self.scheme.auth_flow(request)
        request = next(flow)
        if isinstance(self.scheme, httpx.DigestAuth):
            try:
                request = flow.send(response)
            except StopIteration:
                return
        while True:
            response = yield request
            try:
                request = flow.send(response)
            except StopIteration:
                return


def _cause(err: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first exception of ``kind`` in the chain of causes of ``err`` (httpx wraps the socket's error)."""
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class EndpointClient:
    """HTTP requests to one endpoint URL, authenticated as the server asks; see the module docstring."""

    def __init__(self, url: str, credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise EndpointError(f"{url!r} is not an http(s) endpoint URL — write e.g. http://localhost:8890/sparql")
        if parts.username is not None and credentials is None:
            credentials = Credentials(unquote(parts.username), unquote(parts.password or ""))
        netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        if parts.port:
            netloc += f":{parts.port}"
        self.url = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
        self.credentials = credentials
        self.timeout = timeout
        self._auth = _ChallengedAuth(credentials) if credentials is not None else None
        self._tls: ssl.SSLContext | None = None

    def with_params(self, **params: str | None) -> str:
        """The endpoint URL with query parameters added (``None`` adds a bare key, as in ``?default``)."""
        extra = "&".join(k if v is None else f"{k}={quote(v, safe='')}" for k, v in params.items())
        return self.url + ("&" if "?" in self.url else "?") + extra if extra else self.url

    def _tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            # the system's trust store for https; an http endpoint never starts TLS (redirects are not
            # followed), so it gets a context that trusts nothing rather than paying to load the store
            https = self.url.startswith("https:")
            self._tls = ssl.create_default_context() if https else ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        return self._tls

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        try:
            with httpx.Client(auth=self._auth, timeout=self.timeout, follow_redirects=False, trust_env=False,
                              verify=self._tls_context(), headers={"User-Agent": "partnerkg"}) as client:
                answer = client.request(method, url, content=body, headers=headers)
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            raise EndpointError(self._failure(method, err)) from err
        received = Message()
        for name, value in answer.headers.multi_items():
            received[name] = value
        return Response(answer.status_code, answer.reason_phrase, received, answer.content)

    def _failure(self, method: str, err: httpx.HTTPError | httpx.InvalidURL) -> str:
        """What went wrong below HTTP, in words: a timeout, TLS, a closed connection, no connection."""
        if isinstance(err, httpx.TimeoutException):
            return f"{self.url}: no answer within {self.timeout:g} s — is the endpoint busy or the URL right?"
        tls = _cause(err, ssl.SSLError)
        if isinstance(tls, ssl.SSLError):
            return f"{self.url}: TLS failed ({tls.reason or tls})"
        if isinstance(err, httpx.WriteError | httpx.ReadError) or (
                isinstance(err, httpx.RemoteProtocolError) and str(err).startswith("Server disconnected")):
            return (f"{self.url}: the server closed the connection during the {method} request (it may refuse "
                    "unauthenticated or large requests — check --user and --password, or try a smaller --batch-size)")
        if isinstance(err, httpx.RemoteProtocolError):
            return f"{self.url}: the answer to the {method} request is not HTTP ({err})"
        cause = _cause(err, OSError)
        reason = getattr(cause, "strerror", None) or str(err) or type(err).__name__
        return f"{self.url}: cannot connect ({reason}) — check the URL and that the store is running"

    def _refused(self, response: Response, url: str, action: str) -> EndpointError:
        """The error for a 401 that authentication did not get past."""
        if self._auth is None:
            return EndpointError(f"{action} at {url}: HTTP 401 {response.reason} — the endpoint needs a user name "
                                 "and password (--user and --password)")
        if self._auth.scheme is None and self._auth.refusal is not None:
            return EndpointError(f"{action} at {url}: HTTP 401 — {self._auth.refusal}")
        return EndpointError(f"{action} at {url}: HTTP 401 {response.reason} — the user name or password was refused")

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, *, action: str = "request") -> Response:
        """Send a request (authenticating as challenged) and return a 2xx answer; EndpointError otherwise."""
        headers = dict(headers or {})
        if body and self._auth is not None and self._auth.scheme is None:
            # learn the authentication scheme with an empty request first: a server that refuses an
            # unauthenticated upload may close the connection before the body is sent, and the body is
            # not sent twice
            probe = self._send("HEAD", url, None, {})
            if probe.status == 401:
                raise self._refused(probe, url, action)
        response = self._send(method, url, body, headers)
        if response.status == 401:
            raise self._refused(response, url, action)
        if 300 <= response.status < 400:
            where = response.headers.get("Location", "(no Location given)")
            raise EndpointError(f"{action} at {url}: HTTP {response.status} {response.reason} — the endpoint "
                                f"redirects to {where}; use that URL")
        if response.status >= 400:
            message = server_message(response)
            raise EndpointError(f"{action} at {url}: HTTP {response.status} {response.reason}"
                                + (f" — the server says: {message}" if message else ""))
        return response
