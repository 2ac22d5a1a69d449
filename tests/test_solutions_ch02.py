"""Chapter 02's reference solutions, checked against values worked out by hand."""
import math

import pytest
import torch

from utils import solutions as sol


# ---- ch02_numerical_grad -------------------------------------------------------------------
def test_numerical_grad_of_a_sum_of_squares_is_twice_x():
    x = torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64)
    grad = sol.ch02_numerical_grad(lambda t: (t ** 2).sum(), x)
    assert grad.shape == x.shape and grad.dtype == torch.float64
    assert torch.allclose(grad, torch.tensor([2.0, -4.0, 6.0], dtype=torch.float64), atol=1e-8)


def test_numerical_grad_uses_central_not_forward_differences():
    # x**3 at 2 with eps 0.1: central (2.1**3 - 1.9**3) / 0.2 = 12.01; forward would give 12.61.
    grad = sol.ch02_numerical_grad(lambda t: (t ** 3).sum(), torch.tensor(2.0, dtype=torch.float64), eps=0.1)
    assert grad.shape == () and grad.item() == pytest.approx(12.01, abs=1e-9)


def test_numerical_grad_of_a_matrix_point_leaves_the_point_alone():
    # f(W) = W[0, 0] * W[1, 1] + 3 * W[0, 1]: the gradient is [[W11, 3], [0, W00]] = [[4, 3], [0, 2]].
    w = torch.tensor([[2.0, 5.0], [7.0, 4.0]], dtype=torch.float64)
    before = w.clone()
    grad = sol.ch02_numerical_grad(lambda t: t[0, 0] * t[1, 1] + 3 * t[0, 1], w)
    assert torch.allclose(grad, torch.tensor([[4.0, 3.0], [0.0, 2.0]], dtype=torch.float64), atol=1e-8)
    assert torch.equal(w, before)


def test_numerical_grad_rejects_integers_and_a_bad_step():
    with pytest.raises(TypeError, match="floats"):
        sol.ch02_numerical_grad(lambda t: t.sum(), torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="positive"):
        sol.ch02_numerical_grad(lambda t: t.sum(), torch.tensor([1.0]), eps=0.0)


# ---- ch02_mnist_loss -----------------------------------------------------------------------
def test_mnist_loss_by_hand():
    # sigmoid(0) = 0.5 whatever the target: loss 0.5.
    zero = sol.ch02_mnist_loss(torch.zeros(2, 1), torch.tensor([[1.0], [0.0]]))
    assert zero.item() == pytest.approx(0.5)
    # sigmoid(ln 3) = 0.75 and sigmoid(-ln 3) = 0.25.
    scores = torch.tensor([[math.log(3)], [-math.log(3)], [math.log(3)]], dtype=torch.float64)
    right = sol.ch02_mnist_loss(scores[:2], torch.tensor([[1.0], [0.0]], dtype=torch.float64))
    assert right.item() == pytest.approx(0.25)  # both confident and right: 1 - 0.75 and 0.25
    mixed = sol.ch02_mnist_loss(scores, torch.tensor([[1.0], [0.0], [0.0]], dtype=torch.float64))
    assert mixed.item() == pytest.approx((0.25 + 0.25 + 0.75) / 3)


def test_mnist_loss_has_a_gradient():
    scores = torch.zeros(1, 1, requires_grad=True)
    sol.ch02_mnist_loss(scores, torch.ones(1, 1)).backward()
    # d/ds (1 - sigmoid(s)) at 0 = -sigmoid(0) * (1 - sigmoid(0)) = -0.25
    assert scores.grad.item() == pytest.approx(-0.25)


def test_mnist_loss_refuses_shapes_that_would_broadcast():
    with pytest.raises(ValueError, match="same shape"):
        sol.ch02_mnist_loss(torch.zeros(4, 1), torch.zeros(4))


# ---- ch02_batch_accuracy -------------------------------------------------------------------
def test_batch_accuracy_by_hand():
    scores = torch.tensor([[2.0], [-1.0], [0.5], [-3.0]])
    targets = torch.tensor([[1.0], [1.0], [0.0], [0.0]])
    # right, wrong, wrong, right
    assert sol.ch02_batch_accuracy(scores, targets).item() == pytest.approx(0.5)
    # a score of exactly 0 is not above 0: it says "7"
    assert sol.ch02_batch_accuracy(torch.zeros(1, 1), torch.zeros(1, 1)).item() == 1.0
    assert sol.ch02_batch_accuracy(torch.zeros(1, 1), torch.ones(1, 1)).item() == 0.0


def test_batch_accuracy_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        sol.ch02_batch_accuracy(torch.zeros(3), torch.zeros(3, 1))


# ---- ch02_sgd_step -------------------------------------------------------------------------
def test_sgd_step_by_hand_without_and_with_momentum():
    p, g = torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0])
    (new_p,), (new_v,) = sol.ch02_sgd_step([p], [g], lr=0.1)
    assert torch.allclose(new_p, torch.tensor([0.95, 2.1])) and torch.allclose(new_v, g)
    # v = 0.9 * [1, 1] + [0.5, -1] = [1.4, -0.1];  p = [1, 2] - 0.1 * v = [0.86, 2.01]
    (new_p,), (new_v,) = sol.ch02_sgd_step([p], [g], lr=0.1, momentum=0.9, velocities=[torch.ones(2)])
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
        ours, velocities = sol.ch02_sgd_step(ours, step, lr=0.05, momentum=0.8, velocities=velocities)
        for t, g in zip(theirs, step):
            t.grad = g.clone()
        opt.step()
    for a, b in zip(ours, theirs):
        assert torch.allclose(a, b.detach(), atol=1e-6)


def test_sgd_step_refuses_mismatched_lists():
    with pytest.raises(ValueError, match="one of each"):
        sol.ch02_sgd_step([torch.zeros(2)], [], lr=0.1)
