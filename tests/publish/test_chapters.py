"""Chapters: grouping rules, ID3 CHAP/CTOC read back by mutagen and by ffmpeg, JSON."""

from __future__ import annotations

import io
import json
import re
import subprocess

import pytest
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3

from audionews.chapters import (
    MAX_CHAPTERS,
    Chapter,
    build_chapters,
    cap_chapters,
    chapters_document,
    order_chap_frames,
    set_id3_chapters,
    short_title,
)
from audionews.manifest import ManifestSegment
from audionews.publish import publish_episode

from .conftest import FFMPEG, make_mp3


def seg(kind: str, text: str, start: int, end: int) -> ManifestSegment:
    return ManifestSegment(kind, text, start, end)


ARTICLE = [
    seg("intro", "Bạn đang nghe bản tin.", 0, 900),
    seg("title", "Mưa lớn ở miền Trung", 1000, 2000),
    seg("lead", "Mưa lớn kéo dài nhiều ngày ở các tỉnh miền Trung.", 2100, 4000),
    seg("heading", "Sơ tán dân", 4100, 4600),
    seg("body", "Hơn hai nghìn hộ dân đã được đưa đến nơi an toàn trước khi lũ về.", 4700, 7000),
    seg("caption", "Nước dâng cao ở Quảng Nam.", 7100, 8000),
    seg("caption", "Người dân di dời đồ đạc.", 8100, 9000),
    seg("body", "Chính quyền tiếp tục theo dõi tình hình.", 9100, 10500),
    seg("source", "Theo VnExpress.", 10600, 11200),
]


def test_one_chapter_per_group():
    chapters = build_chapters(ARTICLE, 11500)
    assert chapters == [
        Chapter("Mưa lớn ở miền Trung", 0, 2100),  # intro + title
        Chapter("Mưa lớn kéo dài nhiều ngày ở các…", 2100, 4100),  # lead
        Chapter("Sơ tán dân", 4100, 7100),  # heading opens the body chapter
        Chapter("Nước dâng cao ở Quảng Nam.", 7100, 9100),  # captions grouped
        Chapter("Chính quyền tiếp tục theo dõi tình hình.", 9100, 11500),  # + source
    ]


def test_chapters_tile_the_file():
    chapters = build_chapters(ARTICLE, 11500)
    assert chapters[0].start_ms == 0
    assert chapters[-1].end_ms == 11500
    for before, after in zip(chapters, chapters[1:], strict=False):
        assert before.end_ms == after.start_ms
        assert before.start_ms < after.start_ms


def test_zero_length_groups_and_unknown_kinds():
    segments = [
        seg("title", "Tiêu đề", 0, 500),
        seg("body", "Đoạn rỗng", 600, 600),
        seg("body", "Đoạn sau", 600, 1000),
        seg("quote", "Một kiểu đoạn mới", 1100, 1500),
    ]
    chapters = build_chapters(segments, 1600)
    assert [c.title for c in chapters] == ["Tiêu đề", "Đoạn rỗng", "Một kiểu đoạn mới"]
    assert [c.start_ms for c in chapters] == [0, 600, 1100]
    assert build_chapters([], 1000) == []


def test_short_title():
    assert short_title("một hai ba") == "một hai ba"
    assert short_title("một hai ba bốn năm sáu bảy tám, chín mười") == (
        "một hai ba bốn năm sáu bảy tám…"
    )
    assert short_title("a b", max_words=1) == "a…"


def test_json_chapters_document():
    doc = chapters_document(build_chapters(ARTICLE, 11500), "Mưa lớn")
    assert doc["version"] == "1.2.0"
    assert doc["title"] == "Mưa lớn"
    assert [c["startTime"] for c in doc["chapters"]] == [0, 2.1, 4.1, 7.1, 9.1]
    assert doc["chapters"][-1]["endTime"] == 11.5


def test_mp3_chapters_read_back_by_mutagen(episode_writer):
    manifest_path = episode_writer("bao")
    publish_episode(manifest_path, None)
    mp3 = manifest_path.with_suffix(".mp3")
    tags = ID3(mp3)
    (toc,) = tags.getall("CTOC")
    assert toc.flags & CTOCFlags.TOP_LEVEL and toc.flags & CTOCFlags.ORDERED
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    assert sorted(chaps) == sorted(toc.child_element_ids)
    ordered = [chaps[i] for i in toc.child_element_ids]
    starts = [c.start_time for c in ordered]
    assert starts[0] == 0 and starts == sorted(set(starts))
    for before, after in zip(ordered, ordered[1:], strict=False):
        assert before.end_time == after.start_time
    assert ordered[-1].end_time == round(MP3(mp3).info.length * 1000)
    # The same chapters as the JSON file, which is what the feed points to.
    doc = json.loads(manifest_path.with_name("bao.chapters.json").read_text(encoding="utf-8"))
    assert [c.sub_frames["TIT2"].text[0] for c in ordered] == [
        c["title"] for c in doc["chapters"]
    ]
    assert [c.start_time / 1000 for c in ordered] == [c["startTime"] for c in doc["chapters"]]
    # The tags the episode stage wrote are still there.
    assert tags["TALB"].text == ["Tin tức hôm nay"]


