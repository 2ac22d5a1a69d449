"""Automatic checks for the exercises.

Each exercise's reference solution lives in ``utils/solutions/chNN.py``, decorated with
:func:`exercise`, which keeps the exercise's test cases and its hint beside it. An exercise cell
runs the reference by default; a learner puts their own function in its place and runs the same
check::

    my_normalize = utils.solutions.ch01.normalize      # <- replace with your own function
    assert utils.check(my_normalize, utils.solutions.ch01.normalize)

For each case, :func:`check` calls both functions on their own deep copies of the arguments and
requires of the learner's function:

* **the same exception** where the reference raises (an exercise that asks for a ``ValueError`` on
  bad input fails a function that returns instead, or raises something else);
* **untouched inputs** (unless the exercise says otherwise): every argument is compared with a
  copy taken before the call;
* **the same kind of answer**: the same type family (torch tensor, NumPy array, TensorFlow tensor,
  Python or NumPy scalar of the same kind, list or tuple, dict, string, ``None``), the same dtype,
  the same shape, and values within the tolerance.

It prints a one-line pass, or what differed in the first failing case followed by the hint, and
returns a :class:`CheckResult` that is truthy only when every case passed. No exception raised by
the learner's function escapes it.
"""
from __future__ import annotations

import copy
import math
import numbers
from dataclasses import dataclass, field

import numpy as np

DEFAULT_RTOL = 1e-4
DEFAULT_ATOL = 1e-6


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`check`; ``bool(result)`` says whether every case passed."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:  # what a notebook shows if the result is the cell's last value
        return self.message


# ---- Exercises: a reference solution with its cases and hint -----------------------------------
@dataclass(frozen=True)
class Call:
    """One case with keyword arguments: ``call(x, 3, eps=1e-3)``."""

    args: tuple
    kwargs: dict = field(default_factory=dict)


def call(*args, **kwargs) -> Call:
    """A case for :func:`exercise` or :func:`check` that passes keyword arguments too."""
    return Call(args, kwargs)


@dataclass(frozen=True)
class Exercise:
    """What :func:`exercise` attaches to a reference solution (as its ``.exercise`` attribute)."""

    name: str  # "ch01.normalize"
    reference: object
    make_cases: object  # a function of no arguments that returns the list of cases
    hint: str
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    pure: bool = True  # the learner's function must leave its arguments as they were

    def cases(self) -> list:
        cases = list(self.make_cases() if callable(self.make_cases) else self.make_cases)
        if not cases:
            raise ValueError(f"exercise {self.name} has no cases.")
        return cases

    def check(self, candidate, **options) -> CheckResult:
        return check(candidate, self.reference, **options)


EXERCISES: dict = {}  # "ch01.normalize" -> Exercise, filled as utils.solutions imports its chapters


def exercise(*, cases, hint: str, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL,
             pure: bool = True):
    """Decorate a reference solution in ``utils/solutions/chNN.py`` with its exercise's check.

    ``cases``: a function of no arguments returning the list of cases (build random inputs from
    an explicit ``torch.Generator`` or ``np.random.default_rng``, so that the cases are the same
    every time); each case is a tuple of positional arguments, a :func:`call`, or one argument.
    Every requirement the exercise states needs a case that a solution ignoring it fails, and
    where the exercise asks for an error, a case on which the reference raises it.
    ``hint``: shown only when a learner's function fails. ``pure=False`` lets the learner's
    function change its arguments. The function is returned unchanged, with ``.exercise`` and
    ``.check(candidate)`` added.
    """
    if not isinstance(hint, str) or not hint.strip():
        raise ValueError("an exercise needs a hint (shown when a check fails).")

    def wrap(fn):
        chapter = fn.__module__.rsplit(".", 1)[-1]
        spec = Exercise(f"{chapter}.{fn.__name__}", fn, cases, hint.strip(), rtol, atol, pure)
        fn.exercise = spec
        fn.check = spec.check
        EXERCISES[spec.name] = spec
        return fn

    return wrap


