"""All-or-nothing writes: a failure or a SIGKILL at any moment leaves the old file or folder whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partnerkg.atomic import atomic_directory, atomic_write_bytes, check_output_folder, exchange_directories
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


# ---- special files, symlinks, foreign folders, debris ---------------------------------------------------------

def _node(path: Path, minor: int) -> Path:
    """A character device like /dev/null (minor 3) or /dev/full (minor 7) of our own; skips without CAP_MKNOD."""
    import stat

    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD); CI runs as root")
    return path


def _is_char_device(path: Path) -> bool:
    import stat

    return stat.S_ISCHR(os.lstat(path).st_mode)


@pytest.mark.parametrize("command", [
    ["export", "--format", "turtle", "--output", "{out}"],
    ["query", "stage-counts", "--format", "csv", "--output", "{out}"],
    ["map", "--view", "policies", "--output", "{out}"],
    ["generate", "--organisations", "3", "--partnerships", "1", "--output", "{out}"],
], ids=["export", "query", "map", "generate"])
def test_a_device_output_is_written_to_and_never_replaced(tmp_path: Path, command: list[str]) -> None:
    from click.testing import CliRunner

    from partnerkg.cli import cli

    null = _node(tmp_path / "null", 3)
    if command[0] == "generate":  # generate picks its format from the suffix
        null = null.rename(tmp_path / "null.nt")
    result = CliRunner().invoke(cli, [a.replace("{out}", str(null)) for a in command])
    assert result.exit_code == 0, result.output
    assert _is_char_device(null)
    assert sorted(p.name for p in tmp_path.iterdir()) == [null.name]  # no temporary sibling either


def test_a_device_that_refuses_bytes_is_a_clear_error_and_stays(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from partnerkg.cli import cli

    full = _node(tmp_path / "full", 7)
    result = CliRunner().invoke(cli, ["export", "--format", "ntriples", "--output", str(full)])
    assert result.exit_code == 2
    assert f"{full}: cannot be written (No space left on device)" in result.output
    assert "internal error" not in result.output
    assert _is_char_device(full)


def test_a_fifo_output_streams_to_its_reader(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write_bytes(fifo, b"<urn:a> <urn:b> <urn:c> .\n" * 10_000)
    reader.join(10)
    assert got == [b"<urn:a> <urn:b> <urn:c> .\n" * 10_000]
    import stat

    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlinked_output_is_written_through_and_the_link_kept(tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.ttl"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.ttl"]


def test_a_folder_where_a_file_should_be_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        atomic_write_bytes(tmp_path, b"x")


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    import fcntl

    target = tmp_path / "out.ttl"
    stale = tmp_path / ".out.ttl.abcd1234.tmp"
    stale.write_bytes(b"half")
    live = tmp_path / ".out.ttl.live5678.tmp"
    live.write_bytes(b"being written")
    unrelated = tmp_path / ".out.ttl.notes.tmp"  # not a name tempfile makes: left alone
    unrelated.write_bytes(b"mine")
    with open(live, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a live writer holds it
        atomic_write_bytes(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.ttl.live5678.tmp", ".out.ttl.notes.tmp", "out.ttl"]


def test_a_killed_builds_staging_folder_is_removed_by_the_next_one(tmp_path: Path) -> None:
    out = tmp_path / "build"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(out)], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".build.new-*")) and time.monotonic() < deadline:
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for _ in range(3):  # what a kill can leave, more of it
        os.mkdir(tmp_path / f".build.new-{os.urandom(4).hex()}")
    assert list(tmp_path.glob(".build.new-*"))
    with atomic_directory(out) as staging:
        (staging / "part.txt").write_text("new")
    assert not list(tmp_path.glob(".build.new-*"))
    assert [p.name for p in out.iterdir()] == ["part.txt"]


def test_a_live_writers_staging_folder_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with atomic_directory(out) as first:
        (first / "a.txt").write_text("first")
        with atomic_directory(tmp_path / "build") as second:  # the same target, while the first is writing
            (second / "b.txt").write_text("second")
        assert first.is_dir() and (first / "a.txt").is_file()
    assert [p.name for p in out.iterdir()] == ["a.txt"]


MARKED = {"marker": ".kind-marker", "what": "test output"}


def test_files_of_someone_else_are_kept_beside_the_new_output(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    (out / "latest").symlink_to("thesis.docx")
    inode = (out / "thesis.docx").stat().st_ino
    with atomic_directory(out, **MARKED) as staging:
        (staging / "x").write_text("x")
    assert sorted(p.name for p in out.iterdir()) == [".kind-marker", "latest", "thesis.docx", "x"]
    assert (out / "thesis.docx").read_text() == "years of work" and (out / "thesis.docx").stat().st_ino == inode
    assert (out / "latest").is_symlink() and os.readlink(out / "latest") == "thesis.docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no staging folder left
    assert (out / ".kind-marker").read_text().splitlines()[1:] == ["x"]  # what it wrote; not the kept files


def test_a_log_being_written_into_the_folder_stays_the_same_file(tmp_path: Path) -> None:
    """``partnerkg build --output out > out/log``: the shell creates the log before the build starts."""
    out = tmp_path / "out"
    out.mkdir()
    for run in range(2):  # into the folder holding only the log, then into the marked output beside it
        with (out / "log").open("a") as log:
            log.write(f"run {run} starts\n")
            log.flush()
            with atomic_directory(out, **MARKED) as staging:
                (staging / f"x{run}.ttl").write_text("x")
            log.write(f"run {run} ends\n")
        assert sorted(p.name for p in out.iterdir()) == [".kind-marker", "log", f"x{run}.ttl"]  # x0 replaced
    assert (out / "log").read_text() == "run 0 starts\nrun 0 ends\nrun 1 starts\nrun 1 ends\n"


def test_a_marker_of_before_the_list_makes_every_entry_the_earlier_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kind-marker").write_text("This folder is test output of partnerkg; it is replaced whole.\n")
    (out / "old.ttl").write_text("old")
    with atomic_directory(out, **MARKED) as staging:
        (staging / "x.ttl").write_text("x")
    assert sorted(p.name for p in out.iterdir()) == [".kind-marker", "x.ttl"]


def test_a_folder_holding_other_folders_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    (out / "chapters").mkdir(parents=True)
    (out / "thesis.docx").write_text("years of work")
    with pytest.raises(InputError, match=r"holds folders that are not part of an earlier test output \(chapters\);"
                                         r" .*force=True"), atomic_directory(out, **MARKED) as staging:
        (staging / "x").write_text("x")
    assert sorted(p.name for p in out.iterdir()) == ["chapters", "thesis.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_the_refusal_names_the_folders(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("x")
    for name in (".venv", *(f"f{i}" for i in range(6))):
        (out / name).mkdir()
    with pytest.raises(InputError, match=r"\(\.venv, f0, f1, f2, f3 and 2 more\)"):
        check_output_folder(out, **MARKED)


def test_a_file_of_someone_else_named_as_an_output_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.ttl").write_text("mine")
    clash = r"x\.ttl: is not part of an earlier test output, and the new one has an entry of that name .*force=True"
    with pytest.raises(InputError, match=clash), atomic_directory(out, **MARKED) as staging:
        (staging / "x.ttl").write_text("x")
    assert [p.name for p in out.iterdir()] == ["x.ttl"] and (out / "x.ttl").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_marked_or_empty_folder_is_replaced_and_marked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(2):  # an empty folder, then the marked one the first round wrote
        with atomic_directory(out, **MARKED) as staging:
            (staging / "x.ttl").write_text("x")
        assert sorted(p.name for p in out.iterdir()) == [".kind-marker", "x.ttl"]


def test_force_replaces_a_foreign_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "other").write_text("other")
    with atomic_directory(out, **MARKED, force=True) as staging:
        (staging / "x.ttl").write_text("x")
    assert sorted(p.name for p in out.iterdir()) == [".kind-marker", "x.ttl"]


def test_a_symlinked_folder_is_checked_at_its_target_and_the_link_kept(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "precious.txt").write_text("keep")
    link = tmp_path / "out"
    link.symlink_to(target)
    (target / "drafts").mkdir()
    with pytest.raises(InputError, match="holds folders"), atomic_directory(link, **MARKED):
        pass
    assert sorted(p.name for p in target.iterdir()) == ["drafts", "precious.txt"]
    (target / "drafts").rmdir()
    with atomic_directory(link, **MARKED) as staging:
        (staging / "x.ttl").write_text("x")
    assert link.is_symlink() and sorted(p.name for p in link.iterdir()) == [".kind-marker", "precious.txt", "x.ttl"]
