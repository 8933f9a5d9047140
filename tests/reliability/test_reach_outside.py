"""build --data and validate read hostile files without reaching the network or other local files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from partnerkg.cli import cli

from .listener import Listener

HOSTNAME = Path("/etc/hostname")


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def hostile_files(tmp_path: Path, url: str) -> dict[str, tuple[Path, str]]:
    """Files that would make a careless reader fetch ``url`` or read /etc/hostname, with the expected message."""
    files = {
        "jsonld-remote-context": (
            "doc.jsonld", f'{{"@context": "{url}context.jsonld", "@id": "http://example.org/x", "name": "x"}}',
            "remote JSON-LD context"),
        "jsonld-nested-remote-context": (
            "nested.jsonld",
            f'{{"@context": {{"ex": "http://example.org/"}}, "@graph": [{{"@context": ["{url}c"], "@id": "ex:y"}}]}}',
            "remote JSON-LD context"),
        "rdfxml-external-entity": (
            "doc.rdf",
            '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "file:///etc/hostname"> '
            f'<!ENTITY net SYSTEM "{url}x"> ]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:about="http://example.org/x"><ex:p>&ext;&net;</ex:p></rdf:Description></rdf:RDF>',
            "DOCTYPE"),
        "rdfxml-billion-laughs": (
            "laughs.rdf",
            '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"> ]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
            "DOCTYPE"),
    }
    out = {}
    for key, (name, text, expected) in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out[key] = (path, expected)
    return out


@pytest.mark.parametrize("command", ["build", "validate"])
@pytest.mark.parametrize(
    "case", ["jsonld-remote-context", "jsonld-nested-remote-context", "rdfxml-external-entity",
             "rdfxml-billion-laughs"])
def test_hostile_rdf_is_refused_without_any_connection(tmp_path, listener, command, case):
    path, expected = hostile_files(tmp_path, listener.url)[case]
    args = ["build", "--output", str(tmp_path / "out"), "--data", str(path), "--no-owl", "--no-maps"] \
        if command == "build" else ["validate", str(path), "--no-owl"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert expected in result.output and str(path) in result.output
    assert "Traceback" not in result.output
    assert listener.connections == 0
    if HOSTNAME.exists() and HOSTNAME.read_text().strip():
        assert HOSTNAME.read_text().strip() not in result.output
    assert not (tmp_path / "out").exists()


def test_owl_imports_are_not_followed_by_hermit(tmp_path, listener, java):
    data = tmp_path / "imports.ttl"
    data.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<http://example.org/onto> a owl:Ontology ; owl:imports <{listener.url}onto.owl> .\n",
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 0, result.output
    assert "HermiT: consistent" in result.output
    assert listener.connections == 0
