"""Chapter 06's reference solutions, checked against values worked out by hand."""
import collections
import math

import numpy as np
import pytest
import torch
from sklearn.model_selection import KFold

from utils.solutions import ch06
from wrong_solutions import rejected


# ---- kfold_indices --------------------------------------------------------------------
def test_kfold_without_shuffling_cuts_consecutive_folds_the_first_ones_larger():
    # 7 indices in 3 folds: sizes 3, 2, 2.
    folds = ch06.kfold_indices(7, 3)
    assert [v.tolist() for _, v in folds] == [[0, 1, 2], [3, 4], [5, 6]]
    assert [t.tolist() for t, _ in folds] == [[3, 4, 5, 6], [0, 1, 2, 5, 6], [0, 1, 2, 3, 4]]
    assert all(t.dtype == np.int64 and v.dtype == np.int64 for t, v in folds)


def test_kfold_with_shuffling_is_a_partition_and_matches_scikit_learn():
    folds = ch06.kfold_indices(10, 4, shuffle=True, seed=3)
    valid = np.concatenate([v for _, v in folds])
    assert sorted(valid.tolist()) == list(range(10)) and valid.tolist() != list(range(10))
    for train, v in folds:
        assert sorted(train.tolist() + v.tolist()) == list(range(10)) and np.all(np.diff(train) > 0)
    theirs = list(KFold(4, shuffle=True, random_state=3).split(np.zeros(10)))
    assert all(np.array_equal(a, c) and np.array_equal(b, d) for (a, b), (c, d) in zip(folds, theirs))


def test_kfold_seed_matters_only_when_shuffling():
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(ch06.kfold_indices(9, 3, seed=1),
                                                          ch06.kfold_indices(9, 3, seed=2)))
    first = ch06.kfold_indices(9, 3, shuffle=True, seed=1)
    second = ch06.kfold_indices(9, 3, shuffle=True, seed=2)
    assert not all(np.array_equal(a[1], b[1]) for a, b in zip(first, second))


def test_kfold_rejects_bad_sizes():
    with pytest.raises(ValueError, match="2 <= k <= n"):
        ch06.kfold_indices(3, 4)
    with pytest.raises(ValueError, match="2 <= k <= n"):
        ch06.kfold_indices(5, 1)
    with pytest.raises(TypeError, match="integer"):
        ch06.kfold_indices(5.0, 2)


# ---- majority_baseline ----------------------------------------------------------------
def test_majority_baseline_by_hand():
    # training majority is 2 (three of five); validation has two 2s out of four: 0.5.
    assert ch06.majority_baseline([2, 0, 2, 1, 2], [2, 1, 2, 0]) == pytest.approx(0.5)
    # the majority of the *training* labels counts, not of the validation labels: class 0 here.
    assert ch06.majority_baseline(np.array([0, 0, 1]), np.array([1, 1, 1, 0])) == pytest.approx(0.25)


def test_majority_baseline_breaks_ties_towards_the_smallest_label_and_takes_tensors():
    result = ch06.majority_baseline(torch.tensor([3, 1, 3, 1]), torch.tensor([1, 1, 3]))
    assert isinstance(result, float) and result == pytest.approx(2 / 3)


def test_majority_baseline_rejects_empty_or_float_labels():
    with pytest.raises(ValueError, match="non-empty 1-D"):
        ch06.majority_baseline([], [1])
    with pytest.raises(TypeError, match="integer class labels"):
        ch06.majority_baseline([0.0, 1.0], [1])


# ---- flip_labels ----------------------------------------------------------------------
def test_flip_labels_changes_exactly_the_asked_share_and_always_to_another_class():
    y = np.arange(100) % 10
    flipped = ch06.flip_labels(y, 0.3, 10, seed=0)
    assert flipped.dtype == np.int64 and flipped.shape == (100,)
    assert (flipped != y).sum() == 30 and flipped.min() >= 0 and flipped.max() <= 9
    assert np.array_equal(y, np.arange(100) % 10)  # the input is left alone


def test_flip_labels_follows_the_stated_recipe():
    y = np.array([0, 1, 0, 1, 1])
    rng = np.random.default_rng(7)
    where = rng.choice(5, size=2, replace=False)
    expected = y.copy()
    expected[where] = (y[where] + rng.integers(1, 2, size=2)) % 2  # two classes: a flip is 1 - c
    flipped = ch06.flip_labels(y, 0.4, 2, seed=7)
    assert np.array_equal(flipped, expected) and np.array_equal(flipped[where], 1 - y[where])


def test_flip_labels_edge_fractions_and_seeds():
    y = np.array([0, 1, 2, 3])
    assert np.array_equal(ch06.flip_labels(y, 0.0, 4), y)
    assert (ch06.flip_labels(y, 1.0, 4) != y).all()
    assert np.array_equal(ch06.flip_labels(y, 0.5, 4, seed=5), ch06.flip_labels(y, 0.5, 4, seed=5))


