"""The server's query workers: a fixed number of processes, each answering one query at a time.

:class:`WorkerPool` hands a job to an idle worker (:mod:`partnerkg.server.worker`) and waits for its reply
without blocking the event loop. A query that overruns its time is cancelled by killing its worker
(SIGKILL), and a fresh worker takes its place in the background; so does one whose client went away, one
that ran out of memory and one that died. Other queries go on meanwhile on the other workers, and requests
that arrive while all workers are busy wait their turn (up to ``queue_timeout`` seconds, at most
``max_waiting`` of them; beyond that the server answers 503).

Waiting is fair, so that one client cannot starve the others:

* **Per client** (the remote IP address): at most ``client_running`` of its queries run at once while other
  clients wait (a client alone may use every worker), and at most ``client_waiting`` of its requests wait
  (and as many cheap ones); beyond that share it gets 503 at once. A free worker goes to the clients in
  turn (round robin), not to whoever queued most.
* **A lane for cheap queries**: a request estimated cheap (:func:`is_cheap`) goes before waiting expensive
  ones, and expensive queries may occupy at most ``workers - 1`` workers (with two or more), so one worker
  is always left for ASK and small lookups however much slow work is queued. A query's measured time
  decides the next time the same text comes (a text that took ``CHEAP_SECONDS`` or less is cheap).

Workers run in their own session (a terminal's Ctrl-C reaches only the server, which stops them) and are
killed by the kernel if the server dies (PR_SET_PDEATHSIG on Linux); they exit when their stdin closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import re
import sys
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from partnerkg.errors import QueryTimeout, ServerBusy, WorkerFailed
from partnerkg.server.worker import PREFIX, Reply

__all__ = ["CHEAP_SECONDS", "AnswerStream", "PoolConfig", "StreamCut", "WorkerPool", "is_cheap"]

log = logging.getLogger("partnerkg.server.app")

#: Seconds a new worker may take to load the graph and say it is ready.
STARTUP_TIMEOUT = 120.0
#: A query text that ran this long or less is cheap the next time it comes.
CHEAP_SECONDS = 0.25
#: Query texts whose measured time is remembered (least recently used forgotten first).
HISTORY = 4096

#: IRIs and strings (kept: a '#' in them is no comment) and comments (dropped before the text is judged).
_TOKENS = re.compile(r"""<[^<>\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|(#[^\n\r]*)""")
_EXPENSIVE = re.compile(r"\b(ORDER\s+BY|GROUP\s+BY|COUNT|SUM|AVG|MIN|MAX|SAMPLE|GROUP_CONCAT|DISTINCT|REDUCED|"
                        r"MINUS|NOT\s+EXISTS|EXISTS|SERVICE|OPTIONAL|UNION|FILTER|REGEX|REPLACE|CONCAT|SELECT\s*"
                        r"\{|\{\s*SELECT)\b|[*+]\s*[/)\]}.;]|\)\s*[*+]", re.IGNORECASE)
_FORM = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(ASK|SELECT|CONSTRUCT|DESCRIBE)\b",
                   re.IGNORECASE)
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.IGNORECASE)


def is_cheap(text: str) -> bool:
    """Whether a query text never seen before is likely cheap: an ASK (which stops at its first solution), a
    DESCRIBE, or a SELECT with ``LIMIT`` of at most 100 at its end — none of them sorting, grouping,
    aggregating, filtering, negating, nesting or walking property paths. A cost estimate from the text
    alone, so a query that looks cheap but is not can hold the spare worker (once per client at a time,
    until the time limit); its measured time then decides the next time the same text comes.

    >>> is_cheap("ASK {}"), is_cheap("SELECT ?l WHERE { <urn:x#a> ?p ?l } LIMIT 10")
    (True, True)
    >>> is_cheap("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"), is_cheap("SELECT * { ?s ?p ?o }")
    (False, False)
    """
    body = _TOKENS.sub(lambda m: " " if m.group(1) is not None else m.group(0), text)
    form = _FORM.match(body)
    if form is None or _EXPENSIVE.search(body):
        return False
    kind = form.group(1).upper()
    if kind in ("ASK", "DESCRIBE"):
        return True
    limit = _LIMIT.search(body)
    return kind == "SELECT" and limit is not None and int(limit.group(1)) <= 100


