"""Cover art: configured images are checked, a default one is drawn otherwise."""

from __future__ import annotations

import dataclasses
import io
import os

import pytest
from mutagen.id3 import ID3, PictureType
from PIL import Image

from audionews.cover import (
    EMBED_MAX_BYTES,
    check_cover_image,
    default_cover,
    embeddable_cover,
    prepare_cover,
)
from audionews.errors import ConfigError
from audionews.publish import publish_episode


def image_file(path, size, fmt="PNG", noise=False):
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (10, 120, 200))
    image.save(path, format=fmt)
    return path


def test_default_cover_is_a_valid_square_jpeg_and_stable():
    data = default_cover("Tin tức hôm nay: Đà Nẵng & bão số 4 🌀")
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (1400, 1400)
    assert default_cover("Tin tức hôm nay: Đà Nẵng & bão số 4 🌀") == data
    assert default_cover("Một chương trình khác") != data


def test_valid_configured_image(tmp_path):
    assert check_cover_image(image_file(tmp_path / "c.png", (1400, 1400))) == "image/png"
    jpeg = image_file(tmp_path / "c.jpg", (3000, 3000), "JPEG")
    assert check_cover_image(jpeg) == "image/jpeg"


@pytest.mark.parametrize(
    ("size", "fmt", "message"),
    [
        ((1400, 1500), "PNG", "square"),
        ((1000, 1000), "PNG", "between 1400 and 3000"),
        ((3200, 3200), "JPEG", "between 1400 and 3000"),
        ((1400, 1400), "GIF", "JPEG or PNG"),
    ],
)
def test_unusable_configured_image(tmp_path, size, fmt, message):
    path = image_file(tmp_path / "c.img", size, fmt)
    with pytest.raises(ConfigError, match=message):
        check_cover_image(path)


def test_missing_or_non_image(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        check_cover_image(tmp_path / "none.png")
    (tmp_path / "x.png").write_text("not an image")
    with pytest.raises(ConfigError, match="cannot be read"):
        check_cover_image(tmp_path / "x.png")


def test_prepare_cover_copies_the_configured_image(tmp_path, show):
    source = image_file(tmp_path / "art.png", (1400, 1400))
    out = tmp_path / "out"
    out.mkdir()
    cover = prepare_cover(dataclasses.replace(show, image=source), out)
    assert cover == out / "cover.png"
    assert cover.read_bytes() == source.read_bytes()
    generated = prepare_cover(show, out)
    assert generated == out / "cover.jpg"
    assert generated.read_bytes() == default_cover(show.title)


def test_large_covers_are_scaled_down_for_embedding(tmp_path):
    big = image_file(tmp_path / "big.png", (3000, 3000), noise=True)
    assert big.stat().st_size > EMBED_MAX_BYTES
    mime, data = embeddable_cover(big)
    assert mime == "image/jpeg"
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1400, 1400)
    small = image_file(tmp_path / "small.png", (1400, 1400))
    assert embeddable_cover(small) == ("image/png", small.read_bytes())


def test_cover_is_embedded_as_apic(episode_writer, show):
    manifest_path = episode_writer("bao")
    publish_episode(manifest_path, show)
    (apic,) = ID3(manifest_path.with_suffix(".mp3")).getall("APIC")
    assert apic.type == PictureType.COVER_FRONT
    assert apic.mime == "image/jpeg"
    assert apic.data == (manifest_path.parent / "cover.jpg").read_bytes()
