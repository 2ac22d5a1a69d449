"""Chapter 01 · tensors: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import torch

from ..checks import call, exercise  # noqa: F401


def _normalize_cases():
    g = torch.Generator().manual_seed(1)
    return [
        (torch.randint(0, 256, (8, 28, 28), dtype=torch.uint8, generator=g),),  # like real digits
        (torch.tensor([[[0, 255], [255, 0]]], dtype=torch.uint8),),
        (torch.tensor([[[0, 51], [102, 153]], [[102, 153], [204, 255]]], dtype=torch.uint8),),  # each on its own
        (torch.zeros(2, 3, 3, dtype=torch.uint8),),  # blank: eps keeps it at zeros
        (torch.tensor([[[1, 3], [5, 7]]], dtype=torch.uint8),),  # population std, not the sample one
    ]


@exercise(cases=_normalize_cases,
          hint="take each image's mean and std over its own pixels (dims 1 and 2, keeping them so that "
               "they broadcast), with the population std, after converting to floats in [0, 1]")
def normalize(images, eps: float = 1e-6):
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


def _pairwise_cases():
    g = torch.Generator().manual_seed(3)
    return [
        (torch.tensor([[0.0, 0.0], [1.0, 1.0]]), torch.tensor([[1.0, 0.0], [3.0, 4.0]])),
        (torch.randn(5, 3, generator=g), torch.randn(4, 3, generator=g)),  # n != m
        (torch.randn(1, 784, generator=g), torch.randn(6, 784, generator=g)),
        (torch.randn(3, 2, dtype=torch.float64, generator=g), torch.randn(2, 2, dtype=torch.float64, generator=g)),
    ]


@exercise(cases=_pairwise_cases,
          hint="which shapes must a and b take so that their difference has shape (n, m, d)? And is the "
               "answer squared distances, not distances?")
def pairwise_sq_dists(a, b):
    """Squared Euclidean distance between every row of ``a`` and every row of ``b``, no loops.

    ``a``: ``(n, d)``, ``b``: ``(m, d)`` float tensors. Returns ``(n, m)`` with
    ``out[i, j] = ((a[i] - b[j]) ** 2).sum()``.
    """
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"need shapes (n, d) and (m, d); got {tuple(a.shape)} and {tuple(b.shape)}.")
    diff = a[:, None, :] - b[None, :, :]  # (n, 1, d) - (1, m, d) -> (n, m, d)
    return (diff ** 2).sum(dim=-1)


def _batch_outer_cases():
    g = torch.Generator().manual_seed(4)
    return [
        (torch.tensor([[1.0, 2.0]]), torch.tensor([[3.0, 4.0, 5.0]])),
        (torch.randn(4, 3, generator=g), torch.randn(4, 5, generator=g)),
        (torch.randn(2, 1, generator=g), torch.randn(2, 6, generator=g)),
    ]


@exercise(cases=_batch_outer_cases,
          hint="which shapes must u and v take so that their product broadcasts to (B, n, m), with the "
               "batch axis shared rather than crossed?")
def batch_outer(u, v):
    """The outer product of each pair of vectors in a batch.

    ``u``: ``(B, n)``, ``v``: ``(B, m)``. Returns ``(B, n, m)`` with ``out[b, i, j] = u[b, i] * v[b, j]``.
    """
    if u.ndim != 2 or v.ndim != 2 or u.shape[0] != v.shape[0]:
        raise ValueError(f"need shapes (B, n) and (B, m); got {tuple(u.shape)} and {tuple(v.shape)}.")
    return u[:, :, None] * v[:, None, :]  # (B, n, 1) * (B, 1, m)


def _class_means_cases():
    g = torch.Generator().manual_seed(5)
    labels = torch.randint(0, 10, (300,), generator=g)
    return [
        (torch.tensor([[[1.0, 2.0]], [[3.0, 4.0]], [[10.0, 10.0]]]), torch.tensor([0, 0, 2]), 3),  # class 1 empty
        (torch.randint(0, 256, (300, 6, 6), dtype=torch.uint8, generator=g), labels, 10),  # uint8: no overflow
        (torch.rand(300, 4, 5, generator=g), labels, 12),  # two classes empty
        (torch.tensor([[[7.0]]]), torch.tensor([3]), 4),
    ]


@exercise(cases=_class_means_cases,
          hint="one_hot(y, n_classes) is (N, C); an einsum of it with x gives per-class sums, and its "
               "column sums count the images; convert to floats first and never divide by zero")
def class_means(x, y, n_classes: int):
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
