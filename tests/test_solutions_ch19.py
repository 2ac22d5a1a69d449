"""Chapter 19's reference solutions, checked against values worked out by hand."""
import math

import pytest
import torch

from utils import solutions as sol


# ---- ch19_sigmoid_range --------------------------------------------------------------------
def test_sigmoid_range_by_hand():
    # sigmoid(0) = 0.5, sigmoid(ln 3) = 0.75, sigmoid(-ln 3) = 0.25; range (0.5, 5.5) has width 5.
    x = torch.tensor([0.0, math.log(3), -math.log(3)], dtype=torch.float64)
    out = sol.ch19_sigmoid_range(x, 0.5, 5.5)
    assert out.dtype == torch.float64 and out.shape == (3,)
    assert torch.allclose(out, torch.tensor([3.0, 4.25, 1.75], dtype=torch.float64))


def test_sigmoid_range_stays_strictly_inside_and_keeps_shape():
    x = torch.tensor([[-30.0, 30.0], [0.0, 1.0]])
    out = sol.ch19_sigmoid_range(x, 1.0, 5.0)
    assert out.shape == (2, 2)
    assert out[0, 0].item() == pytest.approx(1.0, abs=1e-6) and out[0, 1].item() == pytest.approx(5.0, abs=1e-6)
    assert out[1, 0].item() == pytest.approx(3.0)


def test_sigmoid_range_rejects_bad_inputs():
    with pytest.raises(ValueError, match="low < high"):
        sol.ch19_sigmoid_range(torch.zeros(2), 5.0, 1.0)
    with pytest.raises(TypeError, match="float tensor"):
        sol.ch19_sigmoid_range(torch.tensor([1, 2]), 0.0, 1.0)


# ---- ch19_predict --------------------------------------------------------------------------
def _tables():
    user_factors = torch.tensor([[1.0, 0.0], [0.5, 2.0]])
    item_factors = torch.tensor([[2.0, 1.0], [0.0, -1.0], [1.0, 1.0]])
    user_bias = torch.tensor([0.5, -1.0])
    item_bias = torch.tensor([0.0, 1.0, 2.0])
    return user_factors, item_factors, user_bias, item_bias


def test_predict_by_hand():
    # user 0, item 0: 1*2 + 0*1 + 0.5 + 0 = 2.5;  user 1, item 1: 0 - 2 - 1 + 1 = -2;
    # user 1, item 2: 0.5 + 2 - 1 + 2 = 3.5;      user 0, item 2: 1 + 0 + 0.5 + 2 = 3.5
    out = sol.ch19_predict(*_tables(), torch.tensor([0, 1, 1, 0]), torch.tensor([0, 1, 2, 2]))
    assert out.shape == (4,) and out.dtype == torch.float32
    assert torch.allclose(out, torch.tensor([2.5, -2.0, 3.5, 3.5]))


def test_predict_with_a_y_range_applies_sigmoid_range():
    # raw score 0 for user 0, item 1: 0 + 0.5 + 1 = 1.5; use biases that make it 0 instead.
    uf, itf, ub, ib = _tables()
    ub = torch.tensor([-1.0, -1.0])
    out = sol.ch19_predict(uf, itf, ub, ib, torch.tensor([0]), torch.tensor([1]), y_range=(0.5, 5.5))
    assert out.item() == pytest.approx(3.0)  # sigmoid(0) * 5 + 0.5


def test_predict_rejects_bad_indices_and_shapes():
    tables = _tables()
    with pytest.raises(IndexError, match="items"):
        sol.ch19_predict(*tables, torch.tensor([0]), torch.tensor([3]))
    with pytest.raises(TypeError, match="integer"):
        sol.ch19_predict(*tables, torch.tensor([0.0]), torch.tensor([1]))
    with pytest.raises(ValueError, match="same length"):
        sol.ch19_predict(*tables, torch.tensor([0, 1]), torch.tensor([1]))
    uf, itf, ub, ib = tables
    with pytest.raises(ValueError, match="biases"):
        sol.ch19_predict(uf, itf, ub[:1], ib, torch.tensor([0]), torch.tensor([1]))
    with pytest.raises(ValueError, match="factors"):
        sol.ch19_predict(uf, itf[:, :1], ub, ib, torch.tensor([0]), torch.tensor([1]))


# ---- ch19_l2_penalty -----------------------------------------------------------------------
def test_l2_penalty_by_hand():
    # 0.1 * ((1 + 4) + (9 + 16 + 0)) = 3.0
    params = [torch.tensor([1.0, -2.0]), torch.tensor([[3.0, 4.0, 0.0]])]
    out = sol.ch19_l2_penalty(params, 0.1)
    assert out.shape == () and out.item() == pytest.approx(3.0)
    assert sol.ch19_l2_penalty(params, 0.0).item() == 0.0


def test_l2_penalty_gradient_is_two_wd_p():
    p = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    sol.ch19_l2_penalty([p], 0.3).backward()
    assert torch.allclose(p.grad, torch.tensor([0.6, -1.2, 0.3]))


def test_l2_penalty_rejects_bad_inputs():
    with pytest.raises(ValueError, match="empty"):
        sol.ch19_l2_penalty([], 0.1)
    with pytest.raises(ValueError, match="positive"):
        sol.ch19_l2_penalty([torch.ones(2)], -0.1)
    with pytest.raises(TypeError, match="float tensor"):
        sol.ch19_l2_penalty([torch.ones(2, dtype=torch.int64)], 0.1)


# ---- ch19_top_k_similar --------------------------------------------------------------------
def test_top_k_similar_by_hand():
    # Row 0 points along x. Cosines with it: row 1 (2, 0) -> 1, row 2 (1, 1) -> 0.707,
    # row 3 (0, 5) -> 0, row 4 (-1, 0.1) -> about -0.995. The length of a row does not matter.
    factors = torch.tensor([[1.0, 0.0], [2.0, 0.0], [1.0, 1.0], [0.0, 5.0], [-1.0, 0.1]])
    out = sol.ch19_top_k_similar(factors, 0, 3)
    assert out.dtype == torch.int64 and out.tolist() == [1, 2, 3]
    assert sol.ch19_top_k_similar(factors, 3, 1).tolist() == [2]  # (1, 1) is the closest to straight up
    assert 0 not in sol.ch19_top_k_similar(factors, 0, 4).tolist()


def test_top_k_similar_does_not_change_its_input():
    factors = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    before = factors.clone()
    sol.ch19_top_k_similar(factors, 2, 2)
    assert torch.equal(factors, before)


def test_top_k_similar_rejects_bad_inputs():
    factors = torch.eye(3)
    with pytest.raises(IndexError, match="index"):
        sol.ch19_top_k_similar(factors, 3, 1)
    with pytest.raises(ValueError, match="k must be"):
        sol.ch19_top_k_similar(factors, 0, 3)
    with pytest.raises(ValueError, match=r"\(n, d\)"):
        sol.ch19_top_k_similar(torch.ones(3), 0, 1)
