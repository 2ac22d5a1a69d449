"""utils.check: what an exercise check demands of a learner's function, and the errors it gives."""
import numpy as np
import pytest
import torch

import utils
from utils.checks import EXERCISES, CheckResult, call, difference, exercise


def square(x):
    return x * x


def positive_sqrt(x: float) -> float:
    if x < 0:
        raise ValueError("x must be at least 0")
    return x ** 0.5


# ---- same (lenient, for check_close) ------------------------------------------------------------
def test_same_handles_numbers_arrays_tensors_and_containers():
    assert utils.same(1.0, 1.0 + 1e-9)
    assert not utils.same(1.0, 1.1)
    assert utils.same(torch.tensor([1.0, 2.0]), np.array([1.0, 2.0], dtype=np.float32))
    assert not utils.same(torch.zeros(2, 3), torch.zeros(3, 2))
    assert utils.same({"a": [1, (2, 3)]}, {"a": [1, (2, 3)]})
    assert not utils.same({"a": 1}, {"b": 1})
    assert not utils.same([1, 2], [1, 2, 3])
    assert utils.same("abc", "abc") and not utils.same("abc", "abd")
    assert utils.same(None, None) and not utils.same(None, 0)
    assert utils.same(np.array([np.nan]), np.array([np.nan]))
    assert not utils.same(torch.zeros(2, dtype=torch.float64), torch.zeros(2))  # dtype is part of the answer
    assert utils.same(2, 2.0)


# ---- difference (strict, for exercise checks) ----------------------------------------------------
@pytest.mark.parametrize("got, expected, words", [
    ([0, 1, 2], torch.tensor([0, 1, 2]), "expected a torch tensor, got a list or tuple"),
    (np.arange(3), torch.arange(3), "expected a torch tensor, got a NumPy array"),
    (torch.tensor(0.5), 0.5, "expected a float, got a torch tensor"),
    (2.0, 2, "expected an int, got a float"),
    (True, 1, "expected an int, got a bool"),
    (torch.zeros(3), torch.zeros(3, dtype=torch.int64), "expected dtype torch.int64, got torch.float32"),
    (np.zeros(3), np.zeros(3, dtype=np.float32), "expected dtype float32, got float64"),
    (torch.zeros(2, 3), torch.zeros(3, 2), "expected shape (3, 2), got (2, 3)"),
    ([1, 2], [1, 2, 3], "expected 3 items, got 2"),
    ({"a": 1}, {"b": 1}, "expected the keys"),
    ((1, torch.ones(2)), (1, torch.zeros(2)), "the values differ at [1]"),
    ("abc", "abd", "expected 'abd'"),
    (None, 0, "expected an int, got None"),
])
def test_difference_names_what_differs(got, expected, words):
    why = difference(got, expected)
    assert why is not None and words in why, why


@pytest.mark.parametrize("got, expected", [
    (np.float64(0.5), 0.5),  # a NumPy float is a float
    (np.int64(3), 3),  # a NumPy int is an int
    ((1, 2), [1, 2]),  # lists and tuples are one family
    (1.0 + 1e-9, 1.0),
    (torch.tensor([1.0, float("nan")]), torch.tensor([1.0, float("nan")])),
    ({"a": [np.ones(2)]}, {"a": [np.ones(2)]}),
])
def test_difference_accepts_the_same_answer(got, expected):
    assert difference(got, expected) is None


def test_difference_compares_tensorflow_tensors():
    tf = pytest.importorskip("tensorflow")
    assert difference(tf.constant([1.0]), tf.constant([1.0])) is None
    assert "expected a TensorFlow tensor, got a NumPy array" in difference(np.ones(1, np.float32), tf.constant([1.0]))
    assert "dtype" in difference(tf.constant([1.0], tf.float64), tf.constant([1.0]))


# ---- check ----------------------------------------------------------------------------------------
def test_check_passes_and_prints(capsys):
    result = utils.check(lambda x: x ** 2, square, cases=[2, (torch.arange(4.0),)], name="square")
    assert isinstance(result, CheckResult) and result
    assert capsys.readouterr().out.strip() == "✓ square: all 2 cases match the reference."


def test_check_reports_first_difference_with_its_input_and_hint(capsys):
    result = utils.check(lambda x: x + x, square, cases=[2, 3], name="square", hint="multiply, don't add")
    assert not result
    out = capsys.readouterr().out
    assert "case 2 of 2, called with (3)" in out and "expected 9, got 6" in out
    assert out.rstrip().endswith("hint: multiply, don't add")


def test_the_hint_shows_only_when_a_check_fails(capsys):
    assert utils.check(lambda x: x * x, square, cases=[2], hint="multiply")
    assert "hint" not in capsys.readouterr().out


def test_a_raising_candidate_fails_without_a_traceback(capsys):
    def broken(x):
        raise IndexError("off by one")

    result = utils.check(broken, square, cases=[1])
    assert not result and "raised IndexError: off by one" in capsys.readouterr().out


