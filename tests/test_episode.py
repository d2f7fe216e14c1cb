"""The whole pipeline: files, timing, tags, idempotence, and no half-written output."""

from __future__ import annotations

import json
import subprocess

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from audionews import SegmentKind, SynthesisError, build_episode
from audionews.assemble import Pauses, assemble, order_segments, silence
from audionews.audio import ffmpeg_exe
from audionews.model import Segment

from .conftest import FAKE_MS_PER_CHAR, MAIN_SAMPLE, FakeEngine


def pcm_ms(ms: int, rate: int = 8000) -> bytes:
    return b"\x10\x00" * round(ms * rate / 1000)


def test_assembly_duration_is_clips_plus_pauses():
    rate = 8000
    segs = [Segment(SegmentKind.TITLE, "t"), Segment(SegmentKind.BODY, "b"),
            Segment(SegmentKind.CAPTION, "c"), Segment(SegmentKind.SOURCE, "s")]
    clips = [(s, pcm_ms(ms, rate)) for s, ms in zip(segs, (1000, 3000, 1200, 800), strict=True)]
    pauses = Pauses()
    prog = assemble(clips, rate, pauses)
    expected = (6000 + pauses.lead_in + pauses.after_title + pauses.before_caption
                + pauses.after_caption + pauses.tail)
    assert abs(prog.duration_ms - expected) <= 50
    assert len(b"".join(prog.parts)) == prog.samples * 2
    starts = [t.start_ms for t in prog.timeline]
    assert starts[0] == pauses.lead_in
    assert starts[1] == pauses.lead_in + 1000 + pauses.after_title
    assert all(t.end_ms - t.start_ms == ms for t, ms in zip(prog.timeline, (1000, 3000, 1200, 800),
                                                          strict=True))


def test_caption_cue_is_laid_before_each_caption():
    rate = 8000
    segs = [(Segment(SegmentKind.TITLE, "t"), pcm_ms(500)), (Segment(SegmentKind.CAPTION, "c"),
                                                             pcm_ms(500))]
    plain = assemble(segs, rate)
    cued = assemble(segs, rate, caption_cue=pcm_ms(700))
    assert cued.duration_ms - plain.duration_ms == 700 + 250


def test_silence_is_at_the_given_rate():
    assert len(silence(1000, 24000)) == 48000


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("inline", ["title", "body", "caption", "body", "source"]),
     ("end", ["title", "body", "body", "caption", "source"]),
     ("skip", ["title", "body", "body", "source"])],
)
def test_caption_policies(policy, expected):
    segs = [Segment(SegmentKind(k), k) for k in ("title", "body", "caption", "body", "source")]
    assert [str(s.kind) for s in order_segments(segs, policy)] == expected


@pytest.fixture
def built(tmp_path):
    return build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="fake")


def test_episode_files_manifest_and_timing(built, tmp_path):
    assert built.mp3_path.name == (
        "hon-1600-dai-bieu-tham-gia-tap-huan-cong-tac-bao-ve-nen-tang-tu-tuong-cua-dang.mp3"
    )
    manifest = json.loads(built.manifest_path.read_text(encoding="utf-8"))
    for key in ("title", "slug", "engine", "duration_s", "mp3", "bytes", "source_sha256",
                "segments"):
        assert key in manifest
    assert manifest["engine"] == "fake"
    assert manifest["bytes"] == built.mp3_path.stat().st_size
    segs = manifest["segments"]
    assert [s["kind"] for s in segs].count("caption") == 4
    assert len(segs) == 14
    # Each clip is a tone of FAKE_MS_PER_CHAR per spoken character (trimmed ±40 ms).
    for seg in segs:
        expected = FAKE_MS_PER_CHAR * len(seg["spoken_text"])
        assert abs((seg["end_ms"] - seg["start_ms"]) - expected) <= 60 or seg["kind"] == "caption"
    assert all(a["end_ms"] < b["start_ms"] for a, b in zip(segs, segs[1:], strict=False))
    audio = MP3(built.mp3_path)
    assert abs(audio.info.length - manifest["duration_s"]) < 0.1
    assert audio.info.bitrate == 64000 and audio.info.channels == 1
    assert segs[-1]["end_ms"] / 1000 < manifest["duration_s"]


