"""Chapter 04's reference solutions, checked against values worked out by hand."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from utils.solutions import ch04
from wrong_solutions import rejected


# ---- leaky_relu -----------------------------------------------------------------------
def test_leaky_relu_by_hand():
    x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 3.0])
    out = ch04.leaky_relu(x, 0.1)
    assert out.dtype == torch.float32 and out.shape == x.shape
    assert torch.allclose(out, torch.tensor([-0.2, -0.05, 0.0, 0.5, 3.0]))
    # the default slope is PyTorch's, 0.01
    assert torch.allclose(ch04.leaky_relu(torch.tensor([-100.0, 7.0])), torch.tensor([-1.0, 7.0]))


def test_leaky_relu_matches_pytorch_and_keeps_shape_and_dtype():
    x = torch.linspace(-3, 3, 24, dtype=torch.float64).reshape(2, 3, 4)
    out = ch04.leaky_relu(x, 0.2)
    assert out.dtype == torch.float64 and out.shape == (2, 3, 4)
    assert torch.equal(out, F.leaky_relu(x, 0.2))


def test_leaky_relu_gradient_is_one_or_the_slope():
    x = torch.tensor([-1.0, 2.0], requires_grad=True)
    ch04.leaky_relu(x, 0.3).sum().backward()
    assert torch.allclose(x.grad, torch.tensor([0.3, 1.0]))


def test_leaky_relu_rejects_integers_and_lists():
    with pytest.raises(TypeError, match="floats"):
        ch04.leaky_relu(torch.tensor([1, -2]))
    with pytest.raises(TypeError, match="torch tensor"):
        ch04.leaky_relu([1.0, -2.0])


# ---- bce_with_logits ------------------------------------------------------------------
def test_bce_with_logits_by_hand():
    # a logit of 0 is p = 0.5 whatever the target: -log(0.5) = log 2
    assert ch04.bce_with_logits(torch.zeros(3), torch.tensor([1.0, 0.0, 1.0])).item() == pytest.approx(math.log(2))
    # logit ln 3 is p = 0.75: target 1 costs -log 0.75, target 0 costs -log 0.25
    z = torch.full((2,), math.log(3), dtype=torch.float64)
    loss = ch04.bce_with_logits(z, torch.tensor([1.0, 0.0], dtype=torch.float64))
    assert loss.shape == () and loss.dtype == torch.float64
    assert loss.item() == pytest.approx((-math.log(0.75) - math.log(0.25)) / 2)


def test_bce_with_logits_is_stable_for_huge_logits():
    # -log(1 - sigmoid(200)) = 200 + log(1 + e^-200), about 200; and about 0 when the target is 1
    loss = ch04.bce_with_logits(torch.tensor([200.0, -200.0]), torch.tensor([0.0, 0.0]))
    assert torch.isfinite(loss) and loss.item() == pytest.approx(100.0, abs=1e-4)
    assert ch04.bce_with_logits(torch.tensor([200.0]), torch.tensor([1.0])).item() == pytest.approx(0.0, abs=1e-6)


def test_bce_with_logits_matches_pytorch_on_a_batch():
    torch.manual_seed(0)
    z, y = torch.randn(8, 1) * 5, torch.randint(0, 2, (8, 1)).float()
    assert torch.allclose(ch04.bce_with_logits(z, y), nn.BCEWithLogitsLoss()(z, y), atol=1e-6)


def test_bce_with_logits_refuses_shapes_that_would_broadcast():
    with pytest.raises(ValueError, match="same shape"):
        ch04.bce_with_logits(torch.zeros(4, 1), torch.zeros(4))
    with pytest.raises(TypeError, match="floats"):
        ch04.bce_with_logits(torch.zeros(4), torch.tensor([0, 1, 0, 1]))


# ---- epoch_average_loss ---------------------------------------------------------------
def test_epoch_average_weighs_batches_by_size():
    # two full batches of 4 with mean loss 1.0 and a last batch of 2 with mean loss 4.0:
    # (4 + 4 + 8) / 10 = 1.6, not the mean of the three means, 2.0
    assert ch04.epoch_average_loss([1.0, 1.0, 4.0], [4, 4, 2]) == pytest.approx(1.6)
    assert ch04.epoch_average_loss([0.5], [7]) == pytest.approx(0.5)


def test_epoch_average_takes_tensors_and_returns_a_float():
    out = ch04.epoch_average_loss([torch.tensor(2.0), torch.tensor(1.0)], [1, 3])
    assert isinstance(out, float) and out == pytest.approx(1.25)


def test_epoch_average_rejects_bad_inputs():
    with pytest.raises(ValueError, match="one of each"):
        ch04.epoch_average_loss([1.0, 2.0], [3])
    with pytest.raises(ValueError, match="at least one batch"):
        ch04.epoch_average_loss([], [])
    with pytest.raises(ValueError, match="positive integers"):
        ch04.epoch_average_loss([1.0], [0])
    with pytest.raises(ValueError, match="positive integers"):
        ch04.epoch_average_loss([1.0], [2.5])


# ---- he_std ---------------------------------------------------------------------------
def test_he_std_by_hand():
    assert ch04.he_std(2) == pytest.approx(1.0)
    assert ch04.he_std(8) == pytest.approx(0.5)
    assert ch04.he_std(200) == pytest.approx(0.1)


def test_he_std_matches_kaiming_normal():
    torch.manual_seed(0)
    w = torch.empty(512, 128)  # (fan_out, fan_in): fan_in is 128
    nn.init.kaiming_normal_(w, nonlinearity="relu")
    assert w.std().item() == pytest.approx(ch04.he_std(128), rel=0.02)


def test_he_std_rejects_a_bad_fan_in():
    for bad in (0, -3, 2.5, True, "8"):
        with pytest.raises(ValueError, match="positive integer"):
            ch04.he_std(bad)


def test_epoch_average_rejects_an_empty_batch_and_a_negative_size():
    with pytest.raises(ValueError, match="positive integers"):
        ch04.epoch_average_loss([1.0, 2.0], [4, 0])
    with pytest.raises(ValueError, match="positive integers"):
        ch04.epoch_average_loss([1.0], [-4])


def test_he_std_accepts_numpy_integers():
    assert ch04.he_std(np.int64(8)) == pytest.approx(0.5) and isinstance(ch04.he_std(np.int64(8)), float)


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def leaky_relu_in_place(x, negative_slope=0.01):  # writes into the caller's tensor
    x[x < 0] *= negative_slope
    return x


def leaky_relu_float32(x, negative_slope=0.01):  # .float() turns float64 into float32
    x = x.float()
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_wrong_default(x, negative_slope=0.1):  # PyTorch's default slope is 0.01
    return torch.where(x > 0, x, negative_slope * x)


def leaky_relu_scales_the_positive_side(x, negative_slope=0.01):
    return torch.where(x > 0, negative_slope * x, x)


def leaky_relu_with_numpy(x, negative_slope=0.01):  # right numbers, but a NumPy array
    a = x.numpy()
    return np.where(a > 0, a, negative_slope * a)


def bce_naive(logits, targets):  # log(sigmoid(z)): log(1 - 1) = -inf for z = 200
    if logits.shape != targets.shape:
        raise ValueError("shapes differ")
    p = torch.sigmoid(logits)
    return -(targets * torch.log(p) + (1 - targets) * torch.log(1 - p)).mean()


def bce_exp_of_minus_z(logits, targets):  # log(1 + exp(-z)) instead of exp(-|z|): overflows for z = -200
    if logits.shape != targets.shape:
        raise ValueError("shapes differ")
    return (logits.clamp(min=0) - logits * targets + torch.log1p(torch.exp(-logits))).mean()


def bce_summed(logits, targets):  # the sum over the entries, not the mean
    if logits.shape != targets.shape:
        raise ValueError("shapes differ")
    return (logits.clamp(min=0) - logits * targets + torch.log1p(torch.exp(-logits.abs()))).sum()


def bce_no_shape_check(logits, targets):  # (4, 1) against (4,) becomes a (4, 4) table of pairs
    return (logits.clamp(min=0) - logits * targets + torch.log1p(torch.exp(-logits.abs()))).mean()


def epoch_average_of_the_means(batch_losses, batch_sizes):  # a short last batch counts as a full one
    if len(batch_losses) != len(batch_sizes) or not batch_losses or \
            any(not isinstance(n, int) or n < 1 for n in batch_sizes):
        raise ValueError("bad input")
    return sum(float(v) for v in batch_losses) / len(batch_losses)


def epoch_average_without_checks(batch_losses, batch_sizes):  # zip drops the extras; [] divides by zero
    return sum(float(v) * n for v, n in zip(batch_losses, batch_sizes)) / sum(batch_sizes)


def epoch_average_checks_lengths_only(batch_losses, batch_sizes):  # sizes 0, -4 or 2.5 go through
    if len(batch_losses) != len(batch_sizes) or not batch_losses:
        raise ValueError("one loss per batch, and at least one batch")
    return sum(float(v) * n for v, n in zip(batch_losses, batch_sizes)) / sum(batch_sizes)


def epoch_average_returns_a_tensor(batch_losses, batch_sizes):  # 0-d tensors in, a 0-d tensor out
    if len(batch_losses) != len(batch_sizes) or not batch_losses or \
            any(not isinstance(n, int) or n < 1 for n in batch_sizes):
        raise ValueError("bad input")
    return sum(v * n for v, n in zip(batch_losses, batch_sizes)) / sum(batch_sizes)


def he_std_xavier(fan_in):  # sqrt(1 / fan_in): Xavier's variance (for tanh), not He's
    if not isinstance(fan_in, int) or fan_in < 1:
        raise ValueError("fan_in must be a positive integer")
    return math.sqrt(1 / fan_in)


def he_std_variance(fan_in):  # 2 / fan_in is the variance, not the standard deviation
    if not isinstance(fan_in, int) or fan_in < 1:
        raise ValueError("fan_in must be a positive integer")
    return 2 / fan_in


def he_std_forgets_the_raise(fan_in):  # 0 raises ZeroDivisionError, 2.5 returns a number
    return math.sqrt(2 / fan_in)


def he_std_as_tensor(fan_in):  # a 0-d tensor, not a float
    if not isinstance(fan_in, int) or fan_in < 1:
        raise ValueError("fan_in must be a positive integer")
    return torch.tensor(2 / fan_in).sqrt()


WRONG = {
    "leaky_relu": [leaky_relu_in_place, leaky_relu_float32, leaky_relu_wrong_default,
                   leaky_relu_scales_the_positive_side, leaky_relu_with_numpy],
    "bce_with_logits": [bce_naive, bce_exp_of_minus_z, bce_summed, bce_no_shape_check],
    "epoch_average_loss": [epoch_average_of_the_means, epoch_average_without_checks,
                           epoch_average_checks_lengths_only, epoch_average_returns_a_tensor],
    "he_std": [he_std_xavier, he_std_variance, he_std_forgets_the_raise, he_std_as_tensor],
}
test_checks_reject_wrong_solutions = rejected(ch04, WRONG)
