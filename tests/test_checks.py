import numpy as np
import pytest
import torch

import utils
from utils.checks import CheckResult


def square(x):
    return x * x


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
    assert utils.same(torch.zeros(2), np.zeros(2, dtype=np.float32))
    assert utils.same(2, 2.0)


def test_check_passes_and_prints(capsys):
    result = utils.check(lambda x: x ** 2, square, cases=[2, (torch.arange(4.0),)], name="square")
    assert isinstance(result, CheckResult) and result
    assert capsys.readouterr().out.strip() == "✓ square: all 2 cases match the reference."


def test_check_reports_first_difference_with_hint(capsys):
    result = utils.check(lambda x: x + x, square, cases=[2, 3], name="square", hint="multiply, don't add")
    assert not result
    out = capsys.readouterr().out
    assert "case 2 of 2 differs" in out and "expected 9" in out and "got      6" in out
    assert "hint: multiply, don't add" in out


def test_check_reports_a_raising_candidate(capsys):
    def broken(x):
        raise IndexError("off by one")

    result = utils.check(broken, square, cases=[1])
    assert not result and "raised IndexError: off by one" in capsys.readouterr().out


def test_check_protects_inputs_from_mutation():
    def mutating(x):
        x += 100
        return x

    def reference(x):
        return x + 100

    assert utils.check(mutating, reference, cases=[(torch.zeros(3),)])


def test_check_rejects_bad_arguments():
    with pytest.raises(ValueError, match="at least one case"):
        utils.check(square, square, cases=[])
    with pytest.raises(TypeError, match="must be functions"):
        utils.check(3, square, cases=[1])


def test_check_close():
    assert utils.check_close(0.3333333, 1 / 3, name="a third")
    assert not utils.check_close(torch.tensor([1.0, 2.0]), [1.0, 2.5], name="pair", hint="look again")


def test_relative_error():
    assert utils.relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert utils.relative_error(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.2])) == pytest.approx(0.1 / 1.1)
    assert utils.relative_error(np.array([np.nan]), np.array([1.0])) == float("inf")
    with pytest.raises(ValueError, match="cannot compare shapes"):
        utils.relative_error(np.zeros(2), np.zeros(3))


def test_check_tells_when_it_ran_the_reference_itself(capsys):
    assert utils.check(square, square, cases=[3])
    out = capsys.readouterr().out
    assert "all 1 cases match the reference." in out and "put your own function in its place" in out


def test_check_names_the_dtype_when_it_differs(capsys):
    assert not utils.check(lambda x: x.double(), lambda x: x.float(), cases=[(torch.ones(2),)], name="f")
    out = capsys.readouterr().out
    assert "float32" in out and "float64" in out