def test_segment_times_match_the_audio(built):
    """Decode the MP3 and check that sound sits where the manifest says, silence elsewhere."""
    pcm = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(built.mp3_path), "-f", "s16le", "-ac", "1",
         "-ar", "8000", "-"], capture_output=True, check=True,
    ).stdout
    samples = memoryview(pcm).cast("h")

    def loud(ms_from: int, ms_to: int) -> bool:
        window = samples[ms_from * 8 : ms_to * 8]
        return max((abs(s) for s in window), default=0) > 2000

    for seg in built.segments:
        middle = (seg.start_ms + seg.end_ms) // 2
        assert loud(middle - 20, middle + 20), seg.kind
    gaps = [(a.end_ms + 80, b.start_ms - 80) for a, b in zip(built.segments, built.segments[1:],
                                                             strict=False)]
    assert all(not loud(a, b) for a, b in gaps if b > a)


def test_tags_read_back_with_diacritics(built):
    tags = ID3(built.mp3_path)
    assert tags.version == (2, 4, 0)
    assert str(tags["TIT2"]) == (
        "Hơn 1.600 đại biểu tham gia tập huấn công tác bảo vệ nền tảng tư tưởng của Đảng"
    )
    assert str(tags["TLAN"]) == "vie"
    assert str(tags["TCON"]) == "Podcast"
    assert str(tags["TPE1"]) and str(tags["TALB"]) and str(tags["TDRC"])
    uslt = tags.getall("USLT")[0]
    assert uslt.lang == "vie" and "Nông Thị Bích Huệ" in uslt.text
    assert abs(int(str(tags["TLEN"])) - built.duration_s * 1000) < 60


def test_mp3_decodes_with_ffmpeg(built):
    proc = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(built.mp3_path), "-f", "null",
                           "-"], capture_output=True)
    assert proc.returncode == 0 and proc.stderr == b""


def test_unchanged_article_is_skipped_and_force_rebuilds(built, tmp_path):
    FakeEngine.calls.clear()
    again = build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="fake")
    assert again.skipped and FakeEngine.calls == []
    assert again.segments == built.segments
    before = built.mp3_path.stat().st_mtime_ns
    forced = build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="fake", force=True)
    # Rebuilt (from cached clips: the clip cache is keyed on content, not on --force).
    assert not forced.skipped and forced.mp3_path.stat().st_mtime_ns != before
    assert FakeEngine.calls == []
    no_cache = build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="fake", force=True,
                             use_cache=False)
    assert not no_cache.skipped and FakeEngine.calls
    changed = build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="fake", bitrate="96k")
    assert not changed.skipped and MP3(changed.mp3_path).info.bitrate == 96000


def test_failure_leaves_nothing_behind(tmp_path, monkeypatch):
    calls = {"n": 0}
    original = FakeEngine.synthesize

    def flaky(self, text):
        calls["n"] += 1
        if calls["n"] > 3:
            raise SynthesisError("boom")
        return original(self, text)

    monkeypatch.setattr(FakeEngine, "synthesize", flaky)
    with pytest.raises(SynthesisError, match=r"segment \d+ \((title|body|caption)\): boom"):
        build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="fake")
    assert list(tmp_path.iterdir()) == []


def test_encode_failure_leaves_nothing_behind(tmp_path, monkeypatch):
    from audionews import episode as episode_module
    from audionews.errors import AudioError

    def broken(*args, **kwargs):
        args[1].write_bytes(b"half")
        raise AudioError("disk full")

    monkeypatch.setattr(episode_module, "encode_pcm", broken)
    with pytest.raises(AudioError):
        build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="fake")
    assert list(tmp_path.iterdir()) == []


def test_espeak_end_to_end(tmp_path):
    episode = build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="espeak")
    assert 120 < episode.duration_s < 360
    info = MP3(episode.mp3_path).info
    assert abs(info.length - episode.duration_s) < 0.1
    # Made at espeak-ng's own rate: nothing resampled.
    assert info.sample_rate == 22050
    assert json.loads(episode.manifest_path.read_text(encoding="utf-8"))["sample_rate"] == 22050


def test_mp3_rate_is_the_voices_own_unless_asked(tmp_path, built):
    assert MP3(built.mp3_path).info.sample_rate == 24000  # the fake voice declares none
    asked = build_episode(MAIN_SAMPLE, output_dir=tmp_path / "asked", engine="espeak",
                          sample_rate=16000)
    assert MP3(asked.mp3_path).info.sample_rate == 16000


def test_same_title_other_article_gets_its_own_file(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Cùng tiêu đề\n\nBài thứ nhất có nội dung.", encoding="utf-8")
    b.write_text("Cùng tiêu đề\n\n01/02/2024\n\nBài thứ hai khác hẳn.", encoding="utf-8")
    out = tmp_path / "out"
    first = build_episode(a, output_dir=out, engine="fake")
    second = build_episode(b, output_dir=out, engine="fake")
    assert first.mp3_path != second.mp3_path and first.mp3_path.exists()
