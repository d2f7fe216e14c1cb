"""How every command reports the library's errors: one line, a meaningful exit code."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .errors import AudioNewsError, InputError

F = TypeVar("F", bound=Callable[..., Any])


class BadInput(click.ClickException):
    """Bad input: one line on stderr, exit 2 (like a usage error, without the usage)."""

    exit_code = 2


def reports_errors(func: F) -> F:
    """Map the library's errors to one-line Click errors: bad input exits 2, others 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise BadInput(str(exc)) from exc
        except AudioNewsError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]
