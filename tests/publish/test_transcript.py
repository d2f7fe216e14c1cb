"""Transcripts: WebVTT and SRT that real parsers read, timed from the manifest."""

from __future__ import annotations

import html
import json

import webvtt

from audionews.manifest import ManifestSegment
from audionews.publish import publish_episode
from audionews.transcript import to_srt, to_webvtt


def ms(timestamp: str) -> int:
    """'01:02:03.456' (as webvtt-py reports cue times) in milliseconds."""
    hours, minutes, seconds = timestamp.replace(",", ".").split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def test_vtt_cues_match_the_manifest(episode_writer):
    manifest_path = episode_writer("bao")
    publish_episode(manifest_path, None)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    cues = webvtt.read(str(manifest_path.with_name("bao.vtt")))
    assert len(cues) == len(manifest["segments"])
    for cue, segment in zip(cues, manifest["segments"], strict=True):
        assert ms(cue.start) == segment["start_ms"]
        assert ms(cue.end) == segment["end_ms"]
        # Written text, not the normalized spoken text.
        assert html.unescape(cue.text) == segment["text"]
        assert cue.text != segment["spoken_text"]


def test_srt_cues_match_the_manifest(episode_writer):
    manifest_path = episode_writer("bao")
    publish_episode(manifest_path, None)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    cues = webvtt.from_srt(str(manifest_path.with_name("bao.srt")))
    assert [(ms(c.start), ms(c.end), c.text) for c in cues] == [
        (s["start_ms"], s["end_ms"], s["text"]) for s in manifest["segments"]
    ]


def test_markup_characters_are_escaped_in_vtt(tmp_path):
    segments = [
        ManifestSegment("title", 'A & B <c> "d" --> 🎙️', 0, 1500),
        ManifestSegment("body", "dòng một\n\ndòng hai", 3_600_000, 3_601_250),
    ]
    text = to_webvtt(segments, "vi")
    assert text.startswith("WEBVTT\nLanguage: vi\n\n")
    assert "A &amp; B &lt;c&gt; \"d\" --&gt; 🎙️" in text
    assert "01:00:00.000 --> 01:00:01.250\ndòng một dòng hai\n" in text
    path = tmp_path / "x.vtt"
    path.write_text(text, encoding="utf-8")
    assert [html.unescape(c.text) for c in webvtt.read(str(path))] == [
        'A & B <c> "d" --> 🎙️', "dòng một dòng hai"
    ]


def test_empty_and_zero_length_segments_make_no_cue():
    segments = [
        ManifestSegment("title", "Tiêu đề", 0, 1000),
        ManifestSegment("body", "   ", 1000, 2000),
        ManifestSegment("body", "Không có thời lượng", 2000, 2000),
        ManifestSegment("body", "Đoạn cuối", 2000, 2500),
    ]
    assert to_srt(segments) == (
        "1\n00:00:00,000 --> 00:00:01,000\nTiêu đề\n\n"
        "2\n00:00:02,000 --> 00:00:02,500\nĐoạn cuối\n"
    )
