"""The inventory of the five source texts (``graph/inventory.csv``): every item is listed, every row is held.

A row fails when its IRI is missing from the shipped graph, has no quote from the row's source, or no such quote
holds the row's first words; the texts fail the inventory when they hold a box, table, numbered run, bullet or
reference that no row lists. Coverage (entities with a type, a relation and a quote) is pinned exactly.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from partnerkg.graph.inventory import (
    ITEM_KINDS,
    Row,
    coverage,
    detect_items,
    read_inventory,
    resolve,
    row_problems,
    unlisted_items,
)
from partnerkg.namespaces import ID, PK

KINDS = ITEM_KINDS | {
    "barrier", "benefit", "box", "cited-work", "definition", "dimension-value", "facilitator", "figure", "list",
    "misconception", "organisation", "partnership", "partnership-kind", "person", "policy", "provision", "reason",
    "recommendation", "reference-list", "service-category", "stage", "study", "table", "working-mode",
}
FILES = ["000_ecf9cfcfcd6731a9.txt", "001_81855d3f69df9148.txt", "002_e3684543160d23d5.txt",
         "003_fa0cb96597df18b3.txt", "004_e2b55c30f96c6e11.txt"]


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return read_inventory()


def test_every_row_is_in_the_build_with_a_quote_from_its_source(rows: list[Row], shipped: Graph) -> None:
    assert row_problems(rows, shipped) == []


def test_every_box_table_and_list_item_of_the_texts_is_listed(rows: list[Row], seeds_dir: Path) -> None:
    assert unlisted_items(rows, seeds_dir) == []


def test_rows_are_well_formed_and_unique(rows: list[Row]) -> None:
    assert {r.source for r in rows} == set(FILES)
    assert {r.kind for r in rows} <= KINDS
    keys = Counter((r.source, r.location, r.first_words, r.iri) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []
    assert all(str(resolve(r.iri)).startswith((str(ID), str(PK))) for r in rows)


def test_every_source_is_read_to_the_end(rows: list[Row]) -> None:
    # the last item of each text is listed: Box 1 of 000, MCQ 5 of 001, the last rubbish tip of 002, the notes on
    # the contributor of 003 and the last dimension of 004
    last = {r.source: r for r in rows}
    assert last["000_ecf9cfcfcd6731a9.txt"].first_words == "Partnership termination and succession"
    assert last["001_81855d3f69df9148.txt"].location == "MCQ 5"
    assert last["002_e3684543160d23d5.txt"].first_words == "Go for as many partners as you can get."
    assert last["003_fa0cb96597df18b3.txt"].location == "Notes on contributors"
    assert last["004_e2b55c30f96c6e11.txt"].iri == "pk:Evolved"


def test_detection_finds_every_structure_of_the_texts(seeds_dir: Path) -> None:
    found = {}
    for name in FILES:
        items = list(detect_items(name, (seeds_dir / name).read_text(encoding="utf-8")))
        found[name] = Counter(i.label if i.kind in ("box", "table") else i.kind + (" (alone)" if not i.text else "")
                              for i in items)
    assert found["000_ecf9cfcfcd6731a9.txt"] == Counter({"Table 1": 1, "Box 1": 1})
    assert found["001_81855d3f69df9148.txt"] == Counter(
        {"bullet (alone)": 41, "numbered": 5, "Table 1": 1, **{f"Box {n}": 1 for n in range(1, 8)}})
    assert found["002_e3684543160d23d5.txt"] == Counter({"bullet": 8, "numbered": 2})
    # twelve lessons (i)-(xii), four phases, two recommendations; sixteen references; twelve dashed bullets
    assert found["003_fa0cb96597df18b3.txt"] == Counter({"numbered": 18, "reference": 16, "bullet": 12})
    assert found["004_e2b55c30f96c6e11.txt"] == Counter({"bullet": 8})


def test_a_lone_heading_number_is_not_a_numbered_run() -> None:
    text = "4 Working with partner services and groups\n4.1 What do we mean\n- Inter-agency working usually\n"
    assert [(i.kind, i.label) for i in detect_items("x.txt", text)] == [("bullet", "-")]
    run = "intro\n1 First item here\nsome text\n2 Second item there\n3 Third item\n"
    assert [i.label for i in detect_items("x.txt", run)] == ["1", "2", "3"]


def test_unlisted_items_are_reported(rows: list[Row], seeds_dir: Path) -> None:
    def without(pred) -> list[str]:
        return unlisted_items([r for r in rows if not pred(r)], seeds_dir)

    # a box with no row located in it
    problems = without(lambda r: r.source.startswith("001") and r.location == "Box 5")
    assert len(problems) == 1
    assert problems[0].startswith("001_81855d3f69df9148.txt:")
    assert problems[0].endswith("box Box 5: no inventory row is located in it")
    # a lesson of the numbered run (v)
    problems = without(lambda r: r.location == "Lesson (v)")
    assert len(problems) == 1 and "numbered (v) 'The importance of time spent on devising" in problems[0]
    # a reference of the reference list
    problems = without(lambda r: r.kind == "reference" and r.iri == "work/huxham-1996")
    assert len(problems) == 1 and "reference reference 'Huxham, C. (1996)" in problems[0]
    # bullets left on lines of their own are counted against the list items of 001
    problems = without(lambda r: r.source.startswith("001") and r.kind in ITEM_KINDS)
    assert any("41 bullets stand on lines of their own but only 0 rows" in p for p in problems)


def test_bad_rows_are_reported(shipped: Graph) -> None:
    bad = [
        Row("001_81855d3f69df9148.txt", "Box 3", "organisation", "Turning Point", "organisation/no-such-thing", 2),
        # Turning Point is quoted from 001 only
        Row("000_ecf9cfcfcd6731a9.txt", "Introduction", "organisation", "Turning Point", "organisation/turning-point",
            3),
        Row("001_81855d3f69df9148.txt", "Box 3", "organisation", "words no quote holds", "organisation/turning-point",
            4),
        Row("009_none.txt", "Box 3", "organisation", "Turning Point", "organisation/turning-point", 5),
    ]
    problems = row_problems(bad, shipped)
    assert [p.split(": ", 1)[0] for p in problems] == [f"inventory.csv:{n}" for n in (2, 3, 4, 5)]
    assert "is not in the graph" in problems[0]
    assert "has no quote from 000_ecf9cfcfcd6731a9.txt" in problems[1]
    assert "holds the first words" in problems[2]
    assert "is not a source document" in problems[3]


def test_the_inventory_format_is_checked() -> None:
    with pytest.raises(ValueError, match=r"inventory\.csv:1: expected the columns"):
        read_inventory("source,where\n")
    with pytest.raises(ValueError, match=r"inventory\.csv:3: expected 5 non-empty fields"):
        read_inventory("source,location,kind,first_words,iri\na,b,c,d,e\na,b,,d,e\n")


# Items the texts state without any relation to another entity: nothing is invented to link them.
UNCOVERED = {
    "figure/first-episodes-of-psychosis-between-16-and-30",  # a figure of the text's own, of no study
    "work/glasby-peck-2006", "work/butler-shaw-1996", "work/kampenaar-2001", "work/hallett-1995",  # context only
    "definition/partnership-working-synonyms", "definition/nhs-voluntary-mcq-partnership-working",
    "definition/partnership-working-range-of-arrangements", "definition/course-partnership-working",
    "partnership/national-strategic-partnership-forum",  # no members named
    "policy/2007-comprehensive-spending-review", "policy/mental-health-act-1983", "policy/seebohm-reforms",
    "partnership-kind/local-strategic-partnerships", "partnership-kind/urban-regeneration-schemes",
    "partnership-kind/community-safety-strategies", "partnership-kind/early-years-partnerships",  # no policy named
}


def test_coverage(rows: list[Row], shipped: Graph) -> None:
    result = coverage(rows, shipped)
    assert (result.covered, result.total) == (710, 729)
    assert {r.iri for r in result.uncovered} == UNCOVERED
    assert str(result) == "710 of 729 inventory items (97.4%) are entities with type, relations and a quote"
    assert result.by_kind["figure"] == (91, 92) and result.by_kind["box-entry"] == (53, 53)


def test_docstring_examples() -> None:
    import doctest

    import partnerkg.graph.inventory as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
