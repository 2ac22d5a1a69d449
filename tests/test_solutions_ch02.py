"""Chapter 02's reference solutions, checked against values worked out by hand."""
import math

import pytest
import torch

from utils.solutions import ch02
from wrong_solutions import rejected


# ---- numerical_grad -------------------------------------------------------------------
def test_numerical_grad_of_a_sum_of_squares_is_twice_x():
    x = torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64)
    grad = ch02.numerical_grad(lambda t: (t ** 2).sum(), x)
    assert grad.shape == x.shape and grad.dtype == torch.float64
    assert torch.allclose(grad, torch.tensor([2.0, -4.0, 6.0], dtype=torch.float64), atol=1e-8)


def test_numerical_grad_uses_central_not_forward_differences():
    # x**3 at 2 with eps 0.1: central (2.1**3 - 1.9**3) / 0.2 = 12.01; forward would give 12.61.
    grad = ch02.numerical_grad(lambda t: (t ** 3).sum(), torch.tensor(2.0, dtype=torch.float64), eps=0.1)
    assert grad.shape == () and grad.item() == pytest.approx(12.01, abs=1e-9)


def test_numerical_grad_of_a_matrix_point_leaves_the_point_alone():
    # f(W) = W[0, 0] * W[1, 1] + 3 * W[0, 1]: the gradient is [[W11, 3], [0, W00]] = [[4, 3], [0, 2]].
    w = torch.tensor([[2.0, 5.0], [7.0, 4.0]], dtype=torch.float64)
    before = w.clone()
    grad = ch02.numerical_grad(lambda t: t[0, 0] * t[1, 1] + 3 * t[0, 1], w)
    assert torch.allclose(grad, torch.tensor([[4.0, 3.0], [0.0, 2.0]], dtype=torch.float64), atol=1e-8)
    assert torch.equal(w, before)


def test_numerical_grad_rejects_integers_and_a_bad_step():
    with pytest.raises(TypeError, match="floats"):
        ch02.numerical_grad(lambda t: t.sum(), torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="positive"):
        ch02.numerical_grad(lambda t: t.sum(), torch.tensor([1.0]), eps=0.0)


# ---- mnist_loss -----------------------------------------------------------------------
def test_mnist_loss_by_hand():
    # sigmoid(0) = 0.5 whatever the target: loss 0.5.
    zero = ch02.mnist_loss(torch.zeros(2, 1), torch.tensor([[1.0], [0.0]]))
    assert zero.item() == pytest.approx(0.5)
    # sigmoid(ln 3) = 0.75 and sigmoid(-ln 3) = 0.25.
    scores = torch.tensor([[math.log(3)], [-math.log(3)], [math.log(3)]], dtype=torch.float64)
    right = ch02.mnist_loss(scores[:2], torch.tensor([[1.0], [0.0]], dtype=torch.float64))
    assert right.item() == pytest.approx(0.25)  # both confident and right: 1 - 0.75 and 0.25
    mixed = ch02.mnist_loss(scores, torch.tensor([[1.0], [0.0], [0.0]], dtype=torch.float64))
    assert mixed.item() == pytest.approx((0.25 + 0.25 + 0.75) / 3)


def test_mnist_loss_has_a_gradient():
    scores = torch.zeros(1, 1, requires_grad=True)
    ch02.mnist_loss(scores, torch.ones(1, 1)).backward()
    # d/ds (1 - sigmoid(s)) at 0 = -sigmoid(0) * (1 - sigmoid(0)) = -0.25
    assert scores.grad.item() == pytest.approx(-0.25)


def test_mnist_loss_refuses_shapes_that_would_broadcast():
    with pytest.raises(ValueError, match="same shape"):
        ch02.mnist_loss(torch.zeros(4, 1), torch.zeros(4))


# ---- batch_accuracy -------------------------------------------------------------------
def test_batch_accuracy_by_hand():
    scores = torch.tensor([[2.0], [-1.0], [0.5], [-3.0]])
    targets = torch.tensor([[1.0], [1.0], [0.0], [0.0]])
    # right, wrong, wrong, right
    assert ch02.batch_accuracy(scores, targets).item() == pytest.approx(0.5)
    # a score of exactly 0 is not above 0: it says "7"
    assert ch02.batch_accuracy(torch.zeros(1, 1), torch.zeros(1, 1)).item() == 1.0
    assert ch02.batch_accuracy(torch.zeros(1, 1), torch.ones(1, 1)).item() == 0.0


