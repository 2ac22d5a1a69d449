"""Chapter 16 · attention and transformers: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import math

import torch

from ..checks import call, exercise  # noqa: F401


# ---- Exercise 1: split the features into heads ----------------------------------------------
def _split_heads_cases():
    g = torch.Generator().manual_seed(16)
    return [
        (torch.randn(2, 5, 12, generator=g), 3),                       # head h gets features 4h..4h+3
        (torch.arange(24.0).reshape(1, 3, 8), 2),                      # easy to follow by eye
        (torch.randn(3, 1, 4, generator=g), 4),                        # one feature per head
        (torch.randn(2, 4, 6, generator=g), 1),                        # one head: just a new axis
        (torch.randn(2, 3, 8, generator=g, dtype=torch.float64), 4),   # keeps the dtype
        (torch.randn(2, 3, 10, generator=g), 4),                       # 10 features do not split in 4: ValueError
        (torch.randn(5, 12, generator=g), 3),                          # not (B, T, D): ValueError
        (torch.randn(2, 3, 8, generator=g), 0),                        # no heads: ValueError
    ]


@exercise(cases=_split_heads_cases,
          hint="a single view straight to the final shape keeps the shape but mixes positions into the heads: "
               "from which axis must the heads be cut before they move? Check the input before anything else")
def split_heads(x, n_heads):
    """``x``: (B, T, D) float tensor -> (B, n_heads, T, D // n_heads), head ``h`` holding features
    ``h * D/H`` to ``(h + 1) * D/H - 1`` of every position. Raises ValueError unless ``x`` is 3-d,
    ``n_heads >= 1`` and ``n_heads`` divides D."""
    if x.ndim != 3:
        raise ValueError(f"x must be (batch, time, features); got shape {tuple(x.shape)}.")
    if n_heads < 1 or x.shape[-1] % n_heads:
        raise ValueError(f"{x.shape[-1]} features do not split into {n_heads} heads.")
    batch, time, features = x.shape
    return x.reshape(batch, time, n_heads, features // n_heads).transpose(1, 2)


# ---- Exercise 2: scaled dot-product attention with a mask ------------------------------------
def _masked_attention_cases():
    g = torch.Generator().manual_seed(161)
    q, k, v = (torch.randn(2, 4, 8, generator=g) for _ in range(3))
    padding = torch.tensor([[True, True, True, True], [True, True, False, False]])[:, None, :]  # (2, 1, 4)
    causal = torch.ones(4, 4, dtype=torch.bool).tril()
    heads = [torch.randn(2, 3, 5, 6, generator=g) for _ in range(3)]
    return [
        (q, k, v, torch.ones(4, 4, dtype=torch.bool)),                 # nothing masked
        (q, k, v, padding),                                            # padding: the second text has 2 tokens
        (q, k, v, causal),                                             # causal: no peeking ahead
        (q * 10, k * 10, v, causal),                                   # large scores: the scale matters
        (*heads, torch.ones(5, 5, dtype=torch.bool).tril()),           # (B, H, T, d) with a broadcast mask
        (q[:, :2], k, v[..., :3], torch.ones(2, 4, dtype=torch.bool)),  # 2 queries, 4 keys, values of width 3
        (q, k, v, causal.float()),                                     # a float mask is not a bool one: ValueError
        (q, k, v, torch.ones(4, 4, dtype=torch.bool).tril(-1)),        # query 0 alone has no key: ValueError
    ]


@exercise(cases=_masked_attention_cases,
          hint="where must the mask act so that the remaining weights still sum to 1? Mind the scale of the "
               "scores, and what must be refused (per query, not for the mask as a whole) before any arithmetic")
def masked_attention(q, k, v, mask):
    """Scaled dot-product attention. ``q``: (..., Tq, d), ``k``: (..., Tk, d), ``v``: (..., Tk, dv),
    ``mask``: bool, broadcastable to (..., Tq, Tk), True where a query may look at a key.

    Returns ``(output, weights)``: (..., Tq, dv) and (..., Tq, Tk), each row of ``weights`` summing
    to 1 with 0 at the masked keys. Raises ValueError if ``mask`` is not bool, or if it leaves a
    query with no key to attend to (its softmax would be 0/0).
    """
    if mask.dtype != torch.bool:
        raise ValueError(f"mask must be a bool tensor (True = may attend); got {mask.dtype}.")
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    mask = mask.expand_as(scores)
    if not mask.any(-1).all():
        raise ValueError("the mask leaves a query with no key to attend to.")
    weights = scores.masked_fill(~mask, float("-inf")).softmax(-1)
    return weights @ v, weights


# ---- Exercise 3: greedy decoding --------------------------------------------------------------
class _ToyModel:
    """Equal when of one kind with the same settings (so that the check can tell it was left unchanged)."""

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    __hash__ = None


class Counter(_ToyModel):
    """A toy next-token model: after token t it scores ``(t + 1) % vocab`` highest."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, prefix):
        logits = torch.zeros(self.vocab)
        logits[(prefix[-1] + 1) % self.vocab] = 1.0
        return logits

    def __repr__(self):
        return f"Counter(vocab={self.vocab})"


class Scripted(_ToyModel):
    """A toy next-token model that answers ``script[len(prefix) - 1]`` (then repeats the last one)."""

    def __init__(self, script, vocab=6):
        self.script, self.vocab = list(script), vocab

    def __call__(self, prefix):
        token = self.script[min(len(prefix) - 1, len(self.script) - 1)]
        logits = torch.full((self.vocab,), -1.0)
        logits[token] = 2.0
        return logits

    def __repr__(self):
        return f"Scripted({self.script})"


class Tied(_ToyModel):
    """A toy next-token model whose two best tokens always tie."""

    def __call__(self, prefix):
        return torch.tensor([0.0, 0.5, 3.0, 1.0, 3.0])

    def __repr__(self):
        return "Tied()"


def _greedy_decode_cases():
    return [
        call(Counter(6), bos=0, eos=5, max_len=10),        # 1, 2, 3, 4, then EOS
        call(Counter(6), bos=2, eos=5, max_len=10),        # starts after the BOS it is given
        call(Scripted([3]), bos=0, eos=1, max_len=4),      # never says EOS: stops after max_len tokens
        call(Scripted([1]), bos=0, eos=1, max_len=4),      # EOS at once: nothing
        call(Scripted([4, 2, 2, 1]), bos=0, eos=1, max_len=3),  # max_len reached just before the EOS
        call(Scripted([4, 2, 2, 1]), bos=0, eos=1, max_len=4),  # EOS is the max_len-th prediction: still left out
        call(Tied(), bos=0, eos=1, max_len=2),             # a tie: the smaller id wins
        call(Counter(4), bos=1, eos=9, max_len=6),         # the model writes the bos id too: keep it, drop only the first
        call(Counter(6), bos=0, eos=5, max_len=0),         # max_len below 1: ValueError
    ]


@exercise(cases=_greedy_decode_cases,
          hint="count the tokens you produce, not the prefix; is the end token part of the answer? Is the "
               "start token, and is a token the model writes that happens to equal it? Return Python ints")
def greedy_decode(next_logits, bos, eos, max_len):
    """Greedy decoding. ``next_logits(prefix)`` takes the tokens so far (a list of ints starting
    with ``bos``) and returns a 1-d tensor of scores for the next token.

    Starting from ``[bos]``, repeatedly append the highest-scoring token (the smallest id on a tie)
    until that token is ``eos`` or ``max_len`` tokens have been produced. Returns the produced tokens
    as a list of Python ints, without ``bos`` and without ``eos``. Raises ValueError if ``max_len < 1``.
    """
    if max_len < 1:
        raise ValueError(f"max_len must be at least 1; got {max_len}.")
    prefix = [bos]
    for _ in range(max_len):
        token = int(torch.argmax(next_logits(prefix)))
        if token == eos:
            break
        prefix.append(token)
    return prefix[1:]
