"""Chapter 19 · collaborative filtering: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import torch

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


def _sigmoid_range_cases():
    g = torch.Generator().manual_seed(19)
    return [
        (torch.tensor([-2.0, 0.0, 3.0]), 0.5, 5.5),
        (torch.linspace(-10, 10, 12).view(3, 4), 1.0, 5.0),                    # any shape: (3, 4) stays (3, 4)
        (torch.randn(2, 3, 4, generator=g) * 4, -1.0, 3.0),                  # a negative low
        (torch.tensor([[0.25]], dtype=torch.float64), -1.0, 1.0),             # float64 stays float64
        (torch.zeros(0), 0.0, 1.0),                                          # empty in, empty out
        (torch.tensor([0.0, 1.0]), 5.0, 1.0),                                # low > high: ValueError
        (torch.tensor([0.0, 1.0]), 2.0, 2.0),                                # low == high: ValueError
    ]


@exercise(cases=_sigmoid_range_cases,
          hint="sigmoid already lands in (0, 1): map that interval onto (low, high); keep x's shape and "
               "dtype, do not change x, and refuse (ValueError) a range whose low is not below its high")
def sigmoid_range(x, low: float, high: float):
    """Squash scores into the open interval ``(low, high)``: ``sigmoid(x) * (high - low) + low``.

    ``x``: float tensor of any shape. Returns a tensor of the same shape and dtype (fastai's
    ``sigmoid_range``). Raises ``ValueError`` unless ``low < high``.
    """
    import torch

    x = _float_tensor(x, "x")
    if not low < high:
        raise ValueError(f"need low < high; got low={low!r}, high={high!r}.")
    return torch.sigmoid(x) * (high - low) + low


def _predict_cases():
    g = torch.Generator().manual_seed(8)

    def tables(n_users, n_items, k, dtype=torch.float32):
        return (torch.randn(n_users, k, generator=g, dtype=dtype), torch.randn(n_items, k, generator=g, dtype=dtype),
                torch.randn(n_users, generator=g, dtype=dtype), torch.randn(n_items, generator=g, dtype=dtype))

    small = tables(4, 5, 3)  # 4 users, 5 items: a mix-up of the two tables shows
    return [
        (*small, torch.tensor([0, 1, 3]), torch.tensor([4, 4, 0])),
        (*small, torch.tensor([2, 2]), torch.tensor([1, 3]), (0.5, 5.5)),               # through sigmoid_range
        call(*small, torch.tensor([3, 0, 1, 2]), torch.tensor([0, 1, 2, 3]), y_range=(1.0, 5.0)),
        (*tables(6, 2, 4, torch.float64), torch.tensor([5, 0, 3], dtype=torch.int32),  # float64, int32 indices
         torch.tensor([1, 1, 0], dtype=torch.int32)),
        (torch.ones(1, 2), torch.ones(1, 2), torch.zeros(1), torch.zeros(1), torch.tensor([0]), torch.tensor([0])),
        (*small, torch.tensor([0, 1]), torch.tensor([2])),        # lengths differ (broadcasting would hide it)
        (*small, torch.tensor([0, 1]), torch.tensor([2, 5])),     # item 5 of 5: IndexError
    ]


@exercise(cases=_predict_cases,
          hint="one prediction per (user, item) pair: pick each pair's rows from the two factor tables, take "
               "their dot product (a sum over the factors, not over the batch), add both biases, and squash "
               "with sigmoid_range only when y_range is given; users and items of different lengths are an "
               "error even where broadcasting would accept them")
def predict(user_factors, item_factors, user_bias, item_bias, users, items, y_range=None):
    """Ratings predicted by a dot-product model with biases, from its tables.

    ``user_factors``: ``(n_users, k)``, ``item_factors``: ``(n_items, k)``, ``user_bias``:
    ``(n_users,)``, ``item_bias``: ``(n_items,)`` float tensors; ``users``, ``items``: ``(B,)``
    integer indices into them. Returns ``(B,)``: ``user_factors[u] . item_factors[i] + user_bias[u]
    + item_bias[i]``, passed through :func:`sigmoid_range` when ``y_range=(low, high)``. Raises
    ``ValueError`` when ``users`` and ``items`` differ in length, ``IndexError`` for an index out of range.
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