def test_flip_labels_rejects_bad_inputs():
    with pytest.raises(ValueError, match="between 0 and 1"):
        ch06.flip_labels([0, 1], 1.5, 2)
    with pytest.raises(ValueError, match="lie in 0..1"):
        ch06.flip_labels([0, 2], 0.5, 2)
    with pytest.raises(ValueError, match="at least 2"):
        ch06.flip_labels([0, 0], 0.5, 1)


# ---- best_epoch -----------------------------------------------------------------------
def test_best_epoch_stops_patience_epochs_after_the_last_improvement():
    # best at epoch 2 (0.5); epochs 3 and 4 do not improve; with patience 2 training stops after epoch 4.
    assert ch06.best_epoch([0.9, 0.7, 0.5, 0.6, 0.55, 0.4], patience=2) == (2, 5)
    # with patience 3 it reaches epoch 5, which improves, and runs to the end.
    assert ch06.best_epoch([0.9, 0.7, 0.5, 0.6, 0.55, 0.4], patience=3) == (5, 6)


def test_best_epoch_needs_a_strict_improvement_and_ignores_nan():
    assert ch06.best_epoch([0.5, 0.5, 0.5], patience=1) == (0, 2)  # equal is no improvement
    assert ch06.best_epoch([1.0, float("nan"), 0.8, float("nan")], patience=5) == (2, 4)
    assert ch06.best_epoch([0.3, 0.2, 0.1], patience=0) == (2, 3)  # always improving: never stops


def test_best_epoch_matches_keras_early_stopping_on_a_fixed_history():
    # Keras 3 EarlyStopping: wait += 1 every epoch, 0 after an improvement, stop when wait >= patience.
    losses = [1.0, 0.8, 0.85, 0.79, 0.9, 0.95, 0.97, 0.7]
    assert ch06.best_epoch(losses, patience=3) == (3, 7)