# ---- Comparing answers -------------------------------------------------------------------------
def _is_torch(x) -> bool:
    return type(x).__module__.split(".")[0] == "torch" and hasattr(x, "detach")


def _is_tf(x) -> bool:
    return type(x).__module__.split(".")[0] in ("tensorflow", "keras") and hasattr(x, "numpy")


def _family(x) -> str:
    """The kind of answer ``x`` is, in words; two answers of different families never match."""
    if x is None:
        return "None"
    if _is_torch(x):
        return "a torch tensor"
    if _is_tf(x):
        return "a TensorFlow tensor"
    if isinstance(x, np.ndarray):
        return "a NumPy array"
    if isinstance(x, (bool, np.bool_)):
        return "a bool"
    if isinstance(x, (numbers.Integral, np.integer)):
        return "an int"
    if isinstance(x, (numbers.Real, np.floating)):
        return "a float"
    if isinstance(x, (numbers.Complex, np.complexfloating)):
        return "a complex number"
    if isinstance(x, str):
        return "a string"
    if isinstance(x, bytes):
        return "bytes"
    if isinstance(x, (list, tuple)):
        return "a list or tuple"
    if isinstance(x, dict):
        return "a dict"
    module = type(x).__module__.split(".")[0]
    if module == "pandas":
        return f"a pandas {type(x).__name__}"
    return f"a {type(x).__name__}"


def _as_array(x):
    if _is_torch(x):
        x = x.detach().cpu()
        return (x.float() if str(x.dtype) == "torch.bfloat16" else x).numpy()
    if _is_tf(x):
        return np.asarray(x.numpy())
    return np.asarray(x)


def _dtype(x):
    return getattr(x, "dtype", None)


def _values_close(x: np.ndarray, y: np.ndarray, rtol: float, atol: float) -> bool:
    if x.dtype.kind in "Mm" and y.dtype.kind in "Mm":  # dates and durations: NaT matches NaT
        return bool(np.array_equal(np.isnat(x), np.isnat(y)) and np.array_equal(x[~np.isnat(x)], y[~np.isnat(y)]))
    if x.dtype.kind == "O" or y.dtype.kind == "O":  # mixed objects (e.g. a DataFrame's rows): NaN/NaT match
        import pandas as pd

        gone_x, gone_y = pd.isna(x), pd.isna(y)
        return bool(np.array_equal(gone_x, gone_y) and all(a == b for a, b in zip(x[~gone_x], y[~gone_y])))
    if x.dtype.kind in "fc" or y.dtype.kind in "fc":
        return bool(np.allclose(x.astype(np.complex128 if "c" in x.dtype.kind + y.dtype.kind else np.float64),
                                y.astype(np.complex128 if "c" in x.dtype.kind + y.dtype.kind else np.float64),
                                rtol=rtol, atol=atol, equal_nan=True))
    return bool(np.array_equal(x, y))


