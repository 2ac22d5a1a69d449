"""Chapter 14's reference solutions, checked against values worked out by hand."""
import math

import pytest
import torch

from utils import solutions as sol


# ---- ch14_rnn_step -------------------------------------------------------------------------
def test_rnn_step_by_hand():
    x, h = torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0]])
    w_ih, w_hh, b = torch.tensor([[1.0], [-1.0]]), torch.tensor([[2.0]]), torch.tensor([0.5])
    # 1*1 + 2*(-1) + 1*2 + 0.5 = 1.5
    out = sol.ch14_rnn_step(x, h, w_ih, w_hh, b)
    assert out.shape == (1, 1)
    assert out.item() == pytest.approx(math.tanh(1.5))


def test_rnn_step_with_zero_weights_is_tanh_of_the_bias_for_every_row():
    out = sol.ch14_rnn_step(torch.ones(3, 4), torch.ones(3, 2), torch.zeros(4, 2), torch.zeros(2, 2),
                            torch.tensor([0.0, 1.0]))
    assert torch.allclose(out, torch.tensor([[0.0, math.tanh(1.0)]] * 3))


def test_rnn_step_matches_torch_rnn_cell():
    torch.manual_seed(0)
    cell = torch.nn.RNNCell(3, 5)
    x, h = torch.randn(4, 3), torch.randn(4, 5)
    ours = sol.ch14_rnn_step(x, h, cell.weight_ih.T, cell.weight_hh.T, cell.bias_ih + cell.bias_hh)
    assert torch.allclose(ours, cell(x, h), atol=1e-6)


def test_rnn_step_rejects_bad_shapes_and_types():
    with pytest.raises(ValueError, match="shapes do not fit"):
        sol.ch14_rnn_step(torch.ones(1, 2), torch.ones(1, 3), torch.ones(2, 2), torch.ones(2, 2), torch.ones(2))
    with pytest.raises(ValueError, match="dimension"):
        sol.ch14_rnn_step(torch.ones(2), torch.ones(1, 2), torch.ones(2, 2), torch.ones(2, 2), torch.ones(2))
    with pytest.raises(TypeError, match="float tensor"):
        sol.ch14_rnn_step(torch.ones(1, 2, dtype=torch.long), torch.ones(1, 2), torch.ones(2, 2),
                          torch.ones(2, 2), torch.ones(2))


# ---- ch14_lstm_step ------------------------------------------------------------------------
def test_lstm_step_with_zero_weights_halves_the_cell():
    # every gate is sigmoid(0) = 0.5 and the candidate tanh(0) = 0: c = 0.5 * 2, h = 0.5 * tanh(1)
    h, c = sol.ch14_lstm_step(torch.ones(1, 1), torch.zeros(1, 1), torch.tensor([[2.0]]),
                              torch.zeros(1, 4), torch.zeros(1, 4), torch.zeros(4))
    assert c.item() == pytest.approx(1.0)
    assert h.item() == pytest.approx(0.5 * math.tanh(1.0))


def test_lstm_step_gate_order_is_input_forget_candidate_output():
    # input gate open (bias 100), forget gate shut (-100), candidate tanh(x = 1), output gate open
    w_ih = torch.tensor([[0.0, 0.0, 1.0, 0.0]])
    b = torch.tensor([100.0, -100.0, 0.0, 100.0])
    h, c = sol.ch14_lstm_step(torch.ones(1, 1), torch.zeros(1, 1), torch.tensor([[5.0]]),
                              w_ih, torch.zeros(1, 4), b)
    assert c.item() == pytest.approx(math.tanh(1.0))  # the old 5.0 is forgotten
    assert h.item() == pytest.approx(math.tanh(math.tanh(1.0)))


