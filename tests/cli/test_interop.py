"""The template, import, export and push commands, in-process; and once in a real process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from partnerkg.interop.export import serialise
from partnerkg.iri import mint_iri
from partnerkg.namespaces import PK
from partnerkg.rdf_files import RDFFormat, read_rdf_bytes
from partnerkg.spreadsheets.blanks import TEMPLATE_FILES
from tests.interop.store_server import PASSWORD, USER, StoreServer

FIXTURES = Path(__file__).parent.parent / "spreadsheets" / "fixtures"
ROOT = Path(__file__).parent.parent.parent


# ---- template ---------------------------------------------------------------------------------------------


def test_template_writes_the_files_and_refuses_to_overwrite(run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "templates"
    result = run("template", "--output", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(TEMPLATE_FILES)
    assert (out / "organisations.csv").read_bytes() == \
        "\ufeffname,sector,kind,region,parent organisation,website,identifiers,ODS code\r\n".encode()
    assert (out / "partnerships.csv").read_text(encoding="utf-8-sig").strip() == (
        "name,partners,model,stage,formal,working mode,start year,end year,related policies,barriers,facilitators,"
        "features,lacks features,source / notes")
    guide = (out / "guide.txt").read_text()
    assert "allowed: a co-ordinator; a community development post; a formal agreement; a pilot project; a shared" \
           " base; a shared protocol; a steering group; joint training; pooled funding; service user involvement;" \
           " short-term funding" in guide  # the features of a plan for 'partnerkg diagnose --plan'
    assert "allowed: co-location model; separate organisation model; steering group model; virtual organisation" \
           " model" in guide
    first = (out / "partnerkg-template.xlsx").read_bytes()
    (out / "organisations.csv").write_text("name\nMy precious data\n")
    refused = run("template", "--output", out)
    assert refused.exit_code == 2 and "already holds" in refused.stderr
    assert (out / "organisations.csv").read_text() == "name\nMy precious data\n"
    assert run("template", "--output", out, "--force").exit_code == 0
    assert (out / "partnerkg-template.xlsx").read_bytes() == first  # reproducible bytes


def test_a_filled_in_xlsx_template_imports(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("template", "--output", tmp_path).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "partnerkg-template.xlsx")
    assert wb.sheetnames == ["organisations", "partnerships", "memberships", "lists", "guide"]
    assert wb["organisations"].data_validations.dataValidation  # drop-down lists
    wb["organisations"].append(["Leeds Hub", "statutory", "Local authority"])
    wb["partnerships"].append(["Hub and Mind", "Leeds Hub; Mind", "co-location model"])
    wb.save(tmp_path / "filled.xlsx")
    result = run("import", tmp_path / "filled.xlsx", "--output", tmp_path / "mine.ttl")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the template's own guide and lists sheets are skipped silently
    assert result.stdout == (f"imported 1 organisation(s) and 1 partnership(s): 28 triples written to "
                             f"{tmp_path / 'mine.ttl'}\n")
    g = Graph().parse(tmp_path / "mine.ttl")
    assert (mint_iri("partnership", "Hub and Mind"), PK.partnershipModel, PK.CoLocationModel) in g


# ---- import -----------------------------------------------------------------------------------------------


def test_import_writes_validated_turtle(run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "mine.ttl"
    result = run("import", FIXTURES / "organisations.csv", FIXTURES / "partnerships.csv", "--output", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("imported 8 organisation(s) and 4 partnership(s), 1 matched to the graph, "
                                    "1 new region(s): 171 triples written to")
    g = Graph().parse(out)
    assert len(g) == 171
    assert not list(out.parent.glob(".*.tmp"))  # written through a temporary file


def test_import_with_a_problem_writes_nothing(run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "mine.ttl"
    out.write_text("# the old file\n")
    result = run("import", FIXTURES / "bad_organisations.csv", FIXTURES / "bad_partnerships.csv", "--output", out)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: 13 problem(s) in 12 row(s); nothing was imported "
                                    "(--skip-invalid imports the other rows):\n")
    assert "Traceback" not in result.stderr
    assert out.read_text() == "# the old file\n"
    skipped = run("import", FIXTURES / "bad_organisations.csv", FIXTURES / "bad_partnerships.csv", "--output", out,
                  "--skip-invalid")
    assert skipped.exit_code == 0
    assert "skipped 12 row(s) with problems:" in skipped.stderr
    assert f"  {FIXTURES / 'bad_partnerships.csv'}:5:B (partners): 'Child Org' — names the organisation" in \
        skipped.stderr
    assert {str(o) for o in Graph().parse(out).objects(None, RDFS.label)} >= {"Good Org", "Fine One"}


@pytest.mark.parametrize(("data", "code", "message"), [
    (b"name,sector\nA\x00,private\n", 2, "holds NUL bytes"),
    (b"", 2, "the file is empty"),
    (b"name,sectr\nA,private\n", 2, "did you mean 'sector'?"),
    (b"name,sector\nA,privite\n", 1, "not a known sector"),
])
def test_import_exit_codes(run: Callable[..., Result], tmp_path: Path, data: bytes, code: int, message: str) -> None:
    (tmp_path / "o.csv").write_bytes(data)
    result = run("import", tmp_path / "o.csv", "--output", tmp_path / "out.ttl")
    assert result.exit_code == code and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.ttl").exists()


def test_import_to_stdout_in_any_format(run: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_text("name\nΑθηνά Trust\n")
    result = run("import", tmp_path / "o.csv", "--output", "-")
    assert result.exit_code == 0
    assert '"Αθηνά Trust"@en' in result.stdout and "imported 1 organisation(s)" in result.stderr
    result = run("import", tmp_path / "o.csv", "--output", tmp_path / "o.jsonld")
    doc = json.loads((tmp_path / "o.jsonld").read_text())
    assert any(n.get("rdfs:label") == {"@language": "en", "@value": "Αθηνά Trust"} for n in doc["@graph"])


def test_import_with_cp1252_warns(run: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_bytes("name\nCafé Nero\n".encode("cp1252"))
    result = run("import", tmp_path / "o.csv", "--output", tmp_path / "o.ttl", "--no-shipped")
    assert result.exit_code == 0
    assert "warning: " in result.stderr and "read as Windows-1252" in result.stderr
    assert (mint_iri("organisation", "Café Nero"), RDFS.label, Literal("Café Nero", lang="en")) in \
        Graph().parse(tmp_path / "o.ttl")


# ---- export -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [("turtle", RDFFormat.TURTLE), ("ntriples", RDFFormat.NTRIPLES),
                                           ("nquads", RDFFormat.NQUADS), ("trig", RDFFormat.TRIG),
                                           ("jsonld", RDFFormat.JSONLD), ("rdfxml", RDFFormat.RDFXML)])
def test_export_formats(run: Callable[..., Result], tmp_path: Path, name: str, fmt: RDFFormat) -> None:
    (tmp_path / "mine.ttl").write_text('<https://w3id.org/partnerkg/id/organisation/x> '
                                       '<http://www.w3.org/2000/01/rdf-schema#label> "X \\"quoted\\"\\n"@en .\n')
    result = run("export", "--format", name, "--data", tmp_path / "mine.ttl", "--no-shipped")
    assert result.exit_code == 0
    back = read_rdf_bytes(result.stdout_bytes, fmt, "stdout")
    assert [str(o) for o in back.objects()] == ['X "quoted"\n']
    from partnerkg.store.graphs import open_graph

    assert result.stdout_bytes == serialise(open_graph([tmp_path / "mine.ttl"], shipped=False), fmt)


def test_export_to_a_file_takes_the_format_from_the_extension(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("export", "--output", tmp_path / "all.nt")
    assert result.exit_code == 0 and "bytes of NTRIPLES" in result.stderr
    lines = (tmp_path / "all.nt").read_text().splitlines()
    assert lines == sorted(lines) and len(lines) > 7000
    assert run("export", "--no-shipped").exit_code == 2
    assert run("export", "--output", tmp_path / "x.pdf").exit_code == 2
    assert run("export", "--data", tmp_path / "missing.ttl").exit_code == 2


# ---- push -------------------------------------------------------------------------------------------------


def test_push_command(run: Callable[..., Result], store_server: Callable[..., StoreServer], tmp_path: Path) -> None:
    server = store_server(auth="digest")
    (tmp_path / "mine.ttl").write_text('<urn:a> <urn:b> "c" . <urn:a> <urn:b> [ <urn:c> "d" ] .\n')
    result = run("push", "--endpoint", f"{server.url}/store", "--graph", "https://example.org/g", "--user", USER,
                 "--password", PASSWORD, "--data", tmp_path / "mine.ttl", "--no-shipped", "--batch-size", "1")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(f"pushed 3 triples in 2 batch\\(es\\) to <https://example.org/g> at {server.url}/store "
                        r"\([0-9.]+ s\); the store holds 3 triples there\n", result.stdout), result.stdout
    bad = run("push", "--endpoint", f"{server.url}/store", "--user", USER, "--password", "wrong",
              "--data", tmp_path / "mine.ttl", "--no-shipped")
    assert bad.exit_code == 2 and "the user name or password was refused" in bad.stderr
    assert run("push", "--endpoint", f"{server.url}/store", "--password", "x").exit_code == 2


def test_push_command_takes_the_password_from_the_environment(run: Callable[..., Result],
                                                              store_server: Callable[..., StoreServer],
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = store_server(auth="basic")
    (tmp_path / "mine.nt").write_text("<urn:a> <urn:b> <urn:c> .\n")
    monkeypatch.setenv("PARTNERKG_PASSWORD", PASSWORD)
    result = run("push", "--endpoint", f"{server.url}/store", "--user", USER, "--data", tmp_path / "mine.nt",
                 "--no-shipped")
    assert result.exit_code == 0, result.output


# ---- a real process ---------------------------------------------------------------------------------------


def test_commands_in_a_real_process(tmp_path: Path) -> None:
    """The installed entry point has the commands, and export's bytes do not depend on the hash seed."""
    exe = [sys.executable, "-m", "partnerkg"]
    helptext = subprocess.run([*exe, "--help"], capture_output=True, text=True, check=True, timeout=120).stdout
    for command in ("template", "import", "export", "push"):
        assert f"  {command} " in helptext, f"'partnerkg {command}' is not registered in partnerkg.cli"
    env = {**os.environ, "PYTHONHASHSEED": "987"}
    done = subprocess.run([*exe, "export", "--format", "jsonld", "--output", str(tmp_path / "a.jsonld")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    from partnerkg.store.graphs import open_graph

    assert (tmp_path / "a.jsonld").read_bytes() == serialise(open_graph(), RDFFormat.JSONLD)
    bad = subprocess.run([*exe, "import", str(FIXTURES / "bad_organisations.csv"), "-o", str(tmp_path / "x.ttl")],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and not (tmp_path / "x.ttl").exists()


def test_names_come_back_intact_in_the_maps(run: Callable[..., Result], tmp_path: Path) -> None:
    names = ['Café "Ørsted", Ltd', "Line one\nline two", "مؤسسة النور", "🌈 Rainbow", "</script><script>x=1</script>",
             "Cafe\u0301 NFD"]
    (tmp_path / "o.csv").write_text("name\n" + "".join(f'"{n.replace(chr(34), chr(34) * 2)}"\n' for n in names))
    partners = ";".join(" ".join(n.split()).replace('"', '""') for n in names)  # "Line one line two": the same name
    (tmp_path / "partnerships.csv").write_text(f'name,partners\nLink,"{partners}"\n')
    assert run("import", tmp_path / "o.csv", tmp_path / "partnerships.csv", "--no-shipped", "-o",
               tmp_path / "mine.ttl").exit_code == 0
    result = run("map", "--view", "partnerships", "--data", tmp_path / "mine.ttl", "--no-shipped", "-o",
                 tmp_path / "map.html")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "</script><script>x=1" not in page  # inert in the page...
    data = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    assert data is not None
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(data.group(1)))
    for name in names:  # ...and intact in the data the page draws (a line break drawn as a space: the same name)
        assert name in found or ("\n" in name and " ".join(name.split()) in found), name
