"""Chapter 05's reference solutions, checked against values worked out by hand."""
import math

import numpy as np
import pytest

from utils.solutions import ch05  # (imports utils, and so prepares TensorFlow, first)
from wrong_solutions import rejected

tf = pytest.importorskip("tensorflow")


# ---- second_derivative ----------------------------------------------------------------
def test_second_derivative_of_polynomials():
    # (x^3)'' = 6x = 12 at 2; (x^2)'' = 2 everywhere.
    assert ch05.second_derivative(lambda t: t**3, 2.0) == pytest.approx(12.0, abs=1e-12)
    assert ch05.second_derivative(lambda t: t**2, -7.0) == pytest.approx(2.0, abs=1e-12)
    assert isinstance(ch05.second_derivative(lambda t: t**3, 1), float)


def test_second_derivative_of_x_squared_sin_x():
    # (x^2 sin x)'' = (2 - x^2) sin x + 4x cos x
    x = 1.5
    expected = (2 - x**2) * math.sin(x) + 4 * x * math.cos(x)
    assert ch05.second_derivative(lambda t: t**2 * tf.sin(t), x) == pytest.approx(expected, rel=1e-12)


def test_second_derivative_of_a_gaussian_at_zero_is_minus_two():
    # exp(-x^2)'' = (4x^2 - 2) exp(-x^2) = -2 at 0
    assert ch05.second_derivative(lambda t: tf.exp(-t**2), 0.0) == pytest.approx(-2.0, abs=1e-12)


def test_second_derivative_of_linear_and_constant_functions_is_zero_not_none():
    assert ch05.second_derivative(lambda t: 3.0 * t + 1.0, 4.0) == 0.0
    assert ch05.second_derivative(lambda t: tf.constant(5.0, tf.float64), 4.0) == 0.0


def test_second_derivative_rejects_bad_inputs():
    with pytest.raises(TypeError, match="function"):
        ch05.second_derivative(3.0, 1.0)
    with pytest.raises(TypeError, match="number"):
        ch05.second_derivative(lambda t: t**2, "1.0")
    with pytest.raises(ValueError, match="single number"):
        ch05.second_derivative(lambda t: tf.stack([t, t**2]), 1.0)


# ---- kfold_indices --------------------------------------------------------------------
def test_kfold_even_split_by_hand():
    folds = ch05.kfold_indices(8, 4)
    assert len(folds) == 4
    assert [f[1].tolist() for f in folds] == [[0, 1], [2, 3], [4, 5], [6, 7]]
    assert folds[1][0].tolist() == [0, 1, 4, 5, 6, 7]
    assert all(t.dtype == np.int64 and v.dtype == np.int64 for t, v in folds)


def test_kfold_uneven_split_puts_the_extra_rows_first():
    folds = ch05.kfold_indices(10, 3)
    assert [f[1].tolist() for f in folds] == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert folds[2][0].tolist() == [0, 1, 2, 3, 4, 5, 6]
    for train_idx, valid_idx in folds:  # a partition of range(10), every time
        assert sorted(train_idx.tolist() + valid_idx.tolist()) == list(range(10))


def test_kfold_leave_one_out():
    folds = ch05.kfold_indices(3, 3)
    assert [(t.tolist(), v.tolist()) for t, v in folds] == [([1, 2], [0]), ([0, 2], [1]), ([0, 1], [2])]


def test_kfold_rejects_bad_k():
    with pytest.raises(ValueError, match="2 <= k <= n"):
        ch05.kfold_indices(5, 1)
    with pytest.raises(ValueError, match="2 <= k <= n"):
        ch05.kfold_indices(3, 4)
    with pytest.raises(TypeError, match="int"):
        ch05.kfold_indices(10.0, 2)


# ---- multi_hot ------------------------------------------------------------------------
def test_multi_hot_by_hand():
    out = ch05.multi_hot([[1, 3], [0, 0, 2], []], 4)
    assert out.dtype == np.float32 and out.shape == (3, 4)
    assert out.tolist() == [[0, 1, 0, 1], [1, 0, 1, 0], [0, 0, 0, 0]]