def test_lstm_step_matches_torch_lstm_cell():
    torch.manual_seed(0)
    cell = torch.nn.LSTMCell(3, 5)
    x, h, c = torch.randn(4, 3), torch.randn(4, 5), torch.randn(4, 5)
    h1, c1 = sol.ch14_lstm_step(x, h, c, cell.weight_ih.T, cell.weight_hh.T, cell.bias_ih + cell.bias_hh)
    h2, c2 = cell(x, (h, c))
    assert torch.allclose(h1, h2, atol=1e-6) and torch.allclose(c1, c2, atol=1e-6)


def test_lstm_step_rejects_bad_shapes():
    with pytest.raises(ValueError, match="shapes do not fit"):  # w_ih has 3H columns, not 4H
        sol.ch14_lstm_step(torch.ones(1, 2), torch.ones(1, 1), torch.ones(1, 1), torch.ones(2, 3),
                           torch.ones(1, 4), torch.ones(4))
    with pytest.raises(ValueError, match="shapes do not fit"):  # c is not shaped like h
        sol.ch14_lstm_step(torch.ones(1, 2), torch.ones(1, 1), torch.ones(1, 2), torch.ones(2, 4),
                           torch.ones(1, 4), torch.ones(4))


# ---- ch14_continuous_order -----------------------------------------------------------------
def test_continuous_order_by_hand():
    assert sol.ch14_continuous_order(6, 2) == [0, 3, 1, 4, 2, 5]
    assert sol.ch14_continuous_order(7, 3) == [0, 2, 4, 1, 3, 5]  # chunk 6 is left over
    assert sol.ch14_continuous_order(4, 4) == [0, 1, 2, 3]
    assert sol.ch14_continuous_order(3, 1) == [0, 1, 2]


def test_continuous_order_makes_each_row_continue_the_previous_batch():
    order = sol.ch14_continuous_order(50, 4)
    batches = [order[i:i + 4] for i in range(0, len(order), 4)]
    for previous, current in zip(batches, batches[1:]):
        assert [b - a for a, b in zip(previous, current)] == [1, 1, 1, 1]


def test_continuous_order_rejects_bad_input():
    with pytest.raises(ValueError, match="n_chunks >= batch_size"):
        sol.ch14_continuous_order(3, 4)
    with pytest.raises(ValueError, match="whole number"):
        sol.ch14_continuous_order(6, 0)
    with pytest.raises(ValueError, match="whole number"):
        sol.ch14_continuous_order(6.0, 2)


# ---- ch14_ar_tar ---------------------------------------------------------------------------
def test_ar_tar_by_hand():
    raw = torch.tensor([[[1.0], [3.0]]])      # (B=1, T=2, H=1)
    dropped = torch.tensor([[[2.0], [0.0]]])
    ar, tar = sol.ch14_ar_tar(raw, dropped)   # alpha = 2, beta = 1
    assert ar.item() == pytest.approx(2 * (4 + 0) / 2)
    assert tar.item() == pytest.approx(1 * (3 - 1) ** 2)
    ar, tar = sol.ch14_ar_tar(raw, dropped, alpha=0.5, beta=3.0)
    assert (ar.item(), tar.item()) == pytest.approx((1.0, 12.0))
    assert ar.ndim == 0 and tar.ndim == 0


def test_tar_is_zero_for_a_constant_sequence():
    raw = torch.ones(2, 5, 3) * torch.tensor([1.0, -2.0, 3.0])
    _, tar = sol.ch14_ar_tar(raw, raw)
    assert tar.item() == 0.0


def test_ar_tar_rejects_bad_shapes():
    with pytest.raises(ValueError, match="same shape"):
        sol.ch14_ar_tar(torch.ones(1, 2, 3), torch.ones(1, 2, 4))
    with pytest.raises(ValueError, match="two time steps"):
        sol.ch14_ar_tar(torch.ones(1, 1, 3), torch.ones(1, 1, 3))
    with pytest.raises(ValueError, match="dimension"):
        sol.ch14_ar_tar(torch.ones(2, 3), torch.ones(2, 3))
