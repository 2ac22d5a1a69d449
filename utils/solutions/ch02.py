"""Chapter 02 · SGD from scratch: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _same_shape(predictions, targets) -> None:
    # (N, 1) against (N,) would broadcast to (N, N) and give a wrong number without any error.
    if tuple(predictions.shape) != tuple(targets.shape):
        raise ValueError(f"predictions {tuple(predictions.shape)} and targets {tuple(targets.shape)} "
                         "must have the same shape (reshape one, e.g. targets.view(-1, 1)).")


def numerical_grad(f, x, eps: float = 1e-4):
    """Gradient of a scalar function ``f`` at the point ``x``, by central differences.

    ``f``: takes a tensor shaped like ``x`` and returns a number (a 0-d tensor or a float).
    ``x``: a floating-point tensor of any shape (float64 keeps the estimate accurate); not changed.
    Returns a tensor shaped like ``x`` whose entry ``i`` is
    ``(f(x + eps * e_i) - f(x - eps * e_i)) / (2 * eps)``, ``e_i`` being the ``i``-th unit tensor.
    """
    import torch

    x = torch.as_tensor(x)
    if not x.is_floating_point():
        raise TypeError(f"x must hold floats (e.g. torch.float64), not {x.dtype}.")
    if not eps > 0:
        raise ValueError(f"eps must be positive; got {eps}.")
    point = x.detach().clone().contiguous()
    grad = torch.zeros_like(point)
    flat_point, flat_grad = point.view(-1), grad.view(-1)
    for i in range(flat_point.numel()):
        original = flat_point[i].item()
        flat_point[i] = original + eps
        above = float(f(point))
        flat_point[i] = original - eps
        below = float(f(point))
        flat_point[i] = original
        flat_grad[i] = (above - below) / (2 * eps)
    return grad


def mnist_loss(predictions, targets):
    """The 3-vs-7 loss: how far ``sigmoid(predictions)`` is from the targets, averaged.

    ``predictions``: (N, 1) raw scores (any real numbers); ``targets``: (N, 1), 1 for a 3 and 0 for
    a 7. Returns a 0-d tensor, the mean of ``1 - p`` where the target is 1 and of ``p`` where it
    is 0, with ``p = sigmoid(prediction)``.
    """
    import torch

    _same_shape(predictions, targets)
    p = torch.sigmoid(predictions)
    return torch.where(targets == 1, 1 - p, p).mean()


def batch_accuracy(predictions, targets):
    """Share of correct answers when a score above 0 means "a 3" (target 1) and otherwise "a 7".

    ``predictions``: (N, 1) raw scores; ``targets``: (N, 1) of 0s and 1s. Returns a 0-d float tensor.
    """
    _same_shape(predictions, targets)
    return ((predictions > 0) == (targets == 1)).float().mean()


def sgd_step(params, grads, lr: float, momentum: float = 0.0, velocities=None):
    """One step of SGD with (optional) momentum, computed without changing the inputs.

    ``params``, ``grads``: lists of tensors, ``grads[i]`` shaped like ``params[i]``;
    ``velocities``: the previous step's list (``None`` means zeros). Returns
    ``(new_params, new_velocities)`` with ``v = momentum * v + g`` and ``p = p - lr * v``, which
    is what ``torch.optim.SGD(params, lr, momentum)`` does.
    """
    import torch

    params, grads = list(params), list(grads)
    velocities = [torch.zeros_like(p) for p in params] if velocities is None else list(velocities)
    if not len(params) == len(grads) == len(velocities):
        raise ValueError(f"got {len(params)} params, {len(grads)} grads and {len(velocities)} "
                         "velocities: there must be one of each per parameter.")
    new_velocities = [momentum * v + g for v, g in zip(velocities, grads)]
    new_params = [p - lr * v for p, v in zip(params, new_velocities)]
    return new_params, new_velocities
