"""All-or-nothing writes: a failure or a SIGKILL at any moment leaves the old file or folder whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partnerkg.atomic import atomic_directory, atomic_write_bytes, exchange_directories
from partnerkg.errors import InputError


def test_a_file_is_replaced_whole_and_keeps_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_a_failed_folder_build_leaves_the_old_folder_and_no_debris(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "old.txt").write_text("old")
    with pytest.raises(RuntimeError), atomic_directory(out) as staging:
        (staging / "new.txt").write_text("half")
        raise RuntimeError("validation failed")
    assert [p.name for p in tmp_path.iterdir()] == ["build"]
    assert [p.name for p in out.iterdir()] == ["old.txt"]


def test_a_folder_is_swapped_in_whole(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "old.txt").write_text("old")
    with atomic_directory(out) as staging:
        (staging / "new.txt").write_text("new")
    assert [p.name for p in out.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_a_file_where_the_folder_should_be_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.write_text("a user's file")
    with pytest.raises(InputError, match="is a file, not a folder"), atomic_directory(out):
        pass
    assert out.read_text() == "a user's file"


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "in-a").touch()
    (b / "in-b").touch()
    exchange_directories(a, b)
    assert [p.name for p in a.iterdir()] == ["in-b"]
    assert [p.name for p in b.iterdir()] == ["in-a"]


# A writer that rewrites the folder in a loop; the parent kills it at a random moment.
_WRITER = """
import sys
from partnerkg.atomic import atomic_directory, atomic_write_bytes
out, n = sys.argv[1], 0
print("ready", flush=True)
while True:
    n += 1
    with atomic_directory(out) as staging:
        for i in range(20):
            (staging / f"part-{i}.txt").write_text(str(n) * 1000)
    atomic_write_bytes(out + ".txt", str(n).encode() * 100_000)
"""


def test_sigkill_at_any_moment_leaves_a_whole_old_or_new_output(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with atomic_directory(out) as staging:
        for i in range(20):
            (staging / f"part-{i}.txt").write_text("0" * 1000)
    atomic_write_bytes(f"{out}.txt", b"0" * 100_000)
    for delay in (0.05, 0.13, 0.29, 0.41, 0.67):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(out)], stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        parts = sorted(out.iterdir())
        assert len(parts) == 20
        values = {p.read_text() for p in parts}
        assert len(values) == 1  # every file from one build
        value = values.pop()
        width = len(value) // 1000
        assert width > 0 and value == value[:width] * 1000  # and each one complete
        text = Path(f"{out}.txt").read_bytes()
        width, rest = divmod(len(text), 100_000)
        assert rest == 0 and width > 0 and text == text[:width] * 100_000  # one write's bytes, complete
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("build", "build.txt")]
    assert all(name.startswith((".build.new-", ".build.txt.")) for name in leftovers)  # a killed writer's staging
