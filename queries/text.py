"""Rewriting SPARQL text for an endpoint that cannot take bindings: prefixes declared, variables bound.

Locally, partnerkg binds a query parameter before evaluation (rdflib's ``initBindings``): the variable
takes the value wherever it occurs. A remote endpoint only receives text, so :func:`bind_variables`
writes the value into the text with the same effect: each occurrence of the variable becomes the RDF term,
except where the grammar needs a variable — in a projection ``?x`` becomes ``(<term> AS ?x)``, in GROUP BY
and ORDER BY ``(<term>)``; a subquery that projects other items drops it from its projection (projecting
the term there would clash with the outer ``AS``), and a subquery projecting only it keeps ``(<term> AS ?x)``
while the enclosing projection keeps plain ``?x`` — and a variable that a VALUES block lists keeps its name there and is
restricted by a ``FILTER(sameTerm(?x, <term>))`` right after the block. A query that assigns a bound
variable itself (``BIND(… AS ?x)``, ``SELECT *``, a trailing VALUES) is refused with QueryError.

Strings, IRIs and comments are recognised by a small tokenizer, so ``"?x"`` in a literal or ``<…#x>`` is
left alone.

>>> from rdflib import URIRef
>>> print(bind_variables("SELECT ?org ?n WHERE { ?org <urn:p> ?n } ORDER BY ?org", {"org": URIRef("urn:x")}))
SELECT (<urn:x> AS ?org) ?n WHERE { <urn:x> <urn:p> ?n } ORDER BY (<urn:x>)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Identifier
from rdflib.util import from_n3

from partnerkg.errors import QueryError

__all__ = ["Token", "bind_variables", "counting", "declare_prefixes", "sliced", "term_text", "tokens"]

_PATTERNS = [
    ("ws", r"\s+"),
    ("comment", r"#[^\n\r]*"),  # the grammar ends a comment at CR or LF
    ("string", r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
               r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\''),
    ("iri", r"<[^<>\"{}|^`\\\x00-\x20]*>"),
    ("var", r"[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+"),
    ("name", r"[A-Za-z_\u00C0-\uFFFF][\w\-.\u00B7\u00C0-\uFFFF]*(?::[\w\-.:%\\\u00B7\u00C0-\uFFFF]*)?|:[\w\-.:%]*"),
    ("number", r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?"),
    ("other", r"."),
]
_PREFIX_DECL = re.compile(r"^PREFIX$", re.IGNORECASE)
_IRI_BODY = re.compile(r'^[^<>"{}|^`\\\x00-\x20]*$')
_LANGUAGE = re.compile(r"^[A-Za-z]+(?:-[A-Za-z0-9]+)*$")
# what a short string cannot hold, and TAB: rdflib's parser (pyparsing) turns a tab inside a string into spaces
_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_SCANNER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS), re.DOTALL)


@dataclass(frozen=True)
class Token:
    """A lexical token of SPARQL text: its kind (ws, comment, string, iri, var, name, number, other)."""

    kind: str
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper()


def tokens(text: str) -> list[Token]:
    """Split ``text`` into tokens; joining their texts gives ``text`` back.

    >>> [t.kind for t in tokens('SELECT ?x { ?x <urn:a#b> "?y" } # ?z')][::2]
    ['name', 'var', 'other', 'var', 'iri', 'string', 'other', 'comment']
    """
    return [Token(m.lastgroup or "other", m.group()) for m in _SCANNER.finditer(text)]


def term_text(term: Identifier) -> str:
    """An IRI or literal written as one SPARQL token (IRIREF or a quoted string with its tag or datatype).

    Only the four characters a short string cannot hold (``\\ " LF CR``) and TAB are escaped, so the written
    term reads back as exactly ``term`` and can never end early. Raises QueryError for a blank node (text cannot
    name one), an IRI with characters an IRIREF cannot hold, or a malformed language tag.

    >>> print(term_text(Literal('say "hi"\\n', lang="en")), term_text(URIRef("urn:x")))
    "say \\"hi\\"\\n"@en <urn:x>
    """
    if isinstance(term, URIRef):
        if not _IRI_BODY.match(str(term)):
            raise QueryError(f"the IRI {str(term)!r} cannot be written into a query")
        return f"<{term}>"
    if isinstance(term, Literal):
        body = '"' + str(term).translate(_ECHAR) + '"'
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise QueryError(f"the language tag {term.language!r} cannot be written into a query")
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^{term_text(URIRef(term.datatype))}"
        return body
    raise QueryError(f"{term!r} cannot be written into a query (only IRIs and literals can)")


def _significant(toks: list[Token]) -> list[int]:
    return [i for i, t in enumerate(toks) if t.kind not in ("ws", "comment")]


def _depths(toks: list[Token], sig: list[int]) -> list[int]:
    """The brace depth before each significant token."""
    out, depth = [], 0
    for i in sig:
        out.append(depth)
        if toks[i].text == "{":
            depth += 1
        elif toks[i].text == "}":
            depth -= 1
    return out


def _group_variables(toks: list[Token], sig: list[int], depth: list[int]) -> dict[int, set[str]]:
    """For each SELECT (by position in ``sig``), the variables its GROUP BY clause groups by."""
    out: dict[int, set[str]] = {}
    for n, i in enumerate(sig):
        if toks[i].upper == "SELECT":
            out[n] = set()
        if toks[i].upper == "BY" and n and toks[sig[n - 1]].upper == "GROUP":
            owner = max((m for m in out if m < n and depth[m] == depth[n]), default=None)
            if owner is None:
                continue
            for m in range(n + 1, len(sig)):
                t = toks[sig[m]]
                if depth[m] < depth[n] or t.text == "}" or t.upper in ("HAVING", "ORDER", "LIMIT", "OFFSET",
                                                                     "VALUES"):
                    break
                if t.kind == "var":
                    out[owner].add(t.text[1:])
    return out


def _projections(toks: list[Token], sig: list[int], depth: list[int],
                 groups: Mapping[int, set[str]]) -> dict[int, tuple[int, set[str]]]:
    """For each SELECT (by position in ``sig``): how many items it projects, and the variables that SELECTs
    nested in its body keep in their projection (see :func:`bind_variables`)."""
    selects = [n for n, i in enumerate(sig) if toks[i].upper == "SELECT"]
    items: dict[int, tuple[int, set[str]]] = {}
    body: dict[int, tuple[int, int]] = {}
    for n in selects:
        names: set[str] = set()
        count = level = 0
        m = n + 1
        while m < len(sig) and toks[sig[m]].upper != "WHERE" and toks[sig[m]].text != "{":
            t = toks[sig[m]]
            if level == 0 and (t.kind == "var" or t.text == "("):
                count += 1
                if t.kind == "var":
                    names.add(t.text[1:])
            level += (t.text == "(") - (t.text == ")")
            m += 1
        items[n] = (count, names)
        end = m + 1 if m < len(sig) and toks[sig[m]].upper == "WHERE" else m
        close = end + 1
        while close < len(sig) and depth[close] > depth[end]:
            close += 1
        body[n] = (end, close)
    # a nested SELECT keeps a bound variable when it is its one projected item (it cannot be dropped) or when it
    # groups by it (its GROUP BY binds it AS the term): outer SELECTs must then project it plainly, as it is in scope
    kept = {k: (items[k][1] if items[k][0] == 1 else items[k][1] & groups.get(k, set())) if depth[k] > 0 else set()
            for k in selects}
    return {n: (items[n][0], set().union(*(kept[k] for k in selects if body[n][0] < k < body[n][1])))
            for n in selects}


def _prefix_manager(toks: list[Token], sig: list[int], prefixes: Mapping[str, object]) -> NamespaceManager:
    nm = NamespaceManager(Graph(), bind_namespaces="none")
    for p, ns in prefixes.items():
        nm.bind(p, str(ns), override=True, replace=True)
    for n, i in enumerate(sig[:-2]):
        if _PREFIX_DECL.match(toks[i].text) and toks[sig[n + 2]].kind == "iri":
            nm.bind(toks[sig[n + 1]].text.rstrip(":"), toks[sig[n + 2]].text[1:-1], override=True, replace=True)
    return nm


def _data_term(texts: list[str], nm: NamespaceManager) -> Identifier | None:
    """The RDF term a VALUES data value writes (None for UNDEF)."""
    text = "".join(texts)
    if text.upper() == "UNDEF":
        return None
    if text.startswith("'"):
        quote = "'" * 3 if text.startswith("'" * 3) else "'"
        body, _, rest = text[len(quote):].partition(quote)
        text = '"' + body.replace('"', '\\"') + '"' + rest
    try:
        return from_n3(text, nsm=nm)
    except Exception as err:
        raise QueryError(f"cannot read the VALUES value {text!r} to bind a parameter on an endpoint") from err


_Row = list[tuple[list[str], int]]


def _values_block(toks: list[Token], sig: list[int], n: int) -> tuple[list[str], list[_Row], int]:
    """Parse the VALUES block starting at ``sig[n]``: (variables, rows of (token texts, first index), last n)."""
    m = n + 1
    names: list[str] = []
    multi = toks[sig[m]].text == "("
    if multi:
        m += 1
        while toks[sig[m]].text != ")":
            names.append(toks[sig[m]].text[1:])
            m += 1
    else:
        names.append(toks[sig[m]].text[1:])
    m += 1
    if toks[sig[m]].text != "{":
        raise QueryError("a VALUES block without '{' cannot be bound on an endpoint")
    rows: list[_Row] = []
    row: _Row = []
    m += 1
    while toks[sig[m]].text != "}":
        t = toks[sig[m]]
        if t.text == "(":
            row = []
        elif t.text == ")":
            rows.append(row)
        else:
            value = [t.text]
            first = m
            while m + 1 < len(sig) and (toks[sig[m + 1]].text in ("@", "^") or toks[sig[m]].text in ("@", "^")):
                m += 1
                value.append(toks[sig[m]].text)
            if multi:
                row.append((value, first))
            else:
                rows.append([(value, first)])
        m += 1
    return names, rows, m


def bind_variables(text: str, bindings: Mapping[str, Identifier],
                   prefixes: Mapping[str, object] | None = None) -> str:
    """``text`` with each variable of ``bindings`` replaced by its term (see the module docstring).

    ``prefixes`` are the prefixes the query may use undeclared (to read prefixed names in VALUES blocks).
    """
    if not bindings:
        return text
    terms = {name: term_text(term) for name, term in bindings.items()}
    toks = tokens(text)
    sig = _significant(toks)
    depth = _depths(toks, sig)
    groups = _group_variables(toks, sig, depth)
    projections = _projections(toks, sig, depth, groups)
    nm: NamespaceManager | None = None
    out = [t.text for t in toks]
    mode = ""  # "select" (the projection), "modifier" (GROUP BY / ORDER BY)
    mode_paren = paren = 0
    select = -1
    skip_to = -1
    for n, i in enumerate(sig):
        if n <= skip_to:
            continue
        t = toks[i]
        prev = toks[sig[n - 1]].upper if n else ""
        if t.text == "(":
            paren += 1
        elif t.text == ")":
            paren -= 1
        elif (t.text == "{" and mode == "select" and paren == mode_paren) or (t.text == "}" and mode == "modifier"):
            mode = ""
        word = t.upper if t.kind == "name" else ""
        if word == "SELECT":
            mode, mode_paren, select = "select", paren, n
        elif word == "WHERE" and mode == "select":
            mode = ""
        elif word == "BY" and prev in ("GROUP", "ORDER"):
            mode, mode_paren = "modifier", paren
        elif word in ("HAVING", "LIMIT", "OFFSET", "GROUP", "ORDER") and mode == "modifier":
            mode = ""
        elif word == "VALUES":
            names, rows, last = _values_block(toks, sig, n)
            if set(names) & set(terms):
                nm = nm or _prefix_manager(toks, sig, prefixes or {})
                keep = [k for k, name in enumerate(names) if name not in terms]
                kept_rows = []
                for row in rows:
                    if len(row) != len(names):
                        raise QueryError("a VALUES row has the wrong number of values")
                    if all(name not in terms or _data_term(row[k][0], nm) in (None, bindings[name])
                           for k, name in enumerate(names)):
                        kept_rows.append(" ".join("".join(row[k][0]) for k in keep))
                if not keep:
                    block = "" if kept_rows else "VALUES ?_pkNoMatch { }"
                else:
                    header = " ".join(f"?{names[k]}" for k in keep)
                    block = f"VALUES ({header}) {{ " + " ".join(f"({r})" for r in kept_rows) + " }"
                for j in range(i, sig[last] + 1):
                    out[j] = ""
                out[i] = block
                skip_to = last
        elif t.text == "*" and mode == "select" and paren == mode_paren:
            raise QueryError("SELECT * cannot take parameters on an endpoint — list the variables to project")
        elif t.kind == "var" and t.text[1:] in terms:
            name = t.text[1:]
            if prev == "AS":
                raise QueryError(f"the query assigns ?{name} itself (… AS ?{name}), so it cannot be bound on an "
                                 "endpoint")
            nxt = toks[sig[n + 1]].text if n + 1 < len(sig) else ""
            if prev == "(" and n >= 2 and toks[sig[n - 2]].upper == "BOUND" and nxt == ")":
                out[sig[n - 2]] = out[sig[n - 1]] = out[sig[n + 1]] = ""
                out[i] = "true"
            elif mode == "select" and paren == mode_paren:
                count, inner = projections.get(select, (0, set()))
                if name in groups.get(select, set()) or name in inner:
                    out[i] = t.text  # grouped by, or already projected AS the term by a subquery in the body
                elif depth[select] > 0 and count > 1:
                    out[i] = ""  # a subquery need not project a constant; projecting it would clash outside
                else:
                    out[i] = f"({terms[name]} AS ?{name})"
            elif mode == "modifier" and paren == mode_paren:
                grouping = _in_group_by(toks, sig, n)
                out[i] = f"({terms[name]} AS ?{name})" if grouping else f"({terms[name]})"
            else:
                out[i] = terms[name]
    return "".join(out)


def _in_group_by(toks: list[Token], sig: list[int], n: int) -> bool:
    """Whether the modifier clause around ``sig[n]`` is a GROUP BY (not an ORDER BY)."""
    for m in range(n - 1, -1, -1):
        word = toks[sig[m]].upper
        if word == "BY" and m:
            return toks[sig[m - 1]].upper == "GROUP"
    return False


def declare_prefixes(text: str, prefixes: Mapping[str, object]) -> str:
    """``text`` with a ``PREFIX`` line for each of ``prefixes`` that it uses but does not declare.

    >>> print(declare_prefixes("SELECT * { ?s pk:x ?o }", {"pk": "urn:pk#", "org": "urn:org#"}))
    PREFIX pk: <urn:pk#>
    SELECT * { ?s pk:x ?o }
    """
    toks = tokens(text)
    sig = _significant(toks)
    declared: set[str] = set()
    used: set[str] = set()
    for n, i in enumerate(sig):
        t = toks[i]
        if t.kind == "name" and _PREFIX_DECL.match(t.text) and n + 1 < len(sig):
            declared.add(toks[sig[n + 1]].text.split(":", 1)[0])
        elif t.kind == "name" and ":" in t.text:
            used.add(t.text.split(":", 1)[0])
    missing = [p for p in prefixes if p in used and p not in declared]
    return "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in missing) + text


def sliced(text: str, limit: int | None, offset: int = 0) -> str:
    """``text`` with its top-level solutions sliced further: rows ``offset`` to ``offset + limit`` of what the
    query itself returns (its own LIMIT and OFFSET count first). The written LIMIT/OFFSET at the end of the
    query (before a trailing VALUES block) are replaced; nothing else changes. QueryError when the query's own
    slice is not a plain ``LIMIT n``/``OFFSET n`` at the end.

    >>> sliced("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 10, 20)
    'SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10 OFFSET 20'
    >>> sliced("SELECT ?s WHERE { ?s ?p ?o } LIMIT 25 OFFSET 5", 10, 20)
    'SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 OFFSET 25'
    """
    toks = tokens(text)
    sig = _significant(toks)
    depth = _depths(toks, sig)
    end = len(sig)
    values = [n for n in range(len(sig)) if depth[n] == 0 and toks[sig[n]].upper == "VALUES"]
    if values:  # only a trailing VALUES block stands at depth 0: the slice goes before it
        end = values[-1]
    own_limit: int | None = None
    own_offset = 0
    n = end
    while n >= 2 and toks[sig[n - 2]].upper in ("LIMIT", "OFFSET") and depth[n - 2] == 0:
        value = toks[sig[n - 1]]
        if value.kind != "number" or not value.text.isdigit():
            raise QueryError("the query's own LIMIT/OFFSET is not a plain number: page it with LIMIT and OFFSET "
                             "in the text instead")
        if toks[sig[n - 2]].upper == "LIMIT":
            own_limit = int(value.text) if own_limit is None else own_limit
        else:
            own_offset = int(value.text)
        n -= 2
    start = offset + own_offset
    if own_limit is None:
        count = limit
    else:
        left = max(own_limit - offset, 0)
        count = left if limit is None else min(limit, left)
    clause = (f" LIMIT {count}" if count is not None else "") + (f" OFFSET {start}" if start else "")
    head = "".join(t.text for t in toks[: sig[n - 1] + 1]) if n else ""
    after = "".join(t.text for t in toks[sig[end - 1] + 1:]) if end else ""  # comments, a trailing VALUES
    return head + clause + after


def counting(text: str, origin: str = "query") -> str:
    """A query counting the rows the SELECT query ``text`` returns: its prologue (BASE, PREFIX) kept, the query
    itself a subquery of ``SELECT (COUNT(*) AS ?rows)``. QueryError for another query form.

    >>> counting("PREFIX ex: <urn:x:> SELECT DISTINCT ?s WHERE { ?s ex:p ?o } LIMIT 5")
    'PREFIX ex: <urn:x:> SELECT (COUNT(*) AS ?rows) WHERE { { SELECT DISTINCT ?s WHERE { ?s ex:p ?o } LIMIT 5 } }'
    """
    toks = tokens(text)
    sig = _significant(toks)
    forms = [n for n in sig if toks[n].kind == "name" and toks[n].upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")]
    if not forms or toks[forms[0]].upper != "SELECT":
        raise QueryError(f"{origin}: only the rows of a SELECT query can be counted")
    prologue = "".join(t.text for t in toks[: forms[0]])
    body = "".join(t.text for t in toks[forms[0]:]).rstrip()
    return f"{prologue}SELECT (COUNT(*) AS ?rows) WHERE {{ {{ {body} }} }}"
