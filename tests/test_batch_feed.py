"""`audionews batch --from-feed`: a news site's feed in, episodes out, nothing built twice."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from audionews.cli_batch import batch

from .test_batch import run_cli

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
GOOD = ["vnexpress.html", "thanhnien.html", "znews.html", "laodong.html"]


def write_feed(path: Path, links: list[str]) -> None:
    items = "\n".join(
        f"<item><title>Tin {i}</title><link>{link}</link><guid>tin-{i}</guid>"
        f"<pubDate>Thu, {20 + i} Jun 2024 08:00:00 +0700</pubDate></item>"
        for i, link in enumerate(links)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Thời sự</title><link>http://example.vn/</link>{items}</channel></rss>",
        encoding="utf-8",
    )


def run(args: list[str]):
    return run_cli(args)


def test_feed_items_become_episodes_once(tmp_path, httpserver):
    for name in GOOD:
        httpserver.expect_request(f"/{name}").respond_with_data(
            (PAGES / name).read_bytes(), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/gone.html").respond_with_data("gone", status=404)
    links = [httpserver.url_for(f"/{n}") for n in GOOD] + [httpserver.url_for("/gone.html")]
    feed = tmp_path / "feed.xml"
    write_feed(feed, links)
    out = tmp_path / "out"

    first = run(["--from-feed", str(feed), "-e", "fake", "-o", str(out), "-w", "1", "--json"])
    assert first.exit_code == 1
    summary = json.loads(first.stdout)
    assert sorted(summary["built"]) == sorted(links[:4])
    assert [f["source"] for f in summary["failed"]] == [links[4]]
    assert "404" in summary["failed"][0]["error"]
    manifests = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")
                 if not p.name.endswith(".chapters.json")]
    assert sorted(m["input"] for m in manifests) == sorted(links[:4])

    fetched = len(httpserver.log)
    again = run(["--from-feed", str(feed), "-e", "fake", "-o", str(out), "-w", "1", "--json"])
    summary = json.loads(again.stdout)
    assert summary["built"] == [] and sorted(summary["skipped"]) == sorted(links[:4])
    # Built items are skipped by their link, without fetching them again; only the
    # broken one is retried.
    assert len(httpserver.log) == fetched + 1


def test_feed_limit_takes_the_newest(tmp_path, httpserver):
    for name in GOOD:
        httpserver.expect_request(f"/{name}").respond_with_data(
            (PAGES / name).read_bytes(), content_type="text/html; charset=utf-8")
    links = [httpserver.url_for(f"/{n}") for n in GOOD]
    feed = tmp_path / "feed.xml"
    write_feed(feed, links)  # the last item has the latest date
    result = run(["--from-feed", str(feed), "--limit", "2", "-e", "fake", "-o",
                  str(tmp_path / "out"), "-w", "1", "--json", "--dry-run"])
    assert result.exit_code == 0
    assert sorted(json.loads(result.stdout)["would_build"]) == sorted(links[2:])


def test_batch_needs_inputs_or_a_feed(tmp_path):
    result = CliRunner().invoke(batch, ["-e", "fake", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "--from-feed" in result.output
