"""Chapter 19 · collaborative filtering: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _float_tensor(x, name: str):
    import torch

    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError(f"{name} must be a float tensor; got {getattr(x, 'dtype', type(x).__name__)}.")
    return x


def _index_tensor(idx, size: int, name: str):
    import torch

    if not isinstance(idx, torch.Tensor) or idx.dtype not in (torch.int32, torch.int64) or idx.ndim != 1:
        raise TypeError(f"{name} must be a 1-D integer tensor of indices; got "
                        f"{getattr(idx, 'dtype', type(idx).__name__)} of shape {tuple(getattr(idx, 'shape', ()))}.")
    if len(idx) and (int(idx.min()) < 0 or int(idx.max()) >= size):
        raise IndexError(f"{name} must lie in [0, {size}); got {int(idx.min())}..{int(idx.max())}.")
    return idx.long()


def sigmoid_range(x, low: float, high: float):
    """Squash scores into the open interval ``(low, high)``: ``sigmoid(x) * (high - low) + low``.

    ``x``: float tensor of any shape. Returns a tensor of the same shape and dtype (fastai's
    ``sigmoid_range``).
    """
    import torch

    x = _float_tensor(x, "x")
    if not low < high:
        raise ValueError(f"need low < high; got low={low!r}, high={high!r}.")
    return torch.sigmoid(x) * (high - low) + low


def predict(user_factors, item_factors, user_bias, item_bias, users, items, y_range=None):
    """Ratings predicted by a dot-product model with biases, from its tables.

    ``user_factors``: ``(n_users, k)``, ``item_factors``: ``(n_items, k)``, ``user_bias``:
    ``(n_users,)``, ``item_bias``: ``(n_items,)`` float tensors; ``users``, ``items``: ``(B,)``
    integer indices into them. Returns ``(B,)``: ``user_factors[u] . item_factors[i] + user_bias[u]
    + item_bias[i]``, passed through :func:`sigmoid_range` when ``y_range=(low, high)``.
    """
    for value, name in ((user_factors, "user_factors"), (item_factors, "item_factors"),
                        (user_bias, "user_bias"), (item_bias, "item_bias")):
        _float_tensor(value, name)
    if user_factors.ndim != 2 or item_factors.ndim != 2 or user_factors.shape[1] != item_factors.shape[1]:
        raise ValueError(f"need factors of shapes (n_users, k) and (n_items, k); got "
                         f"{tuple(user_factors.shape)} and {tuple(item_factors.shape)}.")
    if user_bias.shape != user_factors.shape[:1] or item_bias.shape != item_factors.shape[:1]:
        raise ValueError(f"need biases of shapes ({user_factors.shape[0]},) and ({item_factors.shape[0]},); "
                         f"got {tuple(user_bias.shape)} and {tuple(item_bias.shape)}.")
    users = _index_tensor(users, user_factors.shape[0], "users")
    items = _index_tensor(items, item_factors.shape[0], "items")
    if users.shape != items.shape:
        raise ValueError(f"users {tuple(users.shape)} and items {tuple(items.shape)} must have the same length.")
    scores = (user_factors[users] * item_factors[items]).sum(dim=1) + user_bias[users] + item_bias[items]
    return scores if y_range is None else sigmoid_range(scores, *y_range)


def l2_penalty(params, wd: float):
    """The L2 penalty ``wd * sum(p ** 2)`` summed over every tensor in ``params``.

    ``params``: a non-empty list (or other iterable) of float tensors of any shapes; ``wd >= 0``.
    Returns a 0-d tensor (differentiable: its gradient with respect to ``p`` is ``2 * wd * p``).
    """
    params = list(params)
    if not params:
        raise ValueError("params is empty: pass a list of tensors, e.g. list(model.parameters()).")
    if not wd >= 0:
        raise ValueError(f"wd must be zero or positive; got {wd!r}.")
    for i, p in enumerate(params):
        _float_tensor(p, f"params[{i}]")
    return wd * sum((p ** 2).sum() for p in params)


def top_k_similar(factors, index: int, k: int):
    """The ``k`` rows of ``factors`` most similar to row ``index`` by cosine similarity.

    ``factors``: ``(n, d)`` float tensor, one row per item. Returns an int64 tensor of shape ``(k,)``
    with row numbers, most similar first, never ``index`` itself (``1 <= k <= n - 1``). A row of
    zeros has similarity 0 to everything.
    """
    import torch

    factors = _float_tensor(factors, "factors")
    if factors.ndim != 2:
        raise ValueError(f"factors must have shape (n, d); got {tuple(factors.shape)}.")
    n = factors.shape[0]
    if isinstance(index, bool) or not 0 <= int(index) < n:
        raise IndexError(f"index must lie in [0, {n}); got {index!r}.")
    if isinstance(k, bool) or not 1 <= int(k) <= n - 1:
        raise ValueError(f"k must be between 1 and {n - 1} (the other rows); got {k!r}.")
    unit = torch.nn.functional.normalize(factors, dim=1)  # each row divided by its length
    sims = unit @ unit[int(index)]                          # (n,) cosine similarities
    sims[int(index)] = -float("inf")                        # never return the query itself
    return sims.topk(int(k)).indices
