"""Chapter 22's reference solutions against answers worked out by hand."""
import math

import pytest
import torch

from utils.solutions import ch22
from wrong_solutions import rejected


# ---- cosine_lr ---------------------------------------------------------------------------
def test_cosine_lr_ends_and_middle():
    assert ch22.cosine_lr(0, 100, 0.1) == pytest.approx(0.1)
    assert ch22.cosine_lr(100, 100, 0.1) == pytest.approx(0.0, abs=1e-15)
    assert ch22.cosine_lr(50, 100, 0.1) == pytest.approx(0.05)  # cos(pi/2) = 0: half-way
    # a quarter of the way: (1 + cos(pi/4)) / 2 = 0.853553...
    assert ch22.cosine_lr(25, 100, 1.0) == pytest.approx((1 + 2 ** -0.5) / 2)
    assert isinstance(ch22.cosine_lr(3, 10, 1), float)
    for args in [(0, 10, 1), (10, 10, 2, 1)]:  # all ints, at the ends: still floats
        assert type(ch22.cosine_lr(*args)) is float and ch22.cosine_lr(*args) == 1.0


def test_cosine_lr_with_a_floor():
    assert ch22.cosine_lr(10, 10, 1.0, lr_min=0.01) == pytest.approx(0.01)
    assert ch22.cosine_lr(5, 10, 1.0, lr_min=0.2) == pytest.approx(0.6)


def test_cosine_lr_rejects_steps_outside_the_schedule():
    for step, total in [(-1, 10), (11, 10), (0, 0)]:
        with pytest.raises(ValueError):
            ch22.cosine_lr(step, total, 0.1)


# ---- adam_direction ----------------------------------------------------------------------
def test_adam_first_step_is_the_sign_of_the_gradient():
    # t = 1: m_hat = grad, v_hat = grad**2, so the direction is grad / |grad| (eps aside)
    d, m, v = ch22.adam_direction(torch.tensor([0.5, -2.0]), torch.zeros(2), torch.zeros(2), 1)
    assert torch.allclose(d, torch.tensor([1.0, -1.0]), atol=1e-6)
    assert torch.allclose(m, torch.tensor([0.05, -0.2])) and torch.allclose(v, torch.tensor([0.00025, 0.004]))


def test_adam_second_step_by_hand():
    # from m = 0.1, v = 0.001 with grad 1 at t = 2 and betas (0.5, 0.5):
    # new_m = 0.55, new_v = 0.5005; m_hat = 0.55 / 0.75, v_hat = 0.5005 / 0.75
    d, m, v = ch22.adam_direction(torch.tensor([1.0]), torch.tensor([0.1]), torch.tensor([0.001]), 2,
                                  betas=(0.5, 0.5), eps=0.0)
    assert m.item() == pytest.approx(0.55) and v.item() == pytest.approx(0.5005)
    assert d.item() == pytest.approx((0.55 / 0.75) / math.sqrt(0.5005 / 0.75), rel=1e-6)


def test_adam_direction_leaves_its_inputs_and_rejects_step_zero():
    m, v = torch.ones(2), torch.ones(2)
    ch22.adam_direction(torch.ones(2), m, v, 5)
    assert torch.equal(m, torch.ones(2)) and torch.equal(v, torch.ones(2))
    with pytest.raises(ValueError, match="from 1"):
        ch22.adam_direction(torch.ones(2), m, v, 0)


# ---- steepest_lr -------------------------------------------------------------------------
def test_steepest_lr_by_hand():
    # slopes per unit of log(lr): -0.3/ln10, -1/ln10, +2/ln10 -> the pair (0.01, 0.1)
    assert ch22.steepest_lr([0.001, 0.01, 0.1, 1.0], [2.3, 2.0, 1.0, 3.0]) == 0.01
    # uneven spacing: -0.1/ln2 = -0.144 against -0.9/ln50 = -0.230 -> 2e-3 (per lr it would be 1e-3)
    assert ch22.steepest_lr([1e-3, 2e-3, 1e-1], [2.0, 1.9, 1.0]) == 2e-3
    assert ch22.steepest_lr([0.01, 0.1, 1.0, 10.0], [1.0] * 4) == 0.01  # a tie: the first
    assert isinstance(ch22.steepest_lr([0.01, 0.1], [1.0, 0.9]), float)


def test_steepest_lr_rejects_bad_input():
    for lrs, losses in [([0.1], [1.0]), ([0.01, 0.1, 1.0], [1.0, 0.5]), ([0.0, 0.1], [1.0, 0.5])]:
        with pytest.raises(ValueError):
            ch22.steepest_lr(lrs, losses)


