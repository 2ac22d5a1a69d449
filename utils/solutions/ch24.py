"""Chapter 24 · data pipelines (fastai's mid-level API, tf.data, DataLoader workers): the exercises'
reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import torch

from ..checks import call, exercise  # noqa: F401


# ---- Exercise 1: the decodes of a scaling Transform -----------------------------------------
def _decode_digits_cases():
    g = torch.Generator().manual_seed(24)
    return [
        (torch.randint(0, 256, (3, 28, 28), generator=g).float() / 255,),  # what encodes produced: exact
        (torch.tensor([0.0, 0.25, 0.6, 1.0]),),  # 63.75 rounds to 64, where truncating gives 63
        (torch.tensor([[0.0011, 0.9979], [0.5015, 0.4985]]),),  # 0.2805 -> 0, 254.46 -> 254: round, don't truncate
        (torch.tensor([-0.3, 1.7, 0.5]),),  # outside [0, 1]: clamp to 0 and 255
        (torch.rand(2, 1, 5, 5, dtype=torch.float64, generator=g),),  # float64 in, uint8 out, shape kept
        (torch.tensor([0, 128, 255]),),  # already integers (int64): the reference raises TypeError
        (torch.tensor([0, 128, 255], dtype=torch.uint8),),  # already pixels (uint8): TypeError too
    ]


@exercise(cases=_decode_digits_cases,
          hint="multiply back by 255, then think about what .to(torch.uint8) does to 254.9 and to -3 "
               "(and never scale the learner's tensor in place)")
def decode_digits(x):
    """Undo ``x = pixels / 255``: a float tensor of any shape back to uint8 pixels.

    Each value becomes ``x * 255`` rounded to the nearest integer and clamped to ``[0, 255]``; the
    shape is kept and the input is not changed. Raises TypeError unless ``x`` is a floating tensor.
    """
    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError(f"x must be a floating-point tensor; got {getattr(x, 'dtype', type(x))}.")
    return (x * 255).round().clamp(0, 255).to(torch.uint8)


# ---- Exercise 2: how many items each batch holds -----------------------------------------------
def _batch_sizes_cases():
    return [
        (10, 4),  # 4, 4, 2
        (12, 4),  # an exact multiple: no empty batch at the end
        call(10, 4, drop_last=True),  # the short batch is dropped
        call(12, 4, drop_last=True),  # nothing to drop
        call(3, 8, drop_last=True),  # one short batch, dropped: no batches at all
        (3, 8),
        (0, 5),  # an empty data set gives no batches
        (4000, 128),
        (10, 0),  # the reference raises ValueError
        (-1, 4),  # ValueError
        (10, 2.5),  # ValueError: a batch size is a whole number
        (True, 4),  # ValueError: a bool is not a count
        (10, True),  # ValueError: a bool is not a batch size either
    ]


@exercise(cases=_batch_sizes_cases,
          hint="full batches first (integer division), then decide what to do with the remainder; "
               "check the arguments before anything else")
def batch_sizes(n_items, batch_size, drop_last=False):
    """The size of each batch a sequential DataLoader yields, as a list of ints.

    ``n_items`` items in batches of ``batch_size``: full batches, then the remainder as a short last
    batch unless ``drop_last`` is true. Raises ValueError unless ``n_items`` is an int >= 0 and
    ``batch_size`` an int >= 1 (bools are not ints here).
    """
    for name, value, least in (("n_items", n_items, 0), ("batch_size", batch_size, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be an int >= {least}; got {value!r}.")
    full, rest = divmod(n_items, batch_size)
    return [batch_size] * full + ([rest] if rest and not drop_last else [])


# ---- Exercise 3: the targets of Siamese pairs --------------------------------------------------
def _pair_targets_cases():
    g = torch.Generator().manual_seed(7)
    labels = torch.randint(0, 10, (50,), generator=g)
    return [
        (torch.tensor([3, 3, 5, 7]), torch.tensor([[0, 1], [0, 2], [2, 2], [3, 1]])),
        (labels, torch.randint(0, 50, (40, 2), generator=g)),
        (torch.tensor([1, 2]), torch.zeros(0, 2, dtype=torch.int64)),  # no pairs: an empty float32 tensor
        (torch.tensor([4, 4, 9]), torch.tensor([[0, 3]])),  # index 3 is past the end: ValueError
        (torch.tensor([4, 4, 9]), torch.tensor([[-1, 0]])),  # -1 would silently mean "the last": ValueError
        (torch.tensor([4, 4, 9]), torch.tensor([0, 1])),  # not (P, 2): ValueError
    ]


@exercise(cases=_pair_targets_cases,
          hint="index labels with each column of pairs and compare; convert the answer to the dtype a "
               "BCE loss wants, and check the indices before you use them")
def pair_targets(labels, pairs):
    """1.0 where the two images of a pair show the same digit, else 0.0.

    ``labels``: ``(N,)`` int64 labels; ``pairs``: ``(P, 2)`` int64 indices into ``labels``. Returns a
    ``(P,)`` float32 tensor. Raises ValueError unless ``pairs`` has shape ``(P, 2)`` and every index
    lies in ``[0, N)`` (negative indices are refused, not wrapped around).
    """
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        raise ValueError(f"pairs must have shape (P, 2); got {tuple(pairs.shape)}.")
    if pairs.numel() and (int(pairs.min()) < 0 or int(pairs.max()) >= len(labels)):
        raise ValueError(f"pair indices must lie in [0, {len(labels)}); got {int(pairs.min())}..{int(pairs.max())}.")
    return (labels[pairs[:, 0]] == labels[pairs[:, 1]]).float()
