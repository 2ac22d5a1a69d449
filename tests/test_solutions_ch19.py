"""Chapter 19's reference solutions, checked against values worked out by hand."""
import math

import pytest
import torch

from utils.solutions import ch19
from wrong_solutions import rejected


# ---- sigmoid_range --------------------------------------------------------------------
def test_sigmoid_range_by_hand():
    # sigmoid(0) = 0.5, sigmoid(ln 3) = 0.75, sigmoid(-ln 3) = 0.25; range (0.5, 5.5) has width 5.
    x = torch.tensor([0.0, math.log(3), -math.log(3)], dtype=torch.float64)
    out = ch19.sigmoid_range(x, 0.5, 5.5)
    assert out.dtype == torch.float64 and out.shape == (3,)
    assert torch.allclose(out, torch.tensor([3.0, 4.25, 1.75], dtype=torch.float64))


def test_sigmoid_range_stays_strictly_inside_and_keeps_shape():
    x = torch.tensor([[-30.0, 30.0], [0.0, 1.0]])
    out = ch19.sigmoid_range(x, 1.0, 5.0)
    assert out.shape == (2, 2)
    assert out[0, 0].item() == pytest.approx(1.0, abs=1e-6) and out[0, 1].item() == pytest.approx(5.0, abs=1e-6)
    assert out[1, 0].item() == pytest.approx(3.0)


def test_sigmoid_range_rejects_bad_inputs():
    with pytest.raises(ValueError, match="low < high"):
        ch19.sigmoid_range(torch.zeros(2), 5.0, 1.0)
    with pytest.raises(ValueError, match="low < high"):
        ch19.sigmoid_range(torch.zeros(2), 2.0, 2.0)  # an empty range is refused too
    with pytest.raises(TypeError, match="float tensor"):
        ch19.sigmoid_range(torch.tensor([1, 2]), 0.0, 1.0)


# ---- predict --------------------------------------------------------------------------
def _tables():
    user_factors = torch.tensor([[1.0, 0.0], [0.5, 2.0]])
    item_factors = torch.tensor([[2.0, 1.0], [0.0, -1.0], [1.0, 1.0]])
    user_bias = torch.tensor([0.5, -1.0])
    item_bias = torch.tensor([0.0, 1.0, 2.0])
    return user_factors, item_factors, user_bias, item_bias


def test_predict_by_hand():
    # user 0, item 0: 1*2 + 0*1 + 0.5 + 0 = 2.5;  user 1, item 1: 0 - 2 - 1 + 1 = -2;
    # user 1, item 2: 0.5 + 2 - 1 + 2 = 3.5;      user 0, item 2: 1 + 0 + 0.5 + 2 = 3.5
    out = ch19.predict(*_tables(), torch.tensor([0, 1, 1, 0]), torch.tensor([0, 1, 2, 2]))
    assert out.shape == (4,) and out.dtype == torch.float32
    assert torch.allclose(out, torch.tensor([2.5, -2.0, 3.5, 3.5]))


def test_predict_with_a_y_range_applies_sigmoid_range():
    # raw score 0 for user 0, item 1: 0 + 0.5 + 1 = 1.5; use biases that make it 0 instead.
    uf, itf, ub, ib = _tables()
    ub = torch.tensor([-1.0, -1.0])
    out = ch19.predict(uf, itf, ub, ib, torch.tensor([0]), torch.tensor([1]), y_range=(0.5, 5.5))
    assert out.item() == pytest.approx(3.0)  # sigmoid(0) * 5 + 0.5


def test_predict_rejects_bad_indices_and_shapes():
    tables = _tables()
    with pytest.raises(IndexError, match="items"):
        ch19.predict(*tables, torch.tensor([0]), torch.tensor([3]))
    with pytest.raises(TypeError, match="integer"):
        ch19.predict(*tables, torch.tensor([0.0]), torch.tensor([1]))
    with pytest.raises(ValueError, match="same length"):
        ch19.predict(*tables, torch.tensor([0, 1]), torch.tensor([1]))  # broadcasting would give 2 answers
    uf, itf, ub, ib = tables
    with pytest.raises(ValueError, match="biases"):
        ch19.predict(uf, itf, ub[:1], ib, torch.tensor([0]), torch.tensor([1]))
    with pytest.raises(ValueError, match="factors"):
        ch19.predict(uf, itf[:, :1], ub, ib, torch.tensor([0]), torch.tensor([1]))


# ---- l2_penalty -----------------------------------------------------------------------
def test_l2_penalty_by_hand():
    # 0.1 * ((1 + 4) + (9 + 16 + 0)) = 3.0
    params = [torch.tensor([1.0, -2.0]), torch.tensor([[3.0, 4.0, 0.0]])]
    out = ch19.l2_penalty(params, 0.1)
    assert out.shape == () and out.item() == pytest.approx(3.0)
    assert ch19.l2_penalty(params, 0.0).item() == 0.0