# ---- plausible wrong solutions -----------------------------------------------------------
def cosine_no_checks(step, total_steps, lr_max, lr_min=0.0):
    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * step / total_steps)) / 2 if total_steps else lr_max


def cosine_without_the_half(step, total_steps, lr_max, lr_min=0.0):
    if total_steps < 1 or not 0 <= step <= total_steps:
        raise ValueError("bad step")
    return lr_min + (lr_max - lr_min) * math.cos(math.pi * step / total_steps)


def cosine_ignores_lr_min(step, total_steps, lr_max, lr_min=0.0):
    if total_steps < 1 or not 0 <= step <= total_steps:
        raise ValueError("bad step")
    return lr_max * (1 + math.cos(math.pi * step / total_steps)) / 2


def cosine_int_at_the_ends(step, total_steps, lr_max, lr_min=0.0):
    if total_steps < 1 or not 0 <= step <= total_steps:
        raise ValueError("bad step")
    if step == 0:  # a shortcut that hands back the argument itself: an int when lr_max is one
        return lr_max
    if step == total_steps:
        return lr_min
    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * step / total_steps)) / 2


def adam_without_bias_correction(grad, m, v, step, betas=(0.9, 0.999), eps=1e-8):
    if step < 1:
        raise ValueError("step")
    new_m, new_v = betas[0] * m + (1 - betas[0]) * grad, betas[1] * v + (1 - betas[1]) * grad ** 2
    return new_m / (new_v.sqrt() + eps), new_m, new_v


def adam_in_place(grad, m, v, step, betas=(0.9, 0.999), eps=1e-8):
    if step < 1:
        raise ValueError("step")
    m.mul_(betas[0]).add_((1 - betas[0]) * grad)
    v.mul_(betas[1]).add_((1 - betas[1]) * grad ** 2)
    return (m / (1 - betas[0] ** step)) / ((v / (1 - betas[1] ** step)).sqrt() + eps), m.clone(), v.clone()


def adam_eps_inside_the_root(grad, m, v, step, betas=(0.9, 0.999), eps=1e-8):
    if step < 1:
        raise ValueError("step")
    new_m, new_v = betas[0] * m + (1 - betas[0]) * grad, betas[1] * v + (1 - betas[1]) * grad ** 2
    return (new_m / (1 - betas[0] ** step)) / (new_v / (1 - betas[1] ** step) + eps).sqrt(), new_m, new_v


def steepest_per_lr_not_log(lrs, losses):
    if len(lrs) != len(losses) or len(lrs) < 2 or min(lrs) <= 0:
        raise ValueError("bad input")
    slopes = [(losses[i + 1] - losses[i]) / (lrs[i + 1] - lrs[i]) for i in range(len(lrs) - 1)]
    return float(lrs[slopes.index(min(slopes))])


def steepest_right_end(lrs, losses):
    if len(lrs) != len(losses) or len(lrs) < 2 or min(lrs) <= 0:
        raise ValueError("bad input")
    slopes = [(losses[i + 1] - losses[i]) / (math.log(lrs[i + 1]) - math.log(lrs[i])) for i in range(len(lrs) - 1)]
    return float(lrs[slopes.index(min(slopes)) + 1])


def steepest_last_on_tie(lrs, losses):
    if len(lrs) != len(losses) or len(lrs) < 2 or min(lrs) <= 0:
        raise ValueError("bad input")
    slopes = [(losses[i + 1] - losses[i]) / (math.log(lrs[i + 1]) - math.log(lrs[i])) for i in range(len(lrs) - 1)]
    return float(lrs[max(i for i, s in enumerate(slopes) if s == min(slopes))])


def steepest_no_checks(lrs, losses):
    slopes = [(losses[i + 1] - losses[i]) / (math.log(lrs[i + 1]) - math.log(lrs[i])) for i in range(len(losses) - 1)]
    return float(lrs[slopes.index(min(slopes))]) if slopes else float(lrs[0])


WRONG = {
    "cosine_lr": [cosine_no_checks, cosine_without_the_half, cosine_ignores_lr_min, cosine_int_at_the_ends],
    "adam_direction": [adam_without_bias_correction, adam_in_place, adam_eps_inside_the_root],
    "steepest_lr": [steepest_per_lr_not_log, steepest_right_end, steepest_last_on_tie, steepest_no_checks],
}

test_checks_reject_wrong_solutions = rejected(ch22, WRONG)