def _l2_penalty_cases():
    g = torch.Generator().manual_seed(3)
    return [
        ([torch.tensor([1.0, -2.0]), torch.tensor([[3.0, 4.0, 0.0]])], 0.1),   # 0.1 * (5 + 25) = 3
        ([torch.linspace(-1, 1, 7)], 0.5),                                    # one tensor, negatives squared
        ([torch.randn(4, 3, generator=g), torch.randn(3, generator=g), torch.randn(2, 2, 2, generator=g)], 0.01),
        ((torch.randn(5, dtype=torch.float64, generator=g),), 2.0),          # a tuple; float64 stays float64
        ([torch.ones(2, 2), torch.ones(3)], 0.0),                             # wd 0: a 0-d tensor of 0
        ([], 0.1),                                                            # nothing to penalise: ValueError
        ([torch.ones(2)], -0.1),                                              # negative wd: ValueError
    ]


@exercise(cases=_l2_penalty_cases,
          hint="square every number of every tensor and add them all up (the square of a sum is not a sum of "
               "squares), then multiply by wd; keep the answer a 0-d tensor (autograd needs it; .item() throws "
               "that away), leave the tensors unchanged, and raise ValueError for an empty list or a negative wd")
def l2_penalty(params, wd: float):
    """The L2 penalty ``wd * sum(p ** 2)`` summed over every tensor in ``params``.

    ``params``: a non-empty list (or other iterable) of float tensors of any shapes; ``wd >= 0``.
    Returns a 0-d tensor (differentiable: its gradient with respect to ``p`` is ``2 * wd * p``).
    Raises ``ValueError`` for an empty ``params`` or a negative ``wd``.
    """
    params = list(params)
    if not params:
        raise ValueError("params is empty: pass a list of tensors, e.g. list(model.parameters()).")
    if not wd >= 0:
        raise ValueError(f"wd must be zero or positive; got {wd!r}.")
    for i, p in enumerate(params):
        _float_tensor(p, f"params[{i}]")
    return wd * sum((p ** 2).sum() for p in params)


def _top_k_similar_cases():
    g = torch.Generator().manual_seed(10)
    by_hand = torch.tensor([[1.0, 0.0], [2.0, 0.1], [1.0, 1.0], [0.0, 5.0], [-1.0, 0.1]])
    # cosines with row 0: 0.994, 0.707, -0.970, 0.196; the dot product would rank the long row 2 first,
    # and the Euclidean distance the short row 4 second
    lengths = torch.tensor([[1.0, 0.0], [0.9, 0.1], [3.0, 3.0], [-2.0, 0.5], [0.2, 1.0]])
    with_zeros = torch.tensor([[1.0, 0.0], [0.0, 0.0], [-1.0, 0.2], [0.5, 0.5]])  # row 1: similarity 0, not NaN
    return [
        (by_hand, 0, 3),
        (by_hand, 3, 1),
        (lengths, 0, 4),
        (with_zeros, 0, 3),
        (torch.randn(50, 8, generator=g), 7, 5),                              # like 50 films' factors
        (torch.randn(20, 4, generator=g, dtype=torch.float64), 19, 19),       # k = n - 1: every other row
        (by_hand, 0, 5),                                                      # k = n: ValueError
        (by_hand, 1, 0),                                                      # k = 0: ValueError
        (by_hand, 5, 1),                                                      # index = n: IndexError
        (by_hand, -1, 1),                                                     # index < 0: IndexError
    ]


@exercise(cases=_top_k_similar_cases,
          hint="cosine similarity compares directions, so scale every row to length 1 first (a row of zeros "
               "must stay zeros, not become NaN) and do it on a copy, not on factors; then rule the query row "
               "out before taking the k largest; raise ValueError for a k outside 1..n-1, and IndexError for an "
               "index outside 0..n-1 (negative ones too)")
def top_k_similar(factors, index: int, k: int):
    """The ``k`` rows of ``factors`` most similar to row ``index`` by cosine similarity.

    ``factors``: ``(n, d)`` float tensor, one row per item. Returns an int64 tensor of shape ``(k,)``
    with row numbers, most similar first, never ``index`` itself. A row of zeros has similarity 0 to
    everything; ``factors`` is left unchanged. Raises ``ValueError`` unless ``1 <= k <= n - 1``,
    ``IndexError`` unless ``0 <= index < n``.
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
