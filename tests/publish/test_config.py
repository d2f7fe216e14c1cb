"""audionews.toml: the [show] table, defaults, and errors that name the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from audionews.config import REQUIRED_FIELDS, STARTER_CONFIG, load_config
from audionews.errors import ConfigError

MINIMAL = """\
[show]
title = "Tin nhanh"
description = "Tin tức đọc thành podcast."
author = "Tòa soạn"
owner_email = "owner@example.com"
base_url = "https://cdn.example.com/pod"
"""


def write(folder: Path, text: str) -> Path:
    path = folder / "audionews.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_file_means_no_config(tmp_path):
    assert load_config(cwd=tmp_path) is None


def test_found_in_the_working_folder_with_defaults(tmp_path):
    write(tmp_path, MINIMAL)
    config = load_config(cwd=tmp_path)
    assert config is not None
    assert config.title == "Tin nhanh"
    assert config.base_url == "https://cdn.example.com/pod/"
    assert config.feed_url == "https://cdn.example.com/pod/feed.xml"
    assert (config.language, config.category, config.explicit) == ("vi", "News", False)
    assert config.owner_name == "Tòa soạn"  # defaults to the author
    assert config.link == "https://cdn.example.com/pod/"
    assert config.image is None
    assert str(config.tzinfo) == "Asia/Ho_Chi_Minh"


def test_starter_config_is_valid_and_commented():
    assert STARTER_CONFIG.count("#") > 10
    # The starter file must load as is, so `init` then `feed` works out of the box.
    import tomllib

    from audionews.config import show_config_from_table

    config = show_config_from_table(tomllib.loads(STARTER_CONFIG)["show"])
    assert config.language == "vi"
    assert config.base_url.startswith("https://")


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_missing_required_field_is_named(tmp_path, field):
    text = "\n".join(line for line in MINIMAL.splitlines() if not line.startswith(field))
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=f"'{field}'"):
        load_config(path)


def test_other_tables_are_ignored(tmp_path):
    path = write(tmp_path, MINIMAL + '\n[lexicon]\n"TP.HCM" = "thành phố Hồ Chí Minh"\n'
                 '\n[profile.fast]\nengine = "espeak"\n')
    assert load_config(path).title == "Tin nhanh"


def test_file_without_show_table_gives_none(tmp_path):
    path = write(tmp_path, '[lexicon]\n"UBND" = "ủy ban nhân dân"\n')
    assert load_config(path) is None


def test_explicit_path_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_invalid_toml_is_a_config_error(tmp_path):
    path = write(tmp_path, "[show\ntitle = ")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('base_url = "example.com/pod"', "base_url"),
        ('owner_email = "nobody"', "owner_email"),
        ('explicit = "no"', "explicit"),
        ('type = "daily"', "type"),
        ("title = 42", "title"),
        ('timezone = "Mars/Olympus"', "timezone"),
    ],
)
def test_bad_values_are_named(tmp_path, line, message):
    key = line.split(" ")[0]
    kept = [x for x in MINIMAL.splitlines() if not x.startswith(key + " ")]
    path = write(tmp_path, "\n".join([*kept, line]))
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_image_is_relative_to_the_config_file(tmp_path):
    path = write(tmp_path, MINIMAL + 'image = "art/cover.png"\n')
    assert load_config(path).image == tmp_path / "art" / "cover.png"
