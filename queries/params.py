"""Query parameters to RDF terms: typed library parameters to literals, entity parameters to IRIs.

One set of rules for every engine: :func:`bindings` checks the names against the query and its header and
converts each value with :func:`term`; only the lookup of an entity's label or IRI differs (in the graph,
or on a remote endpoint), so the caller passes it in.

>>> from partnerkg.queries.catalogue import Param, ParamType
>>> literal(Param("year", ParamType.YEAR), "2004")
rdflib.term.Literal('2004', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pyparsing import ParseResults
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from partnerkg.errors import QueryError
from partnerkg.queries.catalogue import Header, Param, ParamType
from partnerkg.queries.engine import variables

__all__ = ["EntityLookup", "bindings", "literal", "term"]

#: Resolves an entity parameter written as text (a label or ``<IRI>``) to the IRI it names.
EntityLookup = Callable[[Param, str], URIRef]

_YEAR = re.compile(r"^-?[0-9]{4,}$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def literal(param: Param, value: Any) -> Literal:
    """The literal a typed (non-entity) parameter value stands for; QueryError when it does not fit the type."""
    text = str(value).strip()
    if param.type is ParamType.STRING:
        return Literal(str(value))
    if param.type is ParamType.INTEGER and not isinstance(value, bool) and _INTEGER.match(text):
        return Literal(int(text))
    if param.type is ParamType.YEAR and not isinstance(value, bool) and _YEAR.match(text):
        return Literal(text, datatype=XSD.gYear)
    if param.type is ParamType.BOOLEAN and (isinstance(value, bool) or text.lower() in _BOOLEANS):
        return Literal(value if isinstance(value, bool) else _BOOLEANS[text.lower()])
    expected = {ParamType.INTEGER: "a whole number", ParamType.YEAR: "a year such as 2004",
                ParamType.BOOLEAN: "true or false"}[param.type]
    raise QueryError(f"--param {param.name}: expected {expected}, got {value!r}")


def term(param: Param, value: Any, entity: EntityLookup) -> Identifier:
    """The term ``value`` binds for ``param``: rdflib terms as given, typed values as literals, numbers and
    booleans of an entity parameter as literals, text of an entity parameter through ``entity``."""
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if param.type is not ParamType.ENTITY:
        return literal(param, value)
    if isinstance(value, (bool, int, float)):
        return Literal(value)
    if not isinstance(value, str):
        raise QueryError(f"--param {param.name}: expected a label or <IRI>, got {type(value).__name__}")
    return entity(param, value)


def bindings(tree: ParseResults, header: Header, params: Mapping[str, Any], origin: str, strict: bool,
             entity: EntityLookup) -> dict[str, Identifier]:
    """The terms to bind for ``params`` and the header's defaults: labels resolved by ``entity``, typed values
    as literals.

    Raises QueryError for a parameter the query does not have (with ``strict``, one the header does not
    declare), and what ``entity`` raises for an unknown label (UnknownEntityError).
    """
    declared = {p.name: p for p in header.params}
    names = variables(tree)
    for name in params:
        if strict and name not in declared:
            known = ", ".join(declared) or "none"
            raise QueryError(f"{origin}: no parameter {name!r} — its parameters: {known}")
        if name not in declared and name not in names:
            raise QueryError(f"{origin}: the query has no variable ?{name} to bind"
                             f" — its variables: {', '.join(sorted(names)) or 'none'}")
    out: dict[str, Identifier] = {}
    for name, value in params.items():
        if value is not None:
            out[name] = term(declared.get(name, Param(name)), value, entity)
    for p in header.params:
        if p.name not in out and p.default is not None:
            out[p.name] = term(p, p.default, entity)
    return out
