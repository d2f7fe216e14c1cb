"""Cover art: check the configured image, or draw a default one from the show title.

Apple Podcasts wants a square JPEG or PNG between 1400 and 3000 pixels. A
configured image that breaks these rules is a configuration error, reported
before anything is published. Without one, a plain cover is drawn with Pillow:
the title on a colour picked from the title, so each show gets its own colour
and every rebuild gets the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from .config import ShowConfig
from .errors import ConfigError
from .fsutil import write_bytes_atomic

COVER_MIN_PX = 1400
COVER_MAX_PX = 3000
DEFAULT_COVER_PX = 1400
COVER_STEM = "cover"

# Pillow format name -> (MIME type, file extension).
COVER_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}

# Dark backgrounds that keep white text readable.
_BACKGROUNDS = ((24, 54, 92), (122, 28, 40), (20, 88, 72), (70, 40, 110), (40, 40, 40))
_ACCENT = (242, 184, 48)

# A DejaVu font draws Vietnamese diacritics; used only when the system has one.
_FONT_CANDIDATES = (
    "DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/local/share/fonts/DejaVuSans-Bold.ttf",
    "/Library/Fonts/DejaVuSans-Bold.ttf",
)


def check_cover_image(path: Path) -> str:
    """Check that an image is usable as podcast cover art.

    Args:
        path: the image file.

    Returns:
        Its MIME type (``image/jpeg`` or ``image/png``).

    Raises:
        ConfigError: the file is missing, not an image, not JPEG/PNG, not square,
            or outside 1400-3000 px.
    """
    try:
        with Image.open(path) as image:
            image_format, (width, height) = image.format, image.size
    except FileNotFoundError:
        raise ConfigError(f"cover image not found: {path}") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise ConfigError(f"cover image {path} cannot be read as an image: {exc}") from None
    if image_format not in COVER_FORMATS:
        raise ConfigError(f"cover image {path} is {image_format}; podcast apps need JPEG or PNG")
    if width != height:
        raise ConfigError(f"cover image {path} is {width}x{height}; it must be square")
    if not COVER_MIN_PX <= width <= COVER_MAX_PX:
        raise ConfigError(
            f"cover image {path} is {width}x{height}; it must be between "
            f"{COVER_MIN_PX} and {COVER_MAX_PX} px on a side"
        )
    return COVER_FORMATS[image_format][0]


def _load_font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """A bold font at ``size`` and whether it covers Vietnamese."""
    for candidate in _FONT_CANDIDATES:
        try:
            return ImageFont.truetype(candidate, size), True
        except OSError:
            continue
    # Pillow's bundled font (Pillow >= 10.1) has Latin letters only.
    return ImageFont.load_default(size=size), False


def _fold_to_ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 128)


def _drawable(text: str) -> str:
    # Emoji and other symbols have no glyph in text fonts and would draw as boxes.
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Cs", "Co", "Cn"))
    return " ".join(kept.split())


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def default_cover(title: str, size: int = DEFAULT_COVER_PX) -> bytes:
    """Draw a square JPEG cover showing ``title``.

    Args:
        title: the show title.
        size: the side in pixels.

    Returns:
        The JPEG bytes; the same title always gives the same bytes.
    """
    digest = hashlib.sha256(title.encode("utf-8")).digest()
    image = Image.new("RGB", (size, size), _BACKGROUNDS[digest[0] % len(_BACKGROUNDS)])
    draw = ImageDraw.Draw(image)
    margin = size // 10
    text_width = size - 2 * margin
    draw.rectangle((margin, margin, margin + size // 5, margin + size // 60), fill=_ACCENT)

    font_size = size // 7
    while True:
        font, covers_vietnamese = _load_font(font_size)
        text = _drawable(title if covers_vietnamese else _fold_to_ascii(title))
        lines = _wrap(text or "Podcast", font, text_width)
        line_height = int(font_size * 1.25)
        fits = all(font.getlength(line) <= text_width for line in lines)
        if (fits and len(lines) * line_height <= size - 3 * margin) or font_size <= size // 40:
            break
        font_size = int(font_size * 0.85)

    top = (size - len(lines) * line_height) // 2
    for index, line in enumerate(lines):
        draw.text((margin, top + index * line_height), line, font=font, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()


def prepare_cover(config: ShowConfig, output_dir: Path) -> Path:
    """Put the show's cover into the output folder as ``cover.jpg`` or ``cover.png``.

    Args:
        config: the show; its ``image`` is checked and copied, or a default cover
            is drawn from its title.
        output_dir: the folder that is served at ``config.base_url``.

    Returns:
        The cover file in ``output_dir``.

    Raises:
        ConfigError: the configured image is unusable (see :func:`check_cover_image`).
    """
    if config.image is not None:
        mime = check_cover_image(config.image)
        extension = next(ext for m, ext in COVER_FORMATS.values() if m == mime)
        data = Path(config.image).read_bytes()
    else:
        extension, data = "jpg", default_cover(config.title)
    target = Path(output_dir) / f"{COVER_STEM}.{extension}"
    write_bytes_atomic(target, data)
    return target


def cover_mime(path: Path) -> str:
    """The MIME type of a cover file, from its extension."""
    return "image/png" if Path(path).suffix.lower() == ".png" else "image/jpeg"


# Above this size the embedded copy is re-encoded: every MP3 carries it.
EMBED_MAX_BYTES = 512 * 1024


def embeddable_cover(path: Path) -> tuple[str, bytes]:
    """The cover as it goes into an MP3's APIC frame: MIME type and bytes.

    Small covers are embedded as they are; larger ones are scaled to 1400 px JPEG
    so a 3000 px PNG does not add megabytes to every episode.
    """
    data = Path(path).read_bytes()
    if len(data) <= EMBED_MAX_BYTES:
        return cover_mime(path), data
    with Image.open(io.BytesIO(data)) as image:
        side = (DEFAULT_COVER_PX, DEFAULT_COVER_PX)
        small = image.convert("RGB").resize(side, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=85)
    return "image/jpeg", out.getvalue()