@dataclass(frozen=True)
class PoolConfig:
    """How workers are started and bounded (see :class:`partnerkg.server.app.Settings`)."""

    workers: int
    timeout: float
    max_results: int
    max_memory: int
    max_waiting: int
    queue_timeout: float
    client_running: int = 0  #: 0: half the workers (at least one)
    client_waiting: int = 32
    stream_after: int = 10_000  #: rows a SELECT answer may have before it is streamed

    @property
    def running_share(self) -> int:
        """Most queries of one client that run at once while other clients wait."""
        return self.client_running or max(1, self.workers // 2)

    @property
    def expensive_share(self) -> int:
        """Most workers that queries not estimated cheap may occupy at once (one is left for cheap ones)."""
        return max(1, self.workers - 1)


@dataclass(eq=False)
class _Waiting:
    """A request waiting for a worker: whose it is, whether it is estimated cheap, and its future."""

    client: str
    cheap: bool
    future: asyncio.Future[_Worker] = field(repr=False)


@dataclass
class _Client:
    """One client's requests: those waiting (in order) and how many of its queries run."""

    waiting: deque[_Waiting] = field(default_factory=deque)
    running: int = 0


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        assert proc.stdin is not None and proc.stdout is not None
        self.stdin = proc.stdin
        self.stdout = proc.stdout
        self.ready = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def send(self, header: dict[str, Any], body: bytes = b"") -> None:
        head = json.dumps(header, ensure_ascii=False).encode("utf-8")
        self.stdin.write(PREFIX.pack(len(head), len(body)) + head)
        if body:
            self.stdin.write(body)
        await self.stdin.drain()

    async def receive(self) -> tuple[dict[str, Any], bytes]:
        head_len, body_len = PREFIX.unpack(await self.stdout.readexactly(PREFIX.size))
        header = json.loads((await self.stdout.readexactly(head_len)).decode("utf-8"))
        body = await self.stdout.readexactly(body_len) if body_len else b""
        return header, body

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()


class WorkerPool:
    """``config.workers`` worker processes over one graph source.

    ``init`` is the first frame every worker receives: ``(header, body)`` where the header says where the
    graph comes from (``{"source": "pickle"}`` with the pickled graph as body, or ``{"source": "store",
    "path": DIR}``). Use ``await start()`` before :meth:`run` and ``await close()`` at the end.
    """

    def __init__(self, init: tuple[dict[str, Any], bytes], config: PoolConfig) -> None:
        header, body = init
        self._init_header = {**header, "max_results": config.max_results, "max_memory": config.max_memory,
                             "stream_after": config.stream_after}
        self._init_body = body
        self.config = config
        self._idle: list[_Worker] = []
        self._live: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._waiting = 0
        self._clients: OrderedDict[str, _Client] = OrderedDict()  # in round-robin order
        self._running = 0
        self._expensive = 0  # running queries not estimated cheap
        self._history: OrderedDict[str, float] = OrderedDict()  # query key -> seconds it last took
        self._closing = False
        self.served = 0
        self.timeouts = 0
        self.replaced = 0

    # ---- life cycle ----

    async def _spawn(self) -> _Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-P", "-m", "partnerkg.server.worker", "--parent", str(os.getpid()),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, start_new_session=True,
        )
        worker = _Worker(proc)
        self._live.add(worker)
        try:
            async with asyncio.timeout(STARTUP_TIMEOUT):
                await worker.send(self._init_header, self._init_body)
                header, _ = await worker.receive()
        except (asyncio.IncompleteReadError, ConnectionError, TimeoutError) as err:
            try:  # it may have said why and exited: let its exit code tell
                async with asyncio.timeout(2):
                    code = await proc.wait()
            except TimeoutError:
                worker.kill()
                code = await proc.wait()
            self._live.discard(worker)
            why = "took too long to load the graph" if isinstance(err, TimeoutError) else f"exited with code {code}"
            raise RuntimeError(f"a query worker could not start: it {why} (its message, if any, is above)") from err
        if not header.get("ready"):
            worker.kill()
            self._live.discard(worker)
            raise RuntimeError(f"a query worker could not start: unexpected first reply {header!r}")
        worker.ready = True
        return worker

    async def start(self) -> None:
        """Start every worker and wait until each holds the graph; RuntimeError when one cannot start."""
        results = await asyncio.gather(*(self._spawn() for _ in range(self.config.workers)), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            await self.close()
            raise failures[0]
        for worker in results:
            assert isinstance(worker, _Worker)
            self._release(worker)

    async def close(self) -> None:
        """Stop every worker (they hold no state worth keeping) and wait for them to exit."""
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._live):
            worker.kill()
        for worker in list(self._live):
            with contextlib.suppress(ProcessLookupError):
                await worker.proc.wait()
        self._live.clear()

    def pids(self) -> list[int]:
        """Process ids of the workers that hold the graph (not those still starting or being replaced)."""
        return sorted(w.pid for w in list(self._live) if w.ready)

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        worker.kill()
        self._live.discard(worker)
        if self._closing:
            return
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, old: _Worker) -> None:
        with contextlib.suppress(ProcessLookupError):
            await old.proc.wait()
        for attempt in range(1, 4):
            try:
                worker = await self._spawn()
            except RuntimeError as err:
                log.error("%s (attempt %d of 3)", err, attempt)
                await asyncio.sleep(attempt)
                continue
            self.replaced += 1
            if self._closing:
                worker.kill()
                self._live.discard(worker)
                return
            self._release(worker)
            return
        log.error("a query worker could not be replaced; the server goes on with %d", len(self.pids()))

    # ---- waiting fairly ----

    def _release(self, worker: _Worker) -> None:
        """``worker`` is free: hand it to the next request in turn."""
        self._idle.append(worker)
        self._dispatch()

    def _next(self) -> _Waiting | None:
        """The request that gets the next free worker: cheap requests first, then expensive ones while they
        leave a worker for cheap ones; clients in turn, each up to its running share while others wait."""
        waiting = [(name, c) for name, c in self._clients.items() if c.waiting]
        if not waiting:
            return None
        share = self.config.running_share
        under = [(name, c) for name, c in waiting if c.running < share]
        # a client alone (nobody else waits) may use every worker: the share matters only between clients
        candidates = under or (waiting if len(waiting) == 1 else [])
        # expensive work may not take the last worker ready for cheap work (one being replaced is not ready)
        reserve = 1 if self.config.workers >= 2 else 0
        expensive_ok = (self._expensive < self.config.expensive_share
                        and len(self._idle) - 1 + (self._running - self._expensive) >= reserve)
        for want_cheap in (True, False):
            if not want_cheap and not expensive_ok:
                break
            for name, c in candidates:
                entry = next((w for w in c.waiting if w.cheap == want_cheap), None)
                if entry is not None:
                    c.waiting.remove(entry)
                    self._clients.move_to_end(name)  # this client had its turn
                    return entry
        return None

    def _dispatch(self) -> None:
        while self._idle:
            entry = self._next()
            if entry is None:
                return
            worker = self._idle.pop(0)  # the longest idle first
            client = self._clients[entry.client]
            client.running += 1
            self._running += 1
            if not entry.cheap:
                self._expensive += 1
            entry.future.set_result(worker)

    def _client(self, name: str) -> _Client:
        if name not in self._clients:
            self._clients[name] = _Client()
        return self._clients[name]

    def _done(self, name: str, cheap: bool) -> None:
        client = self._clients.get(name)
        if client is not None:
            client.running -= 1
            if not client.running and not client.waiting:
                del self._clients[name]
        self._running -= 1
        if not cheap:
            self._expensive -= 1
        self._dispatch()  # a share came free: a waiting request may be due on an idle worker

    async def _acquire(self, client: str, cheap: bool) -> _Worker:
        if self._waiting >= self.config.max_waiting:
            raise ServerBusy(f"the server is busy: {self._waiting} requests are already waiting for a query worker; "
                             "try again shortly")
        mine = self._client(client)
        queued = sum(1 for w in mine.waiting if w.cheap == cheap)  # cheap requests have a share of their own
        if queued >= self.config.client_waiting:
            if not mine.running and not mine.waiting:
                self._clients.pop(client, None)
            raise ServerBusy(f"the server is busy: this client already has {queued} requests waiting for a "
                             "query worker (its share of the queue); try again when some are answered")
        entry = _Waiting(client, cheap, asyncio.get_running_loop().create_future())
        mine.waiting.append(entry)
        self._waiting += 1
        self._dispatch()
        try:
            async with asyncio.timeout(self.config.queue_timeout):
                return await asyncio.shield(entry.future)
        except (TimeoutError, asyncio.CancelledError) as err:
            if entry.future.done() and not entry.future.cancelled():
                self._done(client, cheap)  # a worker came just as the wait ended: give it back
                self._release(entry.future.result())
            else:
                entry.future.cancel()
                with contextlib.suppress(ValueError):
                    mine.waiting.remove(entry)
                if not mine.running and not mine.waiting:
                    self._clients.pop(client, None)
            if isinstance(err, TimeoutError):
                raise ServerBusy(f"the server is busy: no query worker was free within "
                                 f"{self.config.queue_timeout:g} s; try again shortly") from err
            raise
        finally:
            self._waiting -= 1

    # ---- cost ----

    @staticmethod
    def _key(job: dict[str, Any]) -> str:
        op = job.get("op")
        text = job.get("query") if op == "sparql" else json.dumps(
            [job.get("name"), sorted((job.get("params") or {}).items())] if op == "library"
            else [op, job.get("partnership"), job.get("format")] if op == "diagnose" else [op])
        return hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()

    def estimate_cheap(self, job: dict[str, Any]) -> bool:
        """Whether ``job`` is expected to be cheap: by the time the same query took before, else by its text
        (:func:`is_cheap`; a library query never seen is not). The page's check (``"check"``: a parse, never
        an evaluation) always is; counting the data's terms (``"vocabulary"``) is judged by its last time."""
        if job.get("op") == "check":  # the page's check as you type parses and never evaluates
            return True
        seconds = self._history.get(self._key(job))
        if seconds is not None:
            return seconds <= CHEAP_SECONDS
        return job.get("op") == "sparql" and is_cheap(str(job.get("query", "")))

    def _remember(self, job: dict[str, Any], seconds: float) -> None:
        key = self._key(job)
        self._history[key] = seconds
        self._history.move_to_end(key)
        while len(self._history) > HISTORY:
            self._history.popitem(last=False)

    # ---- jobs ----

    async def run(self, job: dict[str, Any], client: str = "-") -> Reply:
        """Answer ``job`` for ``client`` (its IP address) on the next worker it is due, within the time limit.

        Raises ServerBusy, QueryTimeout (the worker was killed and is being replaced) or WorkerFailed. If the
        awaiting task is cancelled (the client went away), the worker is killed too. A streamed answer comes
        back with its first bytes as ``body`` and the rest as ``stream``, an :class:`AnswerStream` that holds
        the worker (and the client's share) until it ends or is closed, still within the time limit.
        """
        cheap = self.estimate_cheap(job)
        worker = await self._acquire(client, cheap)
        started = time.monotonic()
        deadline = asyncio.get_running_loop().time() + self.config.timeout
        handed_on = False
        try:
            try:
                async with asyncio.timeout_at(deadline):
                    await worker.send(job)
                    header, body = await worker.receive()
            except TimeoutError as err:
                self.timeouts += 1
                self._remember(job, self.config.timeout)
                self._retire(worker)
                raise QueryTimeout(_timeout_message(self.config.timeout)) from err
            except asyncio.CancelledError:
                self._remember(job, max(time.monotonic() - started, CHEAP_SECONDS * 2))
                self._retire(worker)
                raise
            except (asyncio.IncompleteReadError, ConnectionError) as err:
                code = worker.proc.returncode
                self._retire(worker)
                raise WorkerFailed(f"the query worker stopped while answering (exit code {code}); "
                                   "a fresh one is starting") from err
            except BaseException:
                self._retire(worker)
                raise
            if header.get("stream"):
                handed_on = True
                return Reply(int(header["status"]), str(header["content_type"]), body, header.get("kind"),
                             stream=AnswerStream(self, worker, job, client, cheap, started, deadline))
        finally:
            if not handed_on:
                self._done(client, cheap)
        self.served += 1
        self._remember(job, time.monotonic() - started)
        reply = Reply(int(header["status"]), str(header["content_type"]), body, header.get("kind"),
                      header.get("count"), bool(header.get("retire")))
        if reply.retire:
            self._retire(worker)
        else:
            self._release(worker)
        return reply

    def _stream_ended(self, stream: AnswerStream, retire: bool) -> None:
        """A streamed answer has ended (or been abandoned): free its worker and its client's share."""
        self._done(stream.client, stream.cheap)
        if retire:
            self._retire(stream.worker)
            return
        self.served += 1
        self._remember(stream.job, time.monotonic() - stream.started)
        self._release(stream.worker)


