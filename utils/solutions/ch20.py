"""Chapter 20 · tabular modelling, trees, forests and embeddings: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

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


def _rmse_cases():
    rng = np.random.default_rng(20)
    return [
        ([2.0, 0.0, 5.0], [1.0, 2.0, 3.0]),                                   # errors 1, -2, 2: sqrt(3)
        (np.array([12.0, 11.5, 13.25]), pd.Series([12.5, 11.5, 12.25])),
        (np.log([100_000.0, 200_000.0]), np.log([110_000.0, 180_000.0])),
        (rng.normal(12, 0.5, 40), rng.normal(12, 0.5, 40)),
        ([3, 1, 4], [1, 5, 9]),                                               # integers in, a float out
        # two Series with different indexes: compare by position (pandas arithmetic would align the labels)
        (pd.Series([1.0, 2.0, 4.0], index=[10, 11, 12]), pd.Series([2.0, 2.0, 2.0], index=[11, 12, 13])),
        (np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 2.0, 4.0])),         # a column: ValueError
        ([1.0, 2.0], [1.0]),                                                  # lengths differ: ValueError
        ([], []),                                                             # nothing to compare: ValueError
    ]


@exercise(cases=_rmse_cases,
          hint="turn both into 1-d float arrays and compare them position by position (not by a Series' "
               "labels); the root of the mean of the squared differences; and check the shapes yourself, "
               "since NumPy broadcasts a (N, 1) column or a length-1 array without complaint")
def rmse(predictions, targets) -> float:
    """Root mean squared error: ``predictions`` and ``targets`` are 1-d, length N; returns a float.

    On log prices this is the RMSLE that Kaggle scores house and bulldozer prices with. Compares
    by position (a pandas Series' index is ignored). Raises ``ValueError`` when either is not 1-d,
    when their lengths differ, or when they are empty.
    """
    import numpy as np

    p, t = _vector(predictions, "predictions"), _vector(targets, "targets")
    if p.shape != t.shape:
        raise ValueError(f"predictions {p.shape} and targets {t.shape} must have the same length.")
    return float(np.sqrt(np.mean((p - t) ** 2)))


def _mean_baseline_cases():
    rng = np.random.default_rng(21)
    return [
        ([1.0, 2.0, 3.0], [1.0, 5.0]),                                        # mean 2: errors 1, 3
        (np.array([11.0, 12.0, 13.0, 14.0]), np.array([12.5])),
        ([7.0], [7.0, 7.0, 7.0]),
        (np.array([1.0, 1.0, 1.0, 9.0]), np.array([2.0, 4.0, 6.0])),           # skewed: mean 3, median 1
        (pd.Series(rng.normal(12, 0.4, 30)), pd.Series(rng.normal(12.2, 0.4, 10), index=range(30, 40))),
        ([], [1.0, 2.0]),                                                     # no training targets: ValueError
        ([1.0, 2.0], []),                                                     # nothing to score: ValueError
    ]


@exercise(cases=_mean_baseline_cases,
          hint="the one prediction comes from the training targets only, and it is their mean (not the "
               "median, not the validation mean); score it against every validation target with the RMSE, "
               "and raise ValueError when either set is empty")
def mean_baseline_rmse(train_y, valid_y) -> float:
    """The RMSE on ``valid_y`` (1-d) of predicting the mean of ``train_y`` (1-d) for every row.

    Raises ``ValueError`` when either is empty or not 1-d.
    """
    import numpy as np

    train, valid = _vector(train_y, "train_y"), _vector(valid_y, "valid_y")
    return rmse(np.full_like(valid, train.mean()), valid)


def _split_by_date_cases():
    days = pd.to_datetime(["2020-01-03", "2020-01-01", "2020-01-02", "2020-01-02", "2020-01-05", "2019-12-31"])
    rng = np.random.default_rng(22)
    many = pd.Timestamp("2021-03-01") + pd.to_timedelta(rng.integers(0, 60, 40), unit="D")
    five = pd.to_datetime(["2020-01-05", "2020-01-01", "2020-01-04", "2020-01-02", "2020-01-03"])
    return [
        # in order 12-31, 01-01, 01-02, 01-02, 01-03, 01-05; ceil(0.5 * 6) = 3: the cutoff is the 01-02 at
        # position 3, and both sales of 01-02 go to validation (4 rows, not 3)
        (pd.DataFrame({"sale_date": days, "x": range(6)}), "sale_date", 0.5),
        (pd.DataFrame({"sale_date": days, "x": range(6)}), "sale_date", 0.2),
        (pd.DataFrame({"when": days[::-1]}), "when", 0.75),
        (pd.DataFrame({"sale_date": five}), "sale_date", 0.25),              # ceil(1.25) = 2 rows, not 1
        call(pd.DataFrame({"sale_date": many, "y": rng.normal(size=40)})),  # the defaults: sale_date, 0.2
        # row labels 100..105 are not positions: return positions, for .iloc
        (pd.DataFrame({"sale_date": days}, index=range(100, 106)), "sale_date", 0.5),
        # bad input: ValueError
        (pd.DataFrame({"sale_date": days}), "date", 0.5),                     # no such column
        (pd.DataFrame({"sale_date": days}), "sale_date", 0.0),                # valid_share not in (0, 1)
        (pd.DataFrame({"sale_date": days}), "sale_date", 1.0),
        (pd.DataFrame({"sale_date": days}), "sale_date", 1.5),
        (pd.DataFrame({"sale_date": pd.to_datetime(["2020-01-01", None, "2020-01-03"])}), "sale_date", 0.5),
        (pd.DataFrame({"sale_date": pd.to_datetime(["2020-01-01"] * 3)}), "sale_date", 0.5),  # no row to train on
    ]


@exercise(cases=_split_by_date_cases,
          hint="round the number of validation rows up, not to the nearest; find the cutoff date in the "
               "dates sorted, then compare every row's date with it so that one day never straddles the "
               "split; return row positions (not the index's labels) in ascending order; and check the "
               "input first, raising ValueError for each kind of bad input the exercise lists")
def split_by_date(frame, column: str = "sale_date", valid_share: float = 0.2):
    """Split a table by time: the latest sales go to the validation set.

    ``frame``: a pandas DataFrame with a date column ``column`` (no missing dates). With N rows,
    ``n_valid = ceil(valid_share * N)``; the cutoff is the date of the row at position
    ``N - n_valid`` in date order, and every row dated on or after the cutoff is validation (so
    sales on one day never straddle the split, and the validation share can be a little larger).
    Returns ``(train_idx, valid_idx)``: int64 arrays of row positions (for ``.iloc``), ascending.
    Raises ``ValueError`` when ``column`` is missing, ``valid_share`` is not strictly between 0 and
    1, a date is missing, or no row is left for training; ``TypeError`` when ``frame`` is not a
    DataFrame.
    """
    import math

    import numpy as np
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame; got {type(frame).__name__}.")
    if column not in frame.columns:
        raise ValueError(f"frame has no column {column!r}.")
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


def _tree_std_cases():
    rng = np.random.default_rng(23)
    return [
        (np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]]),),                   # 3 trees, 2 rows
        (np.array([[12.0, 11.0, 13.0]]),),                                    # one tree: no spread
        (np.arange(12, dtype=np.float64).reshape(4, 3) ** 2,),
        (rng.normal(12, 0.3, (30, 7)),),                                      # like a forest of 30 trees
        (rng.normal(0, 1, (5, 4)).astype(np.float32),),                      # float32 in, float64 out
        (np.array([1.0, 2.0, 3.0]),),                                         # 1-d: ValueError
        (np.zeros((0, 3)),),                                                  # no trees: ValueError
    ]


@exercise(cases=_tree_std_cases,
          hint="one number per row of the data, so reduce over the axis that holds the trees; the population "
               "std (ddof=0), in float64 whatever the input's dtype; and raise ValueError unless per_tree is "
               "2-d with at least one tree")
def tree_std(per_tree):
    """How much a forest's trees disagree: ``per_tree`` is ``(n_trees, n_rows)``, each row one
    tree's predictions; returns the ``(n_rows,)`` float64 standard deviation over the trees (ddof 0).
    Raises ``ValueError`` unless ``per_tree`` is 2-d with at least one tree."""
    import numpy as np

    if hasattr(per_tree, "detach") and hasattr(per_tree, "cpu"):
        per_tree = per_tree.detach().cpu().numpy()
    arr = np.asarray(per_tree, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError(f"per_tree must be (n_trees, n_rows) with at least one tree; got shape {arr.shape}.")
    return arr.std(axis=0)


def _best_split_cases():
    rng = np.random.default_rng(24)
    x = rng.normal(size=60).round(1)  # rounding makes repeated values
    return [
        (np.array([3.0, 1.0, 11.0, 2.0, 10.0]), np.array([1.0, 1.0, 5.0, 1.0, 5.0])),  # perfect at 6.5
        (np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.0, 0.0, 1.0, 3.0])),               # 3.5, not 2.5
        (np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.0, 0.0, 1.0, 3.0]), 2),            # min_leaf 2: 2.5
        (np.array([1.0, 1.0, 2.0, 5.0, 5.0, 7.0]), np.array([10.0, 12.0, 11.0, 20.0, 22.0, 30.0])),
        (np.array([1.0, 1.0, 2.0]), np.array([0.0, 10.0, 10.0])),            # never between the two 1s
        # ties, exact in floating point: 2.5 and 4.5 both cost 100; then 1.5 and 2.5 both cost 0 on a
        # constant y. The smallest threshold wins
        (np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), np.array([0.0, 0.0, 10.0, 10.0, 0.0, 0.0])),
        (np.array([6.0, 3.0, 5.0, 1.0, 4.0, 2.0]), np.array([0.0, 10.0, 0.0, 0.0, 10.0, 0.0])),  # unsorted
        (np.array([3.0, 1.0, 2.0]), np.array([5.0, 5.0, 5.0])),
        (x, 2 * x + rng.normal(size=60), 5),
        # no split allowed, or x and y that do not pair up: ValueError
        (np.array([2.0, 2.0, 2.0]), np.array([1.0, 2.0, 3.0])),
        (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0]), 2),
        (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0, 4.0])),
    ]


@exercise(cases=_best_split_cases,
          hint="sort the rows by x first; a threshold lies halfway between two neighbouring values that "
               "differ (never between equal ones), with at least min_leaf rows on each side; on equal costs "
               "keep the first threshold you met, not the last; return (threshold, sse) as floats, and "
               "raise ValueError when no threshold is allowed or x and y differ in length")
def best_split(x, y, min_leaf: int = 1):
    """The best single split of one feature for a regression tree.

    ``x``, ``y``: 1-d, length N. A split sends rows with ``x <= threshold`` left and the rest right;
    its cost is the total sum of squared errors when each side predicts its own mean. Candidate
    thresholds lie halfway between consecutive distinct values of ``x`` (as scikit-learn's), with
    at least ``min_leaf`` rows on each side. Returns ``(threshold, sse)`` as floats, the smallest
    threshold among equal costs; raises ValueError when no split is allowed or the lengths differ.
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
