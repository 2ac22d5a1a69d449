"""Chapter 20 · tabular modelling, trees, forests and embeddings: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _vector(x, name: str):
    """``x`` (a list, NumPy array, pandas Series or torch tensor) as a 1-d float64 NumPy array."""
    import numpy as np

    if hasattr(x, "detach") and hasattr(x, "cpu"):
        x = x.detach().cpu().numpy()
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-d (one number per row); got shape {arr.shape}. "
                         "Squeeze a (N, 1) column first, e.g. preds.squeeze().")
    if arr.size == 0:
        raise ValueError(f"{name} is empty.")
    return arr


def rmse(predictions, targets) -> float:
    """Root mean squared error: ``predictions`` and ``targets`` are 1-d, length N; returns a float.

    On log prices this is the RMSLE that Kaggle scores house and bulldozer prices with.
    """
    import numpy as np

    p, t = _vector(predictions, "predictions"), _vector(targets, "targets")
    if p.shape != t.shape:
        raise ValueError(f"predictions {p.shape} and targets {t.shape} must have the same length.")
    return float(np.sqrt(np.mean((p - t) ** 2)))


def mean_baseline_rmse(train_y, valid_y) -> float:
    """The RMSE on ``valid_y`` (1-d) of predicting the mean of ``train_y`` (1-d) for every row."""
    import numpy as np

    train, valid = _vector(train_y, "train_y"), _vector(valid_y, "valid_y")
    return rmse(np.full_like(valid, train.mean()), valid)


def split_by_date(frame, column: str = "sale_date", valid_share: float = 0.2):
    """Split a table by time: the latest sales go to the validation set.

    ``frame``: a pandas DataFrame with a date column ``column`` (no missing dates). With N rows,
    ``n_valid = ceil(valid_share * N)``; the cutoff is the date of the row at position
    ``N - n_valid`` in date order, and every row dated on or after the cutoff is validation (so
    sales on one day never straddle the split, and the validation share can be a little larger).
    Returns ``(train_idx, valid_idx)``: int64 arrays of row positions (for ``.iloc``), ascending.
    """
    import math

    import numpy as np
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame; got {type(frame).__name__}.")
    if column not in frame.columns:
        raise KeyError(f"frame has no column {column!r}.")
    if isinstance(valid_share, bool) or not isinstance(valid_share, (int, float)) or not 0 < valid_share < 1:
        raise ValueError(f"valid_share must be a number strictly between 0 and 1; got {valid_share!r}.")
    dates = frame[column]
    if dates.isna().any():
        raise ValueError(f"column {column!r} has missing dates: fill or drop them before splitting.")
    n = len(frame)
    n_valid = math.ceil(valid_share * n)
    cutoff = dates.sort_values(kind="stable").iloc[n - n_valid]
    is_valid = (dates >= cutoff).to_numpy()
    if is_valid.all():
        raise ValueError(f"every row is dated on or after the cutoff {cutoff}: nothing is left to train on.")
    return np.flatnonzero(~is_valid).astype(np.int64), np.flatnonzero(is_valid).astype(np.int64)


def tree_std(per_tree):
    """How much a forest's trees disagree: ``per_tree`` is ``(n_trees, n_rows)``, each row one
    tree's predictions; returns the ``(n_rows,)`` float64 standard deviation over the trees (ddof 0)."""
    import numpy as np

    if hasattr(per_tree, "detach") and hasattr(per_tree, "cpu"):
        per_tree = per_tree.detach().cpu().numpy()
    arr = np.asarray(per_tree, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError(f"per_tree must be (n_trees, n_rows) with at least one tree; got shape {arr.shape}.")
    return arr.std(axis=0)


def best_split(x, y, min_leaf: int = 1):
    """The best single split of one feature for a regression tree.

    ``x``, ``y``: 1-d, length N. A split sends rows with ``x <= threshold`` left and the rest right;
    its cost is the total sum of squared errors when each side predicts its own mean. Candidate
    thresholds lie halfway between consecutive distinct values of ``x`` (as scikit-learn's), with
    at least ``min_leaf`` rows on each side. Returns ``(threshold, sse)`` as floats, the smallest
    threshold among equal costs; raises ValueError when no split is allowed.
    """
    import numpy as np

    xs, ys = _vector(x, "x"), _vector(y, "y")
    if xs.shape != ys.shape:
        raise ValueError(f"x {xs.shape} and y {ys.shape} must have the same length.")
    if isinstance(min_leaf, bool) or not isinstance(min_leaf, (int, np.integer)) or min_leaf < 1:
        raise ValueError(f"min_leaf must be a whole number >= 1; got {min_leaf!r}.")
    order = np.argsort(xs, kind="stable")
    xs, ys = xs[order], ys[order]
    n = len(ys)
    n_left = np.arange(1, n)
    n_right = n - n_left
    sum_left, sq_left = np.cumsum(ys)[:-1], np.cumsum(ys ** 2)[:-1]
    sum_right, sq_right = ys.sum() - sum_left, (ys ** 2).sum() - sq_left
    sse = (sq_left - sum_left ** 2 / n_left) + (sq_right - sum_right ** 2 / n_right)
    allowed = (xs[1:] > xs[:-1]) & (n_left >= min_leaf) & (n_right >= min_leaf)
    if not allowed.any():
        raise ValueError(f"no split of x leaves at least {min_leaf} row(s) on each side with different values of x.")
    i = np.flatnonzero(allowed)[np.argmin(sse[allowed])]
    return float((xs[i] + xs[i + 1]) / 2), float(max(sse[i], 0.0))
