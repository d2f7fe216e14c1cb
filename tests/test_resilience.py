"""gTTS under fault injection (mocked at the requests layer), the clip cache in an
episode, request counts, and the rate limiter."""

from __future__ import annotations

import random
import threading

import pytest
import requests
import responses

from audionews import build_episode
from audionews.cache import ClipCache
from audionews.chunking import chunk_text
from audionews.engines.gtts_engine import GttsEngine
from audionews.errors import EngineUnavailableError, SynthesisError
from audionews.ingest import load_article
from audionews.normalize import normalize_article
from audionews.ratelimit import RateLimiter

from .conftest import MAIN_SAMPLE
from .test_engines import GTTS_URL, gtts_answer, sent_text


def scripted(answers):
    """A responses callback that plays ``answers`` in order, then repeats the last."""
    queue = list(answers)

    def callback(request):
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return callback


def ok(mp3):
    return (200, {}, gtts_answer(mp3))


@responses.activate
def test_429_with_retry_after_is_honoured(real_mp3_bytes, retry_sleeps):
    responses.add_callback(responses.POST, GTTS_URL, callback=scripted(
        [(429, {"Retry-After": "7"}, ""), ok(real_mp3_bytes)]))
    assert GttsEngine().synthesize("Xin chào.") == real_mp3_bytes
    assert len(responses.calls) == 2
    assert len(retry_sleeps) == 1 and retry_sleeps[0] >= 7


@responses.activate
def test_429_without_retry_after_backs_off_exponentially(real_mp3_bytes, retry_sleeps):
    responses.add_callback(responses.POST, GTTS_URL, callback=scripted(
        [(429, {}, "")] * 4 + [ok(real_mp3_bytes)]))
    engine = GttsEngine(backoff_s=0.5, backoff_max_s=60)
    assert engine.synthesize("Xin chào.") == real_mp3_bytes
    assert len(responses.calls) == 5
    # 0.5 * 2^n plus up to 0.5 of jitter: each wait at least the exponential step.
    assert len(retry_sleeps) == 4
    for n, waited in enumerate(retry_sleeps):
        assert 0.5 * 2**n <= waited <= 0.5 * 2**n + 0.5


@responses.activate
def test_5xx_timeouts_connection_errors_and_cut_answers_are_retried(real_mp3_bytes):
    cut = gtts_answer(real_mp3_bytes)[:60]  # the body stops mid-payload
    responses.add_callback(responses.POST, GTTS_URL, callback=scripted([
        (500, {}, ""), (503, {}, ""), requests.exceptions.ReadTimeout("slow"),
        requests.exceptions.ConnectionError("reset"), (200, {}, cut), ok(real_mp3_bytes),
    ]))
    assert GttsEngine().synthesize("Xin chào.") == real_mp3_bytes
    assert len(responses.calls) == 6


@responses.activate
def test_client_errors_are_not_retried():
    responses.add(responses.POST, GTTS_URL, status=400)
    with pytest.raises(SynthesisError, match="HTTP 400"):
        GttsEngine().synthesize("Xin chào.")
    assert len(responses.calls) == 1


@responses.activate
def test_retries_run_out_with_a_clear_error():
    responses.add(responses.POST, GTTS_URL, status=503)
    with pytest.raises(SynthesisError, match=r"HTTP 503.*gave up after 3 attempts"):
        GttsEngine(attempts=3).synthesize("Xin chào.")
    assert len(responses.calls) == 3


@responses.activate
def test_timeouts_that_never_end_say_the_network_is_down():
    responses.add(responses.POST, GTTS_URL, body=requests.exceptions.ConnectTimeout("x"))
    with pytest.raises(EngineUnavailableError, match="cannot reach Google TTS.*attempts"):
        GttsEngine(attempts=2).synthesize("Xin chào.")


@responses.activate
def test_invalid_mp3_payload_is_asked_again(real_mp3_bytes, tmp_path):
    answers = [(200, {}, gtts_answer(b"\x00not an mp3 at all" * 20))] + [ok(real_mp3_bytes)]
    responses.add_callback(responses.POST, GTTS_URL, callback=scripted(answers))
    article = tmp_path / "a.txt"
    article.write_text("Tiêu đề\n\nMột câu ngắn.", encoding="utf-8")
    episode = build_episode(article, output_dir=tmp_path / "out", engine="gtts")
    assert len(episode.segments) == 2
    assert len(responses.calls) == 3  # the bad answer, then both pieces


