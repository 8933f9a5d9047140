"""Reading a user's input file whole, with one clear InputError (exit 2) for every way it can fail."""

from __future__ import annotations

from pathlib import Path

from partnerkg.errors import InputError

__all__ = ["read_input_bytes"]


def read_input_bytes(path: Path, *, limit: int, what: str, too_big: str) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them.

    ``what`` names the expected kind of file ("an RDF file", "a .csv or .xlsx file") and ``too_big`` says
    what to do with a larger one; both go into the messages, which always start with the path.
    """
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory — name {what}")
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path}: {size} bytes is over the {limit} byte limit — {too_big}")
        return path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such file — check the path") from err
    except PermissionError as err:
        raise InputError(f"{path}: permission denied") from err
    except OSError as err:
        if isinstance(err, InputError):
            raise
        raise InputError(f"{path}: cannot be read ({err.strerror})") from err
