"""The clip cache: keys, storage, concurrency, the episode's use of it, and the CLI."""

from __future__ import annotations

import hashlib
import multiprocessing
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner

from audionews import build_episode
from audionews.cache import ClipCache, clip_key
from audionews.cli_batch import cache as cache_command
from audionews.engines import get_engine

from .conftest import MAIN_SAMPLE, FakeEngine


def test_key_changes_with_every_synthesis_setting():
    base = get_engine("espeak").settings()
    text = "Xin chào."
    keys = {clip_key(base, text)}
    for change in ({"voice": "vi-vn-x-south"}, {"speed": 1.25}, {"lang": "en"},
                   {"engine": "gtts"}):
        keys.add(clip_key({**base, **change}, text))
    keys.add(clip_key(base, "Xin chào!"))
    assert len(keys) == 6
    # Same settings, same text: same key, whatever the order of the settings.
    assert clip_key(dict(reversed(list(base.items()))), text) == clip_key(base, text)


def test_engine_settings_carry_voice_and_speed():
    a = get_engine("gtts", voice="com.vn").settings()
    b = get_engine("gtts", voice="com").settings()
    c = get_engine("gtts", speed=1.5).settings()
    assert len({clip_key(s, "x") for s in (a, b, c)}) == 3


def test_put_get_info_clear(tmp_path):
    store = ClipCache(tmp_path / "c")
    assert store.get("ab" * 32) is None
    store.put("ab" * 32, b"audio-1")
    store.put("cd" * 32, b"audio-22")
    assert store.get("ab" * 32) == b"audio-1"
    info = store.info()
    assert (info.clips, info.bytes) == (2, len(b"audio-1") + len(b"audio-22"))
    assert store.clear() == 2
    assert store.info().clips == 0 and store.get("ab" * 32) is None


def _hammer(root: str, worker: int) -> None:
    store = ClipCache(root)
    for round_ in range(40):
        key = f"{round_ % 5:064x}"
        # Every writer of a key writes the same content (content addressing).
        store.put(key, hashlib.sha256(key.encode()).digest() * 4000)
        data = store.get(key)
        assert data is None or data == hashlib.sha256(key.encode()).digest() * 4000


def test_concurrent_writers_never_corrupt(tmp_path):
    root = str(tmp_path / "c")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda w: _hammer(root, w), range(8)))
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(root, w)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    store = ClipCache(root)
    for i in range(5):
        key = f"{i:064x}"
        assert store.get(key) == hashlib.sha256(key.encode()).digest() * 4000
    leftovers = [p for p in (tmp_path / "c").rglob("*") if p.is_file() and p.suffix != ".clip"]
    assert leftovers == []


def test_warm_cache_rebuild_calls_no_engine_and_no_cache_calls_all(tmp_path, isolated_cache):
    first = build_episode(MAIN_SAMPLE, output_dir=tmp_path / "a", engine="fake")
    cold_calls = len(FakeEngine.calls)
    assert cold_calls > 5
    assert ClipCache(isolated_cache).info().clips == cold_calls
    FakeEngine.calls.clear()
    warm = build_episode(MAIN_SAMPLE, output_dir=tmp_path / "b", engine="fake")
    assert FakeEngine.calls == []
    assert warm.segments == first.segments
    uncached = build_episode(MAIN_SAMPLE, output_dir=tmp_path / "c", engine="fake",
                             use_cache=False)
    assert len(FakeEngine.calls) == cold_calls and uncached.segments == first.segments


def test_damaged_cache_entry_is_remade(tmp_path, isolated_cache):
    build_episode(MAIN_SAMPLE, output_dir=tmp_path / "a", engine="fake")
    victim = next((isolated_cache / "clips").rglob("*.clip"))
    victim.write_bytes(b"not audio")
    FakeEngine.calls.clear()
    build_episode(MAIN_SAMPLE, output_dir=tmp_path / "b", engine="fake")
    assert len(FakeEngine.calls) == 1
    assert victim.read_bytes()[:4] == b"RIFF"


def test_cache_dir_option(tmp_path):
    folder = tmp_path / "my-cache"
    build_episode(MAIN_SAMPLE, output_dir=tmp_path / "a", engine="fake", cache_dir=str(folder))
    assert ClipCache(folder).info().clips == len(FakeEngine.calls)


@pytest.mark.parametrize("use_env", [True, False])
def test_cache_cli_info_and_clear(tmp_path, monkeypatch, use_env):
    folder = tmp_path / "cc"
    store = ClipCache(folder)
    store.put("ab" * 32, b"x" * 2048)
    args = [] if use_env else ["--cache-dir", str(folder)]
    if use_env:
        monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(folder))
    runner = CliRunner()
    info = runner.invoke(cache_command, ["info", *args])
    assert info.exit_code == 0 and str(folder) in info.output and "1 clips, 2.0 KiB" in info.output
    cleared = runner.invoke(cache_command, ["clear", *args])
    assert cleared.exit_code == 0 and "removed 1 clips" in cleared.output
    assert store.info().clips == 0
