"""`partnerkg build` and `partnerkg validate` through the real CLI (in-process with click's runner)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnerkg.cli import cli

from ..conftest import CHECK_QUOTES

BAD_PARTNERSHIP = """\
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/p> a pk:Partnership ; rdfs:label "Lonely partnership"@en ;
    pk:hasPartner <https://w3id.org/partnerkg/id/organisation/turning-point> .
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory, java):
    out = tmp_path_factory.mktemp("build") / "out"
    result = CliRunner().invoke(cli, ["build", "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def test_build_writes_every_output(built):
    out, result = built
    assert sorted(p.name for p in out.iterdir()) == [".partnerkg-build", "diagnoses", "docs", "maps", "ontology.ttl",
                                                      "partnerkg.jsonld",
                                                      "partnerkg.nt", "partnerkg.ttl"]
    assert len(list((out / "diagnoses").iterdir())) == 25  # 24 partnerships' reports and their index
    assert sorted(p.name for p in (out / "maps").iterdir()) == [
        "barriers.html", "index.html", "organisations.html", "partnerships.html", "policies.html"]
    assert sorted(p.name for p in (out / "docs").iterdir()) == ["index.html", "ontology.ttl"]
    assert 'id="Organisation"' in (out / "docs" / "index.html").read_text()
    assert "the ontology reference in docs/" in result.output
    assert "5 map files, with 24 diagnosis reports in diagnoses/ that they link," in result.output
    assert "HermiT: consistent" in result.output
    assert "Partnership" in result.output


def test_built_turtle_passes_the_shared_quote_check(built, seeds_dir):
    out, _ = built
    assert CHECK_QUOTES.is_file()
    proc = subprocess.run([sys.executable, str(CHECK_QUOTES), str(out / "partnerkg.ttl"), str(seeds_dir)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ", 0 not found, 0 in the wrong source, 0 too short" in proc.stdout


def test_build_with_invalid_data_exits_1_and_keeps_the_old_output(built, tmp_path):
    out, _ = built
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_PARTNERSHIP, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--output", str(out), "--data", str(bad), "--no-owl"])
    assert result.exit_code == 1
    assert "at least two partners" in result.output
    assert "nothing was written" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]  # no staging folder left behind


def test_build_refuses_the_working_folder_holding_other_files(tmp_path, monkeypatch):
    """`build --output .` once emptied the working folder; now it is refused first."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(work)
    link = tmp_path / "link"
    link.symlink_to(work)
    for output in (".", str(work), str(link), str(tmp_path)):
        result = CliRunner().invoke(cli, ["build", "--output", output, "--no-owl", "--no-maps"])
        assert result.exit_code == 2, result.output
        assert "is the working folder (or holds it)" in result.output and "--force" in result.output
        assert [p.name for p in work.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "work"]


def test_build_keeps_files_of_someone_else_and_replaces_them_only_with_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("ontology.ttl", "partnerkg.ttl"):  # a build from before the marker file counts as ours
        (out / name).write_text("old", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--output", str(out), "--no-owl", "--no-maps"])
    assert result.exit_code == 0, result.output
    assert (out / ".partnerkg-build").is_file() and (out / "partnerkg.nt").is_file()
    other = tmp_path / "other"
    other.mkdir()
    (other / "log").write_text("the build's own log, written by the shell", encoding="utf-8")
    for _ in range(2):  # into the folder holding only the log, then into that build beside the log
        result = CliRunner().invoke(cli, ["build", "--output", str(other), "--no-owl", "--no-maps"])
        assert result.exit_code == 0, result.output
        assert (other / "log").read_text() == "the build's own log, written by the shell"
        assert (other / "partnerkg.ttl").is_file()
    (other / "drafts").mkdir()
    result = CliRunner().invoke(cli, ["build", "--output", str(other), "--no-owl", "--no-maps"])
    assert result.exit_code == 2 and "holds folders that are not part of an earlier partnerkg build (drafts)" in \
        result.output
    result = CliRunner().invoke(cli, ["build", "--output", str(other), "--no-owl", "--no-maps", "--force"])
    assert result.exit_code == 0, result.output
    assert not (other / "log").exists() and not (other / "drafts").exists() and (other / "partnerkg.ttl").is_file()


def test_build_with_missing_data_file_exits_2_naming_it(tmp_path):
    missing = tmp_path / "nope.ttl"
    result = CliRunner().invoke(cli, ["build", "--output", str(tmp_path / "o"), "--data", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.output and "no such file" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_validate_reports_violations_with_exit_1(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_PARTNERSHIP, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad), "--no-owl"])
    assert result.exit_code == 1
    assert "<http://example.org/p> pk:hasPartner: a partnership has at least two partners" in result.output


def test_validate_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text('@prefix pk: <https://w3id.org/partnerkg/ontology#> .\n\n<a> pk:x "unterminated .\n',
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad), "--no-owl"])
    assert result.exit_code == 2
    assert f"{bad}:3" in result.output
    assert "Traceback" not in result.output


def test_validate_ill_typed_year_exits_1(tmp_path):
    bad = tmp_path / "year.ttl"
    bad.write_text(
        '@prefix pk: <https://w3id.org/partnerkg/ontology#> .\n'
        '@prefix dcterms: <http://purl.org/dc/terms/> .\n'
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        '<http://example.org/pol> a pk:Act ; dcterms:issued "twenty"^^xsd:gYear .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad), "--no-owl"])
    assert result.exit_code == 1
    assert "dcterms:issued" in result.output


def test_validate_inconsistent_data_exits_1(tmp_path, java):
    bad = tmp_path / "two.ttl"
    bad.write_text(
        '@prefix pk: <https://w3id.org/partnerkg/ontology#> .\n'
        '<http://example.org/o> pk:sector pk:StatutorySector , pk:PrivateSector .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "inconsistent" in result.output


@pytest.mark.parametrize("command", [[], ["build"], ["validate"]])
def test_help_of_every_command(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_console_script_runs_from_any_directory(tmp_path):
    exe = Path(sys.executable).with_name("partnerkg")
    assert exe.exists(), "the partnerkg console script is not installed"
    proc = subprocess.run([str(exe), "--version"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "partnerkg" in proc.stdout
