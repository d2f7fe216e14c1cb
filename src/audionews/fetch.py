"""Fetch a news page (or feed) over HTTP, within limits a newsroom can trust.

Built on ``requests`` rather than ``httpx``: it is already a dependency of the
project (gTTS uses it), its streaming download makes a hard size cap simple, and
nothing here needs httpx's async or HTTP/2. Redirects are followed by hand so every
hop is checked (http/https only, no loops, at most ``max_redirects``). Each failure
is an :class:`~audionews.errors.InputError` with a one-line message naming the URL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import requests

from .errors import InputError
from .html import decode_html

# Sites see who is reading: the tool's name and what it does, not a browser disguise.
USER_AGENT = "audionews/0.1 (news-to-podcast builder; python-requests)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
    "application/rdf+xml", "application/feed+json", "text/html",
)  # fmt: skip
_REDIRECT_CODES = (301, 302, 303, 307, 308)
_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class FetchedPage:
    """A downloaded page.

    Attributes:
        url: the final URL, after redirects.
        content: the body bytes, exactly as received (hashed for idempotent builds).
        text: the body decoded with the charset from the headers, the page's
            ``<meta>`` tag, or detection, in that order.
        content_type: the media type without parameters ("text/html").
        charset: the charset the server declared, if any.
    """

    url: str
    content: bytes
    text: str
    content_type: str
    charset: str | None


def check_http_url(url: str) -> None:
    """Raise InputError unless ``url`` is an absolute http(s) URL."""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"only http:// and https:// URLs can be fetched, not {url!r}")


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _read_limited(response: requests.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError(f"{url} is too large ({int(declared):,} bytes; limit {max_bytes:,})")
    body = bytearray()
    for chunk in response.iter_content(_CHUNK_BYTES):
        body += chunk
        if len(body) > max_bytes:
            raise InputError(f"{url} is too large (more than {max_bytes:,} bytes)")
        if time.monotonic() > deadline:
            raise InputError(f"{url} timed out while downloading (server too slow)")
    return bytes(body)


def fetch_url(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    accept: tuple[str, ...] = HTML_TYPES,
    session: requests.Session | None = None,
) -> FetchedPage:
    """Download a page.

    Args:
        url: an absolute http:// or https:// URL.
        timeout: seconds allowed for connecting, for each read and for the whole
            download.
        max_bytes: the largest body accepted.
        max_redirects: how many redirects are followed.
        accept: the media types accepted (HTML by default; feeds pass FEED_TYPES).
        session: a requests session to reuse connections (one is made otherwise).

    Returns:
        The page: final URL, raw bytes, decoded text and content type.

    Raises:
        InputError: bad scheme, connection failure, timeout, HTTP error status,
            redirect loop or too many redirects, a body over ``max_bytes`` or a
            content type not in ``accept``.
    """
    check_http_url(url)
    http = session or requests.Session()
    try:
        return _fetch(http, url, timeout, max_bytes, max_redirects, accept)
    finally:
        if session is None:
            http.close()


def _fetch(
    http: requests.Session,
    url: str,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    accept: tuple[str, ...],
) -> FetchedPage:
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(accept) + ", */*;q=0.1"}
    deadline = time.monotonic() + timeout
    seen = [url]
    current = url
    while True:
        try:
            response = http.get(
                current, headers=headers, timeout=timeout, stream=True, allow_redirects=False
            )
        except requests.Timeout:
            raise InputError(f"{current} timed out after {timeout:g} s") from None
        except requests.RequestException as exc:
            reason = type(exc).__name__
            raise InputError(f"cannot fetch {current}: {reason} (check the address)") from None
        with response:
            if response.status_code in _REDIRECT_CODES and "Location" in response.headers:
                target = urljoin(current, response.headers["Location"])
                check_http_url(target)
                if target in seen:
                    raise InputError(f"{url} redirects in a loop (back to {target})")
                if len(seen) > max_redirects:
                    raise InputError(f"{url} redirects more than {max_redirects} times")
                seen.append(target)
                current = target
                continue
            if response.status_code >= 400:
                reason = f"{response.status_code} {response.reason or ''}".rstrip()
                raise InputError(f"{current} answered HTTP {reason}")
            media, charset = _media_type(response.headers.get("Content-Type"))
            if media and media not in accept:
                raise InputError(f"{current} is not a web page (Content-Type: {media})")
            try:
                body = _read_limited(response, current, max_bytes, deadline)
            except requests.Timeout:
                raise InputError(f"{current} timed out after {timeout:g} s") from None
            except requests.RequestException as exc:
                raise InputError(f"{current}: download broke off ({type(exc).__name__})") from None
        text = decode_html(body, charset=charset, name=current)
        return FetchedPage(current, body, text, media or "text/html", charset)
