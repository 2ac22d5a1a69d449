"""Chapter 05's reference solutions, checked against values worked out by hand."""
import math

import numpy as np
import pytest

from utils import solutions as sol  # (imports utils, and so prepares TensorFlow, first)

tf = pytest.importorskip("tensorflow")


# ---- ch05_second_derivative ----------------------------------------------------------------
def test_second_derivative_of_polynomials():
    # (x^3)'' = 6x = 12 at 2; (x^2)'' = 2 everywhere.
    assert sol.ch05_second_derivative(lambda t: t**3, 2.0) == pytest.approx(12.0, abs=1e-12)
    assert sol.ch05_second_derivative(lambda t: t**2, -7.0) == pytest.approx(2.0, abs=1e-12)
    assert isinstance(sol.ch05_second_derivative(lambda t: t**3, 1), float)


def test_second_derivative_of_x_squared_sin_x():
    # (x^2 sin x)'' = (2 - x^2) sin x + 4x cos x
    x = 1.5
    expected = (2 - x**2) * math.sin(x) + 4 * x * math.cos(x)
    assert sol.ch05_second_derivative(lambda t: t**2 * tf.sin(t), x) == pytest.approx(expected, rel=1e-12)


def test_second_derivative_of_a_gaussian_at_zero_is_minus_two():
    # exp(-x^2)'' = (4x^2 - 2) exp(-x^2) = -2 at 0
    assert sol.ch05_second_derivative(lambda t: tf.exp(-t**2), 0.0) == pytest.approx(-2.0, abs=1e-12)


def test_second_derivative_of_linear_and_constant_functions_is_zero_not_none():
    assert sol.ch05_second_derivative(lambda t: 3.0 * t + 1.0, 4.0) == 0.0
    assert sol.ch05_second_derivative(lambda t: tf.constant(5.0, tf.float64), 4.0) == 0.0


def test_second_derivative_rejects_bad_inputs():
    with pytest.raises(TypeError, match="function"):
        sol.ch05_second_derivative(3.0, 1.0)
    with pytest.raises(TypeError, match="number"):
        sol.ch05_second_derivative(lambda t: t**2, "1.0")
    with pytest.raises(ValueError, match="single number"):
        sol.ch05_second_derivative(lambda t: tf.stack([t, t**2]), 1.0)


# ---- ch05_kfold_indices --------------------------------------------------------------------
def test_kfold_even_split_by_hand():
    folds = sol.ch05_kfold_indices(8, 4)
    assert len(folds) == 4
    assert [f[1].tolist() for f in folds] == [[0, 1], [2, 3], [4, 5], [6, 7]]
    assert folds[1][0].tolist() == [0, 1, 4, 5, 6, 7]
    assert all(t.dtype == np.int64 and v.dtype == np.int64 for t, v in folds)


def test_kfold_uneven_split_puts_the_extra_rows_first():
    folds = sol.ch05_kfold_indices(10, 3)
    assert [f[1].tolist() for f in folds] == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert folds[2][0].tolist() == [0, 1, 2, 3, 4, 5, 6]
    for train_idx, valid_idx in folds:  # a partition of range(10), every time
        assert sorted(train_idx.tolist() + valid_idx.tolist()) == list(range(10))


def test_kfold_leave_one_out():
    folds = sol.ch05_kfold_indices(3, 3)
    assert [(t.tolist(), v.tolist()) for t, v in folds] == [([1, 2], [0]), ([0, 2], [1]), ([0, 1], [2])]


def test_kfold_rejects_bad_k():
    with pytest.raises(ValueError, match="2 <= k <= n"):
        sol.ch05_kfold_indices(5, 1)
    with pytest.raises(ValueError, match="2 <= k <= n"):
        sol.ch05_kfold_indices(3, 4)
    with pytest.raises(TypeError, match="int"):
        sol.ch05_kfold_indices(10.0, 2)


# ---- ch05_multi_hot ------------------------------------------------------------------------
def test_multi_hot_by_hand():
    out = sol.ch05_multi_hot([[1, 3], [0, 0, 2], []], 4)
    assert out.dtype == np.float32 and out.shape == (3, 4)
    assert out.tolist() == [[0, 1, 0, 1], [1, 0, 1, 0], [0, 0, 0, 0]]


def test_multi_hot_counts_a_repeated_id_once():
    assert sol.ch05_multi_hot([[2, 2, 2]], 3).tolist() == [[0, 0, 1]]


def test_multi_hot_rejects_ids_out_of_range_and_a_bad_size():
    with pytest.raises(ValueError, match="outside 0..3"):
        sol.ch05_multi_hot([[1], [4]], 4)
    with pytest.raises(ValueError, match="outside"):
        sol.ch05_multi_hot([[-1]], 4)
    with pytest.raises(ValueError, match="positive"):
        sol.ch05_multi_hot([[0]], 0)


# ---- ch05_standardize ----------------------------------------------------------------------
def test_standardize_by_hand():
    # column 0: mean 2, std 1 -> train [-1, 1], other 2 -> 0; column 1 is constant: std 0 -> 1.
    train_z, other_z = sol.ch05_standardize(np.array([[1.0, 10.0], [3.0, 10.0]]), np.array([[2.0, 11.0]]))
    assert train_z.dtype == np.float32 and other_z.dtype == np.float32
    assert train_z.tolist() == [[-1.0, 0.0], [1.0, 0.0]]
    assert other_z.tolist() == [[0.0, 1.0]]


def test_standardize_uses_the_training_statistics_only():
    # train 0, 4, 8: mean 4, population std sqrt(32/3); other 12 -> 8 / sqrt(32/3)
    _, other_z = sol.ch05_standardize(np.array([[0.0], [4.0], [8.0]]), np.array([[4.0], [12.0]]))
    assert other_z[0, 0] == 0.0
    assert other_z[1, 0] == pytest.approx(8 / math.sqrt(32 / 3), rel=1e-6)


def test_standardize_rejects_mismatched_columns():
    with pytest.raises(ValueError, match="same number of columns"):
        sol.ch05_standardize(np.zeros((3, 2)), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="no rows"):
        sol.ch05_standardize(np.zeros((0, 2)), np.zeros((1, 2)))
