"""Chapter 03's reference solutions (NumPy), checked against values worked out by hand."""
import math

import numpy as np
import pytest

from utils.solutions import ch03
from wrong_solutions import rejected


# ---- sigmoid_backward -----------------------------------------------------------------
def test_sigmoid_backward_by_hand():
    # sigmoid(0) = 0.5, slope 0.25; sigmoid(ln 3) = 0.75, slope 0.75 * 0.25 = 0.1875.
    inputs = np.array([[0.0, math.log(3)], [0.0, -math.log(3)]])
    output_grad = np.array([[2.0, 1.0], [-4.0, 8.0]])
    got = ch03.sigmoid_backward(inputs, output_grad)
    assert got.shape == (2, 2) and got.dtype == np.float64
    np.testing.assert_allclose(got, [[0.5, 0.1875], [-1.0, 1.5]], atol=1e-12)


def test_sigmoid_backward_is_tiny_where_the_sigmoid_saturates():
    got = ch03.sigmoid_backward(np.array([50.0, -50.0]), np.array([1.0, 1.0]))
    assert np.all(np.abs(got) < 1e-20)


def test_sigmoid_backward_rejects_bad_inputs():
    with pytest.raises(ValueError, match="same shape"):
        ch03.sigmoid_backward(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(TypeError, match="floats"):
        ch03.sigmoid_backward(np.array([1, 2]), np.array([1.0, 1.0]))


# ---- tanh_forward_backward ------------------------------------------------------------
def test_tanh_forward_backward_by_hand():
    # tanh(0) = 0 with slope 1; tanh(atanh(0.5)) = 0.5 with slope 1 - 0.25 = 0.75.
    inputs = np.array([[0.0, math.atanh(0.5), -math.atanh(0.5)]])
    outputs, input_grad = ch03.tanh_forward_backward(inputs, np.array([[3.0, 4.0, -2.0]]))
    np.testing.assert_allclose(outputs, [[0.0, 0.5, -0.5]], atol=1e-12)
    np.testing.assert_allclose(input_grad, [[3.0, 3.0, -1.5]], atol=1e-12)


def test_tanh_forward_backward_rejects_bad_inputs():
    with pytest.raises(ValueError, match="same shape"):
        ch03.tanh_forward_backward(np.zeros(3), np.zeros(4))


# ---- softmax_cross_entropy ------------------------------------------------------------
def test_softmax_cross_entropy_of_equal_scores_is_log_k():
    targets = np.array([[1.0, 0, 0, 0], [0, 0, 1.0, 0]])
    loss, grad = ch03.softmax_cross_entropy(np.zeros((2, 4)), targets)
    assert isinstance(loss, float) and loss == pytest.approx(math.log(4))
    np.testing.assert_allclose(grad, (0.25 - targets) / 2, atol=1e-12)


def test_softmax_cross_entropy_by_hand():
    # scores (0, ln 3) give probabilities (0.25, 0.75); the target is the second class.
    loss, grad = ch03.softmax_cross_entropy(np.array([[0.0, math.log(3)]]), np.array([[0.0, 1.0]]))
    assert loss == pytest.approx(-math.log(0.75))
    np.testing.assert_allclose(grad, [[0.25, -0.25]], atol=1e-12)


def test_softmax_cross_entropy_is_stable_for_huge_scores():
    loss, grad = ch03.softmax_cross_entropy(np.array([[1000.0, 0.0], [0.0, 1000.0]]),
                                                np.array([[1.0, 0.0], [1.0, 0.0]]))
    assert np.isfinite(loss) and loss == pytest.approx(500.0)  # one right (0), one wrong by 1000
    np.testing.assert_allclose(grad, [[0.0, 0.0], [-0.5, 0.5]], atol=1e-12)


def test_softmax_cross_entropy_rejects_bad_inputs():
    with pytest.raises(ValueError, match="same shape"):
        ch03.softmax_cross_entropy(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"\(N, K\)"):
        ch03.softmax_cross_entropy(np.zeros(3), np.zeros(3))


# ---- momentum_step --------------------------------------------------------------------
def test_momentum_step_by_hand_and_leaves_its_inputs_alone():
    param, grad, velocity = np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([1.0, 1.0])
    new_param, new_velocity = ch03.momentum_step(param, grad, velocity, lr=0.1, momentum=0.9)
    np.testing.assert_allclose(new_velocity, [1.4, -0.1], atol=1e-12)  # 0.9 * 1 + 0.5, 0.9 * 1 - 1
    np.testing.assert_allclose(new_param, [0.86, 2.01], atol=1e-12)    # 1 - 0.14, 2 + 0.01
    np.testing.assert_array_equal(param, [1.0, 2.0])
    np.testing.assert_array_equal(velocity, [1.0, 1.0])


def test_momentum_step_without_momentum_is_plain_sgd():
    new_param, _ = ch03.momentum_step(np.ones((2, 2)), np.full((2, 2), 3.0), np.full((2, 2), 7.0),
                                          lr=0.5, momentum=0.0)
    np.testing.assert_allclose(new_param, np.full((2, 2), -0.5))


def test_momentum_step_rejects_bad_inputs():
    with pytest.raises(ValueError, match="same shape"):
        ch03.momentum_step(np.zeros(2), np.zeros(3), np.zeros(2), 0.1, 0.9)
    with pytest.raises(ValueError, match="momentum"):
        ch03.momentum_step(np.zeros(2), np.zeros(2), np.zeros(2), 0.1, 1.5)


# ---- decayed_lr -----------------------------------------------------------------------
def test_linear_decay_by_hand():
    assert ch03.decayed_lr(0.1, 0.01, 0, 10, "linear") == pytest.approx(0.1)
    assert ch03.decayed_lr(0.1, 0.01, 3, 10, "linear") == pytest.approx(0.07)  # 0.1 - 3/9 * 0.09
    assert ch03.decayed_lr(0.1, 0.01, 9, 10, "linear") == pytest.approx(0.01)


def test_exponential_decay_by_hand():
    assert ch03.decayed_lr(0.4, 0.004, 1, 3, "exponential") == pytest.approx(0.04)  # 0.4 * 0.01 ** 0.5
    assert ch03.decayed_lr(0.4, 0.004, 2, 3, "exponential") == pytest.approx(0.004)
    assert ch03.decayed_lr(0.4, 0.004, 0, 1, "exponential") == pytest.approx(0.4)  # one epoch: first_lr


def test_decayed_lr_rejects_bad_inputs():
    with pytest.raises(ValueError, match="kind"):
        ch03.decayed_lr(0.1, 0.01, 0, 10, "cosine")
    with pytest.raises(ValueError, match="epoch"):
        ch03.decayed_lr(0.1, 0.01, 10, 10, "linear")
    with pytest.raises(ValueError, match="positive"):
        ch03.decayed_lr(0.1, 0.0, 0, 10, "exponential")


def test_softmax_cross_entropy_logs_a_probability_that_rounds_to_zero():
    # scores (0, -1000) with the target on the second: softmax gives it e^-1000, which is 0.0 in float64,
    # yet the loss is 1000 + log(1 + e^-1000), about 1000
    loss, grad = ch03.softmax_cross_entropy(np.array([[0.0, -1000.0]]), np.array([[0.0, 1.0]]))
    assert loss == pytest.approx(1000.0)
    np.testing.assert_allclose(grad, [[1.0, -1.0]], atol=1e-12)


def test_decayed_lr_can_rise_and_rejects_negative_epochs():
    assert ch03.decayed_lr(0.01, 0.1, 2, 5, "linear") == pytest.approx(0.055)  # halfway from 0.01 to 0.1
    with pytest.raises(ValueError, match="epoch"):
        ch03.decayed_lr(0.1, 0.01, -1, 10, "linear")


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_backward_on_the_inputs(inputs, output_grad):  # x (1 - x) with the inputs instead of s (1 - s)
    return output_grad * inputs * (1 - inputs)


def sigmoid_backward_forgets_output_grad(inputs, output_grad):  # the local slope alone: no chain rule
    s = _sigmoid(inputs)
    return s * (1 - s)


def sigmoid_backward_in_place(inputs, output_grad):  # *= writes into the caller's output_grad
    s = _sigmoid(inputs)
    output_grad *= s * (1 - s)
    return output_grad


def sigmoid_backward_with_torch(inputs, output_grad):  # right numbers, but a torch tensor
    import torch

    s = torch.sigmoid(torch.from_numpy(inputs))
    return torch.from_numpy(output_grad) * s * (1 - s)


def tanh_slope_on_the_inputs(inputs, output_grad):  # 1 - x**2 instead of 1 - tanh(x)**2
    return np.tanh(inputs), output_grad * (1 - inputs ** 2)


def tanh_forgets_output_grad(inputs, output_grad):
    outputs = np.tanh(inputs)
    return outputs, 1 - outputs ** 2


def tanh_pair_swapped(inputs, output_grad):  # (input_grad, outputs)
    outputs = np.tanh(inputs)
    return output_grad * (1 - outputs ** 2), outputs


def softmax_ce_unstable(logits, targets):  # exp(1000) is inf: the loss and gradient turn into NaN
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        return float(-(targets * np.log(p)).sum() / len(logits)), (p - targets) / len(logits)


def softmax_ce_log_of_softmax(logits, targets):  # shifted, but log(p) of a p that rounds to 0 is -inf
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        loss = float(-(targets * np.log(p)).sum() / len(logits))
    return loss, (p - targets) / len(logits)


def softmax_ce_grad_not_averaged(logits, targets):  # the gradient of the sum, not of the mean
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-(targets * log_p).sum() / len(logits)), np.exp(log_p) - targets


