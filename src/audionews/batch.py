"""Build many episodes at once: in parallel across articles, safe to run from cron.

Articles are built in worker processes (espeak-ng is serialized inside a process,
so processes are what use several cores). A lock file in the output folder keeps two
runs from writing the same folder; every file is written atomically, so a run killed
at any moment leaves no partial episode, and the next run skips what is done and
finds the finished clips in the cache. A bad article is reported and the others go
on. The library reports each result through a callback; it never prints.
"""

from __future__ import annotations

import glob
import json
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import AudioNewsError, InputError
from .ingest import is_url

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
LOCK_NAME = ".audionews-batch.lock"
Status = Literal["built", "skipped", "failed", "would-build", "up-to-date"]


class OutputLockedError(AudioNewsError):
    """Another batch is writing the same output folder."""


@dataclass(frozen=True)
class ArticleResult:
    """The outcome of one article: ``status`` and either the MP3 or the error."""

    source: str
    status: Status
    mp3: str | None = None
    duration_s: float = 0.0
    error: str | None = None
    seconds: float = 0.0


@dataclass
class BatchReport:
    """What a batch did; ``as_dict()`` is the ``--json`` summary."""

    results: list[ArticleResult] = field(default_factory=list)
    wall_s: float = 0.0
    dry_run: bool = False
    feed_updated: bool | None = None

    def of(self, *statuses: Status) -> list[ArticleResult]:
        return [r for r in self.results if r.status in statuses]

    @property
    def total_audio_s(self) -> float:
        return round(sum(r.duration_s for r in self.of("built", "skipped")), 3)

    @property
    def exit_code(self) -> int:
        """0 when every article is built or up to date, 1 when any failed."""
        return 1 if self.of("failed") else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "built": [r.source for r in self.of("built")],
            "skipped": [r.source for r in self.of("skipped")],
            "failed": [{"source": r.source, "error": r.error} for r in self.of("failed")],
            "would_build": [r.source for r in self.of("would-build")],
            "up_to_date": [r.source for r in self.of("up-to-date")],
            "total_audio_s": self.total_audio_s,
            "wall_s": round(self.wall_s, 3),
            "dry_run": self.dry_run,
            "feed_updated": self.feed_updated,
            "results": [asdict(r) for r in self.results],
        }


def find_inputs(patterns: Iterable[str]) -> list[str | Path]:
    """The articles named by ``patterns``: files, folders (their article files, not
    recursive), glob patterns and http(s) URLs; each once, in the order given.

    Raises:
        InputError: a pattern names nothing.
    """
    found: dict[str | Path, None] = {}
    for pattern in patterns:
        if is_url(pattern):
            found.setdefault(pattern.strip(), None)
            continue
        path = Path(pattern)
        if path.is_dir():
            matches = sorted(p for p in path.iterdir()
                             if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        elif path.is_file():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True)
                             if Path(p).is_file())
        if not matches:
            raise InputError(f"no article files match {pattern!r}")
        for match in matches:
            found.setdefault(match, None)
    return list(found)


def _die_with_parent() -> None:
    """Worker start-up: on Linux, be killed when the batch process dies (even by
    SIGKILL), so no orphan keeps writing after the lock is gone."""
    import sys

    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() == 1:  # the parent was already gone before prctl took hold
            os._exit(1)


def build_one(source: str, output_dir: str, engine: str, options: dict[str, Any]) -> ArticleResult:
    """Build one article and describe the outcome; never raises for a bad article."""
    from .episode import build_episode

    started = time.perf_counter()
    try:
        episode = build_episode(source, output_dir=output_dir, engine=engine, **options)
    except AudioNewsError as exc:
        return ArticleResult(source, "failed", error=str(exc),
                             seconds=time.perf_counter() - started)
    return ArticleResult(
        source, "skipped" if episode.skipped else "built", mp3=str(episode.mp3_path),
        duration_s=episode.duration_s, seconds=time.perf_counter() - started,
    )


def plan_one(source: str, output_dir: str, engine: str, options: dict[str, Any]) -> ArticleResult:
    """What a real run would do with one article (``--dry-run``)."""
    from .episode import plan_episode

    try:
        plan = plan_episode(source, output_dir=output_dir, engine=engine, **options)
    except AudioNewsError as exc:
        return ArticleResult(source, "failed", error=str(exc))
    if plan.up_to_date:
        duration = float((plan.previous or {}).get("duration_s", 0.0))
        return ArticleResult(source, "up-to-date", mp3=str(plan.mp3_path), duration_s=duration)
    return ArticleResult(source, "would-build", mp3=str(plan.mp3_path))


