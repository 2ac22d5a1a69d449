"""Chapter 08's reference solutions, checked against values worked out by hand."""
import math

import pytest
import torch

from utils import solutions as sol


# ---- ch08_softmax --------------------------------------------------------------------------
def test_softmax_by_hand():
    # exp(0), exp(ln 2), exp(ln 3) = 1, 2, 3: the probabilities are 1/6, 2/6, 3/6.
    logits = torch.tensor([[0.0, math.log(2), math.log(3)]], dtype=torch.float64)
    probs = sol.ch08_softmax(logits)
    assert probs.dtype == torch.float64 and probs.shape == (1, 3)
    assert torch.allclose(probs, torch.tensor([[1 / 6, 2 / 6, 3 / 6]], dtype=torch.float64))


def test_softmax_ignores_a_shift_and_survives_huge_scores():
    # adding 1000 to every score changes nothing, and exp(1000) must not overflow to inf/inf = NaN
    probs = sol.ch08_softmax(torch.tensor([[1000.0, 1000.0], [0.0, 0.0], [1000.0, 0.0]]))
    assert torch.allclose(probs, torch.tensor([[0.5, 0.5], [0.5, 0.5], [1.0, 0.0]]))
    assert torch.isfinite(probs).all()


def test_softmax_rows_sum_to_one_on_a_batch_of_any_rank():
    probs = sol.ch08_softmax(torch.linspace(-3, 3, 24).reshape(2, 3, 4))
    assert torch.allclose(probs.sum(-1), torch.ones(2, 3))


def test_softmax_rejects_integers():
    with pytest.raises(TypeError, match="float tensor"):
        sol.ch08_softmax(torch.tensor([[1, 2, 3]]))


# ---- ch08_cross_entropy --------------------------------------------------------------------
def test_cross_entropy_by_hand():
    # two equal scores: probability 1/2 whatever the target, so the loss is ln 2
    even = sol.ch08_cross_entropy(torch.zeros(1, 2), torch.tensor([0]))
    assert even.item() == pytest.approx(math.log(2))
    # scores (0, ln 3): probabilities 1/4 and 3/4; targets 1 then 0 -> (-ln 0.75 - ln 0.25) / 2
    logits = torch.tensor([[0.0, math.log(3)], [0.0, math.log(3)]], dtype=torch.float64)
    loss = sol.ch08_cross_entropy(logits, torch.tensor([1, 0]))
    assert loss.shape == () and loss.item() == pytest.approx((-math.log(0.75) - math.log(0.25)) / 2)


def test_cross_entropy_is_stable_for_large_scores():
    loss = sol.ch08_cross_entropy(torch.tensor([[1000.0, 0.0]]), torch.tensor([1]))
    assert loss.item() == pytest.approx(1000.0)


def test_cross_entropy_has_the_softmax_gradient():
    # d loss / d logits = softmax - one_hot: at (0, 0) with target 0 that is (-1/2, 1/2)
    logits = torch.zeros(1, 2, requires_grad=True)
    sol.ch08_cross_entropy(logits, torch.tensor([0])).backward()
    assert torch.allclose(logits.grad, torch.tensor([[-0.5, 0.5]]))


def test_cross_entropy_rejects_bad_targets():
    with pytest.raises(ValueError, match="int64"):
        sol.ch08_cross_entropy(torch.zeros(2, 3), torch.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        sol.ch08_cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1, 2]))
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        sol.ch08_cross_entropy(torch.zeros(2, 3), torch.tensor([0, 3]))
    with pytest.raises(ValueError, match=r"\(N, C\)"):
        sol.ch08_cross_entropy(torch.zeros(3), torch.tensor([0, 1, 2]))


# ---- ch08_accuracy_multi -------------------------------------------------------------------
def test_accuracy_multi_by_hand():
    # sigmoid(2) = 0.88, sigmoid(-2) = 0.12, sigmoid(0.5) = 0.62: predictions 1 0 1 / 0 0 1
    logits = torch.tensor([[2.0, -2.0, 0.5], [-2.0, -2.0, 2.0]])
    targets = torch.tensor([[1, 0, 0], [0, 1, 1]])
    assert sol.ch08_accuracy_multi(logits, targets).item() == pytest.approx(4 / 6)
    # a threshold of 0.7 drops the 0.62: now 1 0 0 / 0 0 1, five of six right
    assert sol.ch08_accuracy_multi(logits, targets, thresh=0.7).item() == pytest.approx(5 / 6)


def test_accuracy_multi_on_probabilities():
    probs = torch.tensor([[0.9, 0.2], [0.4, 0.6]])
    targets = torch.tensor([[1.0, 1.0], [0.0, 1.0]])
    assert sol.ch08_accuracy_multi(probs, targets, sigmoid=False).item() == pytest.approx(3 / 4)


def test_accuracy_multi_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        sol.ch08_accuracy_multi(torch.zeros(2, 3), torch.zeros(2, 2))


# ---- ch08_scale_points ---------------------------------------------------------------------
def test_scale_points_by_hand():
    # a 64 x 48 image (width 64, height 48): corners go to -1 and 1, the centre to 0
    points = torch.tensor([[0.0, 0.0], [64.0, 48.0], [32.0, 24.0], [16.0, 36.0]])
    scaled = sol.ch08_scale_points(points, (64, 48))
    assert scaled.dtype == torch.float32
    assert torch.allclose(scaled, torch.tensor([[-1.0, -1.0], [1.0, 1.0], [0.0, 0.0], [-0.5, 0.5]]))


def test_scale_points_takes_integers_and_lists():
    scaled = sol.ch08_scale_points([[14, 50]], (64, 64))
    assert torch.allclose(scaled, torch.tensor([[14 / 32 - 1, 50 / 32 - 1]]))


def test_scale_points_rejects_bad_shapes_and_sizes():
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        sol.ch08_scale_points(torch.zeros(3), (64, 64))
    with pytest.raises(ValueError, match="width, height"):
        sol.ch08_scale_points(torch.zeros(1, 2), (64, 0))
