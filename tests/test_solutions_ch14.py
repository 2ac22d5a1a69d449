"""Chapter 14's reference solutions, checked against values worked out by hand."""
import math

import pytest
import torch

from utils.solutions import ch14
from wrong_solutions import rejected


# ---- rnn_step -------------------------------------------------------------------------
def test_rnn_step_by_hand():
    x, h = torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0]])
    w_ih, w_hh, b = torch.tensor([[1.0], [-1.0]]), torch.tensor([[2.0]]), torch.tensor([0.5])
    # 1*1 + 2*(-1) + 1*2 + 0.5 = 1.5
    out = ch14.rnn_step(x, h, w_ih, w_hh, b)
    assert out.shape == (1, 1)
    assert out.item() == pytest.approx(math.tanh(1.5))


def test_rnn_step_with_zero_weights_is_tanh_of_the_bias_for_every_row():
    out = ch14.rnn_step(torch.ones(3, 4), torch.ones(3, 2), torch.zeros(4, 2), torch.zeros(2, 2),
                        torch.tensor([0.0, 1.0]))
    assert torch.allclose(out, torch.tensor([[0.0, math.tanh(1.0)]] * 3))


def test_rnn_step_matches_torch_rnn_cell():
    torch.manual_seed(0)
    cell = torch.nn.RNNCell(3, 5)
    x, h = torch.randn(4, 3), torch.randn(4, 5)
    ours = ch14.rnn_step(x, h, cell.weight_ih.T, cell.weight_hh.T, cell.bias_ih + cell.bias_hh)
    assert torch.allclose(ours, cell(x, h), atol=1e-6)


def test_rnn_step_rejects_bad_shapes_and_types():
    with pytest.raises(ValueError, match="shapes do not fit"):
        ch14.rnn_step(torch.ones(1, 2), torch.ones(1, 3), torch.ones(2, 2), torch.ones(2, 2), torch.ones(2))
    with pytest.raises(ValueError, match="dimension"):
        ch14.rnn_step(torch.ones(2), torch.ones(1, 2), torch.ones(2, 2), torch.ones(2, 2), torch.ones(2))
    with pytest.raises(TypeError, match="float tensor"):
        ch14.rnn_step(torch.ones(1, 2, dtype=torch.long), torch.ones(1, 2), torch.ones(2, 2),
                      torch.ones(2, 2), torch.ones(2))


# ---- lstm_step ------------------------------------------------------------------------
def test_lstm_step_with_zero_weights_halves_the_cell():
    # every gate is sigmoid(0) = 0.5 and the candidate tanh(0) = 0: c = 0.5 * 2, h = 0.5 * tanh(1)
    h, c = ch14.lstm_step(torch.ones(1, 1), torch.zeros(1, 1), torch.tensor([[2.0]]),
                          torch.zeros(1, 4), torch.zeros(1, 4), torch.zeros(4))
    assert c.item() == pytest.approx(1.0)
    assert h.item() == pytest.approx(0.5 * math.tanh(1.0))


def test_lstm_step_gate_order_is_input_forget_candidate_output():
    # input gate open (bias 100), forget gate shut (-100), candidate tanh(x = 1), output gate open
    w_ih = torch.tensor([[0.0, 0.0, 1.0, 0.0]])
    b = torch.tensor([100.0, -100.0, 0.0, 100.0])
    h, c = ch14.lstm_step(torch.ones(1, 1), torch.zeros(1, 1), torch.tensor([[5.0]]),
                          w_ih, torch.zeros(1, 4), b)
    assert c.item() == pytest.approx(math.tanh(1.0))  # the old 5.0 is forgotten
    assert h.item() == pytest.approx(math.tanh(math.tanh(1.0)))


def test_lstm_step_matches_torch_lstm_cell():
    torch.manual_seed(0)
    cell = torch.nn.LSTMCell(3, 5)
    x, h, c = torch.randn(4, 3), torch.randn(4, 5), torch.randn(4, 5)
    h1, c1 = ch14.lstm_step(x, h, c, cell.weight_ih.T, cell.weight_hh.T, cell.bias_ih + cell.bias_hh)
    h2, c2 = cell(x, (h, c))
    assert torch.allclose(h1, h2, atol=1e-6) and torch.allclose(c1, c2, atol=1e-6)


