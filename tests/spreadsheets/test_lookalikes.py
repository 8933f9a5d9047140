"""Look-alike names (issue 25): invisible characters are removed before a name is stored, compared or
minted; a new name that looks like another one but is not the same is warned about, saying what differs;
the "did you mean" hint says what differs when the names look alike; parent cycles are refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS

from partnerkg.errors import InvalidDataError
from partnerkg.iri import mint_iri, normalise_name
from partnerkg.namespaces import ID, ORG, PK
from partnerkg.spreadsheets.importer import import_spreadsheets

CYRILLIC_O = "\u043e"


def _csv(folder: Path, name: str, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = folder / name
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


def test_invisible_characters_are_removed_and_said(tmp_path: Path) -> None:
    orgs = _csv(tmp_path, "orgs.csv", [["name", "sector"], ["Mind\u200b", "voluntary"],
                                       ["Acme\u202e Trust", "private"], ["🏳️\u200d🌈 Alliance", "private"]])
    parts = _csv(tmp_path, "partnerships.csv", [["name", "partners"], ["P", "Min\u200dd; acme trust"]])
    result = import_spreadsheets([orgs, parts])
    assert result.matched == ["Mind"]  # the shipped Mind, not a second one
    g = result.graph
    assert (ID["organisation/mind"], RDFS.label, None) not in g
    assert list(g.objects(mint_iri("organisation", "Acme Trust"), RDFS.label)) == [Literal("Acme Trust", lang="en")]
    # a zero-width joiner that joins emoji is part of the name
    assert list(g.objects(mint_iri("organisation", "🏳️\u200d🌈 Alliance"), RDFS.label)) == [
        Literal("🏳️\u200d🌈 Alliance", lang="en")]
    assert set(g.objects(mint_iri("partnership", "P"), PK.hasPartner)) == {ID["organisation/mind"],
                                                                           mint_iri("organisation", "Acme Trust")}
    assert result.warnings == [
        f"{orgs}:2: the name 'Mind\\u200b' held invisible characters, removed: an invisible character (U+200B ZERO "
        "WIDTH SPACE) — the name is 'Mind'",
        f"{orgs}:3: the name 'Acme\\u202e Trust' held invisible characters, removed: an invisible character (U+202E "
        "RIGHT-TO-LEFT OVERRIDE) — the name is 'Acme Trust'",
    ]
    assert normalise_name("Mind\u200b") == normalise_name("mind") and mint_iri("organisation", "Mind\u2060") == \
        mint_iri("organisation", "Mind")


def test_a_new_name_that_looks_like_one_of_the_graph_is_warned_about(tmp_path: Path) -> None:
    name = f"Turning P{CYRILLIC_O}int"
    orgs = _csv(tmp_path, "orgs.csv", [["name"], [name], ["Leeds Mind"], ["Leeds Mlnd"]])
    result = import_spreadsheets([orgs])
    assert result.organisations == 3  # a look-alike is still a name of its own: warned, not refused
    assert result.warnings == [
        f"{orgs}:2: organisation '{name}' looks like 'Turning Point' of the graph but is another name (character 10 "
        "is 'о' (U+043E CYRILLIC SMALL LETTER O) where 'Turning Point' has 'o' (U+006F LATIN SMALL LETTER O)) — if it "
        "is the same organisation, write its name exactly",
    ]


def test_two_rows_that_look_alike_are_warned_about(tmp_path: Path) -> None:
    orgs = _csv(tmp_path, "orgs.csv", [["name"], ["Leeds Care Trust"], ["L\u0435eds Care Trust"]])
    result = import_spreadsheets([orgs], reference=None)
    assert result.warnings == [
        f"{orgs}:3: organisation 'Lеeds Care Trust' looks like 'Leeds Care Trust' on {orgs} row 2 but is another "
        "name (character 2 is 'е' (U+0435 CYRILLIC SMALL LETTER IE) where 'Leeds Care Trust' has 'e' (U+0065 LATIN "
        "SMALL LETTER E))",
    ]


def test_did_you_mean_says_what_differs_when_the_names_look_alike(tmp_path: Path) -> None:
    name = f"Turning P{CYRILLIC_O}int"
    parts = _csv(tmp_path, "partnerships.csv", [["name", "partners"], ["P", f"{name}; Mind"]])
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([parts])
    assert (f"{parts}:2:B (partners): '{name}' — not an organisation of this import or of the graph — did you mean "
            "'Turning Point' (character 10 is 'о' (U+043E CYRILLIC SMALL LETTER O) where 'Turning Point' has 'o' "
            "(U+006F LATIN SMALL LETTER O))?") in str(err.value)


@pytest.mark.parametrize(("rows", "cycles"), [
    ([["A", "B"], ["B", "A"]], {2: "'A' → 'B' → 'A'", 3: "'B' → 'A' → 'B'"}),
    ([["A", "B"], ["B", "C"], ["C", "A"], ["D", "A"]],
     {2: "'A' → 'B' → 'C' → 'A'", 3: "'B' → 'C' → 'A' → 'B'", 4: "'C' → 'A' → 'B' → 'C'"}),
    ([["Mind", "Mind Leeds"], ["Mind Leeds", "Mind"]], {2: "'Mind' → 'Mind Leeds' → 'Mind'",
                                                        3: "'Mind Leeds' → 'Mind' → 'Mind Leeds'"}),
], ids=["two", "three", "through-the-graph"])
def test_parent_cycles_are_refused(tmp_path: Path, rows: list[list[str]], cycles: dict[int, str]) -> None:
    orgs = _csv(tmp_path, "orgs.csv", [["name", "parent organisation"], *rows])
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([orgs])
    message = str(err.value)
    for number, chain in cycles.items():
        parent = rows[number - 2][1]
        assert (f"{orgs}:{number}:B (parent organisation): {parent!r} — makes a cycle of parents: {chain} — an "
                "organisation cannot be part of itself — remove the parent of one of them") in message
    # a row whose parent is in a cycle (D in A) is refused because of it, not as a cycle of its own
    assert message.count("makes a cycle") == len(cycles)


def test_a_parent_chain_without_a_cycle_is_fine(tmp_path: Path) -> None:
    orgs = _csv(tmp_path, "orgs.csv", [["name", "parent organisation"], ["A", "B"], ["B", "Mind"], ["C", "A"]])
    g = import_spreadsheets([orgs]).graph
    assert g.value(mint_iri("organisation", "A"), ORG.subOrganizationOf) == mint_iri("organisation", "B")
    assert g.value(mint_iri("organisation", "B"), ORG.subOrganizationOf) == ID["organisation/mind"]


def test_direction_marks_stay_in_the_name_but_not_in_comparisons(tmp_path: Path) -> None:
    name = "Mixed \u200fRTL\u200e marks"
    orgs = _csv(tmp_path, "orgs.csv", [["name"], [name], ["Mind\u200e"]])
    result = import_spreadsheets([orgs])
    assert result.matched == ["Mind\u200e"] and result.warnings == []
    assert list(result.graph.objects(mint_iri("organisation", name), RDFS.label)) == [Literal(name, lang="en")]
    assert mint_iri("organisation", name) == mint_iri("organisation", "Mixed RTL marks")
