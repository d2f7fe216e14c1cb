"""read_news_feed on local feed files and a local server."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from audionews.errors import InputError
from audionews.newsfeed import NewsItem, read_news_feed

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
RSS = FEEDS / "thoisu-rss.xml"


def test_rss_items_newest_first() -> None:
    items = read_news_feed(RSS)
    assert len(items) == 5
    assert [i.guid for i in items] == [
        "baothu-105",
        "baothu-102",
        "baothu-101",
        "https://baothu.vn/gia-lua-tang-manh-103.htm",  # no guid: the link stands in
        "baothu-104",
    ]
    assert items[0] == NewsItem(
        title="Quảng Ninh đón hơn 2 triệu lượt khách dịp nghỉ lễ",
        link="https://baothu.vn/quang-ninh-don-khach-105.htm",
        guid="baothu-105",
        published="2024-06-21T13:05:00+00:00",
    )


def test_relative_link_resolved_against_the_site() -> None:
    (item,) = [i for i in read_news_feed(RSS) if i.title.startswith("Giá lúa")]
    assert item.link == "https://baothu.vn/gia-lua-tang-manh-103.htm"


def test_limit_keeps_the_newest() -> None:
    assert [i.guid for i in read_news_feed(RSS, limit=2)] == ["baothu-105", "baothu-102"]
    with pytest.raises(InputError, match="positive"):
        read_news_feed(RSS, limit=0)


def test_atom_feed() -> None:
    items = read_news_feed(FEEDS / "kinhte-atom.xml")
    assert [(i.title, i.published) for i in items] == [
        ("Giá vàng giảm phiên thứ ba", "2024-08-04T22:00:00+00:00"),
        ("Xuất khẩu gạo đạt kỷ lục", "2024-08-04T02:15:00+00:00"),
    ]


def test_feed_over_http(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rss/thoi-su.rss").respond_with_data(
        RSS.read_bytes(), content_type="application/rss+xml; charset=utf-8"
    )
    items = read_news_feed(httpserver.url_for("/rss/thoi-su.rss"), limit=1)
    assert [i.guid for i in items] == ["baothu-105"]


def test_not_a_feed(tmp_path: Path) -> None:
    page = Path(__file__).resolve().parent / "fixtures" / "pages" / "nld.html"
    with pytest.raises(InputError, match="not a readable RSS/Atom feed"):
        read_news_feed(page)
    with pytest.raises(InputError, match="no such file"):
        read_news_feed(tmp_path / "missing.xml")
