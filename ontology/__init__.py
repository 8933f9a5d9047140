"""The partnerkg OWL ontology, its SHACL shapes and the term index other modules read from it.

The Turtle file ``partnerkg.ttl`` is the single source of truth; everything here is derived from it.

>>> from partnerkg.ontology import load_ontology, PK
>>> (PK.Partnership, None, None) in load_ontology()
True
"""

from __future__ import annotations

from partnerkg.namespaces import PK
from partnerkg.ontology.files import (
    CONTEXT_FILE,
    ONTOLOGY_FILE,
    SHAPES_FILE,
    load_ontology,
    load_shapes,
    package_file,
)
from partnerkg.ontology.terms import TermIndex, term_index

__all__ = [
    "CONTEXT_FILE",
    "ONTOLOGY_FILE",
    "PK",
    "SHAPES_FILE",
    "TermIndex",
    "load_ontology",
    "load_shapes",
    "package_file",
    "term_index",
]
