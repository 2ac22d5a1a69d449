"""Chapter 03's reference solutions (NumPy), checked against values worked out by hand."""
import math

import numpy as np
import pytest

from utils import solutions as sol


# ---- ch03_sigmoid_backward -----------------------------------------------------------------
def test_sigmoid_backward_by_hand():
    # sigmoid(0) = 0.5, slope 0.25; sigmoid(ln 3) = 0.75, slope 0.75 * 0.25 = 0.1875.
    inputs = np.array([[0.0, math.log(3)], [0.0, -math.log(3)]])
    output_grad = np.array([[2.0, 1.0], [-4.0, 8.0]])
    got = sol.ch03_sigmoid_backward(inputs, output_grad)
    assert got.shape == (2, 2) and got.dtype == np.float64
    np.testing.assert_allclose(got, [[0.5, 0.1875], [-1.0, 1.5]], atol=1e-12)


def test_sigmoid_backward_is_tiny_where_the_sigmoid_saturates():
    got = sol.ch03_sigmoid_backward(np.array([50.0, -50.0]), np.array([1.0, 1.0]))
    assert np.all(np.abs(got) < 1e-20)


def test_sigmoid_backward_rejects_bad_inputs():
    with pytest.raises(ValueError, match="same shape"):
        sol.ch03_sigmoid_backward(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(TypeError, match="floats"):
        sol.ch03_sigmoid_backward(np.array([1, 2]), np.array([1.0, 1.0]))


# ---- ch03_tanh_forward_backward ------------------------------------------------------------
def test_tanh_forward_backward_by_hand():
    # tanh(0) = 0 with slope 1; tanh(atanh(0.5)) = 0.5 with slope 1 - 0.25 = 0.75.
    inputs = np.array([[0.0, math.atanh(0.5), -math.atanh(0.5)]])
    outputs, input_grad = sol.ch03_tanh_forward_backward(inputs, np.array([[3.0, 4.0, -2.0]]))
    np.testing.assert_allclose(outputs, [[0.0, 0.5, -0.5]], atol=1e-12)
    np.testing.assert_allclose(input_grad, [[3.0, 3.0, -1.5]], atol=1e-12)


def test_tanh_forward_backward_rejects_bad_inputs():
    with pytest.raises(ValueError, match="same shape"):
        sol.ch03_tanh_forward_backward(np.zeros(3), np.zeros(4))


# ---- ch03_softmax_cross_entropy ------------------------------------------------------------
def test_softmax_cross_entropy_of_equal_scores_is_log_k():
    targets = np.array([[1.0, 0, 0, 0], [0, 0, 1.0, 0]])
    loss, grad = sol.ch03_softmax_cross_entropy(np.zeros((2, 4)), targets)
    assert isinstance(loss, float) and loss == pytest.approx(math.log(4))
    np.testing.assert_allclose(grad, (0.25 - targets) / 2, atol=1e-12)


def test_softmax_cross_entropy_by_hand():
    # scores (0, ln 3) give probabilities (0.25, 0.75); the target is the second class.
    loss, grad = sol.ch03_softmax_cross_entropy(np.array([[0.0, math.log(3)]]), np.array([[0.0, 1.0]]))
    assert loss == pytest.approx(-math.log(0.75))
    np.testing.assert_allclose(grad, [[0.25, -0.25]], atol=1e-12)


def test_softmax_cross_entropy_is_stable_for_huge_scores():
    loss, grad = sol.ch03_softmax_cross_entropy(np.array([[1000.0, 0.0], [0.0, 1000.0]]),
                                                np.array([[1.0, 0.0], [1.0, 0.0]]))
    assert np.isfinite(loss) and loss == pytest.approx(500.0)  # one right (0), one wrong by 1000
    np.testing.assert_allclose(grad, [[0.0, 0.0], [-0.5, 0.5]], atol=1e-12)


def test_softmax_cross_entropy_rejects_bad_inputs():
    with pytest.raises(ValueError, match="same shape"):
        sol.ch03_softmax_cross_entropy(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"\(N, K\)"):
        sol.ch03_softmax_cross_entropy(np.zeros(3), np.zeros(3))


# ---- ch03_momentum_step --------------------------------------------------------------------
def test_momentum_step_by_hand_and_leaves_its_inputs_alone():
    param, grad, velocity = np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([1.0, 1.0])
    new_param, new_velocity = sol.ch03_momentum_step(param, grad, velocity, lr=0.1, momentum=0.9)
    np.testing.assert_allclose(new_velocity, [1.4, -0.1], atol=1e-12)  # 0.9 * 1 + 0.5, 0.9 * 1 - 1
    np.testing.assert_allclose(new_param, [0.86, 2.01], atol=1e-12)    # 1 - 0.14, 2 + 0.01
    np.testing.assert_array_equal(param, [1.0, 2.0])
    np.testing.assert_array_equal(velocity, [1.0, 1.0])


def test_momentum_step_without_momentum_is_plain_sgd():
    new_param, _ = sol.ch03_momentum_step(np.ones((2, 2)), np.full((2, 2), 3.0), np.full((2, 2), 7.0),
                                          lr=0.5, momentum=0.0)
    np.testing.assert_allclose(new_param, np.full((2, 2), -0.5))


def test_momentum_step_rejects_bad_inputs():
    with pytest.raises(ValueError, match="same shape"):
        sol.ch03_momentum_step(np.zeros(2), np.zeros(3), np.zeros(2), 0.1, 0.9)
    with pytest.raises(ValueError, match="momentum"):
        sol.ch03_momentum_step(np.zeros(2), np.zeros(2), np.zeros(2), 0.1, 1.5)


# ---- ch03_decayed_lr -----------------------------------------------------------------------
def test_linear_decay_by_hand():
    assert sol.ch03_decayed_lr(0.1, 0.01, 0, 10, "linear") == pytest.approx(0.1)
    assert sol.ch03_decayed_lr(0.1, 0.01, 3, 10, "linear") == pytest.approx(0.07)  # 0.1 - 3/9 * 0.09
    assert sol.ch03_decayed_lr(0.1, 0.01, 9, 10, "linear") == pytest.approx(0.01)


def test_exponential_decay_by_hand():
    assert sol.ch03_decayed_lr(0.4, 0.004, 1, 3, "exponential") == pytest.approx(0.04)  # 0.4 * 0.01 ** 0.5
    assert sol.ch03_decayed_lr(0.4, 0.004, 2, 3, "exponential") == pytest.approx(0.004)
    assert sol.ch03_decayed_lr(0.4, 0.004, 0, 1, "exponential") == pytest.approx(0.4)  # one epoch: first_lr


def test_decayed_lr_rejects_bad_inputs():
    with pytest.raises(ValueError, match="kind"):
        sol.ch03_decayed_lr(0.1, 0.01, 0, 10, "cosine")
    with pytest.raises(ValueError, match="epoch"):
        sol.ch03_decayed_lr(0.1, 0.01, 10, 10, "linear")
    with pytest.raises(ValueError, match="positive"):
        sol.ch03_decayed_lr(0.1, 0.0, 0, 10, "exponential")
