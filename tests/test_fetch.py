"""fetch_url against a local HTTP server: each failure is one clear line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from audionews.errors import InputError
from audionews.fetch import USER_AGENT, fetch_url

from .legacy_encoding import encode_cp1258

PAGE = (Path(__file__).resolve().parent / "fixtures" / "pages" / "vnexpress.html").read_bytes()


def one_line_error(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_success_with_user_agent_and_charset(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page.html", headers={"User-Agent": USER_AGENT}).respond_with_data(
        PAGE, content_type="text/html; charset=utf-8"
    )
    page = fetch_url(httpserver.url_for("/page.html"))
    assert page.content == PAGE
    assert page.charset == "utf-8"
    assert page.content_type == "text/html"
    assert "Hà Nội mở thêm 12 tuyến buýt điện từ tháng 7" in page.text


def test_charset_from_header_decodes_legacy_page(httpserver: HTTPServer) -> None:
    html = "<html><body><h1>Tiếng Việt cũ</h1><p>Đường phố Hà Nội.</p></body></html>"
    httpserver.expect_request("/old.html").respond_with_data(
        encode_cp1258(html), content_type="text/html; charset=windows-1258"
    )
    page = fetch_url(httpserver.url_for("/old.html"))
    # Windows-1258 writes tones as combining marks; the text comes back composed (NFC)
    assert "<h1>Tiếng Việt cũ</h1><p>Đường phố Hà Nội.</p>" in page.text


def test_follows_a_redirect(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": "/new"})
    )
    httpserver.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    page = fetch_url(httpserver.url_for("/old"))
    assert page.url == httpserver.url_for("/new")


def test_404(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    with pytest.raises(InputError) as excinfo:
        fetch_url(httpserver.url_for("/missing"))
    assert "HTTP 404" in one_line_error(excinfo)


def test_timeout(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(InputError) as excinfo:
        fetch_url(httpserver.url_for("/slow"), timeout=0.3)
    assert "timed out" in one_line_error(excinfo)


def test_oversized_declared_length(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(
        b"<p>x</p>" * 2000, content_type="text/html"
    )
    with pytest.raises(InputError) as excinfo:
        fetch_url(httpserver.url_for("/big"), max_bytes=1000)
    assert "too large" in one_line_error(excinfo)


def test_oversized_streamed_without_length(httpserver: HTTPServer) -> None:
    def chunked(request: Request) -> Response:
        return Response(iter([b"<p>" + b"x" * 500 + b"</p>"] * 10), content_type="text/html")

    httpserver.expect_request("/stream").respond_with_handler(chunked)
    with pytest.raises(InputError) as excinfo:
        fetch_url(httpserver.url_for("/stream"), max_bytes=1000)
    assert "too large" in one_line_error(excinfo)


def test_not_html(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/doc.pdf").respond_with_data(
        b"%PDF-1.4", content_type="application/pdf"
    )
    with pytest.raises(InputError) as excinfo:
        fetch_url(httpserver.url_for("/doc.pdf"))
    assert "application/pdf" in one_line_error(excinfo)


def test_redirect_loop(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_response(
        Response(status=302, headers={"Location": "/b"})
    )
    httpserver.expect_request("/b").respond_with_response(
        Response(status=302, headers={"Location": "/a"})
    )
    with pytest.raises(InputError) as excinfo:
        fetch_url(httpserver.url_for("/a"))
    assert "loop" in one_line_error(excinfo)


def test_too_many_redirects(httpserver: HTTPServer) -> None:
    for hop in range(6):
        httpserver.expect_request(f"/r{hop}").respond_with_response(
            Response(status=302, headers={"Location": f"/r{hop + 1}"})
        )
    with pytest.raises(InputError) as excinfo:
        fetch_url(httpserver.url_for("/r0"), max_redirects=3)
    assert "more than 3" in one_line_error(excinfo)


def test_redirect_to_other_scheme_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ftp").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"})
    )
    with pytest.raises(InputError) as excinfo:
        fetch_url(httpserver.url_for("/ftp"))
    assert "only http:// and https://" in one_line_error(excinfo)


@pytest.mark.parametrize("url", ["ftp://example.com/a.html", "file:///etc/hosts", "example.com"])
def test_bad_scheme(url: str) -> None:
    with pytest.raises(InputError) as excinfo:
        fetch_url(url)
    assert "only http:// and https://" in one_line_error(excinfo)


def test_connection_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        fetch_url("http://127.0.0.1:9/page.html", timeout=2)
    assert "cannot fetch" in one_line_error(excinfo)
