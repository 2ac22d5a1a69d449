"""Proof that each exercise's check rejects plausible wrong answers.

Every ``tests/test_solutions_chNN.py`` defines ``WRONG = {"name": [wrong_fn, ...], ...}`` with at
least two plausible wrong solutions per exercise of its chapter (forgets the raise, edits its input
in place, returns the wrong type or dtype, is off by one, ...), and turns them into tests with::

    test_checks_reject_wrong_solutions = rejected(ch07, WRONG)

``tests/test_exercises.py`` fails when an exercise has fewer than two.
"""
import pytest

import utils


def rejected(module, wrong: dict):
    """A parametrized test: ``utils.check(wrong_fn, module.name)`` fails, with its hint, for each one."""
    params = [pytest.param(name, fn, id=f"{name}-{fn.__name__}") for name, fns in wrong.items() for fn in fns]

    @pytest.mark.parametrize("name, wrong_fn", params)
    def test(name, wrong_fn, capsys):
        reference = getattr(module, name)
        result = utils.check(wrong_fn, reference)
        out = capsys.readouterr().out
        assert not result, f"the check of {reference.exercise.name} passes the wrong solution {wrong_fn.__name__}"
        assert out.startswith("✗") and "\n  hint: " in out, out

    return test