def test_l2_penalty_gradient_is_two_wd_p():
    p = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    ch19.l2_penalty([p], 0.3).backward()
    assert torch.allclose(p.grad, torch.tensor([0.6, -1.2, 0.3]))


def test_l2_penalty_rejects_bad_inputs():
    with pytest.raises(ValueError, match="empty"):
        ch19.l2_penalty([], 0.1)
    with pytest.raises(ValueError, match="positive"):
        ch19.l2_penalty([torch.ones(2)], -0.1)
    with pytest.raises(TypeError, match="float tensor"):
        ch19.l2_penalty([torch.ones(2, dtype=torch.int64)], 0.1)


# ---- top_k_similar --------------------------------------------------------------------
def test_top_k_similar_by_hand():
    # Row 0 points along x. Cosines with it: row 1 (2, 0) -> 1, row 2 (1, 1) -> 0.707,
    # row 3 (0, 5) -> 0, row 4 (-1, 0.1) -> about -0.995. The length of a row does not matter.
    factors = torch.tensor([[1.0, 0.0], [2.0, 0.0], [1.0, 1.0], [0.0, 5.0], [-1.0, 0.1]])
    out = ch19.top_k_similar(factors, 0, 3)
    assert out.dtype == torch.int64 and out.tolist() == [1, 2, 3]
    assert ch19.top_k_similar(factors, 3, 1).tolist() == [2]  # (1, 1) is the closest to straight up
    assert 0 not in ch19.top_k_similar(factors, 0, 4).tolist()


def test_top_k_similar_gives_a_zero_row_similarity_zero():
    # cosines with row 0: row 1 (zeros) 0, row 2 about -0.98, row 3 0.707: the zero row sits in the middle
    factors = torch.tensor([[1.0, 0.0], [0.0, 0.0], [-1.0, 0.2], [0.5, 0.5]])
    assert ch19.top_k_similar(factors, 0, 3).tolist() == [3, 1, 2]


def test_top_k_similar_does_not_change_its_input():
    factors = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    before = factors.clone()
    ch19.top_k_similar(factors, 2, 2)
    assert torch.equal(factors, before)


def test_top_k_similar_rejects_bad_inputs():
    factors = torch.eye(3)
    with pytest.raises(IndexError, match="index"):
        ch19.top_k_similar(factors, 3, 1)
    with pytest.raises(ValueError, match="k must be"):
        ch19.top_k_similar(factors, 0, 3)
    with pytest.raises(ValueError, match="k must be"):
        ch19.top_k_similar(factors, 0, 0)
    with pytest.raises(ValueError, match=r"\(n, d\)"):
        ch19.top_k_similar(torch.ones(3), 0, 1)


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def sigmoid_range_forgets_the_raise(x, low, high):  # accepts a range with low >= high
    return torch.sigmoid(x) * (high - low) + low


def sigmoid_range_allows_an_empty_range(x, low, high):  # refuses low > high but lets low == high through
    if low > high:
        raise ValueError("need low < high")
    return torch.sigmoid(x) * (high - low) + low


def sigmoid_range_forgets_the_shift(x, low, high):  # lands in (0, high - low), not (low, high)
    if not low < high:
        raise ValueError("need low < high")
    return torch.sigmoid(x) * (high - low)


def sigmoid_range_scales_by_high(x, low, high):  # lands in (low, low + high)
    if not low < high:
        raise ValueError("need low < high")
    return torch.sigmoid(x) * high + low


def sigmoid_range_float32(x, low, high):  # a float64 input comes back float32
    if not low < high:
        raise ValueError("need low < high")
    return torch.sigmoid(x.float()) * (high - low) + low


def sigmoid_range_in_place(x, low, high):  # overwrites x with the answer
    if not low < high:
        raise ValueError("need low < high")
    return x.sigmoid_().mul_(high - low).add_(low)


def _check_lengths(users, items):
    if users.shape != items.shape:
        raise ValueError("users and items must have the same length")


def _squash(scores, y_range):
    return scores if y_range is None else torch.sigmoid(scores) * (y_range[1] - y_range[0]) + y_range[0]


def predict_without_biases(user_factors, item_factors, user_bias, item_bias, users, items, y_range=None):
    _check_lengths(users, items)
    return _squash((user_factors[users] * item_factors[items]).sum(dim=1), y_range)


def predict_ignores_y_range(user_factors, item_factors, user_bias, item_bias, users, items, y_range=None):
    _check_lengths(users, items)
    return (user_factors[users] * item_factors[items]).sum(dim=1) + user_bias[users] + item_bias[items]


def predict_swaps_the_tables(user_factors, item_factors, user_bias, item_bias, users, items, y_range=None):
    _check_lengths(users, items)  # looks users up in the item tables and items in the user tables
    scores = (user_factors[items] * item_factors[users]).sum(dim=1) + user_bias[items] + item_bias[users]
    return _squash(scores, y_range)