def test_where_the_reference_raises_the_candidate_must_raise_the_same_type(capsys):
    cases = [4.0, -1.0]
    assert utils.check(lambda x: positive_sqrt(x), positive_sqrt, cases=cases)

    def forgets_the_raise(x):
        return abs(x) ** 0.5

    def raises_the_wrong_type(x):
        if x < 0:
            raise TypeError("negative")
        return x ** 0.5

    assert not utils.check(forgets_the_raise, positive_sqrt, cases=cases)
    out = capsys.readouterr().out
    assert "case 2 of 2" in out and "should raise ValueError" in out and "it returned 1.0" in out
    assert not utils.check(raises_the_wrong_type, positive_sqrt, cases=cases)
    assert "raised TypeError: negative; this input calls for ValueError" in capsys.readouterr().out

    class Stricter(ValueError):
        pass

    def raises_a_subclass(x):
        if x < 0:
            raise Stricter("negative")
        return x ** 0.5

    assert utils.check(raises_a_subclass, positive_sqrt, cases=cases)  # a ValueError all the same


def test_a_candidate_that_changes_its_input_fails(capsys):
    def in_place(x):
        x += 100
        return x

    def reference(x):
        return x + 100

    assert not utils.check(in_place, reference, cases=[(torch.zeros(3),)])
    assert "changed its argument 1 in place" in capsys.readouterr().out
    assert utils.check(in_place, reference, cases=[(torch.zeros(3),)], pure=False)  # allowed when asked

    def appends(items, extra):
        items.append(extra)
        return len(items)

    def counts(items, extra):
        return len(items) + 1

    assert not utils.check(appends, counts, cases=[call([1, 2], extra=3)])
    assert "changed its argument 1 in place" in capsys.readouterr().out


def test_wrong_types_fail(capsys):
    def as_list(n):
        return list(range(n))

    assert not utils.check(as_list, lambda n: torch.arange(n), cases=[3])
    assert "expected a torch tensor, got a list or tuple" in capsys.readouterr().out
    assert not utils.check(lambda x: x.sum(), lambda x: x.sum().item(), cases=[(torch.ones(2),)])
    assert "expected a float, got a torch tensor" in capsys.readouterr().out


def test_keyword_cases_reach_both_functions():
    def scaled(x, factor=1.0):
        return x * factor

    assert utils.check(lambda x, factor=1.0: factor * x, scaled, cases=[call(2.0, factor=3.0)])
    assert not utils.check(lambda x, factor=1.0: x, scaled, cases=[call(2.0, factor=3.0)])


def test_check_rejects_bad_arguments():
    with pytest.raises(ValueError, match="at least one case"):
        utils.check(square, square, cases=[])
    with pytest.raises(TypeError, match="must be functions"):
        utils.check(3, square, cases=[1])
    with pytest.raises(TypeError, match="needs cases"):
        utils.check(square, square)  # a plain function brings no cases of its own


def test_check_tells_when_it_ran_the_reference_itself(capsys):
    assert utils.check(square, square, cases=[3])
    out = capsys.readouterr().out
    assert "all 1 cases match the reference." in out and "put your own function in its place" in out


# ---- exercise: a reference with its cases and hint -------------------------------------------------
def test_exercise_keeps_cases_and_hint_beside_the_reference(capsys):
    built = []

    def cases():
        built.append(1)
        return [2, 3]

    @exercise(cases=cases, hint="think of x times x")
    def cube_me(x):
        return x * x

    try:
        assert cube_me(3) == 9  # still the plain function
        assert cube_me.exercise.name == "test_checks.cube_me" and EXERCISES["test_checks.cube_me"] is cube_me.exercise
        assert utils.check(lambda x: x ** 2, cube_me) and cube_me.check(lambda x: x ** 2)
        assert len(built) == 2  # the cases are built afresh for every check
        capsys.readouterr()
        assert not utils.check(lambda x: x + x, cube_me)
        assert "hint: think of x times x" in capsys.readouterr().out
    finally:
        EXERCISES.pop("test_checks.cube_me", None)


def test_exercise_needs_a_hint_and_cases():
    with pytest.raises(ValueError, match="needs a hint"):
        exercise(cases=lambda: [1], hint=" ")
    spec = exercise(cases=lambda: [], hint="h")(lambda x: x).exercise
    try:
        with pytest.raises(ValueError, match="has no cases"):
            spec.cases()
    finally:
        EXERCISES.pop(spec.name, None)


# ---- check_close and relative_error ----------------------------------------------------------------
def test_check_close():
    assert utils.check_close(0.3333333, 1 / 3, name="a third")
    assert not utils.check_close(torch.tensor([1.0, 2.0]), [1.0, 2.5], name="pair")


def test_relative_error():
    assert utils.relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert utils.relative_error(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.2])) == pytest.approx(0.1 / 1.1)
    assert utils.relative_error(np.array([np.nan]), np.array([1.0])) == float("inf")
    with pytest.raises(ValueError, match="cannot compare shapes"):
        utils.relative_error(np.zeros(2), np.zeros(3))
