"""Chapter 14 · a language model from scratch, RNN to LSTM: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import torch

from ..checks import call, exercise  # noqa: F401


def _matrix(name, t, ndim):
    if not isinstance(t, torch.Tensor) or not t.is_floating_point():
        raise TypeError(f"{name} must be a float tensor; got {getattr(t, 'dtype', type(t).__name__)}.")
    if t.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s); got shape {tuple(t.shape)}.")
    return t


def _rnn_step_cases():
    g = torch.Generator().manual_seed(14)

    def randn(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g, dtype=dtype)

    return [
        # by hand: 1*1 + 2*(-1) + 1*2 + 0.5 = 1.5, so tanh(1.5)
        (torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0]]), torch.tensor([[1.0], [-1.0]]), torch.tensor([[2.0]]),
         torch.tensor([0.5])),
        (randn(4, 3), randn(4, 5), randn(3, 5), randn(5, 5), randn(5)),
        # zero input: only h @ w_hh + b, and a negative pre-activation (tanh, not ReLU)
        (torch.zeros(2, 3), torch.tensor([[1.0, -2.0], [0.5, 0.0]]), torch.ones(3, 2),
         torch.tensor([[1.0, 2.0], [0.0, 1.0]]), torch.tensor([0.0, -1.0])),
        # n_in == H and non-symmetric weights: the transposed layout of nn.Linear gives other numbers
        (randn(3, 4), randn(3, 4), randn(4, 4), randn(4, 4), randn(4)),
        (randn(2, 3, dtype=torch.float64), randn(2, 2, dtype=torch.float64), randn(3, 2, dtype=torch.float64),
         randn(2, 2, dtype=torch.float64), randn(2, dtype=torch.float64)),  # float64 stays float64
        # shapes that do not fit, although broadcasting would hide it: ValueError
        (randn(3, 2), randn(3, 4), randn(2, 4), randn(4, 4), randn(1)),       # b is (1,), not (H,)
        (randn(3, 2), randn(1, 4), randn(2, 4), randn(4, 4), randn(4)),       # h has 1 row, not B
        (randn(3, 2), randn(3, 4), randn(2, 4), randn(4, 3), randn(4)),       # w_hh is not (H, H)
    ]


@exercise(cases=_rnn_step_cases,
          hint="the weights are stored the way you multiply by them (no transpose); the nonlinearity is "
               "tanh, not the ReLU of the earlier models; and broadcasting would accept a bias or a state "
               "of the wrong shape, so compare the shapes yourself and raise ValueError")
def rnn_step(x, h, w_ih, w_hh, b):
    """One step of a simple RNN: ``tanh(x @ w_ih + h @ w_hh + b)``.

    ``x``: ``(B, n_in)`` inputs, ``h``: ``(B, n_hidden)`` previous state, ``w_ih``:
    ``(n_in, n_hidden)``, ``w_hh``: ``(n_hidden, n_hidden)``, ``b``: ``(n_hidden,)``.
    Returns the new state, ``(B, n_hidden)``. Raises ``ValueError`` when the shapes do not fit.
    """
    for name, t, ndim in (("x", x, 2), ("h", h, 2), ("w_ih", w_ih, 2), ("w_hh", w_hh, 2), ("b", b, 1)):
        _matrix(name, t, ndim)
    n_hidden = w_hh.shape[0]
    if (w_hh.shape[1] != n_hidden or w_ih.shape != (x.shape[1], n_hidden) or h.shape != (x.shape[0], n_hidden)
            or b.shape != (n_hidden,)):
        raise ValueError(f"shapes do not fit: x {tuple(x.shape)}, h {tuple(h.shape)}, w_ih {tuple(w_ih.shape)}, "
                         f"w_hh {tuple(w_hh.shape)}, b {tuple(b.shape)}; need (B, n_in), (B, H), (n_in, H), "
                         f"(H, H), (H,).")
    return (x @ w_ih + h @ w_hh + b).tanh()


def _lstm_step_cases():
    g = torch.Generator().manual_seed(141)

    def randn(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g, dtype=dtype)

    return [
        # zero weights: every gate sigmoid(0) = 0.5, the candidate tanh(0) = 0
        (torch.ones(1, 1), torch.zeros(1, 1), torch.tensor([[2.0]]), torch.zeros(1, 4), torch.zeros(1, 4),
         torch.zeros(4)),
        # input and output gates open, forget gate shut, candidate tanh(x): the old cell value 5 is forgotten
        (torch.ones(1, 1), torch.zeros(1, 1), torch.tensor([[5.0]]), torch.tensor([[0.0, 0.0, 1.0, 0.0]]),
         torch.zeros(1, 4), torch.tensor([100.0, -100.0, 0.0, 3.0])),  # o differs from i
        (randn(3, 4), randn(3, 2), randn(3, 2), randn(4, 8), randn(2, 8), randn(8)),
        (randn(2, 3, dtype=torch.float64), randn(2, 3, dtype=torch.float64), 3 * randn(2, 3, dtype=torch.float64),
         randn(3, 12, dtype=torch.float64), randn(3, 12, dtype=torch.float64), randn(12, dtype=torch.float64)),
        # shapes that do not fit, although broadcasting would hide it: ValueError
        (randn(3, 4), randn(3, 2), randn(1, 2), randn(4, 8), randn(2, 8), randn(8)),  # c has 1 row, not B
        (randn(3, 4), randn(1, 2), randn(3, 2), randn(4, 8), randn(2, 8), randn(8)),  # h has 1 row, not B
        (randn(3, 4), randn(3, 2), randn(3, 2), randn(4, 8), randn(2, 8), randn(1)),  # b is (1,), not (4H,)
    ]


@exercise(cases=_lstm_step_cases,
          hint="the 4H pre-activations split into four blocks of H columns in the order input, forget, "
               "candidate, output; only the candidate goes through tanh, the three gates through a sigmoid; "
               "the new h reads the new cell through tanh; return (h, c) in that order; and compare the "
               "shapes yourself, because broadcasting would accept a state with one row")
def lstm_step(x, h, c, w_ih, w_hh, b):
    """One step of an LSTM cell; returns ``(h_new, c_new)``, each ``(B, H)``.

    ``x``: ``(B, n_in)``, ``h`` and ``c``: ``(B, H)``, ``w_ih``: ``(n_in, 4H)``, ``w_hh``: ``(H, 4H)``,
    ``b``: ``(4H,)``. The ``4H`` pre-activations ``x @ w_ih + h @ w_hh + b`` are the input gate,
    forget gate, candidate and output gate in that order (PyTorch's order): ``i, f, o`` through a
    sigmoid, the candidate ``g`` through tanh; ``c_new = f * c + i * g``, ``h_new = o * tanh(c_new)``.
    Raises ``ValueError`` when the shapes do not fit.
    """
    for name, t, ndim in (("x", x, 2), ("h", h, 2), ("c", c, 2), ("w_ih", w_ih, 2), ("w_hh", w_hh, 2),
                          ("b", b, 1)):
        _matrix(name, t, ndim)
    n_hidden = h.shape[1]
    if (w_ih.shape != (x.shape[1], 4 * n_hidden) or w_hh.shape != (n_hidden, 4 * n_hidden)
            or b.shape != (4 * n_hidden,) or c.shape != h.shape or h.shape[0] != x.shape[0]):
        raise ValueError(f"shapes do not fit: x {tuple(x.shape)}, h {tuple(h.shape)}, c {tuple(c.shape)}, "
                         f"w_ih {tuple(w_ih.shape)}, w_hh {tuple(w_hh.shape)}, b {tuple(b.shape)}; need "
                         f"(B, n_in), (B, H), (B, H), (n_in, 4H), (H, 4H), (4H,).")
    i, f, g, o = (x @ w_ih + h @ w_hh + b).chunk(4, dim=1)
    c_new = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return o.sigmoid() * c_new.tanh(), c_new


def _continuous_order_cases():
    return [
        (6, 2),
        (7, 3),     # chunk 6 is left over
        (4, 4),     # one chunk per row
        (3, 1),     # one row
        (100, 8),   # four chunks left over
        (2, 3),     # fewer chunks than rows: ValueError
        (6, 0),     # no rows: ValueError
    ]


@exercise(cases=_continuous_order_cases,
          hint="first work out how many chunks each row gets (leftovers dropped); batch i then takes the i-th "
               "chunk of every row, so consecutive entries of the answer jump by that number, not by 1; "
               "a batch_size below 1, or too few chunks for one batch, calls for a ValueError, not an empty list")
def continuous_order(n_chunks: int, batch_size: int) -> list:
    """The order to feed ``n_chunks`` consecutive chunks of a stream so that batches continue each other.

    Cut into ``batch_size`` rows of ``m = n_chunks // batch_size`` chunks (row ``j`` holds chunks
    ``j*m`` to ``j*m + m - 1``), batch ``i`` takes the ``i``-th chunk of every row: row ``j`` of batch
    ``i`` is then the chunk right after row ``j`` of batch ``i - 1``. Returns the ``m * batch_size``
    chunk indices (Python ints) in feeding order (batch 0's, then batch 1's, ...); leftover chunks
    are dropped. ``continuous_order(6, 2)`` is ``[0, 3, 1, 4, 2, 5]``. Raises ``ValueError`` unless
    both arguments are whole numbers >= 1 and ``n_chunks >= batch_size``.
    """
    for name, value in (("n_chunks", n_chunks), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1; got {value!r}.")
    per_row = n_chunks // batch_size
    if per_row == 0:
        raise ValueError(f"{n_chunks} chunks cannot fill {batch_size} rows: need n_chunks >= batch_size.")
    return [row * per_row + i for i in range(per_row) for row in range(batch_size)]


def _ar_tar_cases():
    g = torch.Generator().manual_seed(142)

    def randn(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g, dtype=dtype)

    raw = randn(3, 5, 4)
    return [
        # by hand: ar = 2 * (4 + 0) / 2 = 4, tar = 1 * (3 - 1)^2 = 4
        (torch.tensor([[[1.0], [3.0]]]), torch.tensor([[[2.0], [0.0]]])),
        call(torch.tensor([[[1.0], [3.0]]]), torch.tensor([[[2.0], [0.0]]]), alpha=0.5, beta=3.0),
        (raw, raw * (randn(3, 5, 4) > 0) * 2),  # dropped: about half the entries zeroed, the rest doubled
        call(randn(4, 3, 2), randn(4, 3, 2), alpha=1.0),  # B != T: differences along time, not along the batch
        (randn(2, 6, 3, dtype=torch.float64), randn(2, 6, 3, dtype=torch.float64), 1.0, 2.0),
        # bad input: ValueError
        (randn(1, 2, 3), randn(1, 2, 4)),  # the two shapes differ
        (randn(2, 1, 3), randn(2, 1, 3)),  # one time step: no difference to take
    ]


@exercise(cases=_ar_tar_cases,
          hint="AR reads the outputs after dropout, TAR the ones before it; TAR's differences run along the "
               "time axis (the second one), not the batch axis; both are means over every entry, returned as "
               "0-d tensors (no .item()); different shapes, or fewer than two time steps, call for a ValueError")
def ar_tar(raw, dropped, alpha: float = 2.0, beta: float = 1.0):
    """Activation regularization (AR) and temporal activation regularization (TAR), as ``(ar, tar)``.

    ``raw``: the LSTM's outputs ``(B, T, H)``, ``dropped``: the same after dropout ``(B, T, H)``, ``T >= 2``.
    ``ar = alpha * mean(dropped ** 2)``; ``tar = beta * mean((raw[:, 1:] - raw[:, :-1]) ** 2)``,
    the mean taken over every entry. Returns two 0-d tensors, to be added to the loss. Raises
    ``ValueError`` when the two shapes differ or ``T < 2``.
    """
    _matrix("raw", raw, 3)
    _matrix("dropped", dropped, 3)
    if raw.shape != dropped.shape:
        raise ValueError(f"raw {tuple(raw.shape)} and dropped {tuple(dropped.shape)} must have the same shape.")
    if raw.shape[1] < 2:
        raise ValueError(f"TAR needs at least two time steps; got shape {tuple(raw.shape)}.")
    return alpha * dropped.pow(2).mean(), beta * (raw[:, 1:] - raw[:, :-1]).pow(2).mean()
