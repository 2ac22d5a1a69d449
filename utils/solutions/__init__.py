"""The exercises' reference solutions, one module per chapter (``utils.solutions.ch07``, ...).

Each reference is decorated with :func:`utils.checks.exercise`, which keeps the exercise's cases
and its hint beside it; ``utils.check(my_fn, utils.solutions.ch07.conv_output_size)`` runs them.
Try an exercise before you read its solution.
"""
from . import ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09, ch13, ch14, ch15, ch19, ch20, ch21  # noqa: F401
from . import ch10, ch11, ch12, ch16, ch17, ch18, ch22, ch23, ch24  # noqa: F401

__all__ = ["ch01", "ch02", "ch03", "ch04", "ch05", "ch06", "ch07", "ch08", "ch09", "ch10", "ch11", "ch12", "ch13", "ch14", "ch15",
           "ch16", "ch17", "ch18", "ch19", "ch20", "ch21", "ch22", "ch23", "ch24"]
