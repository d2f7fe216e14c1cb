"""publish_episode: side files, manifest bookkeeping, idempotence."""

from __future__ import annotations

import json

import pytest
from mutagen.id3 import ID3

from audionews.errors import AudioError, InputError
from audionews.publish import publish_episode


def test_side_files_are_recorded_in_the_manifest(episode_writer, show):
    manifest_path = episode_writer("bao")
    publish_episode(manifest_path, show)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["files"] == {
        "chapters": "bao.chapters.json",
        "vtt": "bao.vtt",
        "srt": "bao.srt",
        "cover": "cover.jpg",
    }
    for name in manifest["files"].values():
        assert (manifest_path.parent / name).is_file()
    # The MP3 grew (chapters, cover); the manifest says its real size.
    assert manifest["bytes"] == manifest_path.with_suffix(".mp3").stat().st_size
    assert manifest["future_key"] == {"ignored": True}  # unknown keys survive


def test_publish_is_idempotent(episode_writer, show):
    manifest_path = episode_writer("bao")
    publish_episode(manifest_path, show)
    folder = manifest_path.parent
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    publish_episode(manifest_path, show)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_without_config_no_cover(episode_writer):
    manifest_path = episode_writer("bao")
    publish_episode(manifest_path, None)
    assert "cover" not in json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
    assert not ID3(manifest_path.with_suffix(".mp3")).getall("APIC")


def test_bad_inputs(episode_writer, tmp_path):
    with pytest.raises(InputError, match="no such manifest"):
        publish_episode(tmp_path / "nope.json", None)
    manifest_path = episode_writer("bao")
    manifest_path.with_suffix(".mp3").write_bytes(b"not audio at all")
    with pytest.raises(AudioError, match="bao.mp3"):
        publish_episode(manifest_path, None)
    (tmp_path / "other.json").write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="not an episode manifest"):
        publish_episode(tmp_path / "other.json", None)


def test_bad_cover_stops_before_writing(episode_writer, show, tmp_path):
    import dataclasses

    from audionews.errors import ConfigError

    manifest_path = episode_writer("bao")
    folder = manifest_path.parent
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(ConfigError, match="cover image not found"):
        publish_episode(manifest_path, dataclasses.replace(show, image=tmp_path / "no.png"))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