@responses.activate
def test_invalid_mp3_forever_is_a_clean_error(tmp_path):
    responses.add(responses.POST, GTTS_URL, body=gtts_answer(b"garbage" * 50))
    article = tmp_path / "a.txt"
    article.write_text("Tiêu đề\n\nMột câu ngắn.", encoding="utf-8")
    with pytest.raises(SynthesisError, match=r"a\.txt.*segment 1 \(title\).*does not decode"):
        build_episode(article, output_dir=tmp_path / "out", engine="gtts", jobs=1)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def sample_pieces() -> list[str]:
    article = normalize_article(load_article(MAIN_SAMPLE).article)
    return [p for s in article.segments for p in chunk_text(s.speech, 100)]


@responses.activate
def test_sample_needs_at_most_55_requests_and_each_fits(real_mp3_bytes, tmp_path):
    responses.add(responses.POST, GTTS_URL, body=gtts_answer(real_mp3_bytes))
    build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="gtts", jobs=8)
    texts = [sent_text(c.request) for c in responses.calls]
    assert len(texts) <= 55
    assert all(len(t) <= 100 for t in texts)
    # Every piece of the article was sent once, plus the caption cue.
    assert sorted(texts) == sorted([*sample_pieces(), "Chú thích ảnh."])


@responses.activate
def test_random_30_percent_failures_still_give_the_same_episode(real_mp3_bytes, tmp_path):
    responses.add(responses.POST, GTTS_URL, body=gtts_answer(real_mp3_bytes))
    clean = build_episode(MAIN_SAMPLE, output_dir=tmp_path / "clean", engine="gtts",
                          use_cache=False)
    responses.reset()
    rng = random.Random(1234)
    lock = threading.Lock()
    failures = [(500, {}, ""), (429, {}, ""), (503, {"Retry-After": "1"}, ""),
                requests.exceptions.ReadTimeout("slow"),
                requests.exceptions.ConnectionError("reset"),
                (200, {}, gtts_answer(real_mp3_bytes)[:50])]
    failed = []

    def flaky(request):
        with lock:
            fail = rng.random() < 0.3
            answer = rng.choice(failures) if fail else ok(real_mp3_bytes)
        if fail:
            failed.append(answer)
        if isinstance(answer, Exception):
            raise answer
        return answer

    responses.add_callback(responses.POST, GTTS_URL, callback=flaky)
    rough = build_episode(MAIN_SAMPLE, output_dir=tmp_path / "rough", engine="gtts", jobs=8,
                          use_cache=False)
    assert len(failed) >= 10
    assert rough.segments == clean.segments
    assert rough.duration_s == clean.duration_s


@responses.activate
def test_permanent_failure_names_segment_and_rerun_sends_only_missing(real_mp3_bytes, tmp_path,
                                                                      isolated_cache):
    pieces = sample_pieces()
    doomed = pieces[10]  # a piece of some body paragraph

    def down_for_one(request):
        if sent_text(request) == doomed:
            return (503, {}, "")
        return ok(real_mp3_bytes)

    responses.add_callback(responses.POST, GTTS_URL, callback=down_for_one)
    with pytest.raises(SynthesisError, match=r"baotuyenquang.*segment \d+ \(\w+\).*HTTP 503"):
        build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="gtts", jobs=1)
    assert not list(tmp_path.glob("*.mp3"))
    stored = ClipCache(isolated_cache).info().clips
    # The caption cue (made beside the first clips), every piece before the doomed one
    # (jobs=1: in order), and nothing after it.
    assert stored == 1 + 10

    responses.reset()
    responses.add(responses.POST, GTTS_URL, body=gtts_answer(real_mp3_bytes))
    episode = build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="gtts", jobs=4)
    assert episode.mp3_path.exists()
    resent = {sent_text(c.request) for c in responses.calls}
    assert doomed in resent
    assert resent.isdisjoint(pieces[:10])
    assert len(responses.calls) == len(pieces) - 10  # the rest (the cue is cached)


