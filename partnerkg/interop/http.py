"""Talking to a remote store over HTTP: one small client with Basic and Digest authentication.

Only ``http`` and ``https`` URLs are accepted, and only when a command is given ``--endpoint`` (remote
access is always an explicit opt-in). A user name and password may come from the caller or from the URL
(``http://user:pass@host/…``, removed from the URL before use). The first request goes without
credentials; the server's ``WWW-Authenticate`` challenge decides between Digest (preferred) and Basic, and
later requests authenticate straight away (Digest with an increasing nonce count; a ``stale`` nonce is
renewed). Redirects are not followed: their target is reported. Every failure is an
:class:`EndpointError` naming the URL, the HTTP status and the server's own message.
"""

from __future__ import annotations

import base64
import hashlib
import html
import http.client
import os
import re
import ssl
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import quote, urlsplit, urlunsplit

from partnerkg.errors import EndpointError

__all__ = ["Credentials", "EndpointClient", "EndpointError", "Response", "server_message"]

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


def _md5(data: bytes) -> hashlib._Hash:
    return hashlib.new("md5", data, usedforsecurity=False)


_ALGORITHMS = {"MD5": _md5, "SHA-256": hashlib.sha256, "SHA-512-256": lambda d: hashlib.new("sha512_256", d)}
_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')


def _challenges(headers: Message) -> dict[str, dict[str, str]]:
    """Scheme (lower case) -> parameters, from every WWW-Authenticate header."""
    out: dict[str, dict[str, str]] = {}
    for value in headers.get_all("WWW-Authenticate") or []:
        scheme, _, rest = value.strip().partition(" ")
        out[scheme.lower()] = {k.lower(): (q if q is not None and q != "" else (u or "")).replace('\\"', '"')
                               for k, q, u in _PARAM.findall(rest)}
    return out


