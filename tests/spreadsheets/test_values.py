"""Controlled vocabularies from the ontology's labels, and the cell value parsers."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from partnerkg.namespaces import PK
from partnerkg.spreadsheets.values import (
    ValueProblem,
    key,
    ontology_vocabularies,
    parse_boolean,
    parse_website,
    parse_year,
)


@pytest.mark.parametrize(("column", "text", "expected"), [
    ("model", "co-location", PK.CoLocationModel),
    ("model", "Colocation model", PK.CoLocationModel),
    ("model", "CO LOCATION MODEL", PK.CoLocationModel),
    ("model", "<https://w3id.org/partnerkg/ontology#CoLocationModel>", PK.CoLocationModel),
    ("model", "https://w3id.org/partnerkg/ontology#CoLocationModel", PK.CoLocationModel),
    ("model", "pk:CoLocationModel", PK.CoLocationModel),
    ("model", "steering group", PK.SteeringGroupModel),
    ("sector", "statutory", PK.StatutorySector),
    ("sector", "Third Sector", PK.VoluntaryCommunitySector),
    ("sector", "voluntary", PK.VoluntaryCommunitySector),
    ("sector", "Private-sector", PK.PrivateSector),
    ("stage", "delivery", PK.PartnershipProgrammeDelivery),
    ("stage", "Pre-partnership collaboration", PK.PrePartnershipCollaboration),
    ("working mode", "multi agency", PK.MultiAgencyWorking),
    ("working mode", "Multi-disciplinary working", PK.MultiDisciplinaryWorking),
    ("kind", "NHS trust", PK.NHSTrust),
    ("kind", "charity", PK.Charity),
    ("kind", "Local Authority", PK.LocalAuthority),
    ("kind", "Research organisation", PK.ResearchOrganisation),  # an altLabel
    ("kind", "Organisation", PK.Organisation),
    ("kind", "unnamed", PK.UnnamedOrganisation),
])
def test_controlled_values_resolve(column: str, text: str, expected: object) -> None:
    assert ontology_vocabularies()[column].resolve(text) == expected


def test_unknown_value_lists_a_small_vocabulary() -> None:
    with pytest.raises(ValueProblem) as err:
        ontology_vocabularies()["model"].resolve("partnership board")
    assert err.value.problem == "not a known partnership model"
    assert err.value.instead == ("write one of: 'co-location model', 'separate organisation model', "
                                 "'steering group model', 'virtual organisation model'")


def test_unknown_value_suggests_the_closest_of_a_long_list() -> None:
    with pytest.raises(ValueProblem) as err:
        ontology_vocabularies()["kind"].resolve("Primary care trsut")
    assert err.value.instead == "did you mean 'Primary care trust'?"


def test_ambiguous_part_is_refused_with_the_candidates() -> None:
    with pytest.raises(ValueProblem) as err:
        ontology_vocabularies()["kind"].resolve("trust")
    assert err.value.problem == "could be any of 'Mental health trust', 'NHS trust', 'Primary care trust'"


def test_an_iri_outside_the_vocabulary_is_refused() -> None:
    with pytest.raises(ValueProblem, match="is not a sector"):
        ontology_vocabularies()["sector"].resolve("pk:CoLocationModel")


def test_key_ignores_case_accents_and_punctuation() -> None:
    assert key("Co-Location  Model!") == key("colocation model") == "colocationmodel"
    assert key("Ünïcödé") == "unicode"
    assert key("مؤسسة النور") == "موسسةالنور"  # combining marks are dropped in every script


@pytest.mark.parametrize(("value", "expected"), [
    ("yes", True), ("Y", True), ("TRUE", True), ("formal", True), (True, True), (1, True), ("1", True),
    ("no", False), ("informal", False), ("Ad hoc", False), ("ad-hoc", False), (False, False), (0.0, False),
])
def test_booleans(value: object, expected: bool) -> None:
    assert parse_boolean(value) is expected


@pytest.mark.parametrize("value", ["maybe", "2", "", "sometimes"])
def test_bad_booleans(value: str) -> None:
    with pytest.raises(ValueProblem, match="not yes or no"):
        parse_boolean(value)


@pytest.mark.parametrize(("value", "text"), [("2004", "2004"), (2004, "2004"), (2004.0, "2004"), (" 1998 ", "1998")])
def test_years(value: object, text: str) -> None:
    assert parse_year(value) == Literal(text, datatype=XSD.gYear)


@pytest.mark.parametrize(("value", "instead"), [
    ("twenty", "write four digits, e.g. 2004"), ("04", "write four digits, e.g. 2004"),
    (2004.5, "write four digits, e.g. 2004"), (True, "write four digits, e.g. 2004"),
    (dt.datetime(2004, 4, 1), "write the year only, e.g. 2004"),
])
def test_bad_years(value: object, instead: str) -> None:
    with pytest.raises(ValueProblem) as err:
        parse_year(value)
    assert err.value.instead == instead


def test_websites() -> None:
    assert str(parse_website(" https://example.org/a?b=c ")) == "https://example.org/a?b=c"
    assert str(parse_website("http://example.org")) == "http://example.org"


@pytest.mark.parametrize(("value", "problem"), [
    ("javascript:alert(1)", "not a web address"),
    ("ftp://example.org/", "not a web address"),
    ("https://exa mple.org/", "not a web address"),
    ('https://example.org/"><script>', "not a web address"),
    ("https://", "not a web address"),
    ("www.example.org", "not a full web address"),
])
def test_bad_websites(value: str, problem: str) -> None:
    with pytest.raises(ValueProblem) as err:
        parse_website(value)
    assert err.value.problem == problem


@pytest.mark.parametrize(("value", "instead"), [
    ("www.example.org", "write it with https://, e.g. https://www.example.org"),
    ("//evil.example/", "write it with https://, e.g. https://evil.example/"),  # not https:////evil.example/
    ("///evil.example/a", "write it with https://, e.g. https://evil.example/a"),
    ("/x.y", "write an address starting with https:// (or http://)"),  # a path, not an address
])
def test_an_address_without_its_scheme_is_suggested_with_one(value: str, instead: str) -> None:
    with pytest.raises(ValueProblem) as err:
        parse_website(value)
    assert err.value.instead == instead