def test_multi_hot_counts_a_repeated_id_once():
    assert ch05.multi_hot([[2, 2, 2]], 3).tolist() == [[0, 0, 1]]


def test_multi_hot_rejects_ids_out_of_range_and_a_bad_size():
    with pytest.raises(ValueError, match="outside 0..3"):
        ch05.multi_hot([[1], [4]], 4)
    with pytest.raises(ValueError, match="outside"):
        ch05.multi_hot([[-1]], 4)
    with pytest.raises(ValueError, match="positive"):
        ch05.multi_hot([[0]], 0)


# ---- standardize ----------------------------------------------------------------------
def test_standardize_by_hand():
    # column 0: mean 2, std 1 -> train [-1, 1], other 2 -> 0; column 1 is constant: std 0 -> 1.
    train_z, other_z = ch05.standardize(np.array([[1.0, 10.0], [3.0, 10.0]]), np.array([[2.0, 11.0]]))
    assert train_z.dtype == np.float32 and other_z.dtype == np.float32
    assert train_z.tolist() == [[-1.0, 0.0], [1.0, 0.0]]
    assert other_z.tolist() == [[0.0, 1.0]]


def test_standardize_uses_the_training_statistics_only():
    # train 0, 4, 8: mean 4, population std sqrt(32/3); other 12 -> 8 / sqrt(32/3)
    _, other_z = ch05.standardize(np.array([[0.0], [4.0], [8.0]]), np.array([[4.0], [12.0]]))
    assert other_z[0, 0] == 0.0
    assert other_z[1, 0] == pytest.approx(8 / math.sqrt(32 / 3), rel=1e-6)