class _Digest:
    def __init__(self, credentials: Credentials, params: dict[str, str]) -> None:
        self.credentials = credentials
        self.params = params
        self.count = 0
        algorithm = params.get("algorithm", "MD5").upper()
        self.session = algorithm.endswith("-SESS")
        self.hash = _ALGORITHMS.get(algorithm.removesuffix("-SESS"))
        if self.hash is None:
            raise EndpointError(f"the server asks for Digest authentication with {algorithm}, which partnerkg does "
                                "not support (MD5, SHA-256 or SHA-512-256)")

    def header(self, method: str, uri: str) -> str:
        def h(text: str) -> str:
            return self.hash(text.encode("utf-8")).hexdigest()  # type: ignore[misc]

        p, c = self.params, self.credentials
        self.count += 1
        nc = f"{self.count:08x}"
        cnonce = os.urandom(8).hex()
        ha1 = h(f"{c.user}:{p.get('realm', '')}:{c.password}")
        if self.session:
            ha1 = h(f"{ha1}:{p.get('nonce', '')}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        qops = [q.strip() for q in p.get("qop", "").split(",") if q.strip()]
        fields = {"username": c.user, "realm": p.get("realm", ""), "nonce": p.get("nonce", ""), "uri": uri}
        if "auth" in qops:
            fields["response"] = h(f"{ha1}:{p.get('nonce', '')}:{nc}:{cnonce}:auth:{ha2}")
        else:
            fields["response"] = h(f"{ha1}:{p.get('nonce', '')}:{ha2}")
        text = ", ".join(f'{k}="{v}"' for k, v in fields.items())
        if "algorithm" in p:
            text += f", algorithm={p['algorithm']}"
        if "auth" in qops:
            text += f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        if "opaque" in p:
            text += f', opaque="{p["opaque"]}"'
        return "Digest " + text


class EndpointClient:
    """HTTP requests to one endpoint URL, authenticated as the server asks; see the module docstring."""

    def __init__(self, url: str, credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise EndpointError(f"{url!r} is not an http(s) endpoint URL — write e.g. http://localhost:8890/sparql")
        if parts.username is not None and credentials is None:
            from urllib.parse import unquote

            credentials = Credentials(unquote(parts.username), unquote(parts.password or ""))
        netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        if parts.port:
            netloc += f":{parts.port}"
        self.url = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
        self.credentials = credentials
        self.timeout = timeout
        self._auth: _Digest | str | None = None

    def with_params(self, **params: str | None) -> str:
        """The endpoint URL with query parameters added (``None`` adds a bare key, as in ``?default``)."""
        extra = "&".join(k if v is None else f"{k}={quote(v, safe='')}" for k, v in params.items())
        return self.url + ("&" if "?" in self.url else "?") + extra if extra else self.url

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=self.timeout, context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=self.timeout)
        try:
            auth = self._auth
            if isinstance(auth, _Digest):
                headers = {**headers, "Authorization": auth.header(method, target)}
            elif isinstance(auth, str):
                headers = {**headers, "Authorization": auth}
            conn.request(method, target, body=body, headers={"User-Agent": "partnerkg", **headers})
            answer = conn.getresponse()
            return Response(answer.status, answer.reason, answer.headers, answer.read())
        except TimeoutError as err:
            raise EndpointError(f"{self.url}: no answer within {self.timeout:g} s — is the endpoint busy or the "
                                "URL right?") from err
        except ssl.SSLError as err:
            raise EndpointError(f"{self.url}: TLS failed ({err.reason or err})") from err
        except (BrokenPipeError, ConnectionResetError) as err:
            raise EndpointError(f"{self.url}: the server closed the connection during the {method} request (it may "
                                "refuse unauthenticated or large requests — check --user and --password, or try a "
                                "smaller --batch-size)") from err
        except (OSError, http.client.HTTPException) as err:
            reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
            raise EndpointError(f"{self.url}: cannot connect ({reason}) — check the URL and that the store "
                                "is running") from err
        finally:
            conn.close()

    def _authenticate(self, response: Response, url: str, action: str) -> None:
        """Answer the challenge of a 401 response: Digest if offered, else Basic."""
        assert self.credentials is not None
        challenges = _challenges(response.headers)
        if "digest" in challenges:
            self._auth = _Digest(self.credentials, challenges["digest"])
        elif "basic" in challenges:
            token = base64.b64encode(f"{self.credentials.user}:{self.credentials.password}".encode()).decode()
            self._auth = f"Basic {token}"
        else:
            raise EndpointError(f"{action} at {url}: HTTP 401 — the server asks for an authentication scheme "
                                f"partnerkg does not speak ({', '.join(challenges) or 'none given'})")

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, *, action: str = "request") -> Response:
        """Send a request (authenticating as challenged) and return a 2xx answer; EndpointError otherwise."""
        headers = dict(headers or {})
        if body and self.credentials is not None and self._auth is None:
            # learn the authentication scheme with an empty request first: a server that refuses an
            # unauthenticated upload may close the connection before the body is sent, and the body is
            # not sent twice
            probe = self._send("HEAD", url, None, {})
            if probe.status == 401:
                self._authenticate(probe, url, action)
                if self._send("HEAD", url, None, {}).status == 401:
                    raise EndpointError(f"{action} at {url}: HTTP 401 {probe.reason} — the user name or password "
                                        "was refused")
        response = self._send(method, url, body, headers)
        for _attempt in range(2):
            if response.status != 401:
                break
            challenges = _challenges(response.headers)
            if self.credentials is None:
                raise EndpointError(f"{action} at {url}: HTTP 401 {response.reason} — the endpoint needs a user name "
                                    "and password (--user and --password)")
            stale = "digest" in challenges and challenges["digest"].get("stale", "").lower() == "true"
            if self._auth is not None and not stale:
                raise EndpointError(f"{action} at {url}: HTTP 401 {response.reason} — the user name or password was "
                                    "refused")
            self._authenticate(response, url, action)
            response = self._send(method, url, body, headers)
        if response.status == 401:
            raise EndpointError(f"{action} at {url}: HTTP 401 {response.reason} — the user name or password was "
                                "refused")
        if 300 <= response.status < 400:
            where = response.headers.get("Location", "(no Location given)")
            raise EndpointError(f"{action} at {url}: HTTP {response.status} {response.reason} — the endpoint "
                                f"redirects to {where}; use that URL")
        if response.status >= 400:
            message = server_message(response)
            raise EndpointError(f"{action} at {url}: HTTP {response.status} {response.reason}"
                                + (f" — the server says: {message}" if message else ""))
        return response
