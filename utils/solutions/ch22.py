"""Chapter 22 · optimizers: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import math

import torch

from ..checks import call, exercise  # noqa: F401


def _cosine_lr_cases():
    return [
        (0, 100, 0.1),                      # the start: lr_max
        (100, 100, 0.1),                    # the end: lr_min (0 by default)
        (50, 100, 0.1),                     # half-way: the mean of the two
        (7, 20, 0.5),
        call(30, 40, 1.0, lr_min=0.01),     # a floor other than 0
        call(0, 10, 0.2, lr_min=0.05),
        (0, 10, 1),                         # all ints, at the start: still a float (1.0, not 1)
        (10, 10, 2, 1),                     # all ints, at the end: still a float (1.0, not 1)
        (101, 100, 0.1),                    # past the end: ValueError
        (-1, 100, 0.1),                     # before the start: ValueError
        (0, 0, 0.1),                        # no steps: ValueError
    ]


@exercise(cases=_cosine_lr_cases,
          hint="the cosine of 0 is 1 and of pi is -1: scale and shift (1 + cos) so that it runs from lr_max "
               "down to lr_min as step goes from 0 to total_steps; and check step and total_steps first")
def cosine_lr(step, total_steps, lr_max, lr_min=0.0):
    """The cosine-annealed learning rate at ``step`` (an int from 0 to ``total_steps``), as a float.

    ``lr_min + (lr_max - lr_min) * (1 + cos(pi * step / total_steps)) / 2``. Raises ValueError
    unless ``total_steps >= 1`` and ``0 <= step <= total_steps``.
    """
    if total_steps < 1:
        raise ValueError(f"total_steps must be at least 1; got {total_steps}.")
    if not 0 <= step <= total_steps:
        raise ValueError(f"step must be between 0 and total_steps={total_steps}; got {step}.")
    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * step / total_steps)) / 2)


def _adam_direction_cases():
    g = torch.Generator().manual_seed(22)
    grad, m, v = torch.randn(5, generator=g), torch.randn(5, generator=g) * 0.1, torch.rand(5, generator=g) * 0.01
    return [
        (torch.tensor([0.5, -2.0]), torch.zeros(2), torch.zeros(2), 1),   # the first step: direction = sign(grad)
        (grad, m, v, 3),                                                   # bias correction with t = 3
        (torch.randn(3, 4, generator=g), torch.zeros(3, 4), torch.zeros(3, 4), 1),
        call(grad, m, v, 10, betas=(0.8, 0.99)),
        call(torch.tensor([1e-6, 0.0]), torch.zeros(2), torch.zeros(2), 1, eps=1e-3),  # eps outside the root matters
        (grad, m, v, 0),                                                   # steps count from 1: ValueError
    ]


@exercise(cases=_adam_direction_cases,
          hint="update both averages first, then divide each by (1 - beta ** step) before combining; eps goes "
               "outside the square root; build new tensors instead of changing m and v in place")
def adam_direction(grad, m, v, step, betas=(0.9, 0.999), eps=1e-8):
    """One Adam step without the learning rate. Returns ``(direction, new_m, new_v)``.

    ``new_m = b1 * m + (1 - b1) * grad``, ``new_v = b2 * v + (1 - b2) * grad ** 2``, and
    ``direction = m_hat / (sqrt(v_hat) + eps)`` with ``m_hat = new_m / (1 - b1 ** step)`` and
    ``v_hat = new_v / (1 - b2 ** step)``. ``grad``, ``m``, ``v``: float tensors of one shape, left
    unchanged. ``step`` counts from 1; raises ValueError when it is below 1.
    """
    if step < 1:
        raise ValueError(f"step counts from 1 (the first update); got {step}.")
    b1, b2 = betas
    new_m = b1 * m + (1 - b1) * grad
    new_v = b2 * v + (1 - b2) * grad * grad
    m_hat, v_hat = new_m / (1 - b1 ** step), new_v / (1 - b2 ** step)
    return m_hat / (v_hat.sqrt() + eps), new_m, new_v


def _steepest_lr_cases():
    lrs = [1e-4 * 10 ** (i / 4) for i in range(13)]
    return [
        ([0.001, 0.01, 0.1, 1.0], [2.3, 2.0, 1.0, 3.0]),            # steepest between 0.01 and 0.1
        (lrs, [2.3 - 0.1 * i if i < 8 else 2.3 + i for i in range(13)]),
        ([0.01, 0.1, 1.0, 10.0], [1.0, 1.0, 1.0, 1.0]),              # flat: every slope ties at 0, the first wins
        ([1e-3, 2e-3, 1e-1], [2.0, 1.9, 1.0]),                      # uneven spacing: per log(lr), not per lr
        ([0.01, 0.1], [1.0, 0.9]),                                  # two points: one slope
        ([0.1], [1.0]),                                             # one point: no slope, ValueError
        ([0.01, 0.1, 1.0], [1.0, 0.5]),                             # lengths differ: ValueError
        ([0.0, 0.1, 1.0], [1.0, 0.5, 0.4]),                         # a learning rate of 0 has no log: ValueError
    ]


@exercise(cases=_steepest_lr_cases,
          hint="the slope between neighbours i and i+1 is the change in loss divided by the change in "
               "log(lr), not in lr; return the left end of the steepest pair, the first one on a tie")
def steepest_lr(lrs, losses):
    """The learning-rate finder's "steepest descent" pick, as a Python float.

    ``lrs``, ``losses``: lists of floats of one length (at least 2), lrs positive and increasing.
    For each pair of neighbours the slope is ``(losses[i+1] - losses[i]) / (log(lrs[i+1]) - log(lrs[i]))``;
    returns ``lrs[i]`` for the most negative slope (the first such ``i`` on a tie). Raises
    ValueError for fewer than 2 points, lengths that differ, or a learning rate that is not positive.
    """
    if len(lrs) != len(losses):
        raise ValueError(f"lrs and losses must have one length; got {len(lrs)} and {len(losses)}.")
    if len(lrs) < 2:
        raise ValueError("need at least 2 points to measure a slope.")
    if any(lr <= 0 for lr in lrs):
        raise ValueError("learning rates must be positive (their log is taken).")
    slopes = [(losses[i + 1] - losses[i]) / (math.log(lrs[i + 1]) - math.log(lrs[i])) for i in range(len(lrs) - 1)]
    best = min(range(len(slopes)), key=lambda i: (slopes[i], i))
    return float(lrs[best])
