"""Chapter 08's reference solutions, checked against values worked out by hand."""
import math

import pytest
import torch

from utils.solutions import ch08
from wrong_solutions import rejected


# ---- softmax --------------------------------------------------------------------------
def test_softmax_by_hand():
    # exp(0), exp(ln 2), exp(ln 3) = 1, 2, 3: the probabilities are 1/6, 2/6, 3/6.
    logits = torch.tensor([[0.0, math.log(2), math.log(3)]], dtype=torch.float64)
    probs = ch08.softmax(logits)
    assert probs.dtype == torch.float64 and probs.shape == (1, 3)
    assert torch.allclose(probs, torch.tensor([[1 / 6, 2 / 6, 3 / 6]], dtype=torch.float64))


def test_softmax_ignores_a_shift_and_survives_huge_scores():
    # adding 1000 to every score changes nothing, and exp(1000) must not overflow to inf/inf = NaN
    probs = ch08.softmax(torch.tensor([[1000.0, 1000.0], [0.0, 0.0], [1000.0, 0.0]]))
    assert torch.allclose(probs, torch.tensor([[0.5, 0.5], [0.5, 0.5], [1.0, 0.0]]))
    assert torch.isfinite(probs).all()


def test_softmax_rows_sum_to_one_on_a_batch_of_any_rank():
    probs = ch08.softmax(torch.linspace(-3, 3, 24).reshape(2, 3, 4))
    assert torch.allclose(probs.sum(-1), torch.ones(2, 3))


def test_softmax_rejects_integers():
    with pytest.raises(TypeError, match="float tensor"):
        ch08.softmax(torch.tensor([[1, 2, 3]]))


# ---- cross_entropy --------------------------------------------------------------------
def test_cross_entropy_by_hand():
    # two equal scores: probability 1/2 whatever the target, so the loss is ln 2
    even = ch08.cross_entropy(torch.zeros(1, 2), torch.tensor([0]))
    assert even.item() == pytest.approx(math.log(2))
    # scores (0, ln 3): probabilities 1/4 and 3/4; targets 1 then 0 -> (-ln 0.75 - ln 0.25) / 2
    logits = torch.tensor([[0.0, math.log(3)], [0.0, math.log(3)]], dtype=torch.float64)
    loss = ch08.cross_entropy(logits, torch.tensor([1, 0]))
    assert loss.shape == () and loss.item() == pytest.approx((-math.log(0.75) - math.log(0.25)) / 2)


def test_cross_entropy_is_stable_for_large_scores():
    loss = ch08.cross_entropy(torch.tensor([[1000.0, 0.0]]), torch.tensor([1]))
    assert loss.item() == pytest.approx(1000.0)


def test_cross_entropy_has_the_softmax_gradient():
    # d loss / d logits = softmax - one_hot: at (0, 0) with target 0 that is (-1/2, 1/2)
    logits = torch.zeros(1, 2, requires_grad=True)
    ch08.cross_entropy(logits, torch.tensor([0])).backward()
    assert torch.allclose(logits.grad, torch.tensor([[-0.5, 0.5]]))


def test_cross_entropy_rejects_bad_targets():
    with pytest.raises(ValueError, match="int64"):
        ch08.cross_entropy(torch.zeros(2, 3), torch.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        ch08.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1, 2]))
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        ch08.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 3]))
    with pytest.raises(ValueError, match=r"\(N, C\)"):
        ch08.cross_entropy(torch.zeros(3), torch.tensor([0, 1, 2]))


# ---- accuracy_multi -------------------------------------------------------------------
def test_accuracy_multi_by_hand():
    # sigmoid(2) = 0.88, sigmoid(-2) = 0.12, sigmoid(0.5) = 0.62: predictions 1 0 1 / 0 0 1
    logits = torch.tensor([[2.0, -2.0, 0.5], [-2.0, -2.0, 2.0]])
    targets = torch.tensor([[1, 0, 0], [0, 1, 1]])
    assert ch08.accuracy_multi(logits, targets).item() == pytest.approx(4 / 6)
    # a threshold of 0.7 drops the 0.62: now 1 0 0 / 0 0 1, five of six right
    assert ch08.accuracy_multi(logits, targets, thresh=0.7).item() == pytest.approx(5 / 6)


