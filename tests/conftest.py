"""Shared paths for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def pages_dir() -> Path:
    return PAGES
