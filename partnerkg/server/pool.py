"""The server's query workers: a fixed number of processes, each answering one query at a time.

:class:`WorkerPool` hands a job to an idle worker (:mod:`partnerkg.server.worker`) and waits for its reply
without blocking the event loop. A query that overruns its time is cancelled by killing its worker
(SIGKILL), and a fresh worker takes its place in the background; so does one whose client went away, one
that ran out of memory and one that died. Other queries go on meanwhile on the other workers, and requests
that arrive while all workers are busy wait their turn (up to ``queue_timeout`` seconds, at most
``max_waiting`` of them; beyond that the server answers 503).

Workers run in their own session (a terminal's Ctrl-C reaches only the server, which stops them) and are
killed by the kernel if the server dies (PR_SET_PDEATHSIG on Linux); they exit when their stdin closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from typing import Any

from partnerkg.errors import QueryTimeout, ServerBusy, WorkerFailed
from partnerkg.server.worker import PREFIX, Reply

__all__ = ["PoolConfig", "WorkerPool"]

log = logging.getLogger("partnerkg.server.app")

#: Seconds a new worker may take to load the graph and say it is ready.
STARTUP_TIMEOUT = 120.0


@dataclass(frozen=True)
class PoolConfig:
    """How workers are started and bounded (see :class:`partnerkg.server.app.Settings`)."""

    workers: int
    timeout: float
    max_results: int
    max_memory: int
    max_waiting: int
    queue_timeout: float


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
        self._init_header = {**header, "max_results": config.max_results, "max_memory": config.max_memory}
        self._init_body = body
        self.config = config
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._live: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._waiting = 0
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
            self._idle.put_nowait(worker)

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
            self._idle.put_nowait(worker)
            return
        log.error("a query worker could not be replaced; the server goes on with %d", len(self.pids()))

    # ---- jobs ----

    async def _acquire(self) -> _Worker:
        if self._waiting >= self.config.max_waiting:
            raise ServerBusy(f"the server is busy: {self._waiting} requests are already waiting for a query worker; "
                       "try again shortly")
        self._waiting += 1
        try:
            async with asyncio.timeout(self.config.queue_timeout):
                return await self._idle.get()
        except TimeoutError as err:
            raise ServerBusy(f"the server is busy: no query worker was free within {self.config.queue_timeout:g} s; "
                       "try again shortly") from err
        finally:
            self._waiting -= 1

    async def run(self, job: dict[str, Any]) -> Reply:
        """Answer ``job`` on the next idle worker within the time limit.

        Raises ServerBusy, QueryTimeout (the worker was killed and is being replaced) or WorkerFailed. If the
        awaiting task is cancelled (the client went away), the worker is killed too.
        """
        worker = await self._acquire()
        try:
            async with asyncio.timeout(self.config.timeout):
                await worker.send(job)
                header, body = await worker.receive()
        except TimeoutError as err:
            self.timeouts += 1
            self._retire(worker)
            raise QueryTimeout(f"the query ran longer than this endpoint's limit of {self.config.timeout:g} s "
                               "(--timeout) and was cancelled; narrow it or add LIMIT") from err
        except asyncio.CancelledError:
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
        self.served += 1
        reply = Reply(int(header["status"]), str(header["content_type"]), body, header.get("kind"),
                      header.get("count"), bool(header.get("retire")))
        if reply.retire:
            self._retire(worker)
        else:
            self._idle.put_nowait(worker)
        return reply
