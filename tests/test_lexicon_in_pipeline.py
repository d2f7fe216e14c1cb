"""A user lexicon entry changes what is said and what is heard, and forces a rebuild."""

from __future__ import annotations

import json

from audionews import build_episode, get_engine
from audionews.lexicon import load_lexicon
from audionews.normalize import normalize_text

from .conftest import MAIN_SAMPLE, FakeEngine

NAME = "Nông Thị Bích Huệ"
RESPELLED = "Nông Thị Bích Huệ ơi"


def write_lexicon(tmp_path):
    path = tmp_path / "lexicon.tsv"
    path.write_text(f"{NAME}\t{RESPELLED}\n", encoding="utf-8")
    return path


def test_user_entry_changes_spoken_text_and_espeak_clip(tmp_path):
    text = f"Đồng chí {NAME} phát biểu."
    plain = normalize_text(text)
    custom = normalize_text(text, lexicon=load_lexicon(write_lexicon(tmp_path)))
    assert NAME in plain and RESPELLED in custom
    espeak = get_engine("espeak")
    assert espeak.synthesize(plain) != espeak.synthesize(custom)


def test_episode_uses_the_lexicon_and_rebuilds_when_it_changes(tmp_path):
    lexicon = write_lexicon(tmp_path)
    out = tmp_path / "out"
    first = build_episode(MAIN_SAMPLE, output_dir=out, engine="fake")
    assert not any(RESPELLED in c for c in FakeEngine.calls)
    FakeEngine.calls.clear()
    second = build_episode(MAIN_SAMPLE, output_dir=out, engine="fake", lexicon=(lexicon,))
    assert not second.skipped
    assert any(RESPELLED in c for c in FakeEngine.calls)
    manifest = json.loads(second.manifest_path.read_text(encoding="utf-8"))
    assert any(RESPELLED in s["spoken_text"] for s in manifest["segments"])
    assert all(RESPELLED not in s["text"] for s in manifest["segments"])
    assert first.mp3_path == second.mp3_path