@responses.activate
def test_editing_one_paragraph_resends_only_it_and_unchanged_is_skipped(real_mp3_bytes,
                                                                         tmp_path):
    responses.add(responses.POST, GTTS_URL, body=gtts_answer(real_mp3_bytes))
    article = tmp_path / "article.txt"
    text = MAIN_SAMPLE.read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build_episode(article, output_dir=out, engine="gtts")
    responses.calls.reset()

    again = build_episode(article, output_dir=out, engine="gtts")
    assert again.skipped and len(responses.calls) == 0

    paragraphs = text.split("\n\n")
    body = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
    paragraphs[body] += " Thêm một câu mới ở cuối đoạn."
    article.write_text("\n\n".join(paragraphs), encoding="utf-8")
    edited = build_episode(article, output_dir=out, engine="gtts")
    assert not edited.skipped
    sent = [sent_text(c.request) for c in responses.calls]
    new_article = normalize_article(load_article(article).article)
    changed = next(s for s in new_article.segments if "Thêm một câu mới" in s.text)
    changed_pieces = chunk_text(changed.speech, 100)
    assert sent and set(sent) <= set(changed_pieces)
    assert any("Thêm một câu mới" in t for t in sent)


@responses.activate
def test_every_request_is_verified_timed_and_pooled(real_mp3_bytes, tmp_path):
    responses.add(responses.POST, GTTS_URL, body=gtts_answer(real_mp3_bytes))
    from audionews.engines import gtts_engine

    build_episode(MAIN_SAMPLE, output_dir=tmp_path, engine="gtts", jobs=8)
    assert len(responses.calls) > 20
    assert all(c.request.req_kwargs["verify"] is True for c in responses.calls)
    assert all(c.request.req_kwargs["timeout"] == 15.0 for c in responses.calls)
    adapter = gtts_engine.shared_session().get_adapter("https://translate.google.com")
    assert adapter._pool_maxsize >= 8  # type: ignore[attr-defined]


def test_rate_limiter_spaces_requests():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(4.0, clock=lambda: now[0], sleep=sleep)
    starts = []
    for _ in range(6):
        limiter.acquire()
        starts.append(now[0])
    assert starts == pytest.approx([0, 0.25, 0.5, 0.75, 1.0, 1.25])
    unlimited = RateLimiter(None, clock=lambda: now[0], sleep=sleep)
    assert unlimited.acquire() == 0.0


@responses.activate
def test_max_rps_option_limits_the_gtts_engine(real_mp3_bytes, tmp_path, monkeypatch):
    from audionews import ratelimit

    waits: list[float] = []
    original = ratelimit.RateLimiter.acquire

    def recorded(self):
        waited = original(self)
        waits.append(waited)
        return waited

    monkeypatch.setattr(ratelimit.RateLimiter, "acquire", recorded)
    responses.add(responses.POST, GTTS_URL, body=gtts_answer(real_mp3_bytes))
    article = tmp_path / "a.txt"
    article.write_text("Tiêu đề\n\nCâu một.\n\nCâu hai.\n\nCâu ba.", encoding="utf-8")
    try:
        build_episode(article, output_dir=tmp_path / "out", engine="gtts", max_rps=20, jobs=4)
    finally:
        ratelimit.set_max_rps(None)
    assert len(waits) == 4
    # Four requests at 20/s: the last one started at least 0.15 s after the first.
    assert sum(waits) >= 0.15 * 0.9


@responses.activate
def test_retry_after_longer_than_a_batch_can_wait_fails_at_once(retry_sleeps):
    responses.add(responses.POST, GTTS_URL, status=429, headers={"Retry-After": "3600"})
    with pytest.raises(SynthesisError, match="HTTP 429"):
        GttsEngine().synthesize("Xin chào.")
    assert len(responses.calls) == 1 and retry_sleeps == []


@responses.activate
def test_retry_after_as_an_http_date(real_mp3_bytes, retry_sleeps):
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    responses.add_callback(responses.POST, GTTS_URL, callback=scripted(
        [(503, {"Retry-After": when}, ""), ok(real_mp3_bytes)]))
    assert GttsEngine().synthesize("Xin chào.") == real_mp3_bytes
    assert len(retry_sleeps) == 1 and 25 <= retry_sleeps[0] <= 31
