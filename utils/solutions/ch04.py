"""Chapter 04 · PyTorch modules, losses and the training loop: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _float_tensor(x, name: str):
    import torch

    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch tensor, not {type(x).__name__}.")
    if not x.is_floating_point():
        raise TypeError(f"{name} must hold floats (e.g. torch.float32), not {x.dtype}.")
    return x


def leaky_relu(x, negative_slope: float = 0.01):
    """Leaky ReLU, elementwise: ``x`` where ``x > 0``, ``negative_slope * x`` elsewhere.

    ``x``: a float tensor of any shape. Returns a tensor of the same shape and dtype, the same
    values as ``torch.nn.functional.leaky_relu(x, negative_slope)``.
    """
    import torch

    _float_tensor(x, "x")
    return torch.where(x > 0, x, negative_slope * x)


def bce_with_logits(logits, targets):
    """Binary cross-entropy computed from logits, without overflow; the mean over all entries.

    ``logits``: float tensor of raw scores; ``targets``: float tensor of the same shape holding 0s
    and 1s (or probabilities). Returns a 0-d tensor, equal to ``nn.BCEWithLogitsLoss()(logits,
    targets)``, using ``max(z, 0) - z * y + log(1 + exp(-|z|))`` for each entry.
    """
    import torch

    _float_tensor(logits, "logits")
    _float_tensor(targets, "targets")
    if logits.shape != targets.shape:
        raise ValueError(f"logits {tuple(logits.shape)} and targets {tuple(targets.shape)} must have the "
                         "same shape (broadcasting them would pair the wrong entries).")
    return (logits.clamp(min=0) - logits * targets + torch.log1p(torch.exp(-logits.abs()))).mean()


def epoch_average_loss(batch_losses, batch_sizes) -> float:
    """The average loss per example over one epoch, from each batch's mean loss and its size.

    ``batch_losses``: a list of numbers (or 0-d tensors), the mean loss of each batch;
    ``batch_sizes``: a list of positive ints, the number of examples in each batch. Returns a float:
    ``sum(loss * size) / sum(size)``, so a short last batch counts for its size, not for a full one.
    """
    import numbers

    losses, sizes = [float(v) for v in batch_losses], list(batch_sizes)
    if len(losses) != len(sizes):
        raise ValueError(f"{len(losses)} batch losses but {len(sizes)} batch sizes: one of each per batch.")
    if not losses:
        raise ValueError("an epoch needs at least one batch.")
    if any(isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1 for n in sizes):
        raise ValueError(f"batch sizes must be positive integers; got {sizes}.")
    return sum(loss * n for loss, n in zip(losses, sizes)) / sum(sizes)


def he_std(fan_in: int) -> float:
    """The standard deviation of He (Kaiming) normal initialization for a layer with ``fan_in`` inputs.

    Returns ``sqrt(2 / fan_in)``: what ``nn.init.kaiming_normal_(w, nonlinearity="relu")`` uses for a
    weight ``w`` of shape ``(fan_out, fan_in)``.
    """
    import math

    if isinstance(fan_in, bool) or not isinstance(fan_in, int) or fan_in < 1:
        raise ValueError(f"fan_in must be a positive integer (the number of inputs); got {fan_in!r}.")
    return math.sqrt(2 / fan_in)
