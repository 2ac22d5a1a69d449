"""Chapter 17 · a GPT from scratch: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import math

import torch

from ..checks import call, exercise  # noqa: F401


# ---- Exercise 1: causal attention, with fewer queries than keys (the key-value cache) ----------
def _causal_attention_cases():
    g = torch.Generator().manual_seed(17)

    def randn(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g, dtype=dtype)

    return [
        # by hand: one query per position, keys equal, so each row averages the values it may see
        (torch.zeros(1, 3, 2), torch.zeros(1, 3, 2), torch.tensor([[[1.0, 0.0], [3.0, 0.0], [5.0, 6.0]]])),
        (randn(2, 5, 4), randn(2, 5, 4), randn(2, 5, 4)),               # batch of 2, square
        (randn(2, 3, 6, 8), randn(2, 3, 6, 8), randn(2, 3, 6, 8)),      # (B, heads, T, D)
        (randn(1, 1, 4), randn(1, 4, 4), randn(1, 4, 4)),               # one new query: it sees all 4 keys
        (randn(2, 2, 4), randn(2, 5, 4), randn(2, 5, 3)),               # 2 queries are positions 3 and 4 of 5
        (randn(1, 4, 16) * 3, randn(1, 4, 16) * 3, randn(1, 4, 16)),    # large D: the 1/sqrt(D) matters
        (randn(1, 3, 4, dtype=torch.float64), randn(1, 3, 4, dtype=torch.float64),
         randn(1, 3, 4, dtype=torch.float64)),                         # float64 stays float64
        (randn(1, 5, 4), randn(1, 3, 4), randn(1, 3, 4)),               # more queries than keys: ValueError
        (randn(1, 3, 4), randn(1, 3, 5), randn(1, 3, 4)),               # q and k differ in D: ValueError
        (randn(1, 3, 4), randn(1, 3, 4), randn(1, 2, 4)),               # k and v differ in length: ValueError
    ]


@exercise(cases=_causal_attention_cases,
          hint="mind the scale of the scores; may a query see its own position? With fewer queries than keys, "
               "which positions do the queries stand at?")
def causal_attention(q, k, v):
    """Causal scaled dot-product attention. ``q``: (..., Tq, D), ``k``: (..., Tk, D), ``v``: (..., Tk, Dv).

    The queries are the last ``Tq`` of the ``Tk`` positions (``Tq == Tk`` in training; fewer with a
    key-value cache): query ``i`` is position ``Tk - Tq + i`` and attends to keys ``0 .. Tk - Tq + i``.
    Returns (..., Tq, Dv). Raises ``ValueError`` when the shapes do not fit or ``Tq > Tk``.
    """
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2] or q.shape[:-2] != k.shape[:-2]:
        raise ValueError(f"shapes do not fit: q {tuple(q.shape)}, k {tuple(k.shape)}, v {tuple(v.shape)}.")
    n_q, n_k = q.shape[-2], k.shape[-2]
    if n_q > n_k:
        raise ValueError(f"{n_q} queries but only {n_k} keys: the queries are the last positions.")
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    allowed = torch.ones(n_q, n_k, dtype=torch.bool, device=q.device).tril(diagonal=n_k - n_q)
    scores = scores.masked_fill(~allowed, float("-inf"))
    return scores.softmax(dim=-1) @ v


# ---- Exercise 2: top-p (nucleus) filtering ----------------------------------------------------
def _top_p_cases():
    g = torch.Generator().manual_seed(171)
    probs = torch.tensor([[0.5, 0.05, 0.3, 0.15]])
    return [
        call(probs.log(), 0.7),                           # 0.5 + 0.3 = 0.8 >= 0.7: keep 2 (the crossing one too)
        call(probs.log(), 0.55),                          # 0.5 alone is not enough: 0.5 and 0.3
        call(probs.log(), 0.9),                           # 0.5 + 0.3 + 0.15 = 0.95 >= 0.9: three
        call(probs.log(), 1.0),                           # everything
        call(probs.log(), 0.1),                           # below the top probability: the top token only
        call(torch.tensor([[2.0, 1.0, 0.0], [0.0, 0.0, 5.0]]), 0.6),   # row by row
        call(torch.randn(3, 50, generator=g) * 2, 0.9),
        call(torch.randn(2, 7, 11, generator=g), 0.5),    # any leading shape; filter along the last axis
        call(torch.randn(1, 8, generator=g, dtype=torch.float64), 0.3),  # float64 stays float64
        call(probs.log(), 0.0),                           # ValueError: p must be in (0, 1]
        call(probs.log(), 1.5),
    ]


@exercise(cases=_top_p_cases,
          hint="the token that pushes the running sum past p belongs to the nucleus, the vocabulary's order "
               "must not change, and a removed token's logit must give probability 0 (and your input stays as it was)")
def top_p_filter(logits, p):
    """Nucleus filtering. ``logits``: (..., V) floats; ``0 < p <= 1``. Returns a new tensor like
    ``logits`` where every token outside the smallest set of most probable tokens whose probabilities
    sum to at least ``p`` is ``-inf``. Raises ``ValueError`` for ``p`` outside (0, 1].
    """
    if not 0 < p <= 1:
        raise ValueError(f"p must be in (0, 1], not {p!r}.")
    sorted_logits, order = logits.sort(dim=-1, descending=True)
    cumulative = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
    # drop a token when the tokens before it already reach p (so the crossing token stays)
    drop_sorted = (cumulative - sorted_logits.softmax(dim=-1)) >= p
    drop = torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted)
    return logits.masked_fill(drop, float("-inf"))


# ---- Exercise 3: perplexity from per-batch losses ---------------------------------------------
def _perplexity_cases():
    return [
        call([math.log(4.0)], [10]),                      # one batch: e^ln4 = 4
        call([1.0, 3.0], [1, 3]),                         # weighted: (1 + 9) / 4 = 2.5 -> e^2.5
        call([2.0, 2.0, 2.0], [5, 5, 5]),
        call([0.5, 4.0], [100, 1]),                       # a tiny last batch must not count as much
        call((3.0, 1.0), (2, 6)),                         # tuples work too
        call([1.0, 2.0], [3, 4], per_char=14),            # per character: e^(sum / 14)
        call([1.0, 2.0], [3]),                            # ValueError: lengths differ
        call([], []),                                     # ValueError: nothing to average
        call([1.0, 2.0], [3, 0]),                         # ValueError: a batch of no tokens
    ]


@exercise(cases=_perplexity_cases,
          hint="a batch of 1 token must not weigh as much as a batch of 1,000; and which kind of number "
               "comes back?")
def perplexity(batch_losses, batch_counts, per_char=None):
    """Perplexity from ``batch_losses`` (each a batch's mean cross-entropy in nats) and
    ``batch_counts`` (the tokens each batch averaged). With ``per_char`` (the number of characters
    those tokens spell), the perplexity per character instead. Returns a Python float. Raises
    ``ValueError`` for lists of different lengths, empty lists, or a count below 1.
    """
    if len(batch_losses) != len(batch_counts) or len(batch_losses) == 0:
        raise ValueError("give one count per batch loss, and at least one batch.")
    if any(c < 1 for c in batch_counts):
        raise ValueError("every batch must count at least one token.")
    total = sum(float(loss) * c for loss, c in zip(batch_losses, batch_counts))
    return math.exp(total / (per_char if per_char is not None else sum(batch_counts)))


# ---- Exercise 4: one byte-pair-encoding merge --------------------------------------------------
def _bpe_step_cases():
    return [
        ([1, 2, 3, 1, 2, 4], 9),                          # (1, 2) twice
        ([5, 5, 5, 2], 7),                                # (5, 5) counted twice (overlapping); merged once
        ([5, 5, 5, 5], 7),                                # -> [7, 7]
        ([1, 2, 3, 1, 2, 3], 8),                          # tie between (1,2) and (2,3): the first seen, (1,2)
        ([4, 3, 2, 1], 6),                                # all pairs once: the first, (4, 3)
        ([0, 1], 2),
        ([7], 8),                                         # ValueError: no pair
    ]


@exercise(cases=_bpe_step_cases,
          hint="count overlapping pairs too, and mind ties; after a merge, where does the next pair start? "
               "Leave the input list as it was")
def bpe_step(ids, new_id):
    """One BPE training step on a list of token ids: find the most frequent adjacent pair (ties: the
    one occurring first) and replace its occurrences, left to right, by ``new_id``. Returns
    ``(pair, new_ids)``: a tuple of two ints and a new list. Raises ``ValueError`` for fewer than 2 ids.
    """
    if len(ids) < 2:
        raise ValueError("a BPE step needs at least two ids.")
    counts = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    best = max(counts.values())
    pair = next(p for p in counts if counts[p] == best)  # dicts keep the order of first occurrence
    merged, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            merged.append(new_id)
            i += 2
        else:
            merged.append(ids[i])
            i += 1
    return (int(pair[0]), int(pair[1])), merged