def test_accuracy_multi_on_probabilities():
    probs = torch.tensor([[0.9, 0.2], [0.4, 0.6]])
    targets = torch.tensor([[1.0, 1.0], [0.0, 1.0]])
    assert ch08.accuracy_multi(probs, targets, sigmoid=False).item() == pytest.approx(3 / 4)


def test_accuracy_multi_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        ch08.accuracy_multi(torch.zeros(2, 3), torch.zeros(2, 2))


# ---- scale_points ---------------------------------------------------------------------
def test_scale_points_by_hand():
    # a 64 x 48 image (width 64, height 48): corners go to -1 and 1, the centre to 0
    points = torch.tensor([[0.0, 0.0], [64.0, 48.0], [32.0, 24.0], [16.0, 36.0]])
    scaled = ch08.scale_points(points, (64, 48))
    assert scaled.dtype == torch.float32
    assert torch.allclose(scaled, torch.tensor([[-1.0, -1.0], [1.0, 1.0], [0.0, 0.0], [-0.5, 0.5]]))


def test_scale_points_takes_integers_and_lists():
    scaled = ch08.scale_points([[14, 50]], (64, 64))
    assert torch.allclose(scaled, torch.tensor([[14 / 32 - 1, 50 / 32 - 1]]))


def test_scale_points_rejects_bad_shapes_and_sizes():
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        ch08.scale_points(torch.zeros(3), (64, 64))
    with pytest.raises(ValueError, match="width, height"):
        ch08.scale_points(torch.zeros(1, 2), (64, 0))


def test_accuracy_multi_a_probability_at_the_threshold_is_not_predicted():
    # sigmoid(0) = 0.5 is not above 0.5: no label predicted, so targets of 1 are wrong
    assert ch08.accuracy_multi(torch.zeros(1, 2), torch.tensor([[1, 0]])).item() == pytest.approx(0.5)


def test_scale_points_leaves_its_input_alone():
    points = torch.tensor([[32.0, 16.0]])
    ch08.scale_points(points, (64, 64))
    assert torch.equal(points, torch.tensor([[32.0, 16.0]]))


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def softmax_naive(logits):  # no shift: exp(1000) overflows to inf, and inf / inf is NaN
    exps = logits.exp()
    return exps / exps.sum(dim=-1, keepdim=True)


def softmax_over_dim1(logits):  # the classes are the last axis, not always axis 1
    exps = (logits - logits.max(dim=1, keepdim=True).values).exp()
    return exps / exps.sum(dim=1, keepdim=True)


def softmax_without_keepdim(logits):  # (N, C) - (N,) lines the maxima up with the columns, not the rows
    exps = (logits - logits.max(dim=-1).values).exp()
    return exps / exps.sum(dim=-1, keepdim=True)


def softmax_global_max(logits):  # one maximum for the whole tensor: a row far below it underflows to 0 / 0
    exps = (logits - logits.max()).exp()
    return exps / exps.sum(dim=-1, keepdim=True)


def softmax_float32(logits):  # converts to float32: float64 scores lose their dtype
    return ch08.softmax(logits.float())


def cross_entropy_log_of_softmax(logits, targets):  # log(softmax): a probability rounded to 0 gives inf
    probs = logits.exp() / logits.exp().sum(dim=1, keepdim=True)
    return -probs.log()[torch.arange(len(targets)), targets].mean()


def cross_entropy_sum(logits, targets):  # the sum over rows, not the mean
    log_probs = logits - logits.logsumexp(dim=1, keepdim=True)
    return -log_probs[torch.arange(len(targets)), targets].sum()


def cross_entropy_as_float(logits, targets):  # a Python float, not a 0-d tensor (and no gradient)
    log_probs = logits - logits.logsumexp(dim=1, keepdim=True)
    return -log_probs[torch.arange(len(targets)), targets].mean().item()


def cross_entropy_every_target_for_every_row(logits, targets):  # log_probs[:, targets]: an (N, N) block
    log_probs = logits - logits.logsumexp(dim=1, keepdim=True)
    return -log_probs[:, targets].mean()


def cross_entropy_no_range_check(logits, targets):  # -1 silently picks the last class
    log_probs = logits - logits.logsumexp(dim=1, keepdim=True)
    return -log_probs[torch.arange(len(targets)), targets].mean()


