"""Reference solutions to the exercises, one section per chapter.

An exercise cell runs the reference by default; put your own function in its place and rerun the
cell to have :func:`utils.check` compare the two. Try the exercise before reading these.
Names are ``chNN_<what>`` so that a chapter's solutions sit together.
"""
from __future__ import annotations

# ---- Chapter 01: tensors -------------------------------------------------------------------
def ch01_normalize(images, eps: float = 1e-6):
    """Scale uint8 images to [0, 1], then standardize each image on its own.

    ``images``: ``(N, H, W)`` uint8 tensor (0-255). Returns an ``(N, H, W)`` float32 tensor
    ``(x - mean) / (std + eps)``, where ``x = images / 255`` and each image's mean and population
    standard deviation (``correction=0``) are taken over its own H x W pixels. ``eps`` keeps a
    blank image at zeros instead of NaN.
    """
    import torch

    if not isinstance(images, torch.Tensor) or images.dtype != torch.uint8:
        raise TypeError(f"images must be a uint8 tensor; got {getattr(images, 'dtype', type(images))}.")
    if images.ndim != 3:
        raise ValueError(f"images must have shape (N, H, W); got {tuple(images.shape)}.")
    x = images.float() / 255
    mean = x.mean(dim=(1, 2), keepdim=True)  # (N, 1, 1): lines up with x for broadcasting
    std = x.std(dim=(1, 2), keepdim=True, correction=0)
    return (x - mean) / (std + eps)


def ch01_pairwise_sq_dists(a, b):
    """Squared Euclidean distance between every row of ``a`` and every row of ``b``, no loops.

    ``a``: ``(n, d)``, ``b``: ``(m, d)`` float tensors. Returns ``(n, m)`` with
    ``out[i, j] = ((a[i] - b[j]) ** 2).sum()``.
    """
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"need shapes (n, d) and (m, d); got {tuple(a.shape)} and {tuple(b.shape)}.")
    diff = a[:, None, :] - b[None, :, :]  # (n, 1, d) - (1, m, d) -> (n, m, d)
    return (diff ** 2).sum(dim=-1)


def ch01_batch_outer(u, v):
    """The outer product of each pair of vectors in a batch.

    ``u``: ``(B, n)``, ``v``: ``(B, m)``. Returns ``(B, n, m)`` with ``out[b, i, j] = u[b, i] * v[b, j]``.
    """
    if u.ndim != 2 or v.ndim != 2 or u.shape[0] != v.shape[0]:
        raise ValueError(f"need shapes (B, n) and (B, m); got {tuple(u.shape)} and {tuple(v.shape)}.")
    return u[:, :, None] * v[:, None, :]  # (B, n, 1) * (B, 1, m)


def ch01_class_means(x, y, n_classes: int):
    """The mean image of each class, without a Python loop over classes or images.

    ``x``: ``(N, H, W)`` numeric tensor, ``y``: ``(N,)`` integer labels in ``[0, n_classes)``.
    Returns an ``(n_classes, H, W)`` float32 tensor; a class with no images gets zeros.
    """
    import torch

    if y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"need x of shape (N, H, W) and y of shape (N,); got {tuple(x.shape)} and {tuple(y.shape)}.")
    if len(y) and (int(y.min()) < 0 or int(y.max()) >= n_classes):
        raise ValueError(f"labels must lie in [0, {n_classes}); got {int(y.min())}..{int(y.max())}.")
    one_hot = torch.nn.functional.one_hot(y.long(), n_classes).float()  # (N, C)
    sums = torch.einsum("nc,nhw->chw", one_hot, x.float())
    counts = one_hot.sum(dim=0).clamp(min=1)  # an empty class divides 0 by 1
    return sums / counts[:, None, None]


# ---- Chapter 02: SGD from scratch ----------------------------------------------------------
def _ch02_same_shape(predictions, targets) -> None:
    # (N, 1) against (N,) would broadcast to (N, N) and give a wrong number without any error.
    if tuple(predictions.shape) != tuple(targets.shape):
        raise ValueError(f"predictions {tuple(predictions.shape)} and targets {tuple(targets.shape)} "
                         "must have the same shape (reshape one, e.g. targets.view(-1, 1)).")


def ch02_numerical_grad(f, x, eps: float = 1e-4):
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


def ch02_mnist_loss(predictions, targets):
    """The 3-vs-7 loss: how far ``sigmoid(predictions)`` is from the targets, averaged.

    ``predictions``: (N, 1) raw scores (any real numbers); ``targets``: (N, 1), 1 for a 3 and 0 for
    a 7. Returns a 0-d tensor, the mean of ``1 - p`` where the target is 1 and of ``p`` where it
    is 0, with ``p = sigmoid(prediction)``.
    """
    import torch

    _ch02_same_shape(predictions, targets)
    p = torch.sigmoid(predictions)
    return torch.where(targets == 1, 1 - p, p).mean()


def ch02_batch_accuracy(predictions, targets):
    """Share of correct answers when a score above 0 means "a 3" (target 1) and otherwise "a 7".

    ``predictions``: (N, 1) raw scores; ``targets``: (N, 1) of 0s and 1s. Returns a 0-d float tensor.
    """
    _ch02_same_shape(predictions, targets)
    return ((predictions > 0) == (targets == 1)).float().mean()


def ch02_sgd_step(params, grads, lr: float, momentum: float = 0.0, velocities=None):
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