def test_lstm_step_rejects_bad_shapes():
    with pytest.raises(ValueError, match="shapes do not fit"):  # w_ih has 3H columns, not 4H
        ch14.lstm_step(torch.ones(1, 2), torch.ones(1, 1), torch.ones(1, 1), torch.ones(2, 3),
                       torch.ones(1, 4), torch.ones(4))
    with pytest.raises(ValueError, match="shapes do not fit"):  # c is not shaped like h
        ch14.lstm_step(torch.ones(1, 2), torch.ones(1, 1), torch.ones(1, 2), torch.ones(2, 4),
                       torch.ones(1, 4), torch.ones(4))


# ---- continuous_order -----------------------------------------------------------------
def test_continuous_order_by_hand():
    assert ch14.continuous_order(6, 2) == [0, 3, 1, 4, 2, 5]
    assert ch14.continuous_order(7, 3) == [0, 2, 4, 1, 3, 5]  # chunk 6 is left over
    assert ch14.continuous_order(4, 4) == [0, 1, 2, 3]
    assert ch14.continuous_order(3, 1) == [0, 1, 2]


def test_continuous_order_makes_each_row_continue_the_previous_batch():
    order = ch14.continuous_order(50, 4)
    batches = [order[i:i + 4] for i in range(0, len(order), 4)]
    for previous, current in zip(batches, batches[1:]):
        assert [b - a for a, b in zip(previous, current)] == [1, 1, 1, 1]


def test_continuous_order_rejects_bad_input():
    with pytest.raises(ValueError, match="n_chunks >= batch_size"):
        ch14.continuous_order(3, 4)
    with pytest.raises(ValueError, match="whole number"):
        ch14.continuous_order(6, 0)
    with pytest.raises(ValueError, match="whole number"):
        ch14.continuous_order(6.0, 2)


# ---- ar_tar ---------------------------------------------------------------------------
def test_ar_tar_by_hand():
    raw = torch.tensor([[[1.0], [3.0]]])      # (B=1, T=2, H=1)
    dropped = torch.tensor([[[2.0], [0.0]]])
    ar, tar = ch14.ar_tar(raw, dropped)   # alpha = 2, beta = 1
    assert ar.item() == pytest.approx(2 * (4 + 0) / 2)
    assert tar.item() == pytest.approx(1 * (3 - 1) ** 2)
    ar, tar = ch14.ar_tar(raw, dropped, alpha=0.5, beta=3.0)
    assert (ar.item(), tar.item()) == pytest.approx((1.0, 12.0))
    assert ar.ndim == 0 and tar.ndim == 0


def test_tar_is_zero_for_a_constant_sequence():
    raw = torch.ones(2, 5, 3) * torch.tensor([1.0, -2.0, 3.0])
    _, tar = ch14.ar_tar(raw, raw)
    assert tar.item() == 0.0


def test_ar_tar_rejects_bad_shapes():
    with pytest.raises(ValueError, match="same shape"):
        ch14.ar_tar(torch.ones(1, 2, 3), torch.ones(1, 2, 4))
    with pytest.raises(ValueError, match="two time steps"):
        ch14.ar_tar(torch.ones(1, 1, 3), torch.ones(1, 1, 3))
    with pytest.raises(ValueError, match="dimension"):
        ch14.ar_tar(torch.ones(2, 3), torch.ones(2, 3))


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def rnn_step_relu(x, h, w_ih, w_hh, b):  # the ReLU of the chapter's own RNNs, not tanh
    return torch.relu(x @ w_ih + h @ w_hh + b)


def rnn_step_linear_layout(x, h, w_ih, w_hh, b):  # transposes the weights as nn.Linear stores them
    return torch.tanh(x @ w_ih.T + h @ w_hh.T + b)


def rnn_step_forgets_the_state(x, h, w_ih, w_hh, b):  # h never enters: a feed-forward layer
    return torch.tanh(x @ w_ih + b)


def rnn_step_no_shape_check(x, h, w_ih, w_hh, b):  # right numbers, but broadcasts a (1,) bias or a 1-row h
    return torch.tanh(x @ w_ih + h @ w_hh + b)


def _gates(x, h, w_ih, w_hh, b):
    return (x @ w_ih + h @ w_hh + b).chunk(4, dim=1)


def lstm_step_ifog_order(x, h, c, w_ih, w_hh, b):  # reads the blocks as i, f, o, g
    i, f, o, g = _gates(x, h, w_ih, w_hh, b)
    c_new = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return o.sigmoid() * c_new.tanh(), c_new


def lstm_step_returns_c_then_h(x, h, c, w_ih, w_hh, b):
    i, f, g, o = _gates(x, h, w_ih, w_hh, b)
    c_new = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return c_new, o.sigmoid() * c_new.tanh()