def _same_shape(logits, targets):
    if logits.shape != targets.shape:
        raise ValueError("logits and targets must have the same shape")


def accuracy_multi_ignores_thresh(logits, targets, thresh=0.5, sigmoid=True):  # always 0.5
    _same_shape(logits, targets)
    probs = logits.sigmoid() if sigmoid else logits
    return ((probs > 0.5) == targets.bool()).float().mean()


def accuracy_multi_always_sigmoid(logits, targets, thresh=0.5, sigmoid=True):  # probabilities squashed again
    _same_shape(logits, targets)
    return ((logits.sigmoid() > thresh) == targets.bool()).float().mean()


def accuracy_multi_at_or_above(logits, targets, thresh=0.5, sigmoid=True):  # >= predicts a label at the threshold
    _same_shape(logits, targets)
    probs = logits.sigmoid() if sigmoid else logits
    return ((probs >= thresh) == targets.bool()).float().mean()


def accuracy_multi_per_image(logits, targets, thresh=0.5, sigmoid=True):  # an image counts only if all its labels are right
    _same_shape(logits, targets)
    probs = logits.sigmoid() if sigmoid else logits
    return ((probs > thresh) == targets.bool()).all(dim=1).float().mean()


def accuracy_multi_as_float(logits, targets, thresh=0.5, sigmoid=True):  # a Python float, not a 0-d tensor
    _same_shape(logits, targets)
    probs = logits.sigmoid() if sigmoid else logits
    return ((probs > thresh) == targets.bool()).float().mean().item()


def accuracy_multi_no_shape_check(logits, targets, thresh=0.5, sigmoid=True):  # (1, L) targets broadcast silently
    probs = logits.sigmoid() if sigmoid else logits
    return ((probs > thresh) == targets.bool()).float().mean()


def _check_points(points, size):
    if points.ndim != 2 or points.shape[1] != 2 or min(size) <= 0:
        raise ValueError("points must be (N, 2) and size positive")


def scale_points_swapped_size(points, size):  # x divided by the height, y by the width
    points = torch.as_tensor(points, dtype=torch.float32)
    _check_points(points, size)
    return points * 2 / torch.tensor(size[::-1], dtype=torch.float32) - 1


def scale_points_to_unit_interval(points, size):  # [0, 1], not [-1, 1]
    points = torch.as_tensor(points, dtype=torch.float32)
    _check_points(points, size)
    return points / torch.tensor(size, dtype=torch.float32)


def scale_points_in_place(points, size):  # a float32 tensor is rescaled where it lies: the caller's points change
    points = torch.as_tensor(points, dtype=torch.float32)
    _check_points(points, size)
    return points.mul_(2).div_(torch.tensor(size, dtype=torch.float32)).sub_(1)


def scale_points_keeps_the_dtype(points, size):  # float64 points come back float64
    points = torch.as_tensor(points)
    _check_points(points, size)
    return points * 2 / torch.tensor(size) - 1


def scale_points_assumes_a_tensor(points, size):  # a nested list has no .float(), and a list times 2 is a longer list
    points = points.float()
    _check_points(points, size)
    return points * 2 / torch.tensor(size, dtype=torch.float32) - 1


def scale_points_no_checks(points, size):  # a zero height gives inf instead of an error
    points = torch.as_tensor(points, dtype=torch.float32)
    return points * 2 / torch.tensor(size, dtype=torch.float32) - 1


WRONG = {
    "softmax": [softmax_naive, softmax_over_dim1, softmax_without_keepdim, softmax_global_max, softmax_float32],
    "cross_entropy": [cross_entropy_log_of_softmax, cross_entropy_sum, cross_entropy_as_float,
                      cross_entropy_every_target_for_every_row, cross_entropy_no_range_check],
    "accuracy_multi": [accuracy_multi_ignores_thresh, accuracy_multi_always_sigmoid, accuracy_multi_at_or_above,
                       accuracy_multi_per_image, accuracy_multi_as_float, accuracy_multi_no_shape_check],
    "scale_points": [scale_points_swapped_size, scale_points_to_unit_interval, scale_points_in_place,
                     scale_points_keeps_the_dtype, scale_points_assumes_a_tensor, scale_points_no_checks],
}
test_checks_reject_wrong_solutions = rejected(ch08, WRONG)