def _timeout_message(seconds: float) -> str:
    return (f"the query ran longer than this endpoint's limit of {seconds:g} s (--timeout) and was cancelled; "
            "narrow it or add LIMIT")


class StreamCut(Exception):
    """A streamed answer stopped short: over the row cap or the time limit, the worker failed, or a value the
    format cannot carry. The message says which, for the log; the client sees the response cut."""


class AnswerStream:
    """The rest of a streamed answer, read from its worker frame by frame (:mod:`partnerkg.server.worker`).

    ``async for chunk in stream.chunks()`` yields the bytes; it raises :class:`StreamCut` when the answer stops
    short. :meth:`close` must be called in the end, whether or not the chunks were read: an answer left
    unread is abandoned and its worker (in the middle of writing it) replaced. ``count`` is the rows written.
    """

    def __init__(self, pool: WorkerPool, worker: _Worker, job: dict[str, Any], client: str, cheap: bool,
                 started: float, deadline: float) -> None:
        self.pool, self.worker, self.job, self.client, self.cheap = pool, worker, job, client, cheap
        self.started, self.deadline = started, deadline
        self.count: int | None = None
        self._ended = False

    def _end(self, retire: bool) -> None:
        if not self._ended:
            self._ended = True
            self.pool._stream_ended(self, retire)

    async def chunks(self) -> AsyncIterator[bytes]:
        while not self._ended:
            try:
                async with asyncio.timeout_at(self.deadline):
                    header, body = await self.worker.receive()
            except TimeoutError as err:
                self.pool.timeouts += 1
                self.pool._remember(self.job, self.pool.config.timeout)
                self._end(retire=True)
                raise StreamCut(_timeout_message(self.pool.config.timeout)) from err
            except (asyncio.IncompleteReadError, ConnectionError) as err:
                self._end(retire=True)
                raise StreamCut(f"the query worker stopped while answering (exit code {self.worker.proc.returncode}); "
                                "a fresh one is starting") from err
            except BaseException:
                self._end(retire=True)
                raise
            if header.get("end"):
                self.count = header.get("count")
                self._end(retire=bool(header.get("retire")))
                if header.get("error"):
                    raise StreamCut(str(header["error"]))
                return
            yield body

    async def close(self) -> None:
        """Give the worker back once the answer has ended; an answer not read to its end is abandoned (the
        worker is replaced)."""
        self._end(retire=True)
