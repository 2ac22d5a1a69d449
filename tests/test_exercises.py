"""Every exercise in every notebook is checked by a reference in utils.solutions whose check runs,
passes its own reference, and rejects at least two plausible wrong solutions (tests/wrong_solutions.py)."""
import importlib.util
import json
import re
from pathlib import Path

import pytest

import utils
from utils.checks import EXERCISES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXERCISE_CELL = re.compile(r"^# Exercise \d+\b", re.M)
CHECK_CALL = re.compile(r"utils\.check\(\s*(\w+)\s*,\s*utils\.solutions\.(ch\d\d)\.(\w+)\s*\)")


def _cells(path):
    return [("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def _exercise_cells(path):
    return [src for src in _cells(path) if EXERCISE_CELL.search(src)]


def _wrong_solutions(chapter: str) -> dict:
    path = ROOT / "tests" / f"test_solutions_{chapter}.py"
    if not path.exists():
        return {}
    spec = importlib.util.spec_from_file_location(f"_wrong_{chapter}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "WRONG", {})


def _used_in_notebooks() -> dict:
    """{'ch01.normalize': '01_tensors.ipynb', ...} for every exercise a notebook checks."""
    used = {}
    for path in NOTEBOOKS:
        for src in _exercise_cells(path):
            for _, chapter, name in CHECK_CALL.findall(src):
                reference = getattr(getattr(utils.solutions, chapter), name)
                used[reference.exercise.name] = path.name
    return used


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_exercise_cells_use_the_check_api(path):
    cells = _exercise_cells(path)
    assert len(cells) >= 3, f"{path.name}: {len(cells)} exercise cells (at least 3)"
    for src in cells:
        assert CHECK_CALL.search(src), f"an exercise cell must call utils.check(my_fn, utils.solutions.chNN.name):\n{src}"
        assert "hint=" not in src and "cases=" not in src, \
            f"hints and cases live beside the reference in utils/solutions, not in the cell:\n{src}"


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_reference_passes_its_own_check_and_cases_are_repeatable(name, capsys):
    spec = EXERCISES[name]
    assert utils.check(spec.reference, spec.reference)
    first, second = spec.cases(), spec.cases()
    assert len(first) == len(second)
    for a, b in zip(first, second):
        args_a, kwargs_a = utils.checks._split_case(a)
        args_b, kwargs_b = utils.checks._split_case(b)
        for x, y in zip(list(args_a) + list(kwargs_a.values()), list(args_b) + list(kwargs_b.values())):
            if not callable(x):
                assert utils.checks.difference(x, y, rtol=0, atol=0) is None, \
                    f"{name}: its cases differ between two calls (build them from an explicit generator)"


def test_every_exercise_is_used_and_has_two_wrong_solutions():
    used = _used_in_notebooks()
    assert used, "no notebook checks an exercise"
    unused = sorted(set(EXERCISES) - set(used))
    assert not unused, f"exercises no notebook uses: {unused}"
    missing = {}
    for name in sorted(used):
        chapter, short = name.split(".")
        count = len(_wrong_solutions(chapter).get(short, []))
        if count < 2:
            missing[name] = count
    assert not missing, f"exercises with fewer than two wrong solutions in tests/: {missing}"
