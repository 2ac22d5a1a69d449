"""Chapter 08 · image classification and transfer learning: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import torch

from ..checks import call, exercise  # noqa: F401


def _float_logits(logits, name: str = "logits"):
    if not isinstance(logits, torch.Tensor) or not logits.is_floating_point():
        raise TypeError(f"{name} must be a float tensor; got {getattr(logits, 'dtype', type(logits))}.")
    return logits


def _softmax_cases():
    g = torch.Generator().manual_seed(81)
    return [
        (torch.tensor([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]]),),
        (torch.tensor([[1000.0, 999.0, -1000.0]]),),                 # exp(1000) overflows
        (torch.tensor([[1000.0, 999.0], [-3.0, -4.0]]),),            # rows on very different scales
        (torch.tensor([[-1000.0, -1000.0, -1001.0]]),),              # exp(-1000) underflows to 0
        (torch.tensor([[5.0, 1.0, 0.0], [0.0, 2.0, 0.0], [1.0, 1.0, 9.0]]),),  # square: each row its own max
        (torch.linspace(-2, 2, 24).reshape(2, 3, 4),),               # any number of leading axes
        (torch.tensor([3.0, 1.0, -2.0, 0.5]),),                      # one vector: the classes are dim 0
        (torch.randn(4, 6, generator=g, dtype=torch.float64) * 30,),  # float64 stays float64
    ]


@exercise(cases=_softmax_cases,
          hint="softmax does not change when the same number is subtracted from every score of a row: pick "
               "the number that keeps exp from overflowing, for each row on its own, and keep the reduced "
               "axis so that it lines up with the scores. Work over the last axis, whatever the rank, and "
               "keep the dtype")
def softmax(logits):
    """Softmax over the last dimension, computed stably (the row maximum is subtracted first).

    ``logits``: ``(..., C)`` float tensor. Returns probabilities of the same shape and dtype; each
    row is positive and sums to 1.
    """
    logits = _float_logits(logits)
    if logits.ndim < 1:
        raise ValueError("softmax needs at least one dimension (the classes).")
    shifted = logits - logits.max(dim=-1, keepdim=True).values  # the largest entry becomes exp(0) = 1
    exps = shifted.exp()
    return exps / exps.sum(dim=-1, keepdim=True)


def _cross_entropy_cases():
    g = torch.Generator().manual_seed(82)
    return [
        (torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.1]]), torch.tensor([0, 2, 2])),
        (torch.zeros(4, 10), torch.tensor([0, 3, 6, 9])),                     # ln 10 whatever the target
        (torch.tensor([[500.0, -500.0], [-500.0, 500.0]]), torch.tensor([1, 1])),  # stable: 500
        (torch.randn(6, 5, generator=g) * 3, torch.randint(0, 5, (6,), generator=g)),  # the mean, not the sum
        (torch.randn(3, 4, generator=g, dtype=torch.float64), torch.tensor([3, 0, 1])),  # float64 stays float64
        (torch.randn(1, 3, generator=g), torch.tensor([2])),
        (torch.zeros(2, 3), torch.tensor([0, 3])),                            # ValueError: 3 is not a class
        (torch.zeros(2, 3), torch.tensor([-1, 0])),                           # ValueError: negative index
    ]


@exercise(cases=_cross_entropy_cases,
          hint="compute the log-probabilities without ever taking the log of a softmax (a probability can "
               "round to 0); then take, for each row, the entry of its own target only, and average. The "
               "answer is a 0-d tensor of the logits' dtype; check that every target is a class first")
def cross_entropy(logits, targets):
    """Mean cross-entropy of raw scores against class indices, as ``F.cross_entropy`` computes it.

    ``logits``: ``(N, C)`` float tensor; ``targets``: ``(N,)`` int64 class indices in ``[0, C)``.
    Returns a 0-d tensor: the mean over rows of ``-log_softmax(logits)[i, targets[i]]``. Raises
    ``ValueError`` for targets of the wrong dtype or shape, or outside ``[0, C)``.
    """
    logits = _float_logits(logits)
    if logits.ndim != 2:
        raise ValueError(f"logits must have shape (N, C); got {tuple(logits.shape)}.")
    if not isinstance(targets, torch.Tensor) or targets.dtype != torch.int64 or targets.shape != logits.shape[:1]:
        raise ValueError(f"targets must be an int64 tensor of shape ({logits.shape[0]},); got "
                         f"{getattr(targets, 'dtype', type(targets))} {tuple(getattr(targets, 'shape', ()))}.")
    if len(targets) and (targets.min() < 0 or targets.max() >= logits.shape[1]):
        raise ValueError(f"targets must lie in [0, {logits.shape[1]}).")
    log_probs = logits - logits.logsumexp(dim=1, keepdim=True)  # log of the softmax, computed stably
    return -log_probs[torch.arange(len(targets)), targets].mean()


def _accuracy_multi_cases():
    g = torch.Generator().manual_seed(83)
    logits = torch.tensor([[2.0, -2.0, 0.5], [-2.0, -2.0, 2.0]])
    targets = torch.tensor([[1, 0, 0], [0, 1, 1]])
    return [
        (logits, targets),                                                     # 4 of 6
        (logits, targets, 0.7),                                                # the threshold moves
        call(logits, targets.float(), thresh=0.2),                            # float targets
        (torch.tensor([[0.9, 0.2], [0.4, 0.6]]), torch.tensor([[1.0, 1.0], [0.0, 1.0]]), 0.5, False),
        call(torch.tensor([[0.1, 0.3, 0.8], [0.05, 0.6, 0.2]]), torch.tensor([[0, 0, 1], [0, 1, 0]]),
             sigmoid=False),                                                  # probabilities: no sigmoid
        call(torch.tensor([[0.5, 0.7, 0.3]]), torch.tensor([[1, 1, 0]]), sigmoid=False),  # 0.5 is not above 0.5
        (torch.tensor([[0.0, 0.0, 3.0]]), torch.tensor([[1, 1, 1]])),          # sigmoid(0) = 0.5: not above
        (torch.randn(8, 5, generator=g), torch.randint(0, 2, (8, 5), generator=g)),
        (torch.zeros(2, 3), torch.zeros(1, 3)),                                # ValueError: shapes differ
    ]


@exercise(cases=_accuracy_multi_cases,
          hint="each (image, label) pair is one decision, right or wrong on its own; a label is predicted "
               "only when its probability is strictly above thresh, and the sigmoid is applied only when "
               "asked. Return a 0-d float32 tensor, and refuse targets whose shape differs from the logits'")
def accuracy_multi(logits, targets, thresh: float = 0.5, sigmoid: bool = True):
    """Share of (image, label) decisions that are right in a multi-label problem.

    ``logits``: ``(N, L)`` float tensor, one score per label (probabilities if ``sigmoid=False``);
    ``targets``: ``(N, L)`` of 0s and 1s. A label is predicted when its probability is above
    ``thresh``. Returns a 0-d float32 tensor, what fastai's ``accuracy_multi`` returns. Raises
    ``ValueError`` when the shapes differ.
    """
    logits = _float_logits(logits)
    if logits.shape != targets.shape:
        raise ValueError(f"logits {tuple(logits.shape)} and targets {tuple(targets.shape)} must have the same shape.")
    probs = logits.sigmoid() if sigmoid else logits
    return ((probs > thresh) == targets.bool()).float().mean()


def _scale_points_cases():
    return [
        (torch.tensor([[0.0, 0.0], [64.0, 64.0], [32.0, 16.0]]), (64, 64)),
        ([[14, 50], [50, 14]], (64, 64)),                                     # a nested list of ints
        (torch.tensor([[320.0, 240.0], [0.0, 480.0], [640.0, 0.0]]), (640, 480)),  # width first, then height
        (torch.tensor([[10, 30], [3, 7]]), (20, 40)),                         # an int tensor
        (torch.tensor([[1.5, 2.5]], dtype=torch.float64), (4, 5)),            # float64 in, float32 out
        (torch.zeros(3), (64, 64)),                                           # ValueError: not (N, 2)
        (torch.zeros(2, 3), (64, 64)),                                        # ValueError: not (N, 2)
        (torch.zeros(1, 2), (64, 0)),                                         # ValueError: no height
        (torch.zeros(1, 2), (-8, 8)),                                         # ValueError: negative width
    ]


@exercise(cases=_scale_points_cases,
          hint="turn whatever you are given into a new float32 tensor first (a list times 2 is a longer "
               "list, and an in-place operation changes the caller's points). x goes with the width and "
               "y with the height; map [0, width] linearly onto [-1, 1]. Check the shapes and the size first")
def scale_points(points, size):
    """Pixel coordinates to the [-1, 1] range fastai uses for points (its ``PointScaler``).

    ``points``: ``(N, 2)`` tensor (or nested list) of ``(x, y)`` = (column, row) in pixels; ``size``:
    the image's ``(width, height)``. Returns a float32 ``(N, 2)`` tensor: 0 maps to -1, the image's
    width (or height) to 1, its centre to 0. Raises ``ValueError`` when ``points`` is not ``(N, 2)``
    or a side of ``size`` is not positive.
    """
    points = torch.as_tensor(points, dtype=torch.float32)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (N, 2); got {tuple(points.shape)}.")
    if len(size) != 2 or min(size) <= 0:
        raise ValueError(f"size must be (width, height) with both positive; got {size!r}.")
    return points * 2 / torch.tensor(size, dtype=torch.float32) - 1
