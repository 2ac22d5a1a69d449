"""Chapter 20's reference solutions, checked against values worked out by hand."""
import math

import numpy as np
import pandas as pd
import pytest
import torch

from utils import solutions as sol


# ---- ch20_rmse -----------------------------------------------------------------------------
def test_rmse_by_hand():
    # errors 1, -2, 2 -> squares 1, 4, 4 -> mean 3 -> sqrt(3)
    assert sol.ch20_rmse([2.0, 0.0, 5.0], [1.0, 2.0, 3.0]) == pytest.approx(math.sqrt(3), abs=1e-12)
    assert sol.ch20_rmse(np.array([4.0, 4.0]), pd.Series([4.0, 4.0])) == 0.0
    assert isinstance(sol.ch20_rmse(torch.tensor([1.0]), torch.tensor([0.0])), float)


def test_rmse_refuses_a_column_against_a_vector():
    # (N, 1) - (N,) would broadcast to (N, N) and give a wrong number silently
    with pytest.raises(ValueError, match="1-d"):
        sol.ch20_rmse(np.zeros((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match="same length"):
        sol.ch20_rmse([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="empty"):
        sol.ch20_rmse([], [])


# ---- ch20_mean_baseline_rmse ---------------------------------------------------------------
def test_mean_baseline_by_hand():
    # the training mean is 2; valid targets 1 and 5 -> errors 1 and 3 -> sqrt((1 + 9) / 2) = sqrt(5)
    assert sol.ch20_mean_baseline_rmse([1.0, 2.0, 3.0], [1.0, 5.0]) == pytest.approx(math.sqrt(5), abs=1e-12)
    assert sol.ch20_mean_baseline_rmse([7.0], [7.0, 7.0]) == 0.0


def test_mean_baseline_rejects_empty_training_targets():
    with pytest.raises(ValueError, match="train_y is empty"):
        sol.ch20_mean_baseline_rmse([], [1.0])


# ---- ch20_split_by_date --------------------------------------------------------------------
def _dates(*days):
    return pd.DataFrame({"sale_date": pd.to_datetime(list(days)), "x": range(len(days))})


def test_split_by_date_puts_the_latest_rows_in_valid():
    frame = _dates("2020-01-05", "2020-01-01", "2020-01-04", "2020-01-02", "2020-01-03")
    train, valid = sol.ch20_split_by_date(frame, "sale_date", 0.4)  # ceil(2.0) = 2 latest: 01-05, 01-04
    assert train.tolist() == [1, 3, 4] and valid.tolist() == [0, 2]
    assert train.dtype == np.int64 and valid.dtype == np.int64


def test_split_by_date_keeps_one_day_on_one_side():
    frame = _dates("2020-01-03", "2020-01-01", "2020-01-02", "2020-01-02", "2020-01-05")
    # in order: 01-01, 01-02, 01-02, 01-03, 01-05. ceil(0.5 * 5) = 3, so the cutoff is the date at
    # position 5 - 3 = 2, 01-02: both 01-02 sales go to valid (4 rows, not 3)
    train, valid = sol.ch20_split_by_date(frame, "sale_date", 0.5)
    assert train.tolist() == [1] and valid.tolist() == [0, 2, 3, 4]
    # ceil(0.3 * 5) = 2: the cutoff is 01-03, and no tie straddles it
    train, valid = sol.ch20_split_by_date(frame, "sale_date", 0.3)
    assert train.tolist() == [1, 2, 3] and valid.tolist() == [0, 4]


def test_split_by_date_refuses_bad_input():
    frame = _dates("2020-01-01", "2020-01-02")
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        sol.ch20_split_by_date(frame, "sale_date", 1.0)
    with pytest.raises(KeyError, match="no column"):
        sol.ch20_split_by_date(frame, "date", 0.5)
    with pytest.raises(TypeError, match="DataFrame"):
        sol.ch20_split_by_date(frame["sale_date"], "sale_date", 0.5)
    with pytest.raises(ValueError, match="nothing is left to train on"):
        sol.ch20_split_by_date(_dates("2020-01-01", "2020-01-01"), "sale_date", 0.5)
    with pytest.raises(ValueError, match="missing dates"):
        sol.ch20_split_by_date(pd.DataFrame({"sale_date": pd.to_datetime(["2020-01-01", None])}), "sale_date", 0.5)


# ---- ch20_tree_std -------------------------------------------------------------------------
def test_tree_std_by_hand():
    # three trees, two rows: row 0 gets 1, 2, 3 (std sqrt(2/3)); row 1 gets 5, 5, 5 (std 0)
    per_tree = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    std = sol.ch20_tree_std(per_tree)
    assert std.shape == (2,) and std.dtype == np.float64
    assert std.tolist() == pytest.approx([math.sqrt(2 / 3), 0.0], abs=1e-12)
    assert sol.ch20_tree_std(np.array([[4.0, -1.0]])).tolist() == [0.0, 0.0]  # one tree: no spread


def test_tree_std_refuses_a_vector():
    with pytest.raises(ValueError, match="n_trees, n_rows"):
        sol.ch20_tree_std(np.array([1.0, 2.0]))


# ---- ch20_best_split -----------------------------------------------------------------------
def test_best_split_separates_two_groups_perfectly():
    threshold, sse = sol.ch20_best_split([3.0, 1.0, 11.0, 2.0, 10.0], [1.0, 1.0, 5.0, 1.0, 5.0])
    assert threshold == 6.5 and sse == pytest.approx(0.0, abs=1e-9)


def test_best_split_by_hand_with_min_leaf():
    # y = 0, 0, 1, 3 at x = 1..4. Splits after 1, 2, 3 cost 2.667, 2.0 and 0.667:
    # with min_leaf 1 the best is 3.5; with min_leaf 2 only 2.5 is allowed (cost 0 + 2 = 2).
    assert sol.ch20_best_split([1, 2, 3, 4], [0, 0, 1, 3]) == pytest.approx((3.5, 2 / 3))
    assert sol.ch20_best_split([1, 2, 3, 4], [0, 0, 1, 3], min_leaf=2) == pytest.approx((2.5, 2.0))


def test_best_split_never_cuts_between_equal_values():
    # x = 1, 1, 2: the only split is between 1 and 2, even though splitting the 1s would fit y better
    threshold, sse = sol.ch20_best_split([1.0, 1.0, 2.0], [0.0, 10.0, 10.0])
    assert threshold == 1.5 and sse == pytest.approx(50.0)


def test_best_split_refuses_when_nothing_can_be_split():
    with pytest.raises(ValueError, match="no split"):
        sol.ch20_best_split([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="no split"):
        sol.ch20_best_split([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], min_leaf=2)
    with pytest.raises(ValueError, match="min_leaf"):
        sol.ch20_best_split([1.0, 2.0], [1.0, 2.0], min_leaf=0)
