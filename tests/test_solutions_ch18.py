"""Chapter 18's reference solutions against answers worked out by hand."""
import numpy as np
import pytest

from utils.solutions import ch18
from wrong_solutions import rejected


# ---- window_indices ------------------------------------------------------------------------
def test_window_indices_by_hand():
    readings, targets = ch18.window_indices(10, 3, 2, 1)
    # a window starting at i reads i, i+2, i+4 and predicts i+5; the last target is hour 9
    assert readings.tolist() == [[0, 2, 4], [1, 3, 5], [2, 4, 6], [3, 5, 7], [4, 6, 8]]
    assert targets.tolist() == [5, 6, 7, 8, 9]
    assert readings.dtype == np.int64 and targets.dtype == np.int64


def test_window_indices_at_the_edge():
    readings, targets = ch18.window_indices(6, 3, 2, 1)  # just long enough for one window
    assert readings.tolist() == [[0, 2, 4]] and targets.tolist() == [5]
    readings, targets = ch18.window_indices(5, 3, 2, 1)  # one hour short
    assert readings.shape == (0, 3) and targets.shape == (0,) and readings.dtype == np.int64


def test_window_indices_chapter_windows():
    readings, targets = ch18.window_indices(8730, 24, 2, 24)
    assert len(targets) == 8730 - 46 - 24
    assert readings[0, -1] == 46 and targets[0] == 70 and targets[-1] == 8729


def test_window_indices_rejects_bad_sizes():
    for args in [(10, 0, 2, 1), (10, 3, 0, 1), (10, 3, 2, 0), (10, -1, 1, 1)]:
        with pytest.raises(ValueError):
            ch18.window_indices(*args)


# ---- persistence_mae -----------------------------------------------------------------------
def test_persistence_mae_by_hand():
    x = np.arange(12, dtype=np.float32).reshape(2, 3, 2)  # last readings of column 0: 4 and 10
    y = np.array([5.0, 20.0], np.float32)
    ones, zeros = np.ones(2, np.float32), np.zeros(2, np.float32)
    assert ch18.persistence_mae(x, y, 0, zeros, ones) == pytest.approx(5.5)
    # un-normalized with mean 1 and std 2: last readings 9 and 21 -> errors 4 and 1
    assert ch18.persistence_mae(x, y, 0, np.array([1.0, 0.0]), np.array([2.0, 1.0])) == pytest.approx(2.5)
    # column 1: last readings 5 and 11 -> errors 0 and 9
    assert ch18.persistence_mae(x, y, 1, zeros, ones) == pytest.approx(4.5)
    assert type(ch18.persistence_mae(x, y, 1, zeros, ones)) is float


def test_persistence_mae_rejects_bad_shapes():
    x = np.zeros((3, 4, 2), np.float32)
    with pytest.raises(ValueError):
        ch18.persistence_mae(x, np.zeros(2), 0, np.zeros(2), np.ones(2))
    with pytest.raises(ValueError):
        ch18.persistence_mae(x[:, :, 0], np.zeros(3), 0, np.zeros(2), np.ones(2))


# ---- standardize ---------------------------------------------------------------------------
def test_standardize_by_hand():
    train = np.array([[1.0, 10.0], [3.0, 10.5]])
    val = np.array([[5.0, 11.0]])
    tr, va, mean, std = ch18.standardize(train, val)
    assert mean.tolist() == [2.0, 10.25] and std.tolist() == [1.0, 0.25]  # ddof = 0
    assert tr.tolist() == [[-1.0, -1.0], [1.0, 1.0]] and va.tolist() == [[3.0, 3.0]]
    assert train.tolist() == [[1.0, 10.0], [3.0, 10.5]] and val.tolist() == [[5.0, 11.0]]  # untouched


def test_standardize_keeps_float32_and_ignores_validation_statistics():
    train = np.array([[0.0], [2.0]], np.float32)
    tr, va, mean, std = ch18.standardize(train, np.array([[100.0], [300.0]], np.float32))
    assert {a.dtype for a in (tr, va, mean, std)} == {np.dtype(np.float32)}
    assert va.ravel().tolist() == [99.0, 299.0]  # (x - 1) / 1, whatever the validation rows look like


def test_standardize_rejects_bad_input():
    with pytest.raises(ValueError):
        ch18.standardize(np.array([[1.0, 2.0], [1.0, 3.0]]), np.zeros((1, 2)))  # constant column
    with pytest.raises(ValueError):
        ch18.standardize(np.zeros((2, 3)) + np.arange(2)[:, None], np.zeros((1, 2)))


# ---- plausible wrong solutions -------------------------------------------------------------
def windows_off_by_one(n_steps, sequence_length, sampling_rate, horizon):
    if min(sequence_length, sampling_rate, horizon) < 1:
        raise ValueError("bad size")
    span = sampling_rate * (sequence_length - 1)
    starts = np.arange(max(n_steps - span - horizon - 1, 0), dtype=np.int64)  # drops the last window
    return starts[:, None] + sampling_rate * np.arange(sequence_length), starts + span + horizon


