"""All-or-nothing writes: files via a temporary sibling and rename; folders via a staged sibling swap.

What an output path may be, and what happens to it:

* a regular file, or nothing yet: written to a temporary sibling, renamed into place once complete, so a
  reader sees the old file or the new one, never a part;
* a symlink: written *through* — the file it points at is replaced as above and the link is kept (a
  dangling link gets its target created);
* a device, FIFO or socket (``/dev/stdout``, ``/dev/null``, a named pipe): written to in place, streaming, as
  Oxigraph and Jena do; such an output cannot be atomic, and it is never replaced by a regular file;
* a folder, where a file is expected: refused.

A folder output (:func:`atomic_directory`) is staged beside its target and swapped in whole. Files of someone
else's in the target (a log the shell is writing into, notes) are kept: hard links to them are put into the new
folder before the swap, so they never leave the target, and a process writing into one goes on writing into
the same file. An earlier output of the same kind is recognised by its marker file, which lists the entries
that output wrote; those are replaced, everything else is kept. A target holding folders of someone else's is
refused unless the caller forces it, so ``--output .`` cannot take over the working folder.
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


_LISTED = "It wrote these entries, which its next run replaces (any other file here is kept):"


def _marker_text(what: str, names: list[str]) -> str:
    return f"This folder is an output of partnerkg ({what}). {_LISTED}\n" + "".join(f"{name}\n" for name in names)


def _foreign(target: Path, marker: str | None, ours: Callable[[Path], bool] | None) -> list[Path]:
    """The entries of ``target`` that are not an earlier output's: all of them, unless the folder holds the
    marker (the entries it does not list) or ``ours`` says the folder is an earlier output (none)."""
    if marker is None or not target.is_dir():
        return []
    entries = sorted(target.iterdir())
    if (target / marker).is_file():
        lines = (target / marker).read_text(encoding="utf-8", errors="replace").splitlines()
        if not lines or not lines[0].endswith(_LISTED):
            return []  # a marker of before the list: everything is the earlier output's
        listed = {marker, *lines[1:]}
        return [entry for entry in entries if entry.name not in listed]
    if ours is not None and ours(target):
        return []
    return entries


def _unkept(entries: list[Path]) -> list[Path]:
    """Those of ``entries`` that cannot be kept beside a new output: anything but a file or a symlink."""
    return [entry for entry in entries if not entry.is_symlink() and not entry.is_file()]


def check_output_folder(path: str | Path, *, marker: str | None = None,
                        ours: Callable[[Path], bool] | None = None, force: bool = False,
                        what: str = "output") -> Path:
    """The folder (symlinks followed) that :func:`atomic_directory` would write; InputError when it must not.

    Call it before long work, so a refusal comes first; :func:`atomic_directory` checks again.
    """
    shown = Path(path)
    target = Path(os.path.realpath(shown))
    if target.exists() and not target.is_dir():
        raise InputError(f"{shown}: is a file, not a folder — name a folder to write into (it is replaced whole)")
    if target == Path(target.anchor):
        raise InputError(f"{shown}: is the root folder — name a folder to write into")
    foreign = [] if force else _foreign(target, marker, ours)
    if foreign and Path.cwd().resolve().is_relative_to(target):
        # the swap would leave the shell in a removed folder, and this is where ``--output .`` once emptied it
        raise InputError(f"{shown}: is the working folder (or holds it) and holds files that are not an earlier "
                         f"{what} — name a folder inside it (--output build), or pass "
                         f"{suggestion('--force', 'force=True')} to replace it and everything in it")
    unkept = _unkept(foreign)
    if unkept:
        names = [entry.name for entry in unkept]
        held = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise InputError(
            f"{shown}: holds folders that are not part of an earlier {what} ({held}); files of yours would be "
            f"kept beside the new output, folders not — name a new or empty folder, or pass "
            f"{suggestion('--force', 'force=True')} to replace it and everything in it"
        )
    return target


def _keep(entries: list[Path], staging: Path, shown: Path, what: str) -> None:
    """Put hard links to ``entries`` (symlinks: copies of the link) into ``staging``, to stay in the folder."""
    for entry in entries:
        if os.path.lexists(staging / entry.name):  # a dangling symlink of the new output's clashes too
            raise InputError(f"{shown / entry.name}: is not part of an earlier {what}, and the new one has an "
                             f"entry of that name — move yours away, or pass {suggestion('--force', 'force=True')} "
                             "to replace it")
        if _unkept([entry]):  # a folder put there while the output was made
            raise InputError(f"{shown / entry.name}: a folder that is not part of an earlier {what} — move it "
                             f"away, or pass {suggestion('--force', 'force=True')} to replace it")
        try:
            if entry.is_symlink():
                os.symlink(os.readlink(entry), staging / entry.name)
            else:
                os.link(entry, staging / entry.name, follow_symlinks=False)
        except FileNotFoundError:
            continue  # removed meanwhile: nothing to keep
        except OSError as err:
            raise OutputError(f"{shown / entry.name}: cannot be kept beside the new output ({err.strerror or err})"
                              f" — move it away, or pass {suggestion('--force', 'force=True')} to replace it") from err


@contextlib.contextmanager
def atomic_directory(path: str | Path, *, marker: str | None = None,
                     ours: Callable[[Path], bool] | None = None, force: bool = False,
                     what: str = "output") -> Iterator[Path]:
    """Yield a temporary sibling folder to fill; on success it replaces ``path`` whole.

    An existing ``path`` is swapped with the new folder in one step (:func:`exchange_directories`) and the
    old one removed last, so a crash leaves either the old or the new folder complete under ``path``; staging
    folders that a killed process left are removed by the next call. On an exception the temporary folder is
    removed and ``path`` is untouched. A symlink to a folder is written through (the link is kept).

    With ``marker``, that file is written into the new folder, listing the entries written. Entries of an
    existing ``path`` that are not an earlier output's (not listed by its marker; all of them in an unmarked
    folder, unless ``ours(path)`` says it is an earlier output) are kept: files as hard links put into the new
    folder before the swap, so they are never missing from ``path``. A folder among them, or a name the new
    output also writes, is refused (InputError naming ``what`` the folder holds), unless ``force``, which
    replaces ``path`` and everything in it.
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
                written = sorted(entry.name for entry in staging.iterdir() if entry.name != marker)
                (staging / marker).write_text(_marker_text(what, written), encoding="utf-8")
                if not force:  # looked at again now: a log may have been put there while the output was made
                    _keep(_foreign(target, marker, ours), staging, shown, what)
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
