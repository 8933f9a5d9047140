"""All-or-nothing writes: files via a temporary sibling and rename; folders via a staged sibling swap.

What an output path may be, and what happens to it:

* a regular file, or nothing yet: written to a temporary sibling, renamed into place once complete, so a
  reader sees the old file or the new one, never a part;
* a symlink: written *through* — the file it points at is replaced as above and the link is kept (a
  dangling link gets its target created);
* a device, FIFO or socket (``/dev/stdout``, ``/dev/null``, a named pipe): written to in place, streaming, as
  Oxigraph and Jena do; such an output cannot be atomic, and it is never replaced by a regular file;
* a folder, where a file is expected: refused.

A folder output (:func:`atomic_directory`) is staged beside its target and swapped in whole. A target that
holds anything but an earlier output of the same kind (recognised by a marker file) is refused unless the
caller forces it, so ``--output .`` cannot empty the working folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import io
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from partnerkg.errors import InputError, OutputError, PartnerKGError, suggestion

__all__ = [
    "atomic_directory",
    "atomic_file",
    "atomic_text",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_folder",
    "exchange_directories",
    "is_special_file",
]


def is_special_file(path: str | Path) -> bool:
    """Whether ``path`` (symlinks followed) is a device, FIFO or socket: an output written in place.

    >>> is_special_file("/dev/null"), is_special_file("/etc")
    (True, False)
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@contextlib.contextmanager
def atomic_file(path: str | Path, *, buffering: int = -1) -> Iterator[BinaryIO]:
    """A binary stream whose bytes become ``path`` only when the block completes (see the module docstring).

    On an exception nothing is left behind and ``path`` is as it was (a special file has received what was
    written so far). Raises InputError for a folder, OutputError (exit 2) when the output cannot be written.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_file(target) as fh:
    ...     _ = fh.write(b"all or nothing")
    >>> target.read_bytes()
    b'all or nothing'
    """
    shown = Path(path)
    real = Path(os.path.realpath(shown))  # through symlinks: the file a link names is what is replaced
    if real.is_dir():
        raise InputError(f"{shown}: is a folder — name a file to write")
    if is_special_file(real):
        try:
            with open(real, "wb", buffering=buffering) as stream:
                yield stream
        except PartnerKGError:
            raise
        except OSError as err:
            raise OutputError(f"{shown}: cannot be written ({err.strerror or err})") from err
        return
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(real, _temporary_prefix(real), ".tmp", folders=False)
        fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(real), suffix=".tmp", dir=real.parent)
    except OSError as err:
        raise OutputError(f"{shown}: cannot be written ({err.strerror or err})") from err
    try:
        _lock(fd)
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp creates 0600; give what an ordinary open() would
        with os.fdopen(fd, "wb", buffering=buffering) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, real)
    except BaseException as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(err, OSError) and not isinstance(err, PartnerKGError):
            raise OutputError(f"{shown}: cannot be written ({err.strerror or err})") from err
        raise