def windows_span_too_long(n_steps, sequence_length, sampling_rate, horizon):
    if min(sequence_length, sampling_rate, horizon) < 1:
        raise ValueError("bad size")
    span = sampling_rate * sequence_length  # counts one step too many to the last reading
    starts = np.arange(max(n_steps - span - horizon, 0), dtype=np.int64)
    return starts[:, None] + sampling_rate * np.arange(sequence_length), starts + span + horizon


def windows_horizon_from_the_start(n_steps, sequence_length, sampling_rate, horizon):
    if min(sequence_length, sampling_rate, horizon) < 1:
        raise ValueError("bad size")
    span = sampling_rate * (sequence_length - 1)
    starts = np.arange(max(n_steps - span - horizon, 0), dtype=np.int64)
    return starts[:, None] + sampling_rate * np.arange(sequence_length), starts + horizon  # forgets the span


def windows_no_checks(n_steps, sequence_length, sampling_rate, horizon):
    span = sampling_rate * (sequence_length - 1)
    starts = np.arange(max(n_steps - span - horizon, 0), dtype=np.int64)
    return starts[:, None] + sampling_rate * np.arange(sequence_length, dtype=np.int64), starts + span + horizon


def windows_as_lists(n_steps, sequence_length, sampling_rate, horizon):
    readings, targets = ch18.window_indices(n_steps, sequence_length, sampling_rate, horizon)
    return readings.tolist(), targets.tolist()


def windows_int32(n_steps, sequence_length, sampling_rate, horizon):
    readings, targets = ch18.window_indices(n_steps, sequence_length, sampling_rate, horizon)
    return readings.astype(np.int32), targets.astype(np.int32)


def persistence_forgets_to_unnormalize(x, y, column, mean, std):
    if x.ndim != 3 or len(x) != len(y):
        raise ValueError("bad shapes")
    return float(np.mean(np.abs(y - x[:, -1, column])))


def persistence_first_reading(x, y, column, mean, std):
    if x.ndim != 3 or len(x) != len(y):
        raise ValueError("bad shapes")
    return float(np.mean(np.abs(y - (x[:, 0, column] * std[column] + mean[column]))))


def persistence_divides(x, y, column, mean, std):
    if x.ndim != 3 or len(x) != len(y):
        raise ValueError("bad shapes")
    return float(np.mean(np.abs(y - (x[:, -1, column] / std[column] + mean[column]))))


def persistence_squared(x, y, column, mean, std):
    if x.ndim != 3 or len(x) != len(y):
        raise ValueError("bad shapes")
    return float(np.mean((y - (x[:, -1, column] * std[column] + mean[column])) ** 2))


def persistence_no_checks(x, y, column, mean, std):
    return float(np.mean(np.abs(y[:len(x)] - (x[:, -1, column] * std[column] + mean[column]))))


def standardize_with_validation_statistics(train, val):
    if train.shape[1] != val.shape[1]:
        raise ValueError("columns")
    both = np.concatenate([train, val])
    mean, std = both.mean(0), both.std(0)
    if np.any(std == 0):
        raise ValueError("constant")
    return (train - mean) / std, (val - mean) / std, mean, std


def standardize_each_with_its_own(train, val):
    if train.shape[1] != val.shape[1]:
        raise ValueError("columns")
    mean, std = train.mean(0), train.std(0)
    if np.any(std == 0):
        raise ValueError("constant")
    return (train - mean) / std, (val - val.mean(0)) / val.std(0), mean, std


def standardize_in_place(train, val):
    if train.shape[1] != val.shape[1]:
        raise ValueError("columns")
    mean, std = train.mean(0), train.std(0)
    if np.any(std == 0):
        raise ValueError("constant")
    train -= mean
    train /= std
    val -= mean
    val /= std
    return train.copy(), val.copy(), mean, std


def standardize_sample_std(train, val):
    if train.shape[1] != val.shape[1]:
        raise ValueError("columns")
    mean, std = train.mean(0), train.std(0, ddof=1)
    if np.any(std == 0):
        raise ValueError("constant")
    return ((train - mean) / std).astype(train.dtype), ((val - mean) / std).astype(train.dtype), \
        mean.astype(train.dtype), std.astype(train.dtype)


def standardize_float64(train, val):
    if train.shape[1] != val.shape[1]:
        raise ValueError("columns")
    train, val = train.astype(np.float64), val.astype(np.float64)
    mean, std = train.mean(0), train.std(0)
    if np.any(std == 0):
        raise ValueError("constant")
    return (train - mean) / std, (val - mean) / std, mean, std


def standardize_no_constant_check(train, val):
    if train.shape[1] != val.shape[1]:
        raise ValueError("columns")
    mean, std = train.mean(0), train.std(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return ((train - mean) / std).astype(train.dtype), ((val - mean) / std).astype(train.dtype), \
            mean.astype(train.dtype), std.astype(train.dtype)


WRONG = {
    "window_indices": [windows_off_by_one, windows_span_too_long, windows_horizon_from_the_start,
                       windows_no_checks, windows_as_lists, windows_int32],
    "persistence_mae": [persistence_forgets_to_unnormalize, persistence_first_reading, persistence_divides,
                        persistence_squared, persistence_no_checks],
    "standardize": [standardize_with_validation_statistics, standardize_each_with_its_own, standardize_in_place,
                    standardize_sample_std, standardize_float64, standardize_no_constant_check],
}

test_checks_reject_wrong_solutions = rejected(ch18, WRONG)
