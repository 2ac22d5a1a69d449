"""Chapter 04's reference solutions, checked against values worked out by hand."""
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from utils import solutions as sol


# ---- ch04_leaky_relu -----------------------------------------------------------------------
def test_leaky_relu_by_hand():
    x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 3.0])
    out = sol.ch04_leaky_relu(x, 0.1)
    assert out.dtype == torch.float32 and out.shape == x.shape
    assert torch.allclose(out, torch.tensor([-0.2, -0.05, 0.0, 0.5, 3.0]))
    # the default slope is PyTorch's, 0.01
    assert torch.allclose(sol.ch04_leaky_relu(torch.tensor([-100.0, 7.0])), torch.tensor([-1.0, 7.0]))


def test_leaky_relu_matches_pytorch_and_keeps_shape_and_dtype():
    x = torch.linspace(-3, 3, 24, dtype=torch.float64).reshape(2, 3, 4)
    out = sol.ch04_leaky_relu(x, 0.2)
    assert out.dtype == torch.float64 and out.shape == (2, 3, 4)
    assert torch.equal(out, F.leaky_relu(x, 0.2))


def test_leaky_relu_gradient_is_one_or_the_slope():
    x = torch.tensor([-1.0, 2.0], requires_grad=True)
    sol.ch04_leaky_relu(x, 0.3).sum().backward()
    assert torch.allclose(x.grad, torch.tensor([0.3, 1.0]))


def test_leaky_relu_rejects_integers_and_lists():
    with pytest.raises(TypeError, match="floats"):
        sol.ch04_leaky_relu(torch.tensor([1, -2]))
    with pytest.raises(TypeError, match="torch tensor"):
        sol.ch04_leaky_relu([1.0, -2.0])


# ---- ch04_bce_with_logits ------------------------------------------------------------------
def test_bce_with_logits_by_hand():
    # a logit of 0 is p = 0.5 whatever the target: -log(0.5) = log 2
    assert sol.ch04_bce_with_logits(torch.zeros(3), torch.tensor([1.0, 0.0, 1.0])).item() == pytest.approx(math.log(2))
    # logit ln 3 is p = 0.75: target 1 costs -log 0.75, target 0 costs -log 0.25
    z = torch.full((2,), math.log(3), dtype=torch.float64)
    loss = sol.ch04_bce_with_logits(z, torch.tensor([1.0, 0.0], dtype=torch.float64))
    assert loss.shape == () and loss.dtype == torch.float64
    assert loss.item() == pytest.approx((-math.log(0.75) - math.log(0.25)) / 2)


def test_bce_with_logits_is_stable_for_huge_logits():
    # -log(1 - sigmoid(200)) = 200 + log(1 + e^-200), about 200; and about 0 when the target is 1
    loss = sol.ch04_bce_with_logits(torch.tensor([200.0, -200.0]), torch.tensor([0.0, 0.0]))
    assert torch.isfinite(loss) and loss.item() == pytest.approx(100.0, abs=1e-4)
    assert sol.ch04_bce_with_logits(torch.tensor([200.0]), torch.tensor([1.0])).item() == pytest.approx(0.0, abs=1e-6)


def test_bce_with_logits_matches_pytorch_on_a_batch():
    torch.manual_seed(0)
    z, y = torch.randn(8, 1) * 5, torch.randint(0, 2, (8, 1)).float()
    assert torch.allclose(sol.ch04_bce_with_logits(z, y), nn.BCEWithLogitsLoss()(z, y), atol=1e-6)


def test_bce_with_logits_refuses_shapes_that_would_broadcast():
    with pytest.raises(ValueError, match="same shape"):
        sol.ch04_bce_with_logits(torch.zeros(4, 1), torch.zeros(4))
    with pytest.raises(TypeError, match="floats"):
        sol.ch04_bce_with_logits(torch.zeros(4), torch.tensor([0, 1, 0, 1]))


# ---- ch04_epoch_average_loss ---------------------------------------------------------------
def test_epoch_average_weighs_batches_by_size():
    # two full batches of 4 with mean loss 1.0 and a last batch of 2 with mean loss 4.0:
    # (4 + 4 + 8) / 10 = 1.6, not the mean of the three means, 2.0
    assert sol.ch04_epoch_average_loss([1.0, 1.0, 4.0], [4, 4, 2]) == pytest.approx(1.6)
    assert sol.ch04_epoch_average_loss([0.5], [7]) == pytest.approx(0.5)


def test_epoch_average_takes_tensors_and_returns_a_float():
    out = sol.ch04_epoch_average_loss([torch.tensor(2.0), torch.tensor(1.0)], [1, 3])
    assert isinstance(out, float) and out == pytest.approx(1.25)


def test_epoch_average_rejects_bad_inputs():
    with pytest.raises(ValueError, match="one of each"):
        sol.ch04_epoch_average_loss([1.0, 2.0], [3])
    with pytest.raises(ValueError, match="at least one batch"):
        sol.ch04_epoch_average_loss([], [])
    with pytest.raises(ValueError, match="positive integers"):
        sol.ch04_epoch_average_loss([1.0], [0])
    with pytest.raises(ValueError, match="positive integers"):
        sol.ch04_epoch_average_loss([1.0], [2.5])


# ---- ch04_he_std ---------------------------------------------------------------------------
def test_he_std_by_hand():
    assert sol.ch04_he_std(2) == pytest.approx(1.0)
    assert sol.ch04_he_std(8) == pytest.approx(0.5)
    assert sol.ch04_he_std(200) == pytest.approx(0.1)


def test_he_std_matches_kaiming_normal():
    torch.manual_seed(0)
    w = torch.empty(512, 128)  # (fan_out, fan_in): fan_in is 128
    nn.init.kaiming_normal_(w, nonlinearity="relu")
    assert w.std().item() == pytest.approx(sol.ch04_he_std(128), rel=0.02)


def test_he_std_rejects_a_bad_fan_in():
    for bad in (0, -3, 2.5, True, "8"):
        with pytest.raises(ValueError, match="positive integer"):
            sol.ch04_he_std(bad)
