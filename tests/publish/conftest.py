"""Shared fixtures: small episodes built in-process (tone MP3 + manifest)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

import imageio_ffmpeg
import pytest
from mutagen.id3 import ID3, TALB, TIT2, TLAN, TPE1

with warnings.catch_warnings():
    # pydub looks for ffmpeg on PATH at import; ours comes from imageio-ffmpeg.
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment
    from pydub.generators import Sine

from audionews.config import ShowConfig

AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()

# (kind, written text, duration in ms) for a typical article; gaps are pauses.
DEFAULT_PARTS = (
    ("intro", "Bạn đang nghe Tin tức hôm nay.", 600),
    ("title", "Bão số 4 & lũ quét: cảnh báo khẩn", 900),
    ("lead", "Trung tâm Dự báo cảnh báo mưa lớn ở các tỉnh miền Trung trong ba ngày tới.", 1200),
    ("heading", "Mưa lớn kéo dài", 500),
    ("body", "Lượng mưa phổ biến từ 100 đến 200 mm, có nơi trên 300 mm.", 1100),
    ("caption", "Ảnh: nước dâng ở Quảng Nam.", 500),
    ("caption", "Ảnh: người dân di dời.", 500),
    ("body", "Chính quyền địa phương đã sơ tán hơn 2.000 hộ dân.", 900),
    ("source", "Theo VietNamNet.", 400),
)
PAUSE_MS = 150


def make_mp3(path: Path, duration_ms: int) -> None:
    """A quiet tone MP3 with the ID3v2.4 tags the episode stage writes."""
    tone = Sine(440, sample_rate=22050).to_audio_segment(duration=duration_ms).apply_gain(-20)
    handle = tone.set_channels(1).export(path, format="mp3", bitrate="32k")
    handle.close()
    tags = ID3()
    tags.add(TIT2(encoding=3, text=["x"]))
    tags.add(TPE1(encoding=3, text=["audionews"]))
    tags.add(TALB(encoding=3, text=["Tin tức hôm nay"]))
    tags.add(TLAN(encoding=3, text=["vie"]))
    tags.save(path, v2_version=4)


def write_episode(
    output_dir: Path,
    slug: str,
    title: str | None = None,
    parts: tuple[tuple[str, str, int], ...] = DEFAULT_PARTS,
    published: str | None = "2024-09-08T07:30:00+07:00",
    first_built: str = "2026-11-01T10:00:00+00:00",
    guid: str | None = None,
    url: str | None = "https://example.vn/bai-bao.html",
) -> Path:
    """Write ``<slug>.mp3`` + ``<slug>.json`` as the episode stage would; return the JSON."""
    output_dir.mkdir(parents=True, exist_ok=True)
    segments, cursor = [], 0
    for kind, text, length in parts:
        segments.append({"kind": kind, "text": text, "spoken_text": text.lower(),
                         "start_ms": cursor, "end_ms": cursor + length})
        cursor += length + PAUSE_MS
    if title is not None:
        segments = [dict(s, text=title) if s["kind"] == "title" else s for s in segments]
    mp3 = output_dir / f"{slug}.mp3"
    make_mp3(mp3, cursor)
    manifest = {
        "schema": 1,
        "title": title or next(s["text"] for s in segments if s["kind"] == "title"),
        "slug": slug,
        "engine": "fake",
        "duration_s": cursor / 1000,
        "mp3": mp3.name,
        "bytes": mp3.stat().st_size,
        "source_sha256": "0" * 64,
        "guid": guid or f"audionews:{slug}",
        "published": published,
        "first_built": first_built,
        "description": next(s["text"] for s in segments if s["kind"] == "lead"),
        "author": "Phóng viên",
        "image_url": None,
        "url": url,
        "segments": segments,
        "future_key": {"ignored": True},
    }
    path = output_dir / f"{slug}.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def episode_writer(tmp_path: Path) -> Callable[..., Path]:
    """``write(slug, **kwargs)`` builds an episode in ``tmp_path / "output"``."""
    out = tmp_path / "output"

    def write(slug: str, **kwargs) -> Path:
        return write_episode(out, slug, **kwargs)

    return write


@pytest.fixture
def show() -> ShowConfig:
    return ShowConfig(
        title="Tin tức hôm nay",
        description="Báo tiếng Việt, đọc thành podcast.",
        author="Tòa soạn",
        owner_email="owner@example.com",
        base_url="https://example.com/podcast",
    )
