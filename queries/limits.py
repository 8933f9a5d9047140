"""The limits of ``partnerkg query``, as the endpoint has them: a row cap and a time limit.

:func:`check_size` refuses a result over the row cap (exit 1) instead of cutting it short.
:func:`within` runs work in a child process and kills it at the deadline (exit 2): neither rdflib's engine
nor Oxigraph (Rust) can be interrupted inside a process, so the process is the unit of cancellation, as
with the endpoint's query workers (:mod:`partnerkg.server.pool`). The child is forked, so it starts at once
with the graph the parent loaded (nothing is pickled on the way in, and the garbage collector is kept off
the inherited objects so they stay shared); only the work's return value comes back, through a pipe.
``seconds=0`` runs the work in this process: no limit, no extra process.

The Python API (:func:`partnerkg.queries.run`) has no limits; they belong to the command line.
"""

from __future__ import annotations

import gc
import logging
import math
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, TypeVar

from partnerkg.errors import OptionError, PartnerKGError, QueryTimeout, ResultTooLarge, option

if TYPE_CHECKING:
    from partnerkg.queries.result import QueryResult

__all__ = [
    "DEFAULT_MAX_RESULTS",
    "DEFAULT_TIMEOUT",
    "check_size",
    "die_with_parent",
    "within",
]

#: Seconds a query may run on the command line (the endpoint's default is 10).
DEFAULT_TIMEOUT = 60.0
#: Most rows (or triples) a result may have on the command line, as on the endpoint.
DEFAULT_MAX_RESULTS = 10_000

T = TypeVar("T")


def check_size(result: QueryResult, max_results: int) -> None:
    """Raise ResultTooLarge when ``result`` has more than ``max_results`` rows (SELECT) or triples (CONSTRUCT,
    DESCRIBE); 0 means no cap."""
    if max_results > 0 and result.size > max_results:
        unit = "triples" if result.graph is not None else "rows"
        raise ResultTooLarge(f"{result.size} {unit} is over {option('max_results', max_results)}: add LIMIT/OFFSET to "
                             f"page through it, or raise {option('max_results')}")


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when process ``parent`` dies, however it dies (PR_SET_PDEATHSIG); exit at
    once if it already has."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)  # the loaded libc; find_library would run /sbin/ldconfig
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(0)


def _portable(err: BaseException) -> BaseException:
    """``err`` if it survives pickling, else a RuntimeError saying what it was (with the same notes)."""
    try:
        pickle.loads(pickle.dumps(err))  # noqa: S301  (our own bytes, a moment old)
    except Exception:
        plain = RuntimeError(f"{type(err).__name__}: {err}")
        for note in getattr(err, "__notes__", ()):
            plain.add_note(note)
        return plain
    return err


def _child(work: Callable[[], object], sender: Connection, parent: int) -> None:
    """The forked process: run ``work`` and send ``(True, value)`` or ``(False, exception)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills this process
    die_with_parent(parent)
    try:
        reply: tuple[bool, object] = (True, work())
    except BaseException as err:
        err.add_note("in the query process:\n" + "".join(traceback.format_exception(err)).rstrip())  # for --debug
        reply = (False, _portable(err))
    sender.send(reply)
    sender.close()


def _no_answer(code: int | None) -> PartnerKGError:
    if code is not None and code < 0:
        how = f"was killed by signal {-code}" + (" (perhaps for want of memory)" if -code == signal.SIGKILL else "")
    else:
        how = f"exited with code {code}"
    return PartnerKGError(f"the query process {how} before it answered; nothing was written")


class _SaidOnce(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form to value")


@contextmanager
def _literal_warnings_said() -> Iterator[None]:
    """Unpickling the answer makes its literals again: rdflib would warn a second time about an ill-typed one
    that the child already reported."""
    logger, said = logging.getLogger("rdflib.term"), _SaidOnce()
    logger.addFilter(said)
    try:
        yield
    finally:
        logger.removeFilter(said)


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()`` run in a forked child process that is killed after ``seconds``; 0 runs it here, unbounded;
    ``nan`` or ``inf`` is an OptionError.

    The return value must pickle (bytes are best). An exception the work raises is raised here (its
    traceback in the child is attached as a note, which ``--debug`` shows). Raises QueryTimedOut at the
    deadline, PartnerKGError when the child dies without answering (killed for memory, say). Where fork
    is not available (Windows) the work runs here without a limit.

    Call it from a process without other threads: a forked child has only the calling thread, so a lock
    another thread holds (RocksDB's, behind an open Oxigraph store) would never be released there. Open
    such resources inside ``work``.
    """
    if not (isinstance(seconds, (int, float)) and math.isfinite(seconds)):
        raise OptionError(f"{option('timeout', seconds)}: the time limit must be a finite number of seconds (0 for "
                          "none)", "timeout")
    if seconds <= 0 or "fork" not in multiprocessing.get_all_start_methods():
        return work()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, sender, os.getpid()), daemon=True)
    gc.freeze()  # the child's collector leaves the inherited objects (the graph) alone: no copy-on-write
    try:
        child.start()
        sender.close()
        if not receiver.poll(seconds):
            raise QueryTimeout(f"the query ran over {option('timeout', f'{seconds:g}')} s: narrow it, add LIMIT, or "
                               f"raise {option('timeout')}")
        try:
            with _literal_warnings_said():
                ok, value = receiver.recv()
        except EOFError:
            child.join()
            raise _no_answer(child.exitcode) from None
    finally:
        gc.unfreeze()
        if child.is_alive():
            child.kill()
        if child.pid is not None:
            child.join()
        receiver.close()
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]
