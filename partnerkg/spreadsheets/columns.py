"""The two spreadsheet tables partnerkg imports — organisations and partnerships — and their columns.

The template writer (:mod:`partnerkg.spreadsheets.blanks`), the importer (:mod:`partnerkg.spreadsheets.importer`)
and the documentation (``docs/spreadsheets.md``) all read the columns from here. Headers are matched like controlled
values: case-, accent- and punctuation-insensitively, with the aliases listed.

>>> ORGANISATIONS.column("Organisation name").key
'name'
>>> PARTNERSHIPS.column("Life-cycle stage").key
'stage'
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerkg.spreadsheets.values import key

__all__ = ["MEMBERSHIPS", "MULTI_SEPARATORS", "ORGANISATIONS", "PARTNERSHIPS", "TABLES", "Column", "Table",
           "table_for_sheet"]

#: Cells that hold several values separate them with a semicolon or a line break.
MULTI_SEPARATORS = (";", "\n")


@dataclass(frozen=True)
class Column:
    """One column: its key, the header the template writes, what it holds and an example."""

    key: str
    header: str
    description: str
    example: str = ""
    required: bool = False
    multiple: bool = False
    vocabulary: str | None = None  #: the controlled list it draws from, if any (see spreadsheet_values)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A sheet of the template: its name (also the XLSX sheet name), aliases and columns in template order."""

    name: str
    description: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()

    def column(self, header: str) -> Column | None:
        """The column a header names, or None."""
        k = key(header)
        for c in self.columns:
            if k in {key(c.key), key(c.header), *(key(a) for a in c.aliases)}:
                return c
        return None

    def headers(self) -> list[str]:
        """The template's header row."""
        return [c.header for c in self.columns]


ORGANISATIONS = Table(
    "organisations",
    "One row per organisation, team or service that can be a partner.",
    (
        Column("name", "name", "The organisation's name, as it should be shown. Required; one row per name.",
               "Turning Point Leeds", required=True,
               aliases=("organisation", "organisation name", "organization", "organization name", "label")),
        Column("sector", "sector", "statutory, voluntary and community (third sector) or private.",
               "voluntary and community sector", vocabulary="sector"),
        Column("kind", "kind", "What kind of organisation it is (see the list); empty means just 'Organisation'.",
               "Local voluntary organisation", vocabulary="kind",
               aliases=("type", "organisation kind", "organisation type", "class")),
        Column("region", "region", "Where it works: a region of the graph (England, London…) or a new place "
               "name, optionally with its ONS GSS code in brackets (Leeds (E08000035)), or a GSS code alone that a "
               "region of the graph has. Several separated by ';'.", "Leeds (E08000035)", multiple=True,
               vocabulary="region", aliases=("regions", "area", "place")),
        Column("parent", "parent organisation", "The organisation it is part of or a branch of: a name in this "
               "sheet or in the graph.", "Turning Point", aliases=("parent", "part of", "branch of")),
        Column("website", "website", "Its web address, starting with https://.",
               "https://www.turning-point.co.uk/", aliases=("web site", "url", "homepage", "web address")),
        Column("identifiers", "identifiers", "Its identifiers in registers, in org-id.guide form: GB-CHC-… "
               "(charity, England and Wales), GB-SC-SC… (charity, Scotland), GB-NIC-… (charity, Northern Ireland), "
               "GB-COH-… (company), GB-EDU-… (school), GB-LAE-… or GB-LAS-… (council), GB-GOR-… (government body), "
               "GB-NHS-… (NHS). Several separated by ';'.", "GB-CHC-1090095", multiple=True,
               aliases=("identifier", "org id", "org ids", "org-id", "registered identifiers")),
        Column("ods code", "ODS code", "Its NHS Organisation Data Service code, e.g. RAX (a trust) or A81001 (a GP "
               "practice).", "", aliases=("ods", "nhs ods code", "ods codes")),
    ),
    aliases=("organisation", "organizations", "organization", "orgs"),
)

