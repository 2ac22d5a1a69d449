"""Chapter 14 · a language model from scratch, RNN to LSTM: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _matrix(name, t, ndim):
    import torch

    if not isinstance(t, torch.Tensor) or not t.is_floating_point():
        raise TypeError(f"{name} must be a float tensor; got {getattr(t, 'dtype', type(t).__name__)}.")
    if t.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s); got shape {tuple(t.shape)}.")
    return t


def rnn_step(x, h, w_ih, w_hh, b):
    """One step of a simple RNN: ``tanh(x @ w_ih + h @ w_hh + b)``.

    ``x``: ``(B, n_in)`` inputs, ``h``: ``(B, n_hidden)`` previous state, ``w_ih``:
    ``(n_in, n_hidden)``, ``w_hh``: ``(n_hidden, n_hidden)``, ``b``: ``(n_hidden,)``.
    Returns the new state, ``(B, n_hidden)``.
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


def lstm_step(x, h, c, w_ih, w_hh, b):
    """One step of an LSTM cell; returns ``(h_new, c_new)``, each ``(B, H)``.

    ``x``: ``(B, n_in)``, ``h`` and ``c``: ``(B, H)``, ``w_ih``: ``(n_in, 4H)``, ``w_hh``: ``(H, 4H)``,
    ``b``: ``(4H,)``. The ``4H`` pre-activations ``x @ w_ih + h @ w_hh + b`` are the input gate,
    forget gate, candidate and output gate in that order (PyTorch's order): ``i, f, o`` through a
    sigmoid, the candidate ``g`` through tanh; ``c_new = f * c + i * g``, ``h_new = o * tanh(c_new)``.
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


def continuous_order(n_chunks: int, batch_size: int) -> list:
    """The order to feed ``n_chunks`` consecutive chunks of a stream so that batches continue each other.

    Cut into ``batch_size`` rows of ``m = n_chunks // batch_size`` chunks (row ``j`` holds chunks
    ``j*m`` to ``j*m + m - 1``), batch ``i`` takes the ``i``-th chunk of every row: row ``j`` of batch
    ``i`` is then the chunk right after row ``j`` of batch ``i - 1``. Returns the ``m * batch_size``
    chunk indices in feeding order (batch 0's, then batch 1's, ...); leftover chunks are dropped.
    ``continuous_order(6, 2)`` is ``[0, 3, 1, 4, 2, 5]``.
    """
    for name, value in (("n_chunks", n_chunks), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1; got {value!r}.")
    per_row = n_chunks // batch_size
    if per_row == 0:
        raise ValueError(f"{n_chunks} chunks cannot fill {batch_size} rows: need n_chunks >= batch_size.")
    return [row * per_row + i for i in range(per_row) for row in range(batch_size)]


def ar_tar(raw, dropped, alpha: float = 2.0, beta: float = 1.0):
    """Activation regularization (AR) and temporal activation regularization (TAR), as ``(ar, tar)``.

    ``raw``: the LSTM's outputs ``(B, T, H)``, ``dropped``: the same after dropout ``(B, T, H)``, ``T >= 2``.
    ``ar = alpha * mean(dropped ** 2)``; ``tar = beta * mean((raw[:, 1:] - raw[:, :-1]) ** 2)``,
    the mean taken over every entry. Returns two 0-d tensors, to be added to the loss.
    """
    _matrix("raw", raw, 3)
    _matrix("dropped", dropped, 3)
    if raw.shape != dropped.shape:
        raise ValueError(f"raw {tuple(raw.shape)} and dropped {tuple(dropped.shape)} must have the same shape.")
    if raw.shape[1] < 2:
        raise ValueError(f"TAR needs at least two time steps; got shape {tuple(raw.shape)}.")
    return alpha * dropped.pow(2).mean(), beta * (raw[:, 1:] - raw[:, :-1]).pow(2).mean()
