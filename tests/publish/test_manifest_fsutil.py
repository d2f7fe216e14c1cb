"""Manifest dates and atomic writes."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from audionews.errors import InputError
from audionews.fsutil import write_bytes_atomic
from audionews.manifest import episode_date, find_manifests, parse_timestamp

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-01T10:00:00Z", datetime(2026, 11, 1, 10, tzinfo=UTC)),
        ("2024-09-17T08:06:00+07:00",
         datetime(2024, 9, 17, 8, 6, tzinfo=timezone(timedelta(hours=7)))),
        ("2015-03-23T08:06:00", datetime(2015, 3, 23, 8, 6, tzinfo=HCM)),
        ("2015-03-23", datetime(2015, 3, 23, tzinfo=HCM)),
        ("2015-03-23 kèm chữ", datetime(2015, 3, 23, tzinfo=HCM)),
        ("hôm qua", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_timestamp(text, expected):
    parsed = parse_timestamp(text, HCM)
    assert parsed == expected
    if expected is not None:
        assert parsed.utcoffset() == expected.utcoffset()


def test_episode_date_falls_back_to_first_build():
    assert episode_date({"published": None, "first_built": "2026-11-02T08:00:00Z"}) == (
        datetime(2026, 11, 2, 8, tzinfo=UTC)
    )
    with pytest.raises(InputError, match="neither"):
        episode_date({"slug": "x", "published": "?", "first_built": None})


def test_find_manifests_skips_side_files_and_junk(tmp_path, episode_writer):
    episode_writer("a")
    folder = tmp_path / "output"
    (folder / "a.chapters.json").write_text('{"version": "1.2.0", "chapters": []}')
    (folder / "junk.json").write_text("[1, 2")
    (folder / "schema2.json").write_text('{"schema": 2, "mp3": "x.mp3"}')
    assert [p.name for p, _ in find_manifests(folder)] == ["a.json"]


def test_atomic_write_skips_equal_content_and_keeps_mode(tmp_path):
    target = tmp_path / "feed.xml"
    assert write_bytes_atomic(target, b"one") is True
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    target.chmod(0o640)
    os.utime(target, (1_000_000, 1_000_000))
    assert write_bytes_atomic(target, b"one") is False
    assert target.stat().st_mtime == 1_000_000  # untouched
    assert write_bytes_atomic(target, b"two") is True
    assert target.read_bytes() == b"two"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.xml"]


def test_atomic_write_failure_leaves_old_file(tmp_path, monkeypatch):
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.xml"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