PARTNERSHIPS = Table(
    "partnerships",
    "One row per partnership: two or more organisations working together.",
    (
        Column("name", "name", "The partnership's name. Required; one row per name.",
               "Leeds Dual Diagnosis Partnership", required=True,
               aliases=("partnership", "partnership name", "label")),
        Column("partners", "partners", "Its partners: names from the organisations sheet or the graph (or IRIs), "
               "at least two, separated by ';' or line breaks.", "Turning Point Leeds; Leeds City Council",
               required=True, multiple=True, vocabulary="organisation", aliases=("partner", "members")),
        Column("model", "model", "The Audit Commission partnership model.", "co-location model",
               vocabulary="model", aliases=("partnership model",)),
        Column("stage", "stage", "The Lowndes and Skelcher life-cycle stage.", "partnership programme delivery",
               vocabulary="stage", aliases=("life-cycle stage", "lifecycle stage", "life cycle stage")),
        Column("formal", "formal", "yes for a formal partnership (agreement, contract, integrated staff), no for "
               "an informal or ad hoc one.", "yes", aliases=("is formal", "formal?", "formality")),
        Column("working mode", "working mode", "inter-agency, multi-agency or multi-disciplinary working. "
               "Several separated by ';'.", "multi-agency working", multiple=True, vocabulary="working mode",
               aliases=("mode", "working modes")),
        Column("start year", "start year", "The year it started, four digits.", "2004",
               aliases=("start", "started", "from")),
        Column("end year", "end year", "The year it ended, four digits.", "2008",
               aliases=("end", "ended", "to", "until")),
        Column("related policies", "related policies", "Policies of the graph it relates to, by label or IRI; "
               "start an entry with 'required by:', 'encouraged by:' or 'funded by:' to say how. Several "
               "separated by ';'.", "funded by: Children's Fund", multiple=True, vocabulary="policy",
               aliases=("policies", "policy", "related policy")),
        Column("barriers", "barriers", "Barriers of the graph it faced, by label or IRI. Several separated by ';'.",
               "", multiple=True, vocabulary="barrier", aliases=("barrier",)),
        Column("facilitators", "facilitators", "Facilitators of the graph that helped it, by label or IRI. "
               "Several separated by ';'.", "", multiple=True, vocabulary="facilitator", aliases=("facilitator",)),
        Column("features", "features", "What it has of the partnership features (a steering group, a "
               "co-ordinator, pooled funding, short-term funding, a shared protocol…; see the list). Several "
               "separated by ';'.", "a steering group; a co-ordinator", multiple=True, vocabulary="feature",
               aliases=("feature", "has features", "governance features")),
        Column("lacks features", "lacks features", "Partnership features it is known not to have (see the list). "
               "Several separated by ';'.", "pooled funding", multiple=True, vocabulary="feature",
               aliases=("lacks feature", "without features", "missing features")),
        Column("notes", "source / notes", "Where the information comes from, and any notes (kept as text).",
               "Annual report 2006, p. 4", aliases=("source", "notes", "note", "sources", "source notes")),
    ),
    aliases=("partnership", "partners"),
)

MEMBERSHIPS = Table(
    "memberships",
    "One row per partner of a partnership when the years it was a partner, or its role, are known. The partner "
    "becomes a partner of the partnership too.",
    (
        Column("partnership", "partnership", "The partnership: a name from the partnerships sheet or the graph, "
               "or an IRI.", "Leeds Dual Diagnosis Partnership", required=True, vocabulary="partnership",
               aliases=("partnership name",)),
        Column("member", "member", "The partner: a name from the organisations sheet or the graph, an identifier "
               "(GB-CHC-…, an ODS code) or an IRI.", "Turning Point Leeds", required=True,
               vocabulary="organisation", aliases=("member organisation", "partner organisation")),
        Column("role", "role", "Its role in the partnership, in your words.", "lead partner",
               aliases=("member role", "partner role")),
        Column("start year", "start year", "The year it joined, four digits.", "2004",
               aliases=("start", "joined", "from")),
        Column("end year", "end year", "The year it left, four digits (empty while it is still a partner).", "",
               aliases=("end", "left", "to", "until")),
    ),
    aliases=("membership", "partners over time"),
)

TABLES = (ORGANISATIONS, PARTNERSHIPS, MEMBERSHIPS)


def table_for_sheet(name: str) -> Table | None:
    """The table an XLSX sheet name stands for, or None.

    >>> table_for_sheet("Organizations").name
    'organisations'
    """
    k = key(name)
    for t in TABLES:
        if k in {key(t.name), *(key(a) for a in t.aliases)}:
            return t
    return None