def test_batch_accuracy_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        ch02.batch_accuracy(torch.zeros(3), torch.zeros(3, 1))


# ---- sgd_step -------------------------------------------------------------------------
def test_sgd_step_by_hand_without_and_with_momentum():
    p, g = torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0])
    (new_p,), (new_v,) = ch02.sgd_step([p], [g], lr=0.1)
    assert torch.allclose(new_p, torch.tensor([0.95, 2.1])) and torch.allclose(new_v, g)
    # v = 0.9 * [1, 1] + [0.5, -1] = [1.4, -0.1];  p = [1, 2] - 0.1 * v = [0.86, 2.01]
    (new_p,), (new_v,) = ch02.sgd_step([p], [g], lr=0.1, momentum=0.9, velocities=[torch.ones(2)])
    assert torch.allclose(new_v, torch.tensor([1.4, -0.1]))
    assert torch.allclose(new_p, torch.tensor([0.86, 2.01]))
    assert torch.equal(p, torch.tensor([1.0, 2.0]))  # the input is left alone


def test_sgd_step_matches_torch_optim_sgd_over_three_steps():
    torch.manual_seed(0)
    start = [torch.randn(3, 2), torch.randn(2)]
    grads = [[torch.randn(3, 2), torch.randn(2)] for _ in range(3)]
    ours, velocities = [t.clone() for t in start], None
    theirs = [t.clone().requires_grad_() for t in start]
    opt = torch.optim.SGD(theirs, lr=0.05, momentum=0.8)
    for step in grads:
        ours, velocities = ch02.sgd_step(ours, step, lr=0.05, momentum=0.8, velocities=velocities)
        for t, g in zip(theirs, step):
            t.grad = g.clone()
        opt.step()
    for a, b in zip(ours, theirs):
        assert torch.allclose(a, b.detach(), atol=1e-6)


def test_sgd_step_refuses_mismatched_lists():
    with pytest.raises(ValueError, match="one of each"):
        ch02.sgd_step([torch.zeros(2)], [], lr=0.1)


def test_mnist_loss_keeps_float64():
    out = ch02.mnist_loss(torch.zeros(2, 1, dtype=torch.float64), torch.ones(2, 1, dtype=torch.float64))
    assert out.shape == () and out.dtype == torch.float64 and out.item() == 0.5


def test_numerical_grad_accepts_a_function_that_returns_a_python_float():
    grad = ch02.numerical_grad(lambda t: float(t[0]) * float(t[1]), torch.tensor([3.0, 5.0], dtype=torch.float64))
    assert torch.allclose(grad, torch.tensor([5.0, 3.0], dtype=torch.float64), atol=1e-8)


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def numerical_grad_forward_difference(f, x, eps=1e-4):  # (f(x + eps) - f(x)) / eps: error of order eps
    point, grad = x.detach().clone(), torch.zeros_like(x)
    base = float(f(point))
    for i in range(point.numel()):
        point.view(-1)[i] += eps
        grad.view(-1)[i] = (float(f(point)) - base) / eps
        point.view(-1)[i] -= eps
    return grad


def numerical_grad_edits_x_in_place(f, x, eps=1e-4):  # nudges x itself and never puts the entries back
    flat, grad = x.view(-1), torch.zeros_like(x)
    for i in range(flat.numel()):
        flat[i] += eps
        above = float(f(x))
        flat[i] -= 2 * eps
        below = float(f(x))
        grad.view(-1)[i] = (above - below) / (2 * eps)
    return grad


def numerical_grad_float32(f, x, eps=1e-4):  # torch.zeros(x.shape) is float32 whatever x is
    point, grad = x.detach().clone(), torch.zeros(x.shape)
    for i in range(point.numel()):
        original = point.view(-1)[i].item()
        point.view(-1)[i] = original + eps
        above = float(f(point))
        point.view(-1)[i] = original - eps
        below = float(f(point))
        point.view(-1)[i] = original
        grad.view(-1)[i] = (above - below) / (2 * eps)
    return grad


def numerical_grad_flat(f, x, eps=1e-4):  # right numbers, but a flat vector for a matrix or 0-d point
    return ch02.numerical_grad(f, x, eps).reshape(-1)


def numerical_grad_all_entries_at_once(f, x, eps=1e-4):  # nudges every entry together: a directional slope
    slope = (float(f(x + eps)) - float(f(x - eps))) / (2 * eps)
    return torch.full_like(x, slope)


