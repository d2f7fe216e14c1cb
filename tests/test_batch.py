"""`audionews batch`: many articles, bad ones among them, the lock, dry runs, and a run
killed with SIGKILL then finished by the next."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock
from mutagen.mp3 import MP3

from audionews.batch import LOCK_NAME, OutputLockedError, find_inputs, run_batch
from audionews.cli_batch import batch as batch_command

from .conftest import EXAMPLES

SENTENCES = [
    "Sáng nay, mưa lớn kéo dài ở nhiều tỉnh miền Trung.",
    "Chính quyền địa phương đã sơ tán hàng trăm hộ dân.",
    "Lực lượng cứu hộ túc trực tại các điểm xung yếu.",
    "Người dân được khuyến cáo hạn chế ra đường khi không cần thiết.",
]


def write_articles(folder: Path, count: int, per_paragraph: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        body = "\n\n".join(
            " ".join(SENTENCES[(i + j + k) % len(SENTENCES)] for k in range(per_paragraph))
            for j in range(3)
        )
        path = folder / f"bai-{i:02d}.txt"
        path.write_text(f"Bản tin số {i + 1}\n\n{body}", encoding="utf-8")
        paths.append(path)
    return paths


def run_cli(args: list[str]):
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr in by default
    except TypeError:
        runner = CliRunner()
    return runner.invoke(batch_command, args, catch_exceptions=False)


def test_find_inputs_files_folders_globs_once_each(tmp_path):
    paths = write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "notes.md").write_text("x", encoding="utf-8")
    found = find_inputs([str(paths[0]), str(tmp_path / "in"), str(tmp_path / "in" / "*.txt")])
    assert found == [paths[0], paths[1], paths[2]]
    with pytest.raises(ValueError, match="no article files match"):
        find_inputs([str(tmp_path / "nothing-*.txt")])


def test_mixed_good_and_bad_inputs_in_worker_processes(tmp_path):
    good = write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "latin1.txt").write_bytes(b"ID3\x04\x00" + bytes(300))  # an MP3 misnamed
    out = tmp_path / "out"
    result = run_cli([str(tmp_path / "in"), "-e", "espeak", "-o", str(out), "-w", "2", "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert sorted(summary["built"]) == sorted(str(p) for p in good)
    failed = {Path(f["source"]).name: f["error"] for f in summary["failed"]}
    assert set(failed) == {"empty.txt", "latin1.txt"}
    assert "empty" in failed["empty.txt"]
    assert summary["total_audio_s"] == pytest.approx(
        sum(MP3(p).info.length for p in out.glob("*.mp3")), abs=0.5)
    assert len(list(out.glob("*.mp3"))) == 3 and len(list(out.glob("ban-tin-so-?.json"))) == 3
    # Plain progress lines when stderr is not a terminal.
    assert "[5/5]" in result.stderr and "failed" in result.stderr

    again = run_cli([*map(str, good), "-e", "espeak", "-o", str(out), "--json"])
    assert again.exit_code == 0
    assert sorted(json.loads(again.stdout)["skipped"]) == sorted(str(p) for p in good)


def test_dry_run_writes_nothing_and_tells_what_would_happen(tmp_path):
    paths = write_articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    report = run_batch(paths[:1], out, "fake", workers=1)
    assert [r.status for r in report.results] == ["built"]
    before = sorted(p.name for p in out.iterdir())
    dry = run_cli([str(tmp_path / "in"), "-e", "fake", "-o", str(out), "--dry-run", "--json"])
    assert dry.exit_code == 0
    summary = json.loads(dry.stdout)
    assert summary["up_to_date"] == [str(paths[0])]
    assert summary["would_build"] == [str(paths[1])]
    assert sorted(p.name for p in out.iterdir()) == before


def test_feed_hook_runs_once_only_when_something_was_built(tmp_path):
    paths = write_articles(tmp_path / "in", 3)
    calls: list[Path] = []

    def hook(folder: Path) -> bool:
        calls.append(folder)
        return True

    report = run_batch(paths, tmp_path / "out", "fake", workers=1, after_batch=hook)
    assert calls == [tmp_path / "out"] and report.feed_updated is True
    report = run_batch(paths, tmp_path / "out", "fake", workers=1, after_batch=hook)
    assert len(calls) == 1 and report.feed_updated is None
    assert [r.status for r in report.results] == ["skipped"] * 3


def test_lock_keeps_a_second_run_out(tmp_path):
    paths = write_articles(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / LOCK_NAME)):
        with pytest.raises(OutputLockedError, match="another audionews batch"):
            run_batch(paths, out, "fake", workers=1)
        result = run_cli([str(paths[0]), "-e", "fake", "-o", str(out)])
        assert result.exit_code == 1 and "another audionews batch" in result.stderr
    assert list(out.glob("*.mp3")) == []
    assert run_batch(paths, out, "fake", workers=1).exit_code == 0


def test_usage_errors_exit_2(tmp_path):
    assert run_cli([str(tmp_path / "missing-*.txt"), "-o", str(tmp_path)]).exit_code == 2
    assert run_cli([]).exit_code == 2


def _decodes(path: Path) -> bool:
    from audionews.audio import ffmpeg_exe

    proc = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "null", "-"],
                          capture_output=True)
    return proc.returncode == 0 and proc.stderr == b""


def test_sigkill_mid_run_then_a_clean_rerun_finishes(tmp_path):
    paths = write_articles(tmp_path / "in", 8, per_paragraph=6)
    out = tmp_path / "out"
    cmd = [sys.executable, "-c", "from audionews.cli_batch import batch; batch()",
           str(tmp_path / "in"), "-e", "espeak", "-o", str(out), "-w", "2"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*.mp3")):
        time.sleep(0.05)
    assert list(out.glob("*.mp3")), "the batch never built its first episode"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    time.sleep(0.5)  # workers die with the parent (PR_SET_PDEATHSIG)
    finished = list(out.glob("*.mp3"))
    assert 1 <= len(finished) < len(paths), "the kill did not land mid-run"
    for mp3 in finished:  # whatever has its final name is whole
        assert _decodes(mp3)

    rerun = run_cli([str(tmp_path / "in"), "-e", "espeak", "-o", str(out), "--json"])
    assert rerun.exit_code == 0
    summary = json.loads(rerun.stdout)
    assert len(summary["built"]) + len(summary["skipped"]) == len(paths)
    assert len(summary["built"]) >= len(paths) - len(finished)
    mp3s = sorted(out.glob("*.mp3"))
    assert len(mp3s) == len(paths) and all(_decodes(p) for p in mp3s)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_examples_folder_builds_with_the_real_voice(tmp_path):
    result = run_cli([str(EXAMPLES / "*.txt"), "-e", "espeak", "-o", str(tmp_path), "-w", "2",
                      "--json"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert len(summary["built"]) == len(list(EXAMPLES.glob("*.txt")))
    assert summary["total_audio_s"] > 60 * len(summary["built"])


def test_longest_articles_start_first_and_urls_keep_their_order(tmp_path):
    from audionews.batch import longest_first

    sizes = {"short.txt": 10, "long.txt": 900, "middle.txt": 300}
    for name, size in sizes.items():
        (tmp_path / name).write_text("x" * size, encoding="utf-8")
    files = [str(tmp_path / name) for name in sizes]
    urls = ["https://example.vn/b", "https://example.vn/a"]
    ordered = longest_first([urls[0], *files, urls[1]])
    assert [p.rsplit("/", 1)[-1] for p in ordered[:3]] == ["long.txt", "middle.txt", "short.txt"]
    assert ordered[3:] == urls