def ffmpeg_chapters(path) -> list[tuple[float, float, str]]:
    """Chapters as ffmpeg reads them: [CHAPTER] blocks of its ffmetadata output."""
    out = subprocess.run(
        [FFMPEG, "-v", "error", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True, check=True, text=True, encoding="utf-8",
    ).stdout
    chapters = []
    for block in out.split("[CHAPTER]")[1:]:
        fields = dict(re.findall(r"^(\w+)=(.*)$", block, flags=re.M))
        num, den = (int(x) for x in fields["TIMEBASE"].split("/"))
        chapters.append(
            (int(fields["START"]) * num / den, int(fields["END"]) * num / den, fields["title"])
        )
    return chapters


def test_mp3_chapters_read_back_by_ffmpeg(episode_writer):
    manifest_path = episode_writer("bao")
    publish_episode(manifest_path, None)
    mp3 = manifest_path.with_suffix(".mp3")
    doc = json.loads(manifest_path.with_name("bao.chapters.json").read_text(encoding="utf-8"))
    found = ffmpeg_chapters(mp3)
    assert found == sorted(found)  # listed in playback order, not mutagen's size order
    assert len(found) == len(doc["chapters"]) == 5
    assert [title for _, _, title in found] == [c["title"] for c in doc["chapters"]]
    for (start, end, _), (next_start, _, _) in zip(found, found[1:], strict=False):
        assert start < end <= next_start + 1e-6
    # ffmpeg shifts times by the stream's start padding (a few tens of ms).
    assert abs(found[-1][1] - MP3(mp3).info.length) < 0.1


def chap_starts_in_file_order(data: bytes) -> list[int]:
    """Start times of the CHAP frames, in the order they sit in the file."""
    starts = []
    for match in re.finditer(b"CHAP", data):
        body = match.start() + 10  # after frame id, size and flags
        id_end = data.index(b"\x00", body)
        starts.append(int.from_bytes(data[id_end + 1 : id_end + 5], "big"))
    return starts


@pytest.mark.parametrize("version", [3, 4])
def test_chap_frames_are_stored_in_playback_order(tmp_path, version):
    path = tmp_path / "x.mp3"
    make_mp3(path, 3000)
    # Titles of decreasing length: mutagen alone would store the last chapter first.
    chapters = [Chapter("x" * (40 - 3 * i), i * 250, (i + 1) * 250) for i in range(12)]
    tags = ID3(path)
    set_id3_chapters(tags, chapters, "toc")
    buffer = io.BytesIO(path.read_bytes())
    tags.save(buffer, v2_version=version)
    saved = buffer.getvalue()
    assert chap_starts_in_file_order(saved) != sorted(chap_starts_in_file_order(saved))
    ordered = order_chap_frames(saved)
    assert len(ordered) == len(saved)
    assert chap_starts_in_file_order(ordered) == [c.start_ms for c in chapters]
    path.write_bytes(ordered)
    reread = ID3(path)
    assert reread.version[1] == version
    assert sorted(reread.keys()) == sorted(tags.keys())
    assert [reread[f"CHAP:chp{i}"].sub_frames["TIT2"].text[0] for i in range(12)] == [
        c.title for c in chapters
    ]
    # ffmpeg shifts times by the stream's start padding; the order is what matters here.
    assert [title for _, _, title in ffmpeg_chapters(path)] == [c.title for c in chapters]


def test_order_chap_frames_leaves_other_data_alone():
    assert order_chap_frames(b"\xff\xfb\x90\x00 not a tag") == b"\xff\xfb\x90\x00 not a tag"
    assert order_chap_frames(b"ID3") == b"ID3"


@pytest.mark.parametrize("count", [MAX_CHAPTERS, MAX_CHAPTERS + 1, 700, 2000])
def test_cap_chapters_keeps_the_tiling_within_the_id3_limit(count):
    chapters = [Chapter(f"p{i}", i * 100, (i + 1) * 100) for i in range(count)]
    capped = cap_chapters(chapters)
    assert len(capped) == min(count, MAX_CHAPTERS)
    assert capped[0] == chapters[0]  # the headline keeps its own chapter
    assert capped[-1].end_ms == chapters[-1].end_ms
    assert all(a.end_ms == b.start_ms for a, b in zip(capped, capped[1:], strict=False))
    # Merged runs are even: no chapter swallows more than one neighbour more than another.
    sizes = [(c.end_ms - c.start_ms) // 100 for c in capped[1:]]
    assert max(sizes) - min(sizes) <= 1
    assert {c.title for c in capped} <= {c.title for c in chapters}


def test_a_very_long_article_is_tagged_with_at_most_255_chapters(tmp_path):
    """A CTOC counts its entries in one byte: 700 paragraphs must still tag and read back."""
    path = tmp_path / "long.mp3"
    make_mp3(path, 72000)
    chapters = [Chapter(f"Đoạn {i}", i * 100, (i + 1) * 100) for i in range(700)]
    tags = ID3(path)
    set_id3_chapters(tags, chapters, "toc")
    tags.save(path)
    reread = ID3(path)
    toc = reread["CTOC:toc"]
    assert len(toc.child_element_ids) == MAX_CHAPTERS == len(reread.getall("CHAP"))
    assert reread[f"CHAP:{toc.child_element_ids[-1]}"].end_time == 70000
