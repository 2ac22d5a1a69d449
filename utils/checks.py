"""Automatic checks for the exercises.

Each exercise cell runs a reference solution from :mod:`utils.solutions` by default; a learner
puts their own function in its place and runs the same check::

    my_fn = utils.solutions.ch01_normalize      # <- replace with your own function
    assert utils.check(my_fn, utils.solutions.ch01_normalize, cases=[(x,), (y,)])

``check`` prints a one-line pass, or the first case that differs with a hint, and returns a
:class:`CheckResult` that is truthy only when every case matched.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`check`; ``bool(result)`` says whether every case passed."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:  # what a notebook shows if the result is the cell's last value
        return self.message


def _as_array(x):
    if hasattr(x, "detach") and hasattr(x, "cpu"):  # a torch tensor
        return x.detach().cpu().numpy()
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):  # a TensorFlow tensor
        return np.asarray(x.numpy())
    return np.asarray(x)


def same(a, b, *, rtol: float = 1e-4, atol: float = 1e-6) -> bool:
    """True when ``a`` and ``b`` hold the same values (numbers close, shapes equal, containers alike).

    Works for numbers, strings, NumPy arrays, torch and TensorFlow tensors, and lists, tuples and
    dicts of them. Two arrays or tensors must also share a dtype (a float64 answer where float32 is
    asked for is a different answer); plain Python numbers compare by value.
    """
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()
                and all(same(a[k], b[k], rtol=rtol, atol=atol) for k in a))
    if isinstance(a, (str, bytes)) or isinstance(b, (str, bytes)):
        return a == b
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, rtol=rtol, atol=atol) for x, y in zip(a, b))
    if a is None or b is None:
        return a is b
    try:
        x, y = _as_array(a), _as_array(b)
    except Exception:  # noqa: BLE001 - objects NumPy cannot read are compared with ==
        return bool(a == b)
    if x.shape != y.shape:
        return False
    if hasattr(a, "dtype") and hasattr(b, "dtype") and x.dtype != y.dtype:
        return False
    if x.dtype.kind in "biufc" and y.dtype.kind in "biufc":
        return bool(np.allclose(x.astype(np.float64), y.astype(np.float64), rtol=rtol, atol=atol,
                                equal_nan=True))
    return bool(np.array_equal(x, y))


def _short(x, limit: int = 160) -> str:
    if hasattr(x, "shape") and getattr(x, "ndim", 0) > 0:
        text = (f"{type(x).__name__} of shape {tuple(x.shape)}, {_as_array(x).dtype}: "
                f"{np.array2string(_as_array(x).ravel()[:6], precision=4)}")
    else:
        text = repr(x)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check(candidate, reference, cases, *, name: str | None = None, hint: str | None = None,
          rtol: float = 1e-4, atol: float = 1e-6) -> CheckResult:
    """Run ``candidate`` and ``reference`` on every case and compare their results with :func:`same`.

    ``cases``: a non-empty list; each case is a tuple of positional arguments (a value that is not a
    tuple is one argument). Arguments are deep-copied for each call, so a function that changes
    its input cannot spoil the other's run. Prints and returns a :class:`CheckResult`.
    """
    if not callable(candidate) or not callable(reference):
        raise TypeError("check(candidate, reference, cases): candidate and reference must be functions.")
    cases = list(cases)
    if not cases:
        raise ValueError("check needs at least one case to run.")
    label = name or getattr(candidate, "__name__", "your function")
    for i, case in enumerate(cases, start=1):
        args = case if isinstance(case, tuple) else (case,)
        expected = reference(*copy.deepcopy(args))
        try:
            got = candidate(*copy.deepcopy(args))
        except Exception as err:  # noqa: BLE001 - the learner's error is the message
            result = CheckResult(False, f"✗ {label}: case {i} of {len(cases)} raised "
                                        f"{type(err).__name__}: {err}" + (f"\n  hint: {hint}" if hint else ""))
            print(result.message)
            return result
        if not same(got, expected, rtol=rtol, atol=atol):
            result = CheckResult(False, f"✗ {label}: case {i} of {len(cases)} differs\n"
                                        f"  expected {_short(expected)}\n  got      {_short(got)}"
                                        + (f"\n  hint: {hint}" if hint else ""))
            print(result.message)
            return result
    note = ("\n  (that was the reference solution itself: put your own function in its place)"
            if candidate is reference else "")
    result = CheckResult(True, f"✓ {label}: all {len(cases)} cases match the reference.{note}")
    print(result.message)
    return result


def check_close(value, expected, *, name: str = "value", rtol: float = 1e-4, atol: float = 1e-6,
                hint: str | None = None) -> CheckResult:
    """Compare one computed answer with the expected one; print and return a :class:`CheckResult`."""
    if same(value, expected, rtol=rtol, atol=atol):
        result = CheckResult(True, f"✓ {name} is right.")
    else:
        result = CheckResult(False, f"✗ {name}: expected {_short(expected)}, got {_short(value)}"
                                    + (f"\n  hint: {hint}" if hint else ""))
    print(result.message)
    return result


def relative_error(a, b, eps: float = 1e-12) -> float:
    """max |a - b| / max(|a|, |b|): the number to print when comparing two gradients."""
    x, y = _as_array(a).astype(np.float64), _as_array(b).astype(np.float64)
    if x.shape != y.shape:
        raise ValueError(f"cannot compare shapes {x.shape} and {y.shape}.")
    scale = max(float(np.abs(x).max(initial=0)), float(np.abs(y).max(initial=0)), eps)
    err = float(np.abs(x - y).max(initial=0)) / scale
    return math.inf if math.isnan(err) else err  # NaN never passes a tolerance
