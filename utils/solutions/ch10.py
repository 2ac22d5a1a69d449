"""Chapter 10: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401
