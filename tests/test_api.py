"""The public façade and the error family."""

from __future__ import annotations

import importlib.resources

import pytest

import audionews
from audionews import errors


@pytest.mark.parametrize("name", audionews.__all__)
def test_every_public_name_resolves(name):
    assert getattr(audionews, name) is not None


def test_error_family_inherits_matching_builtins():
    assert issubclass(errors.InputError, ValueError)
    assert issubclass(errors.UnknownEngineError, KeyError)
    assert issubclass(errors.EngineUnavailableError, RuntimeError)
    assert issubclass(errors.SynthesisError, RuntimeError)
    for obj in vars(errors).values():
        is_error = isinstance(obj, type) and issubclass(obj, Exception)
        if is_error and obj is not errors.AudioNewsError:
            assert issubclass(obj, errors.AudioNewsError)


def test_package_is_typed():
    assert importlib.resources.files("audionews").joinpath("py.typed").is_file()
