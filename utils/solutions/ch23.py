"""Chapter 23 · Dataset, DataLoader, Module, Parameter, callbacks, hooks, a Learner: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import math

import torch

from ..checks import call, exercise  # noqa: F401


def _collate_cases():
    g = torch.Generator().manual_seed(23)
    images = torch.randn(4, 3, 3, generator=g)
    return [
        ([(images[i], i % 3) for i in range(4)],),  # int labels -> int64
        ([(torch.tensor([1.0, 2.0]), 0.5), (torch.tensor([3.0, 4.0]), 1.5)],),  # float labels -> float32
        ([(torch.tensor([1, 2], dtype=torch.int32), torch.tensor(True), 7)],),  # one sample, three fields, dtypes kept
        ([(torch.randn(2, generator=g, dtype=torch.float64),) for _ in range(3)],),  # one field, float64 kept
        ([],),  # empty: ValueError
        ([(torch.zeros(2), 1), (torch.zeros(2),)],),  # different lengths: ValueError
        ([(torch.zeros(2), 1), (torch.zeros(3), 1)],),  # different shapes: ValueError
    ]


@exercise(cases=_collate_cases,
          hint="go position by position: gather that position's value from every sample, make each a tensor "
               "(torch.as_tensor keeps dtypes and gives int64/float32 for Python numbers), and stack; check "
               "the lengths and shapes yourself so that the error is a ValueError")
def collate(samples):
    """Stack a list of equal-length tuples position by position into a tuple of tensors.

    ``samples``: list of tuples; each position holds tensors of one shape or Python numbers.
    Returns a tuple of tensors with a new first axis of length ``len(samples)``. Raises ValueError
    on an empty list, tuples of different lengths, or tensors of different shapes at one position.
    """
    if len(samples) == 0:
        raise ValueError("cannot collate an empty list of samples.")
    width = len(samples[0])
    if any(len(s) != width for s in samples):
        raise ValueError("all samples must have the same number of fields.")
    out = []
    for k in range(width):
        values = [torch.as_tensor(s[k]) for s in samples]
        if any(v.shape != values[0].shape for v in values):
            raise ValueError(f"field {k} has tensors of different shapes.")
        out.append(torch.stack(values))
    return tuple(out)


def _batch_indices_cases():
    return [
        (10, 4),  # 3 batches, the last of 2
        (10, 4, True, 0),  # shuffled with seed 0
        (10, 4, True, 1),  # another seed, another order
        call(10, 4, drop_last=True),  # the short batch is dropped
        call(12, 4, shuffle=True, seed=3, drop_last=True),  # nothing short to drop
        call(3, 5, drop_last=True),  # everything dropped
        (0, 3),  # no examples
        (7, 7),
        (5, 0),  # ValueError (range() would raise one by itself)
        (5, -2),  # ValueError: range() would give no batches instead
        (-1, 2),  # ValueError
    ]


@exercise(cases=_batch_indices_cases,
          hint="build the whole order first (range, or torch.randperm with its own seeded generator, as a list of "
               "ints), then slice it in steps of batch_size; drop_last only removes a batch shorter than batch_size")
def batch_indices(n, batch_size, shuffle=False, seed=0, drop_last=False):
    """One epoch's batches of indices for ``n`` examples: a list of lists of Python ints.

    Order ``0..n-1``, or ``torch.randperm(n, generator=torch.Generator().manual_seed(seed))`` when
    ``shuffle``. ``drop_last`` leaves out a short last batch. Raises ValueError if ``batch_size < 1``
    or ``n < 0``.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}.")
    if n < 0:
        raise ValueError(f"n must not be negative, not {n}.")
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist() if shuffle else list(range(n))
    batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    if drop_last and batches and len(batches[-1]) < batch_size:
        batches = batches[:-1]
    return batches


def _warmup_cosine_cases():
    return [
        (0, 100, 1e-3, 10),  # first warm-up step: 1e-4, not 0
        (9, 100, 1e-3, 10),  # last warm-up step: the peak
        (10, 100, 1e-3, 10),  # first cosine step: the peak again
        (55, 100, 1e-3, 10),  # half-way down the cosine: lr_max / 2
        (99, 100, 1e-3, 10),  # last step: small but positive
        (0, 50, 0.1, 0),  # no warm-up: starts at the peak
        (30, 50, 0.1, 0),
        (3, 7, 2.0, 5),
        (100, 100, 1e-3, 10),  # step out of range: ValueError
        (-1, 100, 1e-3, 10),  # ValueError
        (5, 100, 1e-3, 100),  # warm-up as long as the run: ValueError
    ]


@exercise(cases=_warmup_cosine_cases,
          hint="during warm-up count the steps from 1, not 0; after it, measure the progress from the end of the "
               "warm-up, as a share of the steps that remain after it")
def warmup_cosine_lr(step, total_steps, lr_max, warmup_steps):
    """The learning rate at ``step`` (0-based) of ``total_steps``: linear warm-up, then cosine decay.

    ``lr_max * (step + 1) / warmup_steps`` while ``step < warmup_steps``, then
    ``lr_max * (1 + cos(pi * t)) / 2`` with ``t = (step - warmup_steps) / (total_steps - warmup_steps)``.
    Returns a float. Raises ValueError unless ``0 <= step < total_steps`` and ``0 <= warmup_steps < total_steps``.
    """
    if not 0 <= step < total_steps:
        raise ValueError(f"step must lie in [0, {total_steps}), not {step}.")
    if not 0 <= warmup_steps < total_steps:
        raise ValueError(f"warmup_steps must lie in [0, {total_steps}), not {warmup_steps}.")
    if step < warmup_steps:
        return float(lr_max * (step + 1) / warmup_steps)
    t = (step - warmup_steps) / (total_steps - warmup_steps)
    return float(lr_max * 0.5 * (1 + math.cos(math.pi * t)))
