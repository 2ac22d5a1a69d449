"""Chapter 04 · PyTorch modules, losses and the training loop: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import torch

from ..checks import call, exercise  # noqa: F401


def _float_tensor(x, name: str):
    import torch

    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch tensor, not {type(x).__name__}.")
    if not x.is_floating_point():
        raise TypeError(f"{name} must hold floats (e.g. torch.float32), not {x.dtype}.")
    return x


def _leaky_relu_cases():
    g = torch.Generator().manual_seed(41)
    return [
        (torch.tensor([-2.0, -0.5, 0.0, 0.5, 3.0]),),  # the default slope, 0.01
        (torch.tensor([[-10.0, 4.0], [1.0, -1.0]]), 0.2),
        (torch.linspace(-3, 3, 7, dtype=torch.float64), 0.1),  # float64 stays float64
        call(torch.randn(2, 3, 4, generator=g) * 5, negative_slope=0.3),  # any shape
    ]


@exercise(cases=_leaky_relu_cases,
          hint="choose between x and the scaled x entry by entry, on a new tensor (indexing "
               "assignment into x changes the caller's tensor); keep x's dtype, and the default "
               "slope is PyTorch's")
def leaky_relu(x, negative_slope: float = 0.01):
    """Leaky ReLU, elementwise: ``x`` where ``x > 0``, ``negative_slope * x`` elsewhere.

    ``x``: a float tensor of any shape. Returns a tensor of the same shape and dtype, the same
    values as ``torch.nn.functional.leaky_relu(x, negative_slope)``.
    """
    import torch

    _float_tensor(x, "x")
    return torch.where(x > 0, x, negative_slope * x)


def _bce_with_logits_cases():
    g = torch.Generator().manual_seed(42)
    return [
        (torch.tensor([2.0, -1.0, 0.5, -3.0]), torch.tensor([1.0, 0.0, 0.0, 1.0])),
        (torch.tensor([[200.0], [-200.0], [0.0]]), torch.tensor([[0.0], [0.0], [1.0]])),  # sigmoid rounds to 1 and 0
        (torch.tensor([[1.5, -0.5], [30.0, -30.0]], dtype=torch.float64),
         torch.tensor([[1.0, 1.0], [1.0, 0.0]], dtype=torch.float64)),
        (torch.tensor([-150.0, 150.0, 5.0]), torch.tensor([1.0, 0.0, 0.25])),  # confidently wrong; a probability target
        (torch.randn(8, 1, generator=g) * 4, torch.randint(0, 2, (8, 1), generator=g).float()),
        (torch.zeros(4, 1), torch.zeros(4)),  # (4, 1) against (4,) would broadcast to (4, 4): raise
    ]


@exercise(cases=_bce_with_logits_cases,
          hint="never form sigmoid(z) or exp(z) of a large positive z: the formula's three terms stay "
               "finite for any z; average over every entry into a 0-d tensor, and compare the two "
               "shapes before anything can broadcast")
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


def _epoch_average_loss_cases():
    return [
        ([1.0, 1.0, 4.0], [4, 4, 2]),  # 1.6, not the mean of the means (2.0)
        ([0.7], [64]),
        ([torch.tensor(2.0), torch.tensor(0.5), torch.tensor(1.0)], [64, 64, 32]),  # 0-d tensors in, a float out
        ([0.25, 3.0], [7, 1]),
        ([1.0, 2.0], [3]),  # lengths differ: raise
        ([1.0], [2, 2]),
        ([], []),  # no batches: raise
        ([1.0, 2.0], [4, 0]),  # an empty batch: raise
        ([1.0], [-4]),
        ([1.0, 2.0], [2, 2.5]),  # not an integer: raise
    ]


@exercise(cases=_epoch_average_loss_cases,
          hint="a batch's mean loss times its size is its total loss; add the totals and divide by the "
               "number of examples; return a Python float even when the losses are 0-d tensors; "
               "check the lengths, the empty epoch and every size before you compute")
def epoch_average_loss(batch_losses, batch_sizes) -> float:
    """The average loss per example over one epoch, from each batch's mean loss and its size.

    ``batch_losses``: a list of numbers (or 0-d tensors), the mean loss of each batch;
    ``batch_sizes``: a list of positive ints, the number of examples in each batch. Returns a float:
    ``sum(loss * size) / sum(size)``, so a short last batch counts for its size, not for a full one.
    Raises ``ValueError`` when the lists differ in length, are empty, or a size is not a positive int.
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


def _he_std_cases():
    return [(2,), (8,), (784,), (4096,), (1,),
            (0,), (-3,), (2.5,)]  # not a positive integer: raise


@exercise(cases=_he_std_cases,
          hint="the recipe of section 5 gives a variance: is that what the function should return? A "
               "plain Python float comes back; zero, negatives and non-integers are refused with a ValueError")
def he_std(fan_in: int) -> float:
    """The standard deviation of He (Kaiming) normal initialization for a layer with ``fan_in`` inputs.

    Returns ``sqrt(2 / fan_in)``: what ``nn.init.kaiming_normal_(w, nonlinearity="relu")`` uses for a
    weight ``w`` of shape ``(fan_out, fan_in)``. ``fan_in`` must be a positive integer (Python's or
    NumPy's); anything else raises ``ValueError``.
    """
    import math
    import numbers

    if isinstance(fan_in, bool) or not isinstance(fan_in, numbers.Integral) or fan_in < 1:
        raise ValueError(f"fan_in must be a positive integer (the number of inputs); got {fan_in!r}.")
    return math.sqrt(2 / fan_in)
