"""Reading a user's input file whole, with one clear InputError (exit 2) for every way it can fail."""

from __future__ import annotations

from pathlib import Path

from partnerkg.errors import InputError

__all__ = ["check_utf8", "decode_utf8", "line_and_column", "read_input_bytes", "read_input_text"]


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
        raise InputError(f"{path}: permission denied — make the file readable, or copy it somewhere you can "
                         "read it") from err
    except OSError as err:
        if isinstance(err, InputError):
            raise
        raise InputError(f"{path}: cannot be read ({err.strerror})") from err


def line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters, as far as the bytes decode) of byte ``offset``.

    >>> line_and_column(b"ab\\ncaf\\xc3\\xa9!", 8)
    (2, 5)
    """
    start = data.rfind(b"\n", 0, offset) + 1
    if start == 0 and data.startswith(b"\xef\xbb\xbf"):
        start = min(3, offset)  # editors do not show a byte-order mark
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def decode_utf8(data: bytes, name: str | Path) -> str:
    """``data`` decoded as UTF-8 (a leading byte-order mark dropped).

    InputError (exit 2) when it is not UTF-8, naming the line, column and byte, and saying to save the file
    as UTF-8.

    >>> decode_utf8(b"caf\\xe9", "q.rq")
    Traceback (most recent call last):
    partnerkg.errors.InputError: q.rq:1:4: not UTF-8 text (byte 4 is 0xE9) — save the file as UTF-8
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:  # utf-8-sig counts from after the byte-order mark
        raise _not_utf8(data, err.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0), name) from err


def _not_utf8(data: bytes, offset: int, name: str | Path) -> InputError:
    line, column = line_and_column(data, offset)
    return InputError(f"{name}:{line}:{column}: not UTF-8 text (byte {offset + 1} is 0x{data[offset]:02X}) — save "
                      "the file as UTF-8")


def check_utf8(data: bytes, name: str | Path) -> None:
    """InputError, as :func:`decode_utf8` words it, when ``data`` is not UTF-8; checks a megabyte at a time
    instead of decoding the whole input at once (inputs may be gigabytes)."""
    start, step = 0, 1 << 20
    while start < len(data):
        end = min(len(data), start + step)
        try:
            data[start:end].decode("utf-8")
        except UnicodeDecodeError as err:
            if end < len(data) and err.reason == "unexpected end of data":
                start += err.start  # a character split by the chunk boundary: begin the next chunk with it
                continue
            raise _not_utf8(data, start + err.start, name) from err
        start = end


def read_input_text(path: Path, *, limit: int, what: str, too_big: str) -> str:
    """The text of ``path`` decoded as UTF-8: :func:`read_input_bytes`, then :func:`decode_utf8`.

    NUL bytes are refused as binary data; the messages start with the path and say what to do.
    """
    data = read_input_bytes(path, limit=limit, what=what, too_big=too_big)
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = line_and_column(data, nul)
        raise InputError(f"{path}:{line}:{column}: holds NUL bytes, so it is binary data, not text — name {what} "
                         "saved as UTF-8 text")
    return decode_utf8(data, path)