def difference(got, expected, *, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL,
               where: str = "") -> str | None:
    """Why ``got`` is not the answer ``expected``, in one line; ``None`` when it is.

    Strict where :func:`same` is lenient: the type family, the dtype and the shape must match
    (a list is not a tensor, a 0-d tensor is not a float, a float is not an int).
    """
    at = f" at {where}" if where else ""
    fam_got, fam_expected = _family(got), _family(expected)
    if fam_got != fam_expected:
        return f"expected {fam_expected}{at}, got {fam_got}: {_short(got)}"
    if fam_expected == "a list or tuple":
        if len(got) != len(expected):
            return f"expected {len(expected)} items{at}, got {len(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            why = difference(g, e, rtol=rtol, atol=atol, where=f"{where}[{i}]")
            if why:
                return why
        return None
    if fam_expected == "a dict":
        if set(got) != set(expected):
            return f"expected the keys {sorted(map(repr, expected))}{at}, got {sorted(map(repr, got))}"
        for k in expected:
            why = difference(got[k], expected[k], rtol=rtol, atol=atol, where=f"{where}[{k!r}]")
            if why:
                return why
        return None
    if fam_expected in ("None", "a string", "bytes"):
        return None if got == expected else f"expected {_short(expected)}{at}, got {_short(got)}"
    if fam_expected in ("an int", "a bool"):
        return None if int(got) == int(expected) else f"expected {expected!r}{at}, got {got!r}"
    if fam_expected in ("a float", "a complex number"):
        if (math.isnan(abs(got)) and math.isnan(abs(expected))) or \
                abs(got - expected) <= atol + rtol * abs(expected):
            return None
        return f"expected {expected!r}{at}, got {got!r}"
    array_like = fam_expected in ("a torch tensor", "a TensorFlow tensor", "a NumPy array") or \
        fam_expected.startswith("a pandas")
    if not array_like:
        try:
            equal = bool(got == expected)
        except Exception:  # noqa: BLE001 - objects that cannot compare are different
            equal = False
        return None if equal else f"expected {_short(expected)}{at}, got {_short(got)}"
    if fam_expected.startswith("a pandas") and hasattr(expected, "index"):
        if not np.array_equal(np.asarray(got.index), np.asarray(expected.index)):
            return f"the index differs{at}: expected {_short(list(expected.index))}, got {_short(list(got.index))}"
        if hasattr(expected, "columns"):
            if list(got.columns) != list(expected.columns):
                return f"expected the columns {list(expected.columns)}{at}, got {list(got.columns)}"
            if list(map(str, got.dtypes)) != list(map(str, expected.dtypes)):
                return f"expected the column dtypes {list(map(str, expected.dtypes))}{at}, got {list(map(str, got.dtypes))}"
    x, y = _as_array(got), _as_array(expected)
    if x.shape != y.shape:
        return f"expected shape {tuple(y.shape)}{at}, got {tuple(x.shape)}"
    if str(_dtype(got)) != str(_dtype(expected)):
        return f"expected dtype {_dtype(expected)}{at}, got {_dtype(got)}"
    if not _values_close(x, y, rtol, atol):
        return f"the values differ{at}\n  expected {_short(expected)}\n  got      {_short(got)}"
    return None


