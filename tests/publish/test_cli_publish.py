"""`audionews init` and `audionews feed`, run in-process with CliRunner."""

from __future__ import annotations

import feedparser
import pytest
from click.testing import CliRunner

from audionews.cli_publish import feed, init
from audionews.config import STARTER_CONFIG
from audionews.publish import publish_episode


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cli = CliRunner()

    def run(command, *args):
        return cli.invoke(command, list(args))

    return run


def test_init_writes_the_starter_config_once(runner, tmp_path):
    result = runner(init)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "audionews.toml").read_text(encoding="utf-8") == STARTER_CONFIG
    again = runner(init)
    assert again.exit_code == 2
    assert "already exists" in again.output
    assert runner(init, "--force").exit_code == 0


def test_feed_from_the_starter_config(runner, tmp_path, episode_writer, show):
    publish_episode(episode_writer("bao"), show)
    runner(init)
    result = runner(feed, "-o", str(tmp_path / "output"), "--max-items", "5")
    assert result.exit_code == 0, result.output
    parsed = feedparser.parse((tmp_path / "output" / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert parsed.feed.title == "Tin tức hôm nay"
    assert len(parsed.entries) == 1
    assert (tmp_path / "output" / "index.html").is_file()


def test_feed_without_config_says_what_to_do(runner, tmp_path):
    result = runner(feed, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "audionews init" in result.output


def test_feed_errors_are_one_line(runner, tmp_path):
    (tmp_path / "show.toml").write_text('[show]\ntitle = "x"\n', encoding="utf-8")
    result = runner(feed, "--config", str(tmp_path / "show.toml"), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "missing the required field 'description'" in result.output
    assert "Traceback" not in result.output


def test_commands_have_help():
    for command in (init, feed):
        assert command.help and len(command.help.splitlines()[0]) < 80