def test_best_epoch_rejects_bad_inputs():
    with pytest.raises(ValueError, match="empty"):
        ch06.best_epoch([], 2)
    with pytest.raises(ValueError, match="non-negative"):
        ch06.best_epoch([0.1], -1)


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def _folds(indices, n, k, extra_last=False):  # the stated recipe from ordered indices; valid and train sorted
    sizes = np.full(k, n // k)
    if extra_last:
        sizes[k - n % k:] += 1
    else:
        sizes[: n % k] += 1
    folds, start = [], 0
    for size in sizes:
        valid = np.sort(indices[start:start + size]).astype(np.int64)
        folds.append((np.setdiff1d(np.arange(n), valid).astype(np.int64), valid))
        start += size
    return folds


def kfold_without_the_raise(n, k, shuffle=False, seed=0):  # k = 1 gives one fold with no training indices
    indices = np.arange(n)
    if shuffle:
        np.random.RandomState(seed).shuffle(indices)
    return _folds(indices, n, k)


def kfold_default_rng(n, k, shuffle=False, seed=0):  # a different generator: not KFold's shuffle
    if not 2 <= k <= n:
        raise ValueError("need 2 <= k <= n")
    indices = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    return _folds(indices, n, k)


def kfold_valid_unsorted(n, k, shuffle=False, seed=0):  # the validation fold left in shuffled order
    if not 2 <= k <= n:
        raise ValueError("need 2 <= k <= n")
    indices = np.arange(n)
    if shuffle:
        np.random.RandomState(seed).shuffle(indices)
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    starts = np.concatenate([[0], np.cumsum(sizes)])
    return [(np.setdiff1d(np.arange(n), indices[a:b]).astype(np.int64), indices[a:b].astype(np.int64))
            for a, b in zip(starts[:-1], starts[1:])]


def kfold_extra_indices_last(n, k, shuffle=False, seed=0):  # the last n % k folds take the extra index
    if not 2 <= k <= n:
        raise ValueError("need 2 <= k <= n")
    indices = np.arange(n)
    if shuffle:
        np.random.RandomState(seed).shuffle(indices)
    return _folds(indices, n, k, extra_last=True)


def kfold_always_shuffles(n, k, shuffle=False, seed=0):  # ignores shuffle=False
    if not 2 <= k <= n:
        raise ValueError("need 2 <= k <= n")
    indices = np.arange(n)
    np.random.RandomState(seed).shuffle(indices)
    return _folds(indices, n, k)


def majority_of_valid(train_y, valid_y):  # the majority of the validation labels: a peek at the answers
    return float(np.mean(valid_y == np.bincount(valid_y).argmax()))


def majority_first_seen_wins_a_tie(train_y, valid_y):  # Counter.most_common breaks a tie by first appearance
    majority = collections.Counter(train_y.tolist()).most_common(1)[0][0]
    return float(np.mean(valid_y == majority))


def majority_largest_wins_a_tie(train_y, valid_y):  # the last of the tied classes
    values, counts = np.unique(train_y, return_counts=True)
    return float(np.mean(valid_y == values[len(counts) - 1 - np.argmax(counts[::-1])]))


def majority_count_not_share(train_y, valid_y):  # how many validation labels match: an int, not a share
    return int(np.sum(valid_y == np.bincount(train_y).argmax()))


def flip_in_place(y, fraction, num_classes, seed=0):  # writes the flips into the caller's array
    rng = np.random.default_rng(seed)
    n_flip = round(fraction * len(y))
    where = rng.choice(len(y), size=n_flip, replace=False)
    y[where] = (y[where] + rng.integers(1, num_classes, size=n_flip)) % num_classes
    return y.astype(np.int64)


def flip_offsets_first(y, fraction, num_classes, seed=0):  # draws the offsets before the positions
    rng = np.random.default_rng(seed)
    n_flip = round(fraction * len(y))
    offsets = rng.integers(1, num_classes, size=n_flip)
    where = rng.choice(len(y), size=n_flip, replace=False)
    flipped = np.asarray(y, dtype=np.int64).copy()
    flipped[where] = (flipped[where] + offsets) % num_classes
    return flipped


def flip_may_keep_the_label(y, fraction, num_classes, seed=0):  # offsets from 0: a "flip" can leave the label
    rng = np.random.default_rng(seed)
    n_flip = round(fraction * len(y))
    where = rng.choice(len(y), size=n_flip, replace=False)
    flipped = np.asarray(y, dtype=np.int64).copy()
    flipped[where] = (flipped[where] + rng.integers(0, num_classes, size=n_flip)) % num_classes
    return flipped


def flip_truncates(y, fraction, num_classes, seed=0):  # int() rounds 1.5 down to 1
    rng = np.random.default_rng(seed)
    n_flip = int(fraction * len(y))
    where = rng.choice(len(y), size=n_flip, replace=False)
    flipped = np.asarray(y, dtype=np.int64).copy()
    flipped[where] = (flipped[where] + rng.integers(1, num_classes, size=n_flip)) % num_classes
    return flipped


def flip_keeps_the_dtype(y, fraction, num_classes, seed=0):  # y.copy() stays int32 when y is int32
    rng = np.random.default_rng(seed)
    n_flip = round(fraction * len(y))
    where = rng.choice(len(y), size=n_flip, replace=False)
    flipped = y.copy()
    flipped[where] = (y[where] + rng.integers(1, num_classes, size=n_flip)) % num_classes
    return flipped


def best_epoch_equal_improves(valid_losses, patience):  # <= instead of <: a tie counts as a new low
    best, best_at, wait = math.inf, 0, 0
    for epoch, loss in enumerate(valid_losses):
        wait += 1
        if loss <= best:
            best, best_at, wait = loss, epoch, 0
        elif wait >= patience and epoch > 0:
            return best_at, epoch + 1
    return best_at, len(valid_losses)


def best_epoch_waits_one_more(valid_losses, patience):  # > instead of >=: one epoch too many
    best, best_at, wait = math.inf, 0, 0
    for epoch, loss in enumerate(valid_losses):
        wait += 1
        if loss < best:
            best, best_at, wait = loss, epoch, 0
        elif wait > patience and epoch > 0:
            return best_at, epoch + 1
    return best_at, len(valid_losses)


def best_epoch_can_stop_at_epoch_0(valid_losses, patience):  # forgets "other than epoch 0"
    best, best_at, wait = math.inf, 0, 0
    for epoch, loss in enumerate(valid_losses):
        wait += 1
        if loss < best:
            best, best_at, wait = loss, epoch, 0
        elif wait >= patience:
            return best_at, epoch + 1
    return best_at, len(valid_losses)


def best_epoch_zero_based_count(valid_losses, patience):  # returns the index of the last epoch, not how many ran
    best, best_at, wait = math.inf, 0, 0
    for epoch, loss in enumerate(valid_losses):
        wait += 1
        if loss < best:
            best, best_at, wait = loss, epoch, 0
        elif wait >= patience and epoch > 0:
            return best_at, epoch
    return best_at, len(valid_losses) - 1


def best_epoch_argmin_of_all(valid_losses, patience):  # the lowest loss anywhere, ignoring when training stopped
    return int(np.nanargmin(valid_losses)) if not all(map(math.isnan, valid_losses)) else 0, len(valid_losses)


WRONG = {
    "kfold_indices": [kfold_without_the_raise, kfold_default_rng, kfold_valid_unsorted, kfold_extra_indices_last,
                      kfold_always_shuffles],
    "majority_baseline": [majority_of_valid, majority_first_seen_wins_a_tie, majority_largest_wins_a_tie,
                          majority_count_not_share],
    "flip_labels": [flip_in_place, flip_offsets_first, flip_may_keep_the_label, flip_truncates, flip_keeps_the_dtype],
    "best_epoch": [best_epoch_equal_improves, best_epoch_waits_one_more, best_epoch_can_stop_at_epoch_0,
                   best_epoch_zero_based_count, best_epoch_argmin_of_all],
}
test_checks_reject_wrong_solutions = rejected(ch06, WRONG)
