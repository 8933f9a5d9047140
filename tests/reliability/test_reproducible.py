"""`partnerkg build` twice gives byte-identical outputs, whatever the hash seed, folder and locale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _build(out: Path, cwd: Path, seed: str, locale: str) -> None:
    exe = Path(sys.executable).with_name("partnerkg")
    env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": locale, "LANG": locale}
    proc = subprocess.run([str(exe), "build", "--output", str(out)], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path, java):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _build(tmp_path / "a" / "out", tmp_path / "a", "1", "C.UTF-8")
    _build(tmp_path / "b" / "out", tmp_path / "b", "4242", "C")
    first, second = _tree(tmp_path / "a" / "out"), _tree(tmp_path / "b" / "out")
    assert sorted(first) == sorted(second)
    assert {"partnerkg.ttl", "partnerkg.nt", "partnerkg.jsonld", "maps/index.html"} <= set(first)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
