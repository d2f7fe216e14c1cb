"""The listener page: escaped, self-contained, and playable in a real browser."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import lxml.html
import pytest
from mutagen.mp3 import MP3

from audionews.publish import publish_episode, update_feed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
EVIL_TITLE = '<script>alert("x")</script> Giá & "thuế" 🎙️'


@pytest.fixture
def site(episode_writer, show) -> Path:
    paths = [
        episode_writer("bao-so-4", first_built="2026-11-01T10:00:00+00:00"),
        episode_writer("tin hai", title=EVIL_TITLE, published="2025-01-05",
                       first_built="2026-11-02T10:00:00+00:00",
                       url="javascript:alert(1)"),
    ]
    for path in paths:
        publish_episode(path, show)
    update_feed(paths[0].parent, show)
    return paths[0].parent


def test_page_lists_episodes_with_escaped_text(site):
    raw = (site / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in raw
    doc = lxml.html.fromstring(raw)
    titles = [h.text_content() for h in doc.xpath("//article/h2")]
    assert titles == [EVIL_TITLE, "Bão số 4 & lũ quét: cảnh báo khẩn"]
    assert doc.xpath("//audio/@src") == ["tin%20hai.mp3", "bao-so-4.mp3"]
    assert doc.xpath("//audio/track/@src") == ["tin%20hai.vtt", "bao-so-4.vtt"]
    assert "feed.xml" in doc.xpath("//a/@href")
    # A scraped javascript: URL never becomes a link; the http one does.
    assert not [h for h in doc.xpath("//a/@href") if h.startswith("javascript:")]
    assert "https://example.vn/bai-bao.html" in doc.xpath("//a/@href")
    # The transcript is the written text.
    assert "Chính quyền địa phương đã sơ tán hơn 2.000 hộ dân." in doc.xpath("//details/p/text()")


def test_page_has_no_external_resources(site):
    doc = lxml.html.fromstring((site / "index.html").read_bytes())
    loaded = doc.xpath("//script/@src | //link[@rel='stylesheet']/@href | //img/@src"
                       " | //audio/@src | //track/@src")
    assert loaded and all("//" not in url for url in loaded)


def test_page_rebuild_is_identical(site, show):
    before = (site / "index.html").read_bytes()
    update_feed(site, show)
    assert (site / "index.html").read_bytes() == before


@pytest.fixture
def served(site):
    """The output folder on http://127.0.0.1:<port>/, like a static host."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass


def test_players_load_in_headless_chromium(site, served):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (CI installs Debian's chromium; "
                    "locally: apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(served + "index.html")
            assert page.locator("article.episode h2").all_inner_texts() == [
                EVIL_TITLE, "Bão số 4 & lũ quét: cảnh báo khẩn"
            ]
            page.wait_for_function(
                "[...document.querySelectorAll('audio')].every(a => a.readyState >= 1)",
                timeout=15_000,
            )
            players = page.eval_on_selector_all(
                "audio", "els => els.map(a => [a.currentSrc, a.readyState, a.duration])"
            )
            assert dialogs == []  # the <script> in a title stayed text
        finally:
            browser.close()
    assert len(players) == 2
    for src, ready, duration in players:
        assert ready >= 1
        name = src.rsplit("/", 1)[1].replace("%20", " ")
        assert abs(duration - MP3(site / name).info.length) < 0.25
