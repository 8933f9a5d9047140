"""The query page's check as you type: would ``/sparql`` accept this text, and if not, where is the fault?

:func:`check_text` runs what a query goes through before evaluation, and nothing after it: the ``# Param:``
header, the safety gate of :mod:`partnerkg.queries.safety` (syntax, SERVICE, updates, escape tricks; FROM and
FROM NAMED pass: they select among the served graphs) and rdflib's compilation of the tree with partnerkg's
prefixes predeclared (an undefined prefix is found there). It reads no data and runs nothing. The server calls
it in a query worker (``POST /sparql/check``), so a pathological text is bounded by the same time and memory
limits as a query.

The verdict is a :class:`Verdict`: ``valid`` and the query form, or the status ``/sparql`` would answer
(400, or 403 for an update), the message without its ``query:LINE:COLUMN:`` prefix and the quoted line
with its caret (the editor marks the place itself), and the 1-based line and column of the fault when
it has one (for SERVICE and updates, the keyword's place; a ``# Param:`` line has no column).

>>> check_text("SELECT ?s WHERE { ?s ?p ?o }").form
'SELECT'
>>> v = check_text("PREFIX pk: <https://w3id.org/partnerkg/ontology#>\\nSELECT * WHERE {\\n  ?s pk:x ?o ?z }")
>>> v.valid, v.status, v.line, v.column
(False, 400, 3, 14)
>>> v = check_text("SELECT * WHERE {\\n  SERVICE <http://example.org/> { ?s ?p ?o } }")
>>> v.status, v.line, v.column, v.message.split(":")[0]
(400, 2, 3, 'SERVICE <http')
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseUpdate

from partnerkg.errors import QueryError
from partnerkg.namespaces import PREFIXES
from partnerkg.queries.catalogue import parse_header
from partnerkg.queries.safety import check_query
from partnerkg.queries.text import tokens

__all__ = ["Verdict", "check_text"]

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_LOCATED = re.compile(r"^query:(\d+)(?::(\d+))?: ")
_QUOTED_LINE = re.compile(r"\n  .*\n  *\^\s*$")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class Verdict:
    """What ``/sparql`` would make of a text, short of running it (see the module's text)."""

    valid: bool
    form: str | None = None
    status: int = 200
    message: str | None = None
    line: int | None = None
    column: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _keyword(text: str, words: set[str]) -> tuple[int, int] | None:
    """Line and column of the first of ``words`` written as a keyword (not in a string, IRI or comment)."""
    offset = 0
    for token in tokens(text):
        if token.kind == "name" and token.upper in words:
            return _place(text, offset)
        offset += len(token.text)
    return None


def _is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL update (consulted only after the gate refused it, to pick 403)."""
    try:
        tree = parseUpdate(text)
    except Exception:  # anything the update grammar cannot read, RecursionError included
        return False
    # a text of comments alone is an empty update, which refuses nothing (CompValue.get(k) returns k when absent)
    return "request" in tree and bool(tree["request"])


def _untabbed(text: str, line: int, column: int) -> int:
    """The column in ``text``'s own line of a column that rdflib's parser counted with tabs expanded to every
    eighth column (pyparsing expands them before parsing)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not 0 < line <= len(lines):
        return column
    width = 0
    for index, char in enumerate(lines[line - 1]):
        if width >= column - 1:
            return index + 1
        width += 8 - width % 8 if char == "\t" else 1
    return len(lines[line - 1]) + 1


def _refusal(text: str, message: str, status: int) -> Verdict:
    located = _LOCATED.match(message)
    line = column = None
    if located:
        line = int(located.group(1))
        column = int(located.group(2)) if located.group(2) else None
        message = message[located.end():]
        if column is not None and message.startswith("SPARQL syntax error"):
            column = _untabbed(text, line, column)
    else:
        message = re.sub(r"^query: ", "", message)
        word = message.split(" ", 1)[0].upper()
        words = _UPDATE_WORDS if status == 403 else {word}
        found = _keyword(text, words)
        if found is not None:
            line, column = found
    return Verdict(False, status=status, message=_QUOTED_LINE.sub("", message), line=line, column=column)


def _undefined_prefix(text: str, err: Exception) -> Verdict:
    m = re.search(r"Unknown namespace prefix : (\S+)", str(err))
    if m is None:
        return Verdict(False, status=400, message=f"the query cannot be compiled ({err})")
    prefix, offset = m.group(1), 0
    for token in tokens(text):
        if token.kind == "name" and token.text.startswith(prefix + ":"):
            line, column = _place(text, offset)
            return Verdict(False, status=400, message=f"undefined prefix {prefix}: — declare it with PREFIX "
                                                      f"{prefix}: <…>", line=line, column=column)
        offset += len(token.text)
    return Verdict(False, status=400, message=f"undefined prefix {prefix}:")


def check_text(text: str) -> Verdict:
    """The verdict on SPARQL ``text`` as ``/sparql`` would give it, without running the query."""
    try:
        parse_header(text, "query")
        checked = check_query(text, "query")
    except QueryError as err:
        return _refusal(text, str(err), 403 if _is_update(text) else 400)
    form = _FORMS.get(checked.form, checked.form)
    if form != "DESCRIBE":  # rdflib's engine lists DESCRIBE *'s variables itself before compiling
        try:
            translateQuery(checked.tree, initNs=PREFIXES)
        except RecursionError:
            return Verdict(False, status=400, message="the query is nested too deeply to compile; split it up")
        except Exception as err:
            return _undefined_prefix(checked.text, err)
    return Verdict(True, form=form)