def lstm_step_no_tanh_on_the_cell(x, h, c, w_ih, w_hh, b):  # h = o * c instead of o * tanh(c)
    i, f, g, o = _gates(x, h, w_ih, w_hh, b)
    c_new = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return o.sigmoid() * c_new, c_new


def lstm_step_h_from_the_old_cell(x, h, c, w_ih, w_hh, b):  # h reads c before the update
    i, f, g, o = _gates(x, h, w_ih, w_hh, b)
    return o.sigmoid() * c.tanh(), f.sigmoid() * c + i.sigmoid() * g.tanh()


def lstm_step_no_shape_check(x, h, c, w_ih, w_hh, b):  # right numbers, but broadcasts a 1-row c or h
    i, f, g, o = _gates(x, h, w_ih, w_hh, b)
    c_new = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return o.sigmoid() * c_new.tanh(), c_new


def continuous_order_consecutive(n_chunks, batch_size):  # row j of a batch holds consecutive chunks
    if batch_size < 1 or n_chunks < batch_size:
        raise ValueError("bad sizes")
    return list(range(n_chunks // batch_size * batch_size))


def continuous_order_keeps_leftovers(n_chunks, batch_size):  # rows of ceil(n / b) chunks, the last one short
    if batch_size < 1 or n_chunks < batch_size:
        raise ValueError("bad sizes")
    per_row = -(-n_chunks // batch_size)
    return [r * per_row + i for i in range(per_row) for r in range(batch_size) if r * per_row + i < n_chunks]


def continuous_order_as_a_tensor(n_chunks, batch_size):  # the right indices, as a tensor, not a list
    if batch_size < 1 or n_chunks < batch_size:
        raise ValueError("bad sizes")
    per_row = n_chunks // batch_size
    return torch.arange(per_row * batch_size).view(batch_size, per_row).T.reshape(-1)


def continuous_order_no_raise(n_chunks, batch_size):  # too few chunks give [], batch_size 0 ZeroDivisionError
    per_row = n_chunks // batch_size
    return [r * per_row + i for i in range(per_row) for r in range(batch_size)]


def _checked(raw, dropped):
    if raw.shape != dropped.shape or raw.shape[1] < 2:
        raise ValueError("bad shapes")


def ar_tar_swaps_raw_and_dropped(raw, dropped, alpha=2.0, beta=1.0):  # AR on raw, TAR on dropped
    _checked(raw, dropped)
    return alpha * raw.pow(2).mean(), beta * (dropped[:, 1:] - dropped[:, :-1]).pow(2).mean()


def ar_tar_differences_along_the_batch(raw, dropped, alpha=2.0, beta=1.0):  # raw[1:] - raw[:-1]
    _checked(raw, dropped)
    return alpha * dropped.pow(2).mean(), beta * (raw[1:] - raw[:-1]).pow(2).mean()


def ar_tar_as_floats(raw, dropped, alpha=2.0, beta=1.0):  # .item(): Python floats, not 0-d tensors
    _checked(raw, dropped)
    return alpha * dropped.pow(2).mean().item(), beta * (raw[:, 1:] - raw[:, :-1]).pow(2).mean().item()


def ar_tar_swaps_alpha_and_beta(raw, dropped, beta=2.0, alpha=1.0):
    _checked(raw, dropped)
    return beta * dropped.pow(2).mean(), alpha * (raw[:, 1:] - raw[:, :-1]).pow(2).mean()


def ar_tar_no_checks(raw, dropped, alpha=2.0, beta=1.0):  # different shapes pass, one step gives NaN
    return alpha * dropped.pow(2).mean(), beta * (raw[:, 1:] - raw[:, :-1]).pow(2).mean()


WRONG = {
    "rnn_step": [rnn_step_relu, rnn_step_linear_layout, rnn_step_forgets_the_state, rnn_step_no_shape_check],
    "lstm_step": [lstm_step_ifog_order, lstm_step_returns_c_then_h, lstm_step_no_tanh_on_the_cell,
                  lstm_step_h_from_the_old_cell, lstm_step_no_shape_check],
    "continuous_order": [continuous_order_consecutive, continuous_order_keeps_leftovers,
                         continuous_order_as_a_tensor, continuous_order_no_raise],
    "ar_tar": [ar_tar_swaps_raw_and_dropped, ar_tar_differences_along_the_batch, ar_tar_as_floats,
               ar_tar_swaps_alpha_and_beta, ar_tar_no_checks],
}
test_checks_reject_wrong_solutions = rejected(ch14, WRONG)
