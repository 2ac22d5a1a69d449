"""Chapter 02 · SGD from scratch: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import math

import torch

from ..checks import call, exercise  # noqa: F401


def _same_shape(predictions, targets) -> None:
    # (N, 1) against (N,) would broadcast to (N, N) and give a wrong number without any error.
    if tuple(predictions.shape) != tuple(targets.shape):
        raise ValueError(f"predictions {tuple(predictions.shape)} and targets {tuple(targets.shape)} "
                         "must have the same shape (reshape one, e.g. targets.view(-1, 1)).")


def _numerical_grad_cases():
    g = torch.Generator().manual_seed(2)
    return [
        (lambda t: (t ** 2).sum(), torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64)),
        (lambda t: t[0, 0] * t[1, 1] + torch.sin(t[0, 1]),  # a matrix point: the answer is a matrix too
         torch.tensor([[2.0, 0.5], [7.0, 4.0]], dtype=torch.float64)),
        (lambda t: torch.exp(3 * t ** 2), torch.tensor(0.5, dtype=torch.float64)),  # a 0-d point
        (lambda t: math.cos(float(t[0])) * float(t[1]),  # f may return a plain Python float
         torch.tensor([0.3, -1.5], dtype=torch.float64)),
        # with a large eps a forward difference is clearly off: for t**3 at 2 it gives 12 + 6 eps + eps**2
        call(lambda t: (t ** 3).sum(), torch.tensor([2.0, -1.0, 0.5], dtype=torch.float64), eps=0.1),
        call(lambda t: t.exp().sum() + (t[0, 0] * t[-1, -1]) ** 2,
             torch.randn(3, 4, dtype=torch.float64, generator=g), eps=0.5),
        # float32 in, float32 out (dyadic numbers and eps: every step is exact, whatever the order)
        call(lambda t: (t ** 2).sum(), torch.tensor([[1.5, -0.25], [3.0, 0.0]]), eps=0.25),
    ]


@exercise(cases=_numerical_grad_cases,
          hint="nudge one entry at a time, on a copy of x, once up and once down by eps (a central "
               "difference, not a forward one), and put the entry back before the next; the result "
               "has x's shape and dtype")
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


def _mnist_loss_cases():
    g = torch.Generator().manual_seed(3)
    return [
        (torch.tensor([[2.0], [-1.0], [0.5]]), torch.tensor([[1.0], [0.0], [0.0]])),
        (torch.zeros(4, 1), torch.tensor([[1.0], [1.0], [0.0], [0.0]])),  # sigmoid(0) = 0.5 either way
        (torch.tensor([[30.0], [-30.0], [3.0]]), torch.tensor([[1.0], [0.0], [0.0]])),
        (torch.randn(16, 1, dtype=torch.float64, generator=g) * 3,  # float64 in, float64 out
         torch.randint(0, 2, (16, 1), generator=g).double()),
        (torch.zeros(4, 1), torch.tensor([1.0, 0.0, 1.0, 0.0])),  # (N,) targets would broadcast: raise
    ]


@exercise(cases=_mnist_loss_cases,
          hint="squash the scores into (0, 1) first; a target of 1 wants p near 1 and a target of 0 "
               "wants p near 0, so each costs its distance from its target; average over the batch, "
               "keep a tensor, and compare the two shapes before anything can broadcast")
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


def _batch_accuracy_cases():
    g = torch.Generator().manual_seed(4)
    return [
        (torch.tensor([[2.0], [-1.0], [0.5], [-3.0]]), torch.tensor([[1.0], [1.0], [0.0], [0.0]])),
        (torch.tensor([[0.0], [0.0], [1.0]]), torch.tensor([[0.0], [0.0], [1.0]])),  # a score of 0 says "7"
        (torch.tensor([[5.0], [4.0], [-2.0]]), torch.tensor([[1.0], [1.0], [0.0]])),
        (torch.randn(50, 1, generator=g), torch.randint(0, 2, (50, 1), generator=g).float()),
        (torch.zeros(3), torch.zeros(3, 1)),  # shapes that would broadcast to (3, 3): raise
    ]


@exercise(cases=_batch_accuracy_cases,
          hint="turn each score into a yes/no answer (is it a 3?) and compare it with the target; mind "
               "what a score of exactly 0 says; the share is a 0-d float tensor (not .item()); check "
               "the shapes first")
def batch_accuracy(predictions, targets):
    """Share of correct answers when a score above 0 means "a 3" (target 1) and otherwise "a 7".

    ``predictions``: (N, 1) raw scores; ``targets``: (N, 1) of 0s and 1s. Returns a 0-d float tensor.
    """
    _same_shape(predictions, targets)
    return ((predictions > 0) == (targets == 1)).float().mean()


def _sgd_step_cases():
    g = torch.Generator().manual_seed(5)
    return [
        ([torch.tensor([1.0, 2.0])], [torch.tensor([0.5, -1.0])], 0.1),
        ([torch.tensor([1.0, 2.0])], [torch.tensor([0.5, -1.0])], 0.1, 0.9, [torch.tensor([1.0, 1.0])]),
        ([torch.ones(2, 2), torch.zeros(3)], [torch.full((2, 2), 2.0), torch.ones(3)], 0.5, 0.5, None),
        call([torch.randn(3, 2, dtype=torch.float64, generator=g), torch.randn(2, dtype=torch.float64, generator=g)],
             [torch.randn(3, 2, dtype=torch.float64, generator=g), torch.randn(2, dtype=torch.float64, generator=g)],
             lr=0.05, momentum=0.8,
             velocities=[torch.randn(3, 2, dtype=torch.float64, generator=g),
                         torch.randn(2, dtype=torch.float64, generator=g)]),
        ([torch.zeros(2), torch.zeros(3)], [torch.ones(2)], 0.1),  # a gradient is missing: raise
        call([torch.zeros(2)], [torch.ones(2)], lr=0.1, momentum=0.9, velocities=[]),  # so is a velocity
    ]


@exercise(cases=_sgd_step_cases,
          hint="update the velocity first and move the parameter with the new one; the learning rate "
               "scales the step, not the velocity; build new tensors (no -=, +=, add_ or mul_ on the "
               "inputs), and refuse lists that do not match one to one")
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
