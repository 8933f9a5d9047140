"""Loading line-based RDF (N-Triples, N-Quads) into an Oxigraph store on both cores.

One ``bulk_load`` call parses on one thread and then writes RocksDB's indexes on one thread; measured at 1M
triples on 2 cores it takes 8.0 s, while two calls running side by side on halves of the file take 4.8 s.
In a line-based format any line boundary is a place to cut, with one catch: a blank-node label names one
node in the whole file, and each ``bulk_load`` call gives the labels it reads fresh nodes. So the file is
read in blocks of whole lines; blocks that share a label are loaded by the same call; and a block is handed
to a loader only once the next block has been read and shares none of its labels. A label that comes back
after that (rare: writers put a blank node's triples together) raises :class:`Interleaved`, and the caller
loads the file again in one stream.

While reading, literals of checked datatypes (``"twenty"^^xsd:gYear``) are looked at by their lexical form;
the lines of doubtful ones are returned so the caller can check them exactly.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from partnerkg.errors import InputError
from partnerkg.rdf_files import is_ill_typed_form

__all__ = ["Interleaved", "load_lines", "syntax_error"]

_BLOCK = 8 << 20  # bytes per block: about 50,000 lines, ~45 MB of parsed quads in a loader
_WORKERS = 2
_MAX_GROUP = 256 << 20  # a longer run of blocks tied by blank nodes is loaded in one stream instead
# ``_:label`` anywhere (also inside literals and IRIs: a false label only ties blocks together, never cuts);
# a label does not end with a dot
_LABEL = re.compile(rb"_:([^\s<>\"]*[^\s<>\".])")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPED_END = b'"^^<http://www.w3.org/2001/XMLSchema#'
_VERDICTS = 100_000  # remembered lexical forms at most


class Interleaved(Exception):
    """A blank-node label reappears in a block far from where it was first used: load in one stream."""


def syntax_error(path: Path, err: SyntaxError, lines_before: int = 0) -> InputError:
    """The InputError for Oxigraph's syntax error ``err`` in ``path``, whose line 1 is the file's line
    ``lines_before + 1``: file:line:column, the parser's message and what to do."""
    line, col = err.lineno, err.offset
    where = f"{path}:{line + lines_before}:{col}" if line else str(path)
    message = re.sub(r"^Parser error [^:]*: ", "", err.msg or str(err))
    return InputError(f"{where}: syntax error: {message} — correct the file there and load again (nothing was "
                      "loaded; the store is unchanged)")


def _blocks(fh: IO[bytes]) -> Iterator[tuple[bytes, int]]:
    """Blocks of whole lines and the file line each starts on."""
    line = 1
    while block := fh.read(_BLOCK):
        if not block.endswith(b"\n"):
            block += fh.readline()
        yield block, line
        line += block.count(b"\n")


def _doubtful_lines(block: bytes, first_line: int, checked: Collection[str],
                    verdicts: dict[tuple[bytes, bytes], bool]) -> list[int]:
    """Lines of ``block`` holding a literal of a checked datatype whose lexical form is ill-typed or escaped.

    Found from each ``"^^<xsd:…>`` backwards to the opening quote (a regular expression trying every quote of
    the block costs four times as much); an escaped quote inside makes the literal doubtful, as does any
    escape. ``verdicts`` remembers (lexical form, datatype name) across blocks: years and booleans repeat.
    """
    found = []
    find, rfind = block.find, block.rfind
    at = find(_TYPED_END)
    while at >= 0:
        name_start = at + len(_TYPED_END)
        opening = rfind(b'"', 0, at)
        key = block[opening + 1:at], block[name_start:find(b">", name_start)]
        doubtful = verdicts.get(key)
        if doubtful is None:
            lexical, name = key
            datatype = _XSD + name.decode("ascii", "replace")
            doubtful = datatype in checked and (
                opening < 0 or b"\\" in lexical or b"\n" in lexical
                or is_ill_typed_form(lexical.decode("utf-8", "replace"), datatype))
            if len(verdicts) < _VERDICTS and len(lexical) < 64:
                verdicts[key] = doubtful
        if doubtful or (opening > 0 and block[opening - 1] == 0x5C):  # 0x5C: the quote found was escaped
            found.append(first_line + block.count(b"\n", 0, at))
        at = find(_TYPED_END, name_start)
    return found


def load_lines(store: ox.Store, path: Path, fmt: ox.RdfFormat, *, base_iri: str, checked: Collection[str],
               on_loaded: Callable[[int], None] | None = None) -> list[int]:
    """Bulk-load the N-Triples or N-Quads file ``path`` into ``store`` with two loaders side by side.

    Returns the numbers of the lines that may hold an ill-typed literal of a datatype in ``checked`` (the
    caller checks them exactly). ``on_loaded`` is called with the bytes of each block group once stored.
    Raises InputError naming file, line and column for a syntax error (the earliest one found), and
    :class:`Interleaved` when blank-node labels do not allow cutting the file; in both cases ``store`` holds
    part of the file and must be discarded.
    """
    doubtful: list[int] = []
    dispatched: set[bytes] = set()  # labels already handed to a loader
    group: list[tuple[bytes, int]] = []
    group_labels: set[bytes] = set()
    verdicts: dict[tuple[bytes, bytes], bool] = {}
    running: deque[Future[None]] = deque()
    failures: list[tuple[int, InputError]] = []

    def load(data: bytes, first_line: int) -> None:
        try:
            store.bulk_load(data, format=fmt, base_iri=base_iri)
        except SyntaxError as err:
            failures.append((first_line, syntax_error(path, err, first_line - 1)))
            return
        if on_loaded is not None:
            on_loaded(len(data))

    with ThreadPoolExecutor(_WORKERS, thread_name_prefix="partnerkg-load") as pool:

        def dispatch() -> None:
            while len(running) >= _WORKERS:  # at most one group waits beside the ones loading: bounded memory
                running.popleft().result()
            dispatched.update(group_labels)
            running.append(pool.submit(load, b"".join(block for block, _ in group), group[0][1]))

        try:
            with path.open("rb") as fh:
                for block, first_line in _blocks(fh):
                    if failures:
                        break
                    labels = set(_LABEL.findall(block))
                    if not labels.isdisjoint(dispatched):
                        raise Interleaved(f"{path}: blank-node labels recur far apart")
                    doubtful += _doubtful_lines(block, first_line, checked, verdicts)
                    if group and labels.isdisjoint(group_labels):
                        dispatch()
                        group, group_labels = [], set()
                    group.append((block, first_line))
                    group_labels |= labels
                    if sum(len(b) for b, _ in group) > _MAX_GROUP:
                        raise Interleaved(f"{path}: blank-node labels tie more than {_MAX_GROUP >> 20} MB together")
                if group and not failures:
                    dispatch()
        finally:
            for future in running:
                future.result()
    if failures:
        raise min(failures, key=lambda failure: failure[0])[1]
    return doubtful