def mnist_loss_swapped(predictions, targets):  # charges p where the target is 1 and 1 - p where it is 0
    p = torch.sigmoid(predictions)
    return torch.where(targets == 1, p, 1 - p).mean()


def mnist_loss_without_sigmoid(predictions, targets):  # raw scores are not probabilities
    return torch.where(targets == 1, 1 - predictions, predictions).mean()


def mnist_loss_as_float(predictions, targets):  # .item(): a Python float has no gradient
    p = torch.sigmoid(predictions)
    return torch.where(targets == 1, 1 - p, p).mean().item()


def mnist_loss_no_shape_check(predictions, targets):  # (N, 1) against (N,) broadcasts to (N, N) silently
    p = torch.sigmoid(predictions)
    return torch.where(targets == 1, 1 - p, p).mean()


def mnist_loss_float32(predictions, targets):  # .float() turns float64 scores into float32
    p = torch.sigmoid(predictions.float())
    return torch.where(targets.float() == 1, 1 - p, p).mean()


def batch_accuracy_zero_is_a_3(predictions, targets):  # >= 0: a score of exactly 0 should say "7"
    if predictions.shape != targets.shape:
        raise ValueError("shapes differ")
    return ((predictions >= 0) == (targets == 1)).float().mean()


def batch_accuracy_as_float(predictions, targets):  # .item(): a float, not a 0-d tensor
    if predictions.shape != targets.shape:
        raise ValueError("shapes differ")
    return ((predictions > 0) == (targets == 1)).float().mean().item()


def batch_accuracy_counts(predictions, targets):  # the number right, not the share
    if predictions.shape != targets.shape:
        raise ValueError("shapes differ")
    return ((predictions > 0) == (targets == 1)).float().sum()


def batch_accuracy_no_shape_check(predictions, targets):  # (3,) against (3, 1) compares 9 pairs
    return ((predictions > 0) == (targets == 1)).float().mean()


def sgd_step_in_place(params, grads, lr, momentum=0.0, velocities=None):  # what BasicOptim.step does, on the inputs
    if not (len(params) == len(grads) and (velocities is None or len(velocities) == len(params))):
        raise ValueError("one of each per parameter")
    velocities = [torch.zeros_like(p) for p in params] if velocities is None else velocities
    for p, g, v in zip(params, grads, velocities):
        v.mul_(momentum).add_(g)
        p -= lr * v
    return params, velocities


def sgd_step_lr_in_the_velocity(params, grads, lr, momentum=0.0, velocities=None):  # v = mu v + lr g; p = p - v
    if not (len(params) == len(grads) and (velocities is None or len(velocities) == len(params))):
        raise ValueError("one of each per parameter")
    velocities = [torch.zeros_like(p) for p in params] if velocities is None else velocities
    new_v = [momentum * v + lr * g for v, g in zip(velocities, grads)]
    return [p - v for p, v in zip(params, new_v)], new_v


def sgd_step_moves_with_the_old_velocity(params, grads, lr, momentum=0.0, velocities=None):
    if not (len(params) == len(grads) and (velocities is None or len(velocities) == len(params))):
        raise ValueError("one of each per parameter")
    velocities = [torch.zeros_like(p) for p in params] if velocities is None else velocities
    new_params = [p - lr * (v if momentum else g) for p, g, v in zip(params, grads, velocities)]
    return new_params, [momentum * v + g for v, g in zip(velocities, grads)]


def sgd_step_no_length_check(params, grads, lr, momentum=0.0, velocities=None):  # zip drops the extras silently
    velocities = [torch.zeros_like(p) for p in params] if velocities is None else velocities
    new_v = [momentum * v + g for v, g in zip(velocities, grads)]
    return [p - lr * v for p, v in zip(params, new_v)], new_v


WRONG = {
    "numerical_grad": [numerical_grad_forward_difference, numerical_grad_edits_x_in_place, numerical_grad_float32,
                       numerical_grad_flat, numerical_grad_all_entries_at_once],
    "mnist_loss": [mnist_loss_swapped, mnist_loss_without_sigmoid, mnist_loss_as_float, mnist_loss_no_shape_check,
                   mnist_loss_float32],
    "batch_accuracy": [batch_accuracy_zero_is_a_3, batch_accuracy_as_float, batch_accuracy_counts,
                       batch_accuracy_no_shape_check],
    "sgd_step": [sgd_step_in_place, sgd_step_lr_in_the_velocity, sgd_step_moves_with_the_old_velocity,
                 sgd_step_no_length_check],
}
test_checks_reject_wrong_solutions = rejected(ch02, WRONG)