@contextlib.contextmanager
def atomic_text(path: str | Path) -> Iterator[TextIO]:
    """A UTF-8 text stream (LF line ends, 1 MB buffer) over :func:`atomic_file`."""
    with atomic_file(path, buffering=1 << 20) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
        yield text
        text.flush()
        text.detach()  # the binary stream is closed by atomic_file


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all or nothing (see :func:`atomic_file`)."""
    with atomic_file(path) as stream:
        stream.write(data)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` all or nothing (see :func:`atomic_file`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _staging_prefix(target: Path) -> str:
    return f".{target.name}.new-"


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}."


def _lock(fd: int) -> None:
    """Hold an exclusive lock on an open staging file or folder for as long as the writer works; the kernel
    releases it when the process ends, however it ends, which is how a later writer tells stale from live."""
    fcntl.flock(fd, fcntl.LOCK_EX)


def _remove_stale(target: Path, prefix: str, suffix: str, folders: bool) -> None:
    """Remove the temporary files (or staging folders) of ``target`` that no live writer holds: the debris of a
    writer killed mid-write. Only names of the exact form ``tempfile`` gives them are considered."""
    shape = re.compile(re.escape(prefix) + r"[a-z0-9_]{8}" + re.escape(suffix))
    with contextlib.suppress(OSError):
        for entry in target.parent.iterdir():
            if not shape.fullmatch(entry.name) or entry.is_symlink() or entry.is_dir() != folders:
                continue
            try:
                fd = os.open(entry, os.O_RDONLY | (os.O_DIRECTORY if folders else 0))
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live writer's
            finally:
                os.close(fd)
            if folders:
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()


def check_output_folder(path: str | Path, *, marker: str | None = None,
                        ours: Callable[[Path], bool] | None = None, force: bool = False,
                        what: str = "output") -> Path:
    """The folder (symlinks followed) that :func:`atomic_directory` would replace; InputError when it must not.

    Call it before long work, so a refusal comes first; :func:`atomic_directory` checks again.
    """
    shown = Path(path)
    target = Path(os.path.realpath(shown))
    if target.exists() and not target.is_dir():
        raise InputError(f"{shown}: is a file, not a folder — name a folder to write into (it is replaced whole)")
    if target == Path(target.anchor):
        raise InputError(f"{shown}: is the root folder — name a folder to write into")
    foreign = marker is not None and target.is_dir() and any(target.iterdir()) and \
        not (target / marker).is_file() and not (ours is not None and ours(target))
    if foreign and not force:
        names = sorted(entry.name for entry in target.iterdir())
        held = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise InputError(
            f"{shown}: holds files that are not an earlier {what} ({held}; no {marker} marker in it), and the "
            f"folder is replaced whole — name a new or empty folder, or pass {suggestion('--force', 'force=True')} "
            "to replace it and everything in it"
        )
    return target


@contextlib.contextmanager
def atomic_directory(path: str | Path, *, marker: str | None = None,
                     ours: Callable[[Path], bool] | None = None, force: bool = False,
                     what: str = "output") -> Iterator[Path]:
    """Yield a temporary sibling folder to fill; on success it replaces ``path`` whole.

    An existing ``path`` is swapped with the new folder in one step (:func:`exchange_directories`) and the
    old one removed last, so a crash leaves either the old or the new folder complete under ``path``; staging
    folders that a killed process left are removed by the next call. On an exception the temporary folder is
    removed and ``path`` is untouched. A symlink to a folder is written through (the link is kept).

    With ``marker``, that file is written into the new folder, and an existing non-empty ``path`` is replaced
    only if it holds the marker (or ``ours(path)`` says it is an earlier output), or with ``force``; otherwise
    InputError, naming ``what`` the folder would have held.
    """
    shown = Path(path)
    target = check_output_folder(shown, marker=marker, ours=ours, force=force, what=what)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(target, _staging_prefix(target), "", folders=True)
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(target), dir=target.parent))
    except OSError as err:
        raise OutputError(f"{shown}: cannot be written ({err.strerror or err})") from err
    lock = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _lock(lock)
        staging.chmod(0o777 & ~_umask())  # mkdtemp creates 0700
        try:
            yield staging
            if marker is not None:
                (staging / marker).write_text(f"This folder is {what} of partnerkg; it is replaced whole.\n",
                                              encoding="utf-8")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if target.is_dir():
            exchange_directories(target, staging)  # staging now holds the old output
            shutil.rmtree(staging, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        os.close(lock)


def exchange_directories(a: Path, b: Path) -> None:
    """Swap two folders atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); two renames elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        renameat2 = None
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, f"cannot swap {a} and {b}: {os.strerror(code)}")
    aside = a.with_name(a.name + ".swap")
    os.replace(a, aside)
    os.replace(b, a)
    os.replace(aside, b)
