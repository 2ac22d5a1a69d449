"""Chapter 20's reference solutions, checked against values worked out by hand."""
import math
import warnings

import numpy as np
import pandas as pd
import pytest
import torch

import utils
from utils.solutions import ch20
from wrong_solutions import rejected


# ---- rmse -----------------------------------------------------------------------------
def test_rmse_by_hand():
    # errors 1, -2, 2 -> squares 1, 4, 4 -> mean 3 -> sqrt(3)
    assert ch20.rmse([2.0, 0.0, 5.0], [1.0, 2.0, 3.0]) == pytest.approx(math.sqrt(3), abs=1e-12)
    assert ch20.rmse(np.array([4.0, 4.0]), pd.Series([4.0, 4.0])) == 0.0
    assert isinstance(ch20.rmse(torch.tensor([1.0]), torch.tensor([0.0])), float)


def test_rmse_refuses_a_column_against_a_vector():
    # (N, 1) - (N,) would broadcast to (N, N) and give a wrong number silently
    with pytest.raises(ValueError, match="1-d"):
        ch20.rmse(np.zeros((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match="same length"):
        ch20.rmse([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="empty"):
        ch20.rmse([], [])
    with pytest.raises(ValueError, match="same length"):
        ch20.rmse([1.0, 2.0, 3.0], [1.0])  # a length-1 array would broadcast


def test_rmse_compares_series_by_position_not_by_label():
    # labels 10..12 against 11..13: by position the errors are -1, 0, 2 -> sqrt(5 / 3)
    p = pd.Series([1.0, 2.0, 4.0], index=[10, 11, 12])
    t = pd.Series([2.0, 2.0, 2.0], index=[11, 12, 13])
    assert ch20.rmse(p, t) == pytest.approx(math.sqrt(5 / 3), abs=1e-12)


# ---- mean_baseline_rmse ---------------------------------------------------------------
def test_mean_baseline_by_hand():
    # the training mean is 2; valid targets 1 and 5 -> errors 1 and 3 -> sqrt((1 + 9) / 2) = sqrt(5)
    assert ch20.mean_baseline_rmse([1.0, 2.0, 3.0], [1.0, 5.0]) == pytest.approx(math.sqrt(5), abs=1e-12)
    assert ch20.mean_baseline_rmse([7.0], [7.0, 7.0]) == 0.0


def test_mean_baseline_uses_the_training_mean_not_the_median():
    # train 1, 1, 1, 9: mean 3 (median 1); valid 2, 4, 6 -> errors 1, 1, 3 -> sqrt(11 / 3)
    assert ch20.mean_baseline_rmse([1.0, 1.0, 1.0, 9.0], [2.0, 4.0, 6.0]) == pytest.approx(math.sqrt(11 / 3))


def test_mean_baseline_rejects_empty_targets():
    with pytest.raises(ValueError, match="train_y is empty"):
        ch20.mean_baseline_rmse([], [1.0])
    with pytest.raises(ValueError, match="valid_y is empty"):
        ch20.mean_baseline_rmse([1.0], [])


# ---- split_by_date --------------------------------------------------------------------
def _dates(*days):
    return pd.DataFrame({"sale_date": pd.to_datetime(list(days)), "x": range(len(days))})


def test_split_by_date_puts_the_latest_rows_in_valid():
    frame = _dates("2020-01-05", "2020-01-01", "2020-01-04", "2020-01-02", "2020-01-03")
    train, valid = ch20.split_by_date(frame, "sale_date", 0.4)  # ceil(2.0) = 2 latest: 01-05, 01-04
    assert train.tolist() == [1, 3, 4] and valid.tolist() == [0, 2]
    assert train.dtype == np.int64 and valid.dtype == np.int64


def test_split_by_date_keeps_one_day_on_one_side():
    frame = _dates("2020-01-03", "2020-01-01", "2020-01-02", "2020-01-02", "2020-01-05")
    # in order: 01-01, 01-02, 01-02, 01-03, 01-05. ceil(0.5 * 5) = 3, so the cutoff is the date at
    # position 5 - 3 = 2, 01-02: both 01-02 sales go to valid (4 rows, not 3)
    train, valid = ch20.split_by_date(frame, "sale_date", 0.5)
    assert train.tolist() == [1] and valid.tolist() == [0, 2, 3, 4]
    # ceil(0.3 * 5) = 2: the cutoff is 01-03, and no tie straddles it
    train, valid = ch20.split_by_date(frame, "sale_date", 0.3)
    assert train.tolist() == [1, 2, 3] and valid.tolist() == [0, 4]


def test_split_by_date_rounds_up_and_returns_positions_not_labels():
    frame = _dates("2020-01-05", "2020-01-01", "2020-01-04", "2020-01-02", "2020-01-03").set_index(
        pd.Index([100, 101, 102, 103, 104]))
    train, valid = ch20.split_by_date(frame, "sale_date", 0.25)  # ceil(1.25) = 2 rows: 01-05 and 01-04
    assert train.tolist() == [1, 3, 4] and valid.tolist() == [0, 2]


def test_split_by_date_defaults_to_sale_date_and_a_fifth():
    frame = _dates(*pd.date_range("2020-01-01", periods=10).astype(str)[::-1])  # 10 days, latest first
    train, valid = ch20.split_by_date(frame)
    assert valid.tolist() == [0, 1] and train.tolist() == list(range(2, 10))


def test_split_by_date_refuses_bad_input():
    frame = _dates("2020-01-01", "2020-01-02")
    for share in (0.0, 1.0, 1.5, -0.1):
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            ch20.split_by_date(frame, "sale_date", share)
    with pytest.raises(ValueError, match="no column"):
        ch20.split_by_date(frame, "date", 0.5)
    with pytest.raises(TypeError, match="DataFrame"):
        ch20.split_by_date(frame["sale_date"], "sale_date", 0.5)
    with pytest.raises(ValueError, match="nothing is left to train on"):
        ch20.split_by_date(_dates("2020-01-01", "2020-01-01"), "sale_date", 0.5)
    with pytest.raises(ValueError, match="missing dates"):
        ch20.split_by_date(pd.DataFrame({"sale_date": pd.to_datetime(["2020-01-01", None])}), "sale_date", 0.5)


# ---- tree_std -------------------------------------------------------------------------
def test_tree_std_by_hand():
    # three trees, two rows: row 0 gets 1, 2, 3 (std sqrt(2/3)); row 1 gets 5, 5, 5 (std 0)
    per_tree = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    std = ch20.tree_std(per_tree)
    assert std.shape == (2,) and std.dtype == np.float64
    assert std.tolist() == pytest.approx([math.sqrt(2 / 3), 0.0], abs=1e-12)
    assert ch20.tree_std(np.array([[4.0, -1.0]])).tolist() == [0.0, 0.0]  # one tree: no spread


def test_tree_std_is_float64_for_float32_input():
    std = ch20.tree_std(np.array([[1.0, 2.0], [3.0, 2.0]], dtype=np.float32))
    assert std.dtype == np.float64 and std.tolist() == [1.0, 0.0]


def test_tree_std_refuses_a_vector_and_no_trees():
    with pytest.raises(ValueError, match="n_trees, n_rows"):
        ch20.tree_std(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="at least one tree"):
        ch20.tree_std(np.zeros((0, 3)))


# ---- best_split -----------------------------------------------------------------------
def test_best_split_separates_two_groups_perfectly():
    threshold, sse = ch20.best_split([3.0, 1.0, 11.0, 2.0, 10.0], [1.0, 1.0, 5.0, 1.0, 5.0])
    assert threshold == 6.5 and sse == pytest.approx(0.0, abs=1e-9)


def test_best_split_by_hand_with_min_leaf():
    # y = 0, 0, 1, 3 at x = 1..4. Splits after 1, 2, 3 cost 2.667, 2.0 and 0.667:
    # with min_leaf 1 the best is 3.5; with min_leaf 2 only 2.5 is allowed (cost 0 + 2 = 2).
    assert ch20.best_split([1, 2, 3, 4], [0, 0, 1, 3]) == pytest.approx((3.5, 2 / 3))
    assert ch20.best_split([1, 2, 3, 4], [0, 0, 1, 3], min_leaf=2) == pytest.approx((2.5, 2.0))


def test_best_split_never_cuts_between_equal_values():
    # x = 1, 1, 2: the only split is between 1 and 2, even though splitting the 1s would fit y better
    threshold, sse = ch20.best_split([1.0, 1.0, 2.0], [0.0, 10.0, 10.0])
    assert threshold == 1.5 and sse == pytest.approx(50.0)


def test_best_split_takes_the_smallest_threshold_among_ties():
    # y = 0, 0, 10, 10, 0, 0: cutting after 2 or after 4 both cost 0 + 100 (exactly), others more
    x, y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 0.0, 10.0, 10.0, 0.0, 0.0]
    assert ch20.best_split(x, y) == (2.5, 100.0)
    assert ch20.best_split(x[::-1], y[::-1]) == (2.5, 100.0)  # the order of the rows does not matter
    assert ch20.best_split([3.0, 1.0, 2.0], [5.0, 5.0, 5.0]) == (1.5, 0.0)  # a constant y: every split ties


def test_best_split_refuses_when_nothing_can_be_split():
    with pytest.raises(ValueError, match="no split"):
        ch20.best_split([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="no split"):
        ch20.best_split([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], min_leaf=2)
    with pytest.raises(ValueError, match="min_leaf"):
        ch20.best_split([1.0, 2.0], [1.0, 2.0], min_leaf=0)
    with pytest.raises(ValueError, match="same length"):
        ch20.best_split([1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0])


# ---- straightforward right answers pass the checks -------------------------------------------------
def _split_by_date_plainly(frame, column="sale_date", valid_share=0.2):
    if column not in frame.columns or not 0 < valid_share < 1 or frame[column].isna().any():
        raise ValueError("bad input")
    n_valid = math.ceil(valid_share * len(frame))
    cutoff = frame[column].sort_values().iloc[len(frame) - n_valid]
    is_valid = (frame[column] >= cutoff).to_numpy()
    if is_valid.all():
        raise ValueError("nothing to train on")
    return np.flatnonzero(~is_valid), np.flatnonzero(is_valid)


def _best_split_by_a_loop(x, y, min_leaf=1):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("lengths differ")
    order = np.argsort(x)
    x, y = x[order], y[order]
    best = None
    for i in range(min_leaf, len(x) - min_leaf + 1):
        if x[i - 1] == x[i]:
            continue
        left, right = y[:i], y[i:]
        cost = ((left - left.mean()) ** 2).sum() + ((right - right.mean()) ** 2).sum()
        if best is None or cost < best[1]:
            best = ((x[i - 1] + x[i]) / 2, cost)
    if best is None:
        raise ValueError("no split allowed")
    return float(best[0]), float(best[1])


@pytest.mark.parametrize("name, right", [("split_by_date", _split_by_date_plainly),
                                         ("best_split", _best_split_by_a_loop)])
def test_a_plain_right_solution_passes(name, right):
    assert utils.check(right, getattr(ch20, name))


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def _as_vectors(p, t):
    p, t = np.asarray(p, dtype=np.float64), np.asarray(t, dtype=np.float64)
    if p.ndim != 1 or p.shape != t.shape or p.size == 0:
        raise ValueError("need two 1-d arrays of the same, non-zero length")
    return p, t


def rmse_forgets_the_raise(predictions, targets):  # a column broadcasts to N x N, [] gives NaN
    p, t = np.asarray(predictions, dtype=float), np.asarray(targets, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(np.sqrt(np.mean((p - t) ** 2)))


def rmse_checks_only_len(predictions, targets):  # len() of a (3, 1) column is 3: it still broadcasts
    if len(predictions) != len(targets) or len(predictions) == 0:
        raise ValueError("lengths differ")
    p, t = np.asarray(predictions, dtype=float), np.asarray(targets, dtype=float)
    return float(np.sqrt(np.mean((p - t) ** 2)))


def rmse_without_the_root(predictions, targets):  # the mean squared error
    p, t = _as_vectors(predictions, targets)
    return float(np.mean((p - t) ** 2))


def rmse_mean_absolute_error(predictions, targets):
    p, t = _as_vectors(predictions, targets)
    return float(np.mean(np.abs(p - t)))


def rmse_aligns_series_labels(predictions, targets):  # pandas subtracts by label; NaNs are skipped
    _as_vectors(predictions, targets)
    diff = pd.Series(predictions) - pd.Series(targets)
    return float(np.sqrt((diff ** 2).mean()))


def _baseline_checks(train_y, valid_y):
    train, valid = np.asarray(train_y, dtype=float), np.asarray(valid_y, dtype=float)
    if train.size == 0 or valid.size == 0:
        raise ValueError("empty")
    return train, valid


def baseline_uses_the_valid_mean(train_y, valid_y):  # peeks at the validation set: its std, in fact
    train, valid = _baseline_checks(train_y, valid_y)
    return float(np.sqrt(np.mean((valid - valid.mean()) ** 2)))


def baseline_uses_the_median(train_y, valid_y):
    train, valid = _baseline_checks(train_y, valid_y)
    return float(np.sqrt(np.mean((valid - np.median(train)) ** 2)))


def baseline_forgets_the_raise(train_y, valid_y):  # an empty set gives NaN instead of an error
    train, valid = np.asarray(train_y, dtype=float), np.asarray(valid_y, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(np.sqrt(np.mean((valid - train.mean()) ** 2)))


def baseline_without_the_root(train_y, valid_y):
    train, valid = _baseline_checks(train_y, valid_y)
    return float(np.mean((valid - train.mean()) ** 2))


def _split_checks(frame, column, valid_share):
    if column not in frame.columns:
        raise ValueError("no such column")
    if not 0 < valid_share < 1:
        raise ValueError("valid_share must lie strictly between 0 and 1")
    if frame[column].isna().any():
        raise ValueError("missing dates")


def _split_at(frame, column, n_valid):
    cutoff = frame[column].sort_values(kind="stable").iloc[len(frame) - n_valid]
    is_valid = (frame[column] >= cutoff).to_numpy()
    if is_valid.all():
        raise ValueError("nothing left to train on")
    return is_valid


def split_forgets_the_checks(frame, column="sale_date", valid_share=0.2):  # section 2's function as it was
    n_valid = math.ceil(valid_share * len(frame))
    cutoff = frame[column].sort_values().iloc[len(frame) - n_valid]
    is_valid = (frame[column] >= cutoff).to_numpy()
    return np.flatnonzero(~is_valid), np.flatnonzero(is_valid)


def split_by_position(frame, column="sale_date", valid_share=0.2):  # the last n_valid rows: one day straddles
    _split_checks(frame, column, valid_share)
    n_valid = math.ceil(valid_share * len(frame))
    order = np.argsort(frame[column].to_numpy(), kind="stable")
    if n_valid >= len(frame):
        raise ValueError("nothing left to train on")
    return np.sort(order[:-n_valid]).astype(np.int64), np.sort(order[-n_valid:]).astype(np.int64)


def split_returns_labels(frame, column="sale_date", valid_share=0.2):  # the index's labels, not positions
    _split_checks(frame, column, valid_share)
    is_valid = _split_at(frame, column, math.ceil(valid_share * len(frame)))
    return frame.index[~is_valid].to_numpy(np.int64), frame.index[is_valid].to_numpy(np.int64)


def split_rounds_to_nearest(frame, column="sale_date", valid_share=0.2):  # round(1.25) = 1, not ceil's 2
    _split_checks(frame, column, valid_share)
    is_valid = _split_at(frame, column, max(1, round(valid_share * len(frame))))
    return np.flatnonzero(~is_valid), np.flatnonzero(is_valid)


def split_accepts_the_bounds(frame, column="sale_date", valid_share=0.2):  # 0 <= share <= 1: 0 slips through
    if column not in frame.columns or not 0 <= valid_share <= 1 or frame[column].isna().any():
        raise ValueError("bad input")
    is_valid = _split_at(frame, column, math.ceil(valid_share * len(frame)))
    return np.flatnonzero(~is_valid), np.flatnonzero(is_valid)


def split_raises_key_error(frame, column="sale_date", valid_share=0.2):  # frame[column]'s KeyError, not ValueError
    dates = frame[column]
    if not 0 < valid_share < 1 or dates.isna().any():
        raise ValueError("bad input")
    is_valid = _split_at(frame, column, math.ceil(valid_share * len(frame)))
    return np.flatnonzero(~is_valid), np.flatnonzero(is_valid)


def split_valid_in_date_order(frame, column="sale_date", valid_share=0.2):  # not ascending positions
    _split_checks(frame, column, valid_share)
    is_valid = _split_at(frame, column, math.ceil(valid_share * len(frame)))
    order = np.argsort(frame[column].to_numpy(), kind="stable")
    return order[~is_valid[order]].astype(np.int64), order[is_valid[order]].astype(np.int64)


def _trees(per_tree):
    arr = np.asarray(per_tree, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError("need (n_trees, n_rows)")
    return arr


def tree_std_sample(per_tree):  # ddof=1: NaN for a single tree
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return _trees(per_tree).std(axis=0, ddof=1)


def tree_std_wrong_axis(per_tree):  # one number per tree, not per row
    return _trees(per_tree).std(axis=1)


def tree_std_variance(per_tree):
    return _trees(per_tree).var(axis=0)


def tree_std_keeps_float32(per_tree):
    arr = np.asarray(per_tree)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError("need (n_trees, n_rows)")
    return arr.std(axis=0)


def tree_std_forgets_the_raise(per_tree):  # a vector gives one number, no trees give NaNs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(per_tree, dtype=np.float64).std(axis=0)


def _loop_split(x, y, min_leaf=1, *, sort=True, skip_equal=True, use_min_leaf=True, keep_last=False,
                midpoint=True, check=True):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if check and x.shape != y.shape:
        raise ValueError("lengths differ")
    if sort:
        order = np.argsort(x, kind="stable")
        x, y = x[order], y[order]
    leaf = min_leaf if use_min_leaf else 1
    best = None
    for i in range(leaf, len(x) - leaf + 1):
        if skip_equal and x[i - 1] == x[i]:
            continue
        left, right = y[:i], y[i:]
        cost = ((left - left.mean()) ** 2).sum() + ((right - right.mean()) ** 2).sum()
        if best is None or cost < best[1] or (keep_last and cost == best[1]):
            best = ((x[i - 1] + x[i]) / 2 if midpoint else x[i - 1], cost)
    if best is None:
        if check:
            raise ValueError("no split allowed")
        return float("nan"), float("inf")
    return float(best[0]), float(best[1])


def best_split_takes_the_last_tie(x, y, min_leaf=1):  # `<=` instead of `<`: the largest tied threshold
    return _loop_split(x, y, min_leaf, keep_last=True)


def best_split_threshold_at_the_left_value(x, y, min_leaf=1):  # x[i], not halfway to x[i + 1]
    return _loop_split(x, y, min_leaf, midpoint=False)


def best_split_between_equal_values(x, y, min_leaf=1):  # cuts through a run of equal x
    return _loop_split(x, y, min_leaf, skip_equal=False)


def best_split_ignores_min_leaf(x, y, min_leaf=1):
    return _loop_split(x, y, min_leaf, use_min_leaf=False)


def best_split_does_not_sort(x, y, min_leaf=1):  # splits the rows in the order given
    return _loop_split(x, y, min_leaf, sort=False)


def best_split_forgets_the_raise(x, y, min_leaf=1):  # returns (nan, inf) when nothing can be split
    return _loop_split(x, y, min_leaf, check=False)


def best_split_returns_sse_first(x, y, min_leaf=1):
    threshold, sse = _loop_split(x, y, min_leaf)
    return sse, threshold


WRONG = {
    "rmse": [rmse_forgets_the_raise, rmse_checks_only_len, rmse_without_the_root, rmse_mean_absolute_error,
             rmse_aligns_series_labels],
    "mean_baseline_rmse": [baseline_uses_the_valid_mean, baseline_uses_the_median, baseline_forgets_the_raise,
                           baseline_without_the_root],
    "split_by_date": [split_forgets_the_checks, split_by_position, split_returns_labels, split_rounds_to_nearest,
                      split_accepts_the_bounds, split_raises_key_error, split_valid_in_date_order],
    "tree_std": [tree_std_sample, tree_std_wrong_axis, tree_std_variance, tree_std_keeps_float32,
                 tree_std_forgets_the_raise],
    "best_split": [best_split_takes_the_last_tie, best_split_threshold_at_the_left_value,
                   best_split_between_equal_values, best_split_ignores_min_leaf, best_split_does_not_sort,
                   best_split_forgets_the_raise, best_split_returns_sse_first],
}
test_checks_reject_wrong_solutions = rejected(ch20, WRONG)