def same(a, b, *, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL) -> bool:
    """True when ``a`` and ``b`` hold the same values (numbers close, shapes equal, containers alike).

    Lenient about the kind of container: a tensor, an array and a list with the same numbers are
    the same (use :func:`difference` for the strict comparison exercise checks make). Two arrays
    or tensors must share a dtype; plain Python numbers compare by value.
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
    if callable(x) and not hasattr(x, "shape"):
        text = f"the function {getattr(x, '__name__', type(x).__name__)}"
    elif hasattr(x, "shape") and getattr(x, "ndim", 0) > 0:
        arr = _as_array(x)
        text = (f"{type(x).__name__} of shape {tuple(x.shape)}, {_dtype(x)}: "
                f"{np.array2string(arr.ravel()[:6], precision=4)}")
    elif isinstance(x, (list, tuple)):
        inner = ", ".join(_short(v, 60) for v in x[:6]) + (", ..." if len(x) > 6 else "")
        text = f"[{inner}]" if isinstance(x, list) else f"({inner}{',' if len(x) == 1 else ''})"
    else:
        text = repr(x)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(args, kwargs) -> str:
    parts = [_short(a, 80) for a in args] + [f"{k}={_short(v, 60)}" for k, v in kwargs.items()]
    text = ", ".join(parts)
    return text if len(text) <= 240 else text[:237] + "..."


def _split_case(case):
    if isinstance(case, Call):
        return tuple(case.args), dict(case.kwargs)
    return (case if isinstance(case, tuple) else (case,)), {}


# ---- The check ---------------------------------------------------------------------------------
def check(candidate, reference, cases=None, *, name: str | None = None, hint: str | None = None,
          rtol: float | None = None, atol: float | None = None, pure: bool | None = None) -> CheckResult:
    """Run ``candidate`` and ``reference`` on every case and compare them as the module docstring says.

    ``reference``: a solution from :mod:`utils.solutions` (its exercise brings the cases, hint and
    tolerances), or any function when ``cases`` is given. ``cases``: overrides the exercise's; each
    is a tuple of positional arguments, a :func:`call`, or one argument. Prints and returns a
    :class:`CheckResult`.
    """
    if not callable(candidate) or not callable(reference):
        raise TypeError("check(candidate, reference): candidate and reference must be functions.")
    spec = getattr(reference, "exercise", None)
    if cases is None:
        if spec is None:
            raise TypeError("check needs cases=[...] unless the reference comes from utils.solutions.")
        cases = spec.cases()
    cases = list(cases)
    if not cases:
        raise ValueError("check needs at least one case to run.")
    hint = hint if hint is not None else (spec.hint if spec else None)
    rtol = rtol if rtol is not None else (spec.rtol if spec else DEFAULT_RTOL)
    atol = atol if atol is not None else (spec.atol if spec else DEFAULT_ATOL)
    pure = pure if pure is not None else (spec.pure if spec else True)
    label = name or getattr(candidate, "__name__", "your function")
    if label == "<lambda>":
        label = "your function"

    def fail(i, args, kwargs, why) -> CheckResult:
        result = CheckResult(False, f"✗ {label}: case {i} of {len(cases)}, called with ({_describe(args, kwargs)}):\n"
                                    f"  {why}" + (f"\n  hint: {hint}" if hint else ""))
        print(result.message)
        return result

    for i, case in enumerate(cases, start=1):
        args, kwargs = _split_case(case)
        expected_error = None
        try:
            expected = reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except Exception as err:  # noqa: BLE001 - the case asks for this error
            expected_error = err
        given, given_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        before, before_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        try:
            got, got_error = candidate(*given, **given_kwargs), None
        except Exception as err:  # noqa: BLE001 - the learner's error is the message, not a traceback
            got, got_error = None, err
        if expected_error is not None:
            wanted = type(expected_error).__name__
            if got_error is None:
                return fail(i, args, kwargs, f"should raise {wanted} here (the reference says: "
                                             f"{expected_error}), but it returned {_short(got)}")
            if not isinstance(got_error, type(expected_error)):
                return fail(i, args, kwargs, f"raised {type(got_error).__name__}: {got_error}; "
                                             f"this input calls for {wanted}")
            continue
        if got_error is not None:
            return fail(i, args, kwargs, f"raised {type(got_error).__name__}: {got_error}")
        if pure:
            for k, (now, then) in enumerate(zip(given, before), start=1):
                if difference(now, then, rtol=0, atol=0) is not None:
                    return fail(i, args, kwargs, f"it changed its argument {k} in place; "
                                                 "leave the inputs as they were (work on a copy)")
            for key in before_kwargs:
                if difference(given_kwargs[key], before_kwargs[key], rtol=0, atol=0) is not None:
                    return fail(i, args, kwargs, f"it changed its argument {key}= in place; "
                                                 "leave the inputs as they were (work on a copy)")
        why = difference(got, expected, rtol=rtol, atol=atol)
        if why:
            return fail(i, args, kwargs, why)
    note = ("\n  (that was the reference solution itself: put your own function in its place)"
            if candidate is reference else "")
    result = CheckResult(True, f"✓ {label}: all {len(cases)} cases match the reference.{note}")
    print(result.message)
    return result


def check_close(value, expected, *, name: str = "value", rtol: float = DEFAULT_RTOL,
                atol: float = DEFAULT_ATOL) -> CheckResult:
    """Compare one computed answer with the expected one (leniently, as :func:`same` does);
    print and return a :class:`CheckResult`."""
    if same(value, expected, rtol=rtol, atol=atol):
        result = CheckResult(True, f"✓ {name} is right.")
    else:
        result = CheckResult(False, f"✗ {name}: expected {_short(expected)}, got {_short(value)}")
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
