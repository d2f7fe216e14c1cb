"""Chapters: grouping rules, ID3 CHAP/CTOC read back by mutagen and by ffmpeg, JSON."""

from __future__ import annotations

import json
import re
import subprocess

from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3

from audionews.chapters import Chapter, build_chapters, chapters_document, short_title
from audionews.manifest import ManifestSegment
from audionews.publish import publish_episode

from .conftest import FFMPEG


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
    found = sorted(ffmpeg_chapters(mp3))
    assert len(found) == len(doc["chapters"]) == 5
    assert [title for _, _, title in found] == [c["title"] for c in doc["chapters"]]
    for (start, end, _), (next_start, _, _) in zip(found, found[1:], strict=False):
        assert start < end <= next_start + 1e-6
    # ffmpeg shifts times by the stream's start padding (a few tens of ms).
    assert abs(found[-1][1] - MP3(mp3).info.length) < 0.1
