"""The RSS feed as podcast apps read it: feedparser, podcastparser, lxml XPath."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree
from mutagen.mp3 import MP3

from audionews.errors import ConfigError, InputError
from audionews.feed import build_feed
from audionews.podcast_ns import PODCAST_NS, podcast_guid
from audionews.publish import publish_episode

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": PODCAST_NS,
      "atom": "http://www.w3.org/2005/Atom"}

TRICKY_TITLE = 'Giá xăng "tăng" <5%> & dân lo 🎙️'


@pytest.fixture
def folder(episode_writer, show) -> Path:
    """Three published episodes: two with article dates, one without."""
    paths = [
        episode_writer("bao-so-4", published="2024-09-08T07:30:00+07:00",
                       first_built="2026-11-01T10:00:00+00:00"),
        episode_writer("thanh tra", title="Thanh tra chặt cây xanh", published="2015-04-02",
                       first_built="2026-11-01T11:00:00+00:00"),
        episode_writer("gia-xang", title=TRICKY_TITLE, published=None,
                       first_built="2026-11-02T08:00:00+00:00", url=None),
    ]
    for path in paths:
        publish_episode(path, show)
    return paths[0].parent


def items_by_guid(feed_bytes: bytes) -> dict[str, bytes]:
    root = etree.fromstring(feed_bytes)
    return {item.findtext("guid"): etree.tostring(item) for item in root.iter("item")}


def test_feedparser_reads_every_episode(folder, show):
    feed = feedparser.parse(build_feed(folder, show).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == show.title
    assert [e.title for e in feed.entries] == [
        TRICKY_TITLE, "Bão số 4 & lũ quét: cảnh báo khẩn", "Thanh tra chặt cây xanh"
    ]
    for entry in feed.entries:
        (enclosure,) = entry.enclosures
        name = enclosure.href.removeprefix(show.base_url).replace("%20", " ")
        mp3 = folder / name
        assert enclosure.type == "audio/mpeg"
        assert int(enclosure.length) == mp3.stat().st_size
        assert abs(int(entry.itunes_duration) - MP3(mp3).info.length) <= 1
        manifest = json.loads(mp3.with_suffix(".json").read_text(encoding="utf-8"))
        assert entry.id == manifest["guid"]
        assert entry.guidislink is False


def test_podcastparser_reads_every_episode(folder, show):
    data = build_feed(folder, show).read_bytes()
    parsed = podcastparser.parse(show.feed_url, io.BytesIO(data))
    assert parsed["title"] == show.title
    assert len(parsed["episodes"]) == 3
    for episode in parsed["episodes"]:
        (enclosure,) = episode["enclosures"]
        assert enclosure["mime_type"] == "audio/mpeg"
        mp3 = folder / enclosure["url"].removeprefix(show.base_url).replace("%20", " ")
        assert enclosure["file_size"] == mp3.stat().st_size
        assert abs(episode["total_time"] - MP3(mp3).info.length) <= 1
        assert episode["guid"].startswith("audionews:")


def test_apple_required_tags(folder, show):
    root = etree.fromstring(build_feed(folder, show).read_bytes())
    channel = root.find("channel")

    def one(path, where=channel):
        values = where.xpath(path, namespaces=NS)
        assert len(values) == 1, path
        return values[0]

    assert one("title/text()") == show.title
    assert one("description/text()") == show.description
    assert one("language/text()") == "vi"
    assert one("link/text()") == show.link
    assert one("atom:link[@rel='self']/@href") == show.feed_url
    assert one("itunes:image/@href") == show.base_url + "cover.jpg"
    assert one("itunes:category/@text") == "News"
    assert one("itunes:explicit/text()") == "false"
    assert one("itunes:author/text()") == show.author
    assert one("itunes:owner/itunes:email/text()") == show.owner_email
    assert one("itunes:type/text()") == "episodic"
    assert one("podcast:guid/text()") == podcast_guid(show.feed_url)
    assert one("podcast:locked/text()") == "yes"
    assert one("podcast:locked/@owner") == show.owner_email
    for item in channel.iter("item"):
        assert one("title/text()", item)
        assert one("enclosure/@url", item).startswith(show.base_url)
        assert one("guid/@isPermaLink", item) == "false"
        assert one("pubDate/text()", item)
        assert one("itunes:duration/text()", item).isdigit()
        types = item.xpath("podcast:transcript/@type", namespaces=NS)
        assert sorted(types) == ["application/x-subrip", "text/vtt"]
        assert item.xpath("podcast:transcript/@rel", namespaces=NS) == ["captions"] * 2
        assert one("podcast:chapters/@type", item) == "application/json+chapters"


def test_subcategory_and_explicit(folder, show):
    config = dataclasses.replace(show, subcategory="Daily News", explicit=True)
    root = etree.fromstring(build_feed(folder, config).read_bytes())
    assert root.xpath("channel/itunes:category[@text='News']/itunes:category/@text",
                      namespaces=NS) == ["Daily News"]
    assert root.xpath("channel/itunes:explicit/text()", namespaces=NS) == ["true"]


def test_urls_are_percent_encoded_and_files_exist(folder, show):
    root = etree.fromstring(build_feed(folder, show).read_bytes())
    urls = root.xpath("//enclosure/@url | //podcast:transcript/@url | //podcast:chapters/@url",
                      namespaces=NS)
    assert show.base_url + "thanh%20tra.mp3" in urls
    assert show.base_url + "thanh%20tra.vtt" in urls
    for url in urls:
        assert " " not in url
        assert (folder / url.removeprefix(show.base_url).replace("%20", " ")).is_file()


def test_dates_and_numbers(folder, show):
    feed = feedparser.parse(build_feed(folder, show).read_bytes())
    by_title = {e.title: e for e in feed.entries}
    # Article date when known (RFC 2822, timezone kept), else the first build.
    assert by_title["Bão số 4 & lũ quét: cảnh báo khẩn"].published == (
        "Sun, 08 Sep 2024 07:30:00 +0700"
    )
    assert by_title[TRICKY_TITLE].published == "Mon, 02 Nov 2026 08:00:00 +0000"
    # A date without an offset is local time of the show's zone (Asia/Ho_Chi_Minh).
    assert by_title["Thanh tra chặt cây xanh"].published == "Thu, 02 Apr 2015 00:00:00 +0700"
    # Episode numbers follow the build order, so a new episode never renumbers.
    assert [by_title[t].itunes_episode for t in (
        "Bão số 4 & lũ quét: cảnh báo khẩn", "Thanh tra chặt cây xanh", TRICKY_TITLE
    )] == ["1", "2", "3"]


def test_rebuild_is_byte_identical(folder, show):
    first = build_feed(folder, show).read_bytes()
    for path in sorted(folder.glob("*.json")):
        if not path.name.endswith(".chapters.json"):
            publish_episode(path, show)
    assert build_feed(folder, show).read_bytes() == first


def test_new_episode_adds_one_item_and_changes_no_other(folder, show, episode_writer):
    before = items_by_guid(build_feed(folder, show).read_bytes())
    new = episode_writer("moi", title="Tin mới", published="2026-11-20T09:00:00+07:00",
                         first_built="2026-11-20T03:00:00+00:00")
    publish_episode(new, show)
    data = build_feed(folder, show).read_bytes()
    after = items_by_guid(data)
    assert set(after) - set(before) == {"audionews:moi"}
    assert {g: after[g] for g in before} == before
    assert next(iter(after)) == "audionews:moi"  # newest first


def test_max_items_keeps_the_newest(folder, show):
    root = etree.fromstring(build_feed(folder, show, max_items=2).read_bytes())
    assert [i.findtext("title") for i in root.iter("item")] == [
        TRICKY_TITLE, "Bão số 4 & lũ quét: cảnh báo khẩn"
    ]
    with pytest.raises(ConfigError, match="max_items"):
        build_feed(folder, show, max_items=0)


def test_broken_or_foreign_files_do_not_break_the_feed(folder, show):
    (folder / "hong.json").write_text("{not json", encoding="utf-8")
    (folder / "notes.json").write_text('{"hello": "world"}', encoding="utf-8")
    orphan = json.loads((folder / "bao-so-4.json").read_text(encoding="utf-8"))
    orphan.update(slug="mat", mp3="mat.mp3", guid="audionews:mat")
    (folder / "mat.json").write_text(json.dumps(orphan), encoding="utf-8")
    root = etree.fromstring(build_feed(folder, show).read_bytes())
    assert len(root.findall("channel/item")) == 3


def test_failure_keeps_the_old_feed(folder, show, tmp_path):
    feed = build_feed(folder, show)
    before = feed.read_bytes()
    bad = dataclasses.replace(show, title="Khác", image=tmp_path / "missing.png")
    with pytest.raises(ConfigError, match="cover image not found"):
        build_feed(folder, bad)
    assert feed.read_bytes() == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_empty_folder_is_an_error(tmp_path, show):
    with pytest.raises(InputError, match="no published episodes"):
        build_feed(tmp_path, show)


def test_tricky_titles_stay_valid_xml(folder, show):
    data = build_feed(folder, show).read_bytes()
    root = etree.fromstring(data)  # raises on invalid XML
    assert TRICKY_TITLE in [i.findtext("title") for i in root.iter("item")]
    assert b"<5%>" not in data