def built_links(output_dir: Path) -> set[str]:
    """The article URLs (as given, and after redirects) of the episodes in a folder."""
    links: set[str] = set()
    for manifest in Path(output_dir).glob("*.json"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("files"):  # a finished build
            links.update(v for v in (data.get("input"), data.get("url")) if isinstance(v, str))
    return links


def feed_sources(
    feed: str, output_dir: str | Path, limit: int | None = None, *, force: bool = False
) -> tuple[list[str], list[str]]:
    """The newest items of a news feed: (links to build, links already built).

    Raises:
        InputError: the feed cannot be read.
    """
    from .newsfeed import read_news_feed

    items = read_news_feed(feed, limit)
    done = set() if force else built_links(Path(output_dir))
    fresh = [item.link for item in items if item.link not in done]
    built = [item.link for item in items if item.link in done]
    return fresh, built


def longest_first(sources: Sequence[str]) -> list[str]:
    """Sources in the order to start them: the longest article files first, so the
    last to finish are short ones and no core idles long at the end (URLs keep their
    place, after the files)."""
    def size(source: str) -> int:
        try:
            return Path(source).stat().st_size
        except (OSError, ValueError):
            return -1

    return sorted(sources, key=size, reverse=True)


def default_workers(engine: str, articles: int) -> int:
    """One process per core, never more than there are articles."""
    return max(1, min(os.cpu_count() or 1, articles))


def update_feed_after_batch(output_dir: Path, config_path: Path | None = None) -> bool:
    """Hook run once at the end of a batch that built something: refresh the feed.

    The feed needs a show configuration (``audionews.toml`` in the working folder, or
    ``config_path``); without one there is no podcast to update and this returns False
    (the summary says ``feed_updated: false``).
    """
    from .config import load_config
    from .publish import update_feed

    config = load_config(config_path)
    if config is None:
        log.info("feed not updated: no [show] configuration")
        return False
    update_feed(output_dir, config)
    return True


def run_batch(
    sources: Sequence[str | Path],
    output_dir: str | Path = "output",
    engine: str = "gtts",
    *,
    workers: int | None = None,
    dry_run: bool = False,
    on_result: Callable[[ArticleResult], None] | None = None,
    after_batch: Callable[[Path], bool] | None = update_feed_after_batch,
    already_built: Sequence[str] = (),
    **options: Any,
) -> BatchReport:
    """Build every article in ``sources`` into ``output_dir``.

    Args:
        sources: article files (see :func:`find_inputs` for patterns and folders).
        output_dir: where episodes go; locked for the duration of the run.
        engine: registry name of the voice.
        workers: article-level processes (default: one per core).
        dry_run: only report what would be built; nothing is written.
        on_result: called in the calling process as each article finishes.
        after_batch: called once at the end when something was built (feed update).
        already_built: sources known to be built (feed items by link): reported as
            skipped without being read again.
        **options: ``build_episode`` options; ``max_rps`` is shared among the workers.

    Returns:
        The report; ``report.exit_code`` is 1 when any article failed.

    Raises:
        OutputLockedError: another run holds the output folder.
    """
    from filelock import FileLock, Timeout

    from .fsutil import remove_stale_temp_files

    started = time.perf_counter()
    out = Path(output_dir)
    report = BatchReport(dry_run=dry_run)
    names = [str(s) for s in sources]
    count = default_workers(engine, len(names)) if workers is None else max(1, workers)
    count = min(count, max(1, len(names)))
    job_options = dict(options)
    if job_options.get("max_rps"):
        job_options["max_rps"] = float(job_options["max_rps"]) / count

    def record(result: ArticleResult) -> None:
        report.results.append(result)
        if on_result is not None:
            on_result(result)

    for name in already_built:
        record(ArticleResult(str(name), "up-to-date" if dry_run else "skipped"))

    if dry_run:
        for name in names:
            record(plan_one(name, str(out), engine, job_options))
        report.wall_s = time.perf_counter() - started
        return report

    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise OutputLockedError(
            f"another audionews batch is writing {out} (lock {out / LOCK_NAME}); "
            "wait for it to finish"
        ) from None
    try:
        removed = remove_stale_temp_files(out)
        if removed:
            log.info("removed %d temporary files left by an interrupted run", removed)
        if count == 1:
            for name in names:
                record(build_one(name, str(out), engine, job_options))
        else:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(count, mp_context=context,
                                     initializer=_die_with_parent) as pool:
                futures: dict[Future[ArticleResult], str] = {
                    pool.submit(build_one, name, str(out), engine, job_options): name
                    for name in longest_first(names)
                }
                for future in as_completed(futures):
                    try:
                        record(future.result())
                    except Exception as exc:  # a worker that crashed outright
                        record(ArticleResult(futures[future], "failed",
                                             error=f"worker crashed: {exc!r}"))
        if after_batch is not None and report.of("built"):
            report.feed_updated = after_batch(out)
    finally:
        lock.release()
    order = {name: i for i, name in enumerate(names)}
    report.results.sort(key=lambda r: order.get(r.source, len(order)))
    report.wall_s = time.perf_counter() - started
    return report
