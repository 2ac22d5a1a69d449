"""Chapter 08 · image classification and transfer learning: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _float_logits(logits, name: str = "logits"):
    import torch

    if not isinstance(logits, torch.Tensor) or not logits.is_floating_point():
        raise TypeError(f"{name} must be a float tensor; got {getattr(logits, 'dtype', type(logits))}.")
    return logits


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


def cross_entropy(logits, targets):
    """Mean cross-entropy of raw scores against class indices, as ``F.cross_entropy`` computes it.

    ``logits``: ``(N, C)`` float tensor; ``targets``: ``(N,)`` int64 class indices in ``[0, C)``.
    Returns a 0-d tensor: the mean over rows of ``-log_softmax(logits)[i, targets[i]]``.
    """
    import torch

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


def accuracy_multi(logits, targets, thresh: float = 0.5, sigmoid: bool = True):
    """Share of (image, label) decisions that are right in a multi-label problem.

    ``logits``: ``(N, L)`` float tensor, one score per label (probabilities if ``sigmoid=False``);
    ``targets``: ``(N, L)`` of 0s and 1s. A label is predicted when its probability is above
    ``thresh``. Returns a 0-d float tensor, what fastai's ``accuracy_multi`` returns.
    """
    logits = _float_logits(logits)
    if logits.shape != targets.shape:
        raise ValueError(f"logits {tuple(logits.shape)} and targets {tuple(targets.shape)} must have the same shape.")
    probs = logits.sigmoid() if sigmoid else logits
    return ((probs > thresh) == targets.bool()).float().mean()


def scale_points(points, size):
    """Pixel coordinates to the [-1, 1] range fastai uses for points (its ``PointScaler``).

    ``points``: ``(N, 2)`` tensor of ``(x, y)`` = (column, row) in pixels; ``size``: the image's
    ``(width, height)``. Returns a float32 ``(N, 2)`` tensor: 0 maps to -1, the image's width (or
    height) to 1, its centre to 0.
    """
    import torch

    points = torch.as_tensor(points, dtype=torch.float32)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (N, 2); got {tuple(points.shape)}.")
    if len(size) != 2 or min(size) <= 0:
        raise ValueError(f"size must be (width, height) with both positive; got {size!r}.")
    return points * 2 / torch.tensor(size, dtype=torch.float32) - 1
