"""Chapter 06's reference solutions, checked against values worked out by hand."""
import numpy as np
import pytest
import torch
from sklearn.model_selection import KFold

from utils import solutions as sol


# ---- ch06_kfold_indices --------------------------------------------------------------------
def test_kfold_without_shuffling_cuts_consecutive_folds_the_first_ones_larger():
    # 7 indices in 3 folds: sizes 3, 2, 2.
    folds = sol.ch06_kfold_indices(7, 3)
    assert [v.tolist() for _, v in folds] == [[0, 1, 2], [3, 4], [5, 6]]
    assert [t.tolist() for t, _ in folds] == [[3, 4, 5, 6], [0, 1, 2, 5, 6], [0, 1, 2, 3, 4]]
    assert all(t.dtype == np.int64 and v.dtype == np.int64 for t, v in folds)


def test_kfold_with_shuffling_is_a_partition_and_matches_scikit_learn():
    folds = sol.ch06_kfold_indices(10, 4, shuffle=True, seed=3)
    valid = np.concatenate([v for _, v in folds])
    assert sorted(valid.tolist()) == list(range(10)) and valid.tolist() != list(range(10))
    for train, v in folds:
        assert sorted(train.tolist() + v.tolist()) == list(range(10)) and np.all(np.diff(train) > 0)
    theirs = list(KFold(4, shuffle=True, random_state=3).split(np.zeros(10)))
    assert all(np.array_equal(a, c) and np.array_equal(b, d) for (a, b), (c, d) in zip(folds, theirs))


def test_kfold_seed_matters_only_when_shuffling():
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(sol.ch06_kfold_indices(9, 3, seed=1),
                                                          sol.ch06_kfold_indices(9, 3, seed=2)))
    first = sol.ch06_kfold_indices(9, 3, shuffle=True, seed=1)
    second = sol.ch06_kfold_indices(9, 3, shuffle=True, seed=2)
    assert not all(np.array_equal(a[1], b[1]) for a, b in zip(first, second))


def test_kfold_rejects_bad_sizes():
    with pytest.raises(ValueError, match="2 <= k <= n"):
        sol.ch06_kfold_indices(3, 4)
    with pytest.raises(ValueError, match="2 <= k <= n"):
        sol.ch06_kfold_indices(5, 1)
    with pytest.raises(TypeError, match="integer"):
        sol.ch06_kfold_indices(5.0, 2)


# ---- ch06_majority_baseline ----------------------------------------------------------------
def test_majority_baseline_by_hand():
    # training majority is 2 (three of five); validation has two 2s out of four: 0.5.
    assert sol.ch06_majority_baseline([2, 0, 2, 1, 2], [2, 1, 2, 0]) == pytest.approx(0.5)
    # the majority of the *training* labels counts, not of the validation labels: class 0 here.
    assert sol.ch06_majority_baseline(np.array([0, 0, 1]), np.array([1, 1, 1, 0])) == pytest.approx(0.25)


def test_majority_baseline_breaks_ties_towards_the_smallest_label_and_takes_tensors():
    result = sol.ch06_majority_baseline(torch.tensor([3, 1, 3, 1]), torch.tensor([1, 1, 3]))
    assert isinstance(result, float) and result == pytest.approx(2 / 3)


def test_majority_baseline_rejects_empty_or_float_labels():
    with pytest.raises(ValueError, match="non-empty 1-D"):
        sol.ch06_majority_baseline([], [1])
    with pytest.raises(TypeError, match="integer class labels"):
        sol.ch06_majority_baseline([0.0, 1.0], [1])


# ---- ch06_flip_labels ----------------------------------------------------------------------
def test_flip_labels_changes_exactly_the_asked_share_and_always_to_another_class():
    y = np.arange(100) % 10
    flipped = sol.ch06_flip_labels(y, 0.3, 10, seed=0)
    assert flipped.dtype == np.int64 and flipped.shape == (100,)
    assert (flipped != y).sum() == 30 and flipped.min() >= 0 and flipped.max() <= 9
    assert np.array_equal(y, np.arange(100) % 10)  # the input is left alone


def test_flip_labels_follows_the_stated_recipe():
    y = np.array([0, 1, 0, 1, 1])
    rng = np.random.default_rng(7)
    where = rng.choice(5, size=2, replace=False)
    expected = y.copy()
    expected[where] = (y[where] + rng.integers(1, 2, size=2)) % 2  # two classes: a flip is 1 - c
    flipped = sol.ch06_flip_labels(y, 0.4, 2, seed=7)
    assert np.array_equal(flipped, expected) and np.array_equal(flipped[where], 1 - y[where])


def test_flip_labels_edge_fractions_and_seeds():
    y = np.array([0, 1, 2, 3])
    assert np.array_equal(sol.ch06_flip_labels(y, 0.0, 4), y)
    assert (sol.ch06_flip_labels(y, 1.0, 4) != y).all()
    assert np.array_equal(sol.ch06_flip_labels(y, 0.5, 4, seed=5), sol.ch06_flip_labels(y, 0.5, 4, seed=5))


def test_flip_labels_rejects_bad_inputs():
    with pytest.raises(ValueError, match="between 0 and 1"):
        sol.ch06_flip_labels([0, 1], 1.5, 2)
    with pytest.raises(ValueError, match="lie in 0..1"):
        sol.ch06_flip_labels([0, 2], 0.5, 2)
    with pytest.raises(ValueError, match="at least 2"):
        sol.ch06_flip_labels([0, 0], 0.5, 1)


# ---- ch06_best_epoch -----------------------------------------------------------------------
def test_best_epoch_stops_patience_epochs_after_the_last_improvement():
    # best at epoch 2 (0.5); epochs 3 and 4 do not improve; with patience 2 training stops after epoch 4.
    assert sol.ch06_best_epoch([0.9, 0.7, 0.5, 0.6, 0.55, 0.4], patience=2) == (2, 5)
    # with patience 3 it reaches epoch 5, which improves, and runs to the end.
    assert sol.ch06_best_epoch([0.9, 0.7, 0.5, 0.6, 0.55, 0.4], patience=3) == (5, 6)


def test_best_epoch_needs_a_strict_improvement_and_ignores_nan():
    assert sol.ch06_best_epoch([0.5, 0.5, 0.5], patience=1) == (0, 2)  # equal is no improvement
    assert sol.ch06_best_epoch([1.0, float("nan"), 0.8, float("nan")], patience=5) == (2, 4)
    assert sol.ch06_best_epoch([0.3, 0.2, 0.1], patience=0) == (2, 3)  # always improving: never stops


def test_best_epoch_matches_keras_early_stopping_on_a_fixed_history():
    # Keras 3 EarlyStopping: wait += 1 every epoch, 0 after an improvement, stop when wait >= patience.
    losses = [1.0, 0.8, 0.85, 0.79, 0.9, 0.95, 0.97, 0.7]
    assert sol.ch06_best_epoch(losses, patience=3) == (3, 7)


def test_best_epoch_rejects_bad_inputs():
    with pytest.raises(ValueError, match="empty"):
        sol.ch06_best_epoch([], 2)
    with pytest.raises(ValueError, match="non-negative"):
        sol.ch06_best_epoch([0.1], -1)