def test_standardize_rejects_mismatched_columns():
    with pytest.raises(ValueError, match="same number of columns"):
        ch05.standardize(np.zeros((3, 2)), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="no rows"):
        ch05.standardize(np.zeros((0, 2)), np.zeros((1, 2)))


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def second_derivative_float32(f, x):  # tf.Variable(float(x)) is float32: f'' at a large x loses its 4th digit
    point = tf.Variable(float(x))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = f(point)
        first = inner.gradient(y, point, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return float(outer.gradient(first, point, unconnected_gradients=tf.UnconnectedGradients.ZERO))


def second_derivative_dtype_from_x(f, x):  # tf.Variable(x): int32 for an int x, whose gradients are 0
    point = tf.Variable(x)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = f(point)
        first = inner.gradient(y, point, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return float(outer.gradient(first, point, unconnected_gradients=tf.UnconnectedGradients.ZERO))


def second_derivative_none_for_linear(f, x):  # the outer tape's None comes back for a linear f
    point = tf.Variable(float(x), dtype=tf.float64)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = f(point)
        first = inner.gradient(y, point)
    second = outer.gradient(first, point)
    return None if second is None else float(second)


def second_derivative_as_tensor(f, x):  # returns the 0-d TensorFlow tensor, not a Python float
    point = tf.Variable(float(x), dtype=tf.float64)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = f(point)
        first = inner.gradient(y, point, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return outer.gradient(first, point, unconnected_gradients=tf.UnconnectedGradients.ZERO)


def second_derivative_outer_closed_too_early(f, x):  # the first gradient is taken after the outer tape stopped
    point = tf.Variable(float(x), dtype=tf.float64)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = f(point)
    first = inner.gradient(y, point, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return float(outer.gradient(first, point, unconnected_gradients=tf.UnconnectedGradients.ZERO))


def kfold_without_the_raise(n, k):  # k = 1 or k > n: folds with no training (or no validation) rows
    blocks = np.array_split(np.arange(n), k)
    return [(np.concatenate([b for j, b in enumerate(blocks) if j != i]), block) for i, block in enumerate(blocks)]


def kfold_extra_rows_last(n, k):  # blocks of n // k, the remainder added to the last block
    if not 2 <= k <= n:
        raise ValueError("need 2 <= k <= n")
    size = n // k
    blocks = [np.arange(i * size, (i + 1) * size if i < k - 1 else n) for i in range(k)]
    return [(np.concatenate([b for j, b in enumerate(blocks) if j != i]), block) for i, block in enumerate(blocks)]


def kfold_train_rotated(n, k):  # the training blocks after the validation block come first: not increasing
    if not 2 <= k <= n:
        raise ValueError("need 2 <= k <= n")
    blocks = np.array_split(np.arange(n), k)
    return [(np.concatenate(blocks[i + 1:] + blocks[:i]), blocks[i]) for i in range(k)]


def kfold_as_lists(n, k):  # Python lists of ints, not int64 arrays
    if not 2 <= k <= n:
        raise ValueError("need 2 <= k <= n")
    blocks = [b.tolist() for b in np.array_split(np.arange(n), k)]
    return [([j for b in blocks[:i] + blocks[i + 1:] for j in b], blocks[i]) for i in range(k)]


def multi_hot_without_the_raise(sequences, num_tokens):  # -1 quietly sets the last column; num_tokens an IndexError
    out = np.zeros((len(sequences), num_tokens), dtype=np.float32)
    for i, ids in enumerate(sequences):
        out[i, ids] = 1.0
    return out


def multi_hot_upper_bound_only(sequences, num_tokens):  # checks id < num_tokens but lets a negative id wrap round
    out = np.zeros((len(sequences), num_tokens), dtype=np.float32)
    for i, ids in enumerate(sequences):
        if any(t >= num_tokens for t in ids):
            raise ValueError("id out of range")
        out[i, ids] = 1.0
    return out


def multi_hot_counts(sequences, num_tokens):  # counts repeats: "count" mode, not multi-hot
    out = np.zeros((len(sequences), num_tokens), dtype=np.float32)
    for i, ids in enumerate(sequences):
        if any(not 0 <= t < num_tokens for t in ids):
            raise ValueError("id out of range")
        np.add.at(out[i], np.asarray(ids, dtype=np.int64), 1.0)
    return out


def multi_hot_float64(sequences, num_tokens):  # np.zeros' default dtype
    out = np.zeros((len(sequences), num_tokens))
    for i, ids in enumerate(sequences):
        if any(not 0 <= t < num_tokens for t in ids):
            raise ValueError("id out of range")
        out[i, ids] = 1.0
    return out


def standardize_sample_std(train, other):  # ddof=1
    mean, std = train.mean(axis=0), train.std(axis=0, ddof=1)
    std[std == 0] = 1.0
    return ((train - mean) / std).astype(np.float32), ((other - mean) / std).astype(np.float32)


def standardize_leaky(train, other):  # statistics of train and other together
    both = np.concatenate([train, other]).astype(np.float64)
    mean, std = both.mean(axis=0), both.std(axis=0)
    std[std == 0] = 1.0
    return ((train - mean) / std).astype(np.float32), ((other - mean) / std).astype(np.float32)


def standardize_nan_for_constant_columns(train, other):  # 0 / 0 in a constant column
    mean, std = train.mean(axis=0), train.std(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return ((train - mean) / std).astype(np.float32), ((other - mean) / std).astype(np.float32)


def standardize_float64(train, other):  # right numbers, NumPy's default dtype
    mean, std = train.mean(axis=0), train.std(axis=0)
    std[std == 0] = 1.0
    return (train - mean) / std, (other - mean) / std


def standardize_in_place(train, other):  # overwrites the caller's arrays
    train = train.astype(np.float64, copy=False)
    mean, std = train.mean(axis=0), train.std(axis=0)
    std[std == 0] = 1.0
    train -= mean
    train /= std
    other = other.astype(np.float64, copy=False)
    other -= mean
    other /= std
    return train.astype(np.float32), other.astype(np.float32)


WRONG = {
    "second_derivative": [second_derivative_float32, second_derivative_dtype_from_x, second_derivative_none_for_linear,
                          second_derivative_as_tensor, second_derivative_outer_closed_too_early],
    "kfold_indices": [kfold_without_the_raise, kfold_extra_rows_last, kfold_train_rotated, kfold_as_lists],
    "multi_hot": [multi_hot_without_the_raise, multi_hot_upper_bound_only, multi_hot_counts, multi_hot_float64],
    "standardize": [standardize_sample_std, standardize_leaky, standardize_nan_for_constant_columns,
                    standardize_float64, standardize_in_place],
}
test_checks_reject_wrong_solutions = rejected(ch05, WRONG)
