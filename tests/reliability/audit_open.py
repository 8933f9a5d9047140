"""Run partnerkg commands in a fresh Python process under an audit hook that records what they reach.

Every ``open`` (path, mode), ``socket.connect`` (address), ``urllib.Request`` (URL) and ``subprocess.Popen``
(program) event is written as one JSON line ``{"pid", "event", "arg"}`` to a log file opened before the
hook is installed, so nothing partnerkg does escapes the record. Child Python processes (the endpoint's
query workers, started with ``python -P -m partnerkg.server.worker``) are audited too: the wrapper puts a
generated ``sitecustomize.py`` on their ``PYTHONPATH`` that installs the same hook. Opens done by native
code (RocksDB inside pyoxigraph, the dynamic linker) raise no audit event; they are not recorded.

Two ways to run it::

    python audit_open.py LOG partnerkg ARGS...    # one real ``partnerkg`` process (e.g. ``serve``)
    python audit_open.py LOG --batch RUNS.json    # many invocations in one process

A batch runs each ``{"case", "args", "stdin"}`` of RUNS.json through click's CliRunner (stdout and stderr
kept apart), logging ``{"event": "begin", "arg": CASE}`` before it and ``{"event": "result", "arg": {"case",
"exit_code", "stdout", "stderr", "crash"}}`` after it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["EVENTS", "Event", "install", "read_log", "run_batch", "run_command", "write_sitecustomize"]

#: The audit events recorded.
EVENTS = frozenset({"open", "socket.connect", "urllib.Request", "subprocess.Popen"})
ENV_LOG = "PARTNERKG_AUDIT_LOG"

Event = dict[str, Any]


def _argument(event: str, args: tuple[Any, ...]) -> Any:
    if event == "open":
        path = args[0]
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        return path if isinstance(path, str) else None  # an int is an already open descriptor
    if event == "socket.connect":
        address = args[1]
        return list(address) if isinstance(address, tuple) else str(address)
    if event == "urllib.Request":
        return str(args[0])
    if event == "subprocess.Popen":
        return [os.fsdecode(args[0]) if isinstance(args[0], bytes) else str(args[0])]
    return None


def install(log: str | Path) -> Callable[[str, tuple[Any, ...]], None]:
    """Open ``log`` for appending and install the recording hook in this process (for good: hooks stay)."""
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    pid = os.getpid()

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in EVENTS:
            arg = _argument(event, args)
            if arg is not None:
                os.write(fd, (json.dumps({"pid": pid, "event": event, "arg": arg}) + "\n").encode())

    sys.addaudithook(hook)
    return hook


def write_sitecustomize(folder: Path) -> Path:
    """A ``sitecustomize.py`` in ``folder`` that installs the hook in any Python started with it on its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sitecustomize.py"
    path.write_text(f"import runpy\nrunpy.run_path({str(Path(__file__).resolve())!r}, run_name='audit_open_child')\n",
                    encoding="utf-8")
    return path


def read_log(log: str | Path) -> list[Event]:
    """The events of a log, in order."""
    return [json.loads(line) for line in Path(log).read_text(encoding="utf-8").splitlines() if line.strip()]


def _child_environment(log: Path) -> None:
    site = log.with_name(log.name + ".site")
    write_sitecustomize(site)
    os.environ[ENV_LOG] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)


def run_command(log: Path, args: list[str]) -> None:
    """Audit this process, then run ``partnerkg ARGS`` as the console script does (exits with its code)."""
    _child_environment(log)
    install(log)
    from partnerkg.cli import main

    sys.argv = ["partnerkg", *args]
    main()


def run_batch(log: Path, runs_file: Path) -> None:
    """Audit this process, then run every invocation of ``runs_file`` in order, marking where each begins."""
    runs = json.loads(runs_file.read_text(encoding="utf-8"))
    _child_environment(log)
    install(log)
    from click.testing import CliRunner

    from partnerkg.cli import cli

    for run in runs:
        _line(log, "begin", run["case"])
        result = CliRunner().invoke(cli, run["args"], input=run.get("stdin"))
        crash = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crash = f"{type(result.exception).__name__}: {result.exception}"
        _line(log, "result", {"case": run["case"], "exit_code": result.exit_code, "stdout": result.stdout,
                              "stderr": result.stderr, "crash": crash})


def _line(log: Path, event: str, arg: Any) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, (json.dumps({"pid": os.getpid(), "event": event, "arg": arg}) + "\n").encode())
    finally:
        os.close(fd)


if __name__ == "audit_open_child":  # imported by the generated sitecustomize in a child Python process
    if os.environ.get(ENV_LOG):
        install(os.environ[ENV_LOG])
elif __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: audit_open.py LOG partnerkg ARGS... | audit_open.py LOG --batch RUNS.json")
    _log = Path(sys.argv[1]).absolute()
    if sys.argv[2] == "--batch":
        run_batch(_log, Path(sys.argv[3]))
    elif sys.argv[2] == "partnerkg":
        run_command(_log, sys.argv[3:])
    else:
        sys.exit("the second argument is 'partnerkg' or '--batch'")