def predict_sums_over_the_batch(user_factors, item_factors, user_bias, item_bias, users, items, y_range=None):
    _check_lengths(users, items)  # dim=0 adds up the batch instead of the factors
    scores = (user_factors[users] * item_factors[items]).sum(dim=0) + user_bias[users] + item_bias[items]
    return _squash(scores, y_range)


def predict_lets_lengths_broadcast(user_factors, item_factors, user_bias, item_bias, users, items, y_range=None):
    scores = (user_factors[users] * item_factors[items]).sum(dim=1) + user_bias[users] + item_bias[items]
    return _squash(scores, y_range)


def _check_l2(params, wd):
    if not params or wd < 0:
        raise ValueError("need at least one tensor and wd >= 0")


def l2_penalty_returns_a_float(params, wd):  # .item() cuts the graph: autograd cannot use it
    _check_l2(params, wd)
    return wd * sum((p ** 2).sum() for p in params).item()


def l2_penalty_square_of_the_sum(params, wd):  # (sum p) ** 2 instead of sum(p ** 2)
    _check_l2(params, wd)
    return wd * sum(p.sum() ** 2 for p in params)


def l2_penalty_norms_not_squared(params, wd):  # the L2 norm, not its square
    _check_l2(params, wd)
    return wd * sum(p.norm() for p in params)


def l2_penalty_first_tensor_only(params, wd):
    _check_l2(params, wd)
    return wd * (params[0] ** 2).sum()


def l2_penalty_forgets_the_raise(params, wd):  # an empty list gives 0.0, a negative wd a reward
    return wd * sum((p ** 2).sum() for p in params)


def _check_top_k(factors, index, k):
    if not 0 <= index < len(factors):
        raise IndexError("index out of range")
    if not 1 <= k <= len(factors) - 1:
        raise ValueError("k out of range")


def top_k_includes_itself(factors, index, k):  # the query row, similarity 1, comes first
    _check_top_k(factors, index, k)
    unit = torch.nn.functional.normalize(factors, dim=1)
    return (unit @ unit[index]).topk(k).indices


def top_k_dot_product(factors, index, k):  # long rows win: not cosine similarity
    _check_top_k(factors, index, k)
    sims = factors @ factors[index]
    sims[index] = -float("inf")
    return sims.topk(k).indices


def top_k_euclidean(factors, index, k):  # nearest by distance, which depends on the lengths
    _check_top_k(factors, index, k)
    dist = (factors - factors[index]).norm(dim=1)
    dist[index] = float("inf")
    return dist.topk(k, largest=False).indices


def top_k_nan_for_a_zero_row(factors, index, k):  # 0 / 0 = NaN, and topk puts NaN first
    _check_top_k(factors, index, k)
    unit = factors / factors.norm(dim=1, keepdim=True)
    sims = unit @ unit[index]
    sims[index] = -float("inf")
    return sims.topk(k).indices


def top_k_normalizes_in_place(factors, index, k):  # divides the caller's factors by their lengths
    _check_top_k(factors, index, k)
    factors /= factors.norm(dim=1, keepdim=True).clamp(min=1e-12)
    sims = factors @ factors[index]
    sims[index] = -float("inf")
    return sims.topk(k).indices


def top_k_returns_a_list(factors, index, k):
    _check_top_k(factors, index, k)
    unit = torch.nn.functional.normalize(factors, dim=1)
    sims = unit @ unit[index]
    sims[index] = -float("inf")
    return sims.topk(k).indices.tolist()


def top_k_forgets_the_k_check(factors, index, k):  # k = n returns the query itself last; k = 0 returns nothing
    unit = torch.nn.functional.normalize(factors, dim=1)
    sims = unit @ unit[index]
    sims[index] = -float("inf")
    return sims.topk(k).indices


WRONG = {
    "sigmoid_range": [sigmoid_range_forgets_the_raise, sigmoid_range_allows_an_empty_range,
                      sigmoid_range_forgets_the_shift, sigmoid_range_scales_by_high, sigmoid_range_float32,
                      sigmoid_range_in_place],
    "predict": [predict_without_biases, predict_ignores_y_range, predict_swaps_the_tables,
                predict_sums_over_the_batch, predict_lets_lengths_broadcast],
    "l2_penalty": [l2_penalty_returns_a_float, l2_penalty_square_of_the_sum, l2_penalty_norms_not_squared,
                   l2_penalty_first_tensor_only, l2_penalty_forgets_the_raise],
    "top_k_similar": [top_k_includes_itself, top_k_dot_product, top_k_euclidean, top_k_nan_for_a_zero_row,
                      top_k_normalizes_in_place, top_k_returns_a_list, top_k_forgets_the_k_check],
}
test_checks_reject_wrong_solutions = rejected(ch19, WRONG)