def softmax_ce_loss_summed(logits, targets):  # the loss summed over the rows, not averaged
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-(targets * log_p).sum()), (np.exp(log_p) - targets) / len(logits)


def softmax_ce_loss_as_array(logits, targets):  # a (1,)-shaped array, not a float
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(targets * log_p).sum(axis=1, keepdims=True).mean(axis=0), (np.exp(log_p) - targets) / len(logits)


def momentum_step_in_place(param, grad, velocity, lr, momentum):  # what an optimizer does, on the caller's arrays
    velocity *= momentum
    velocity += grad
    param -= lr * velocity
    return param, velocity


def momentum_step_lr_in_the_velocity(param, grad, velocity, lr, momentum):  # v = mu v + lr g; p = p - v
    new_velocity = momentum * velocity + lr * grad
    return param - new_velocity, new_velocity


def momentum_step_old_velocity(param, grad, velocity, lr, momentum):  # steps with the previous velocity
    return param - lr * velocity, momentum * velocity + grad


def decayed_lr_t_over_epochs(first_lr, final_lr, epoch, epochs, kind):  # t = epoch / epochs: never reaches final_lr
    if kind not in ("linear", "exponential") or not 0 <= epoch < epochs:
        raise ValueError("bad kind or epoch")
    t = epoch / epochs
    return first_lr + t * (final_lr - first_lr) if kind == "linear" else first_lr * (final_lr / first_lr) ** t


def decayed_lr_divides_by_zero(first_lr, final_lr, epoch, epochs, kind):  # one epoch: 0 / 0
    if kind not in ("linear", "exponential") or not 0 <= epoch < epochs:
        raise ValueError("bad kind or epoch")
    t = epoch / (epochs - 1)
    return first_lr + t * (final_lr - first_lr) if kind == "linear" else first_lr * (final_lr / first_lr) ** t


def decayed_lr_any_other_kind_is_exponential(first_lr, final_lr, epoch, epochs, kind):  # "cosine" goes through
    if not 0 <= epoch < epochs:
        raise ValueError("bad epoch")
    t = epoch / (epochs - 1) if epochs > 1 else 0.0
    return first_lr + t * (final_lr - first_lr) if kind == "linear" else first_lr * (final_lr / first_lr) ** t


def decayed_lr_no_epoch_check(first_lr, final_lr, epoch, epochs, kind):  # epoch 10 of 10 goes past final_lr
    if kind not in ("linear", "exponential"):
        raise ValueError("bad kind")
    t = epoch / (epochs - 1) if epochs > 1 else 0.0
    return first_lr + t * (final_lr - first_lr) if kind == "linear" else first_lr * (final_lr / first_lr) ** t


def decayed_lr_exponent_is_the_epoch(first_lr, final_lr, epoch, epochs, kind):  # ratio ** epoch, not ** t
    if kind not in ("linear", "exponential") or not 0 <= epoch < epochs:
        raise ValueError("bad kind or epoch")
    t = epoch / (epochs - 1) if epochs > 1 else 0.0
    return first_lr + t * (final_lr - first_lr) if kind == "linear" else first_lr * (final_lr / first_lr) ** epoch


WRONG = {
    "sigmoid_backward": [sigmoid_backward_on_the_inputs, sigmoid_backward_forgets_output_grad,
                         sigmoid_backward_in_place, sigmoid_backward_with_torch],
    "tanh_forward_backward": [tanh_slope_on_the_inputs, tanh_forgets_output_grad, tanh_pair_swapped],
    "softmax_cross_entropy": [softmax_ce_unstable, softmax_ce_log_of_softmax, softmax_ce_grad_not_averaged,
                              softmax_ce_loss_summed, softmax_ce_loss_as_array],
    "momentum_step": [momentum_step_in_place, momentum_step_lr_in_the_velocity, momentum_step_old_velocity],
    "decayed_lr": [decayed_lr_t_over_epochs, decayed_lr_divides_by_zero, decayed_lr_any_other_kind_is_exponential,
                   decayed_lr_no_epoch_check, decayed_lr_exponent_is_the_epoch],
}
test_checks_reject_wrong_solutions = rejected(ch03, WRONG)
