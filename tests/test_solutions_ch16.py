"""Chapter 16's reference solutions against answers worked out by hand."""
import math

import pytest
import torch
import torch.nn.functional as F

from utils.solutions import ch16
from utils.solutions.ch16 import Counter, Scripted, Tied
from wrong_solutions import rejected


# ---- split_heads -------------------------------------------------------------------------
def test_split_heads_by_hand():
    x = torch.arange(8.0).reshape(1, 1, 8)  # one position, features 0..7
    heads = ch16.split_heads(x, 2)
    assert heads.shape == (1, 2, 1, 4)
    assert heads[0, 0, 0].tolist() == [0, 1, 2, 3] and heads[0, 1, 0].tolist() == [4, 5, 6, 7]


def test_split_heads_keeps_positions_apart_and_inverts():
    x = torch.arange(24.0).reshape(1, 3, 8)
    heads = ch16.split_heads(x, 2)
    assert heads[0, 1, 2].tolist() == [20, 21, 22, 23]  # head 1, position 2: the last four features of row 2
    assert torch.equal(heads.transpose(1, 2).reshape(1, 3, 8), x)
    assert ch16.split_heads(x.double(), 4).dtype == torch.float64


@pytest.mark.parametrize("x, n_heads", [(torch.zeros(2, 3, 10), 4), (torch.zeros(5, 12), 3),
                                        (torch.zeros(2, 3, 8), 0), (torch.zeros(2, 3, 8), -2)])
def test_split_heads_rejects_bad_input(x, n_heads):
    with pytest.raises(ValueError):
        ch16.split_heads(x, n_heads)


# ---- masked_attention --------------------------------------------------------------------
def test_masked_attention_by_hand():
    # one query, two keys with scores 0 and ln(3) * sqrt(d): weights 1/4 and 3/4
    d = 4
    q = torch.tensor([[[1.0, 0, 0, 0]]])
    k = torch.tensor([[[0.0, 0, 0, 0], [math.log(3) * math.sqrt(d), 0, 0, 0]]])
    v = torch.tensor([[[4.0], [8.0]]])
    out, w = ch16.masked_attention(q, k, v, torch.ones(1, 2, dtype=torch.bool))
    assert torch.allclose(w, torch.tensor([[[0.25, 0.75]]])) and torch.allclose(out, torch.tensor([[[7.0]]]))
    out, w = ch16.masked_attention(q, k, v, torch.tensor([[True, False]]))  # second key hidden
    assert w.tolist() == [[[1.0, 0.0]]] and out.tolist() == [[[4.0]]]


def test_masked_attention_matches_pytorch_with_a_causal_mask():
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 3, 5, 8, generator=g) for _ in range(3))
    causal = torch.ones(5, 5, dtype=torch.bool).tril()
    out, w = ch16.masked_attention(q, k, v, causal)
    assert torch.allclose(out, F.scaled_dot_product_attention(q, k, v, attn_mask=causal), atol=1e-6)
    assert torch.allclose(w.sum(-1), torch.ones(2, 3, 5)) and (w[..., 0, 1:] == 0).all()


@pytest.mark.parametrize("mask", [torch.ones(4, 4), torch.zeros(4, 4, dtype=torch.bool),
                                  torch.ones(4, 4, dtype=torch.bool).tril(-1)])
def test_masked_attention_rejects_float_masks_and_empty_rows(mask):
    q = k = v = torch.randn(1, 4, 8)
    with pytest.raises(ValueError):
        ch16.masked_attention(q, k, v, mask)


# ---- greedy_decode -----------------------------------------------------------------------
def test_greedy_decode_by_hand():
    assert ch16.greedy_decode(Counter(6), bos=0, eos=5, max_len=10) == [1, 2, 3, 4]
    assert ch16.greedy_decode(Counter(6), bos=3, eos=5, max_len=10) == [4]
    assert ch16.greedy_decode(Scripted([3]), bos=0, eos=1, max_len=4) == [3, 3, 3, 3]
    assert ch16.greedy_decode(Scripted([1]), bos=0, eos=1, max_len=4) == []
    assert ch16.greedy_decode(Tied(), bos=0, eos=1, max_len=2) == [2, 2]  # ties: the smaller id
    assert ch16.greedy_decode(Counter(4), bos=1, eos=9, max_len=6) == [2, 3, 0, 1, 2, 3]  # a written bos id stays
    tokens = ch16.greedy_decode(Counter(6), bos=0, eos=5, max_len=2)
    assert tokens == [1, 2] and all(type(t) is int for t in tokens)


def test_greedy_decode_rejects_max_len_below_one():
    with pytest.raises(ValueError):
        ch16.greedy_decode(Counter(6), bos=0, eos=5, max_len=0)


# ---- wrong solutions ---------------------------------------------------------------------
def split_heads_single_view(x, n_heads):  # right shape, positions mixed into the heads
    if x.ndim != 3 or n_heads < 1 or x.shape[-1] % n_heads:
        raise ValueError("bad input")
    b, t, d = x.shape
    return x.reshape(b, n_heads, t, d // n_heads)


def split_heads_no_checks(x, n_heads):  # forgets the raises
    b, t, d = x.shape
    return x.reshape(b, t, n_heads, d // n_heads).transpose(1, 2)


def split_heads_float32(x, n_heads):  # loses a float64 input's dtype
    if x.ndim != 3 or n_heads < 1 or x.shape[-1] % n_heads:
        raise ValueError("bad input")
    b, t, d = x.shape
    return x.float().reshape(b, t, n_heads, d // n_heads).transpose(1, 2)


def attention_unscaled(q, k, v, mask):  # forgets the 1/sqrt(d)
    if mask.dtype != torch.bool or not mask.expand(*q.shape[:-1], k.shape[-2]).any(-1).all():
        raise ValueError("bad mask")
    w = (q @ k.transpose(-2, -1)).masked_fill(~mask, float("-inf")).softmax(-1)
    return w @ v, w


def attention_zeroed_after_softmax(q, k, v, mask):  # masks the weights after the softmax
    if mask.dtype != torch.bool or not mask.expand(*q.shape[:-1], k.shape[-2]).any(-1).all():
        raise ValueError("bad mask")
    w = (q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])).softmax(-1) * mask
    return w @ v, w


def attention_accepts_float_masks(q, k, v, mask):  # no dtype check: a float mask works by accident
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if not mask.bool().expand_as(scores).any(-1).all():
        raise ValueError("a query with no key")
    w = scores.masked_fill(~mask.bool(), float("-inf")).softmax(-1)
    return w @ v, w


def attention_checks_the_whole_mask(q, k, v, mask):  # refuses only a mask with no True at all
    if mask.dtype != torch.bool or not mask.any():
        raise ValueError("bad mask")
    w = (q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])).masked_fill(~mask, float("-inf")).softmax(-1)
    return w @ v, w


def greedy_drops_every_bos(next_logits, bos, eos, max_len):  # filters the bos id out of what the model wrote
    if max_len < 1:
        raise ValueError("max_len")
    prefix = [bos]
    for _ in range(max_len):
        token = int(torch.argmax(next_logits(prefix)))
        if token == eos:
            break
        prefix.append(token)
    return [t for t in prefix if t != bos]


def greedy_keeps_eos(next_logits, bos, eos, max_len):  # returns the EOS too
    if max_len < 1:
        raise ValueError("max_len")
    prefix = [bos]
    for _ in range(max_len):
        token = int(torch.argmax(next_logits(prefix)))
        prefix.append(token)
        if token == eos:
            break
    return prefix[1:]


def greedy_one_too_many(next_logits, bos, eos, max_len):  # off by one: up to max_len + 1 tokens
    if max_len < 1:
        raise ValueError("max_len")
    prefix = [bos]
    for _ in range(max_len + 1):
        token = int(torch.argmax(next_logits(prefix)))
        if token == eos:
            break
        prefix.append(token)
    return prefix[1:]


def greedy_tensor_ids(next_logits, bos, eos, max_len):  # appends 0-d tensors, not Python ints
    if max_len < 1:
        raise ValueError("max_len")
    prefix = [bos]
    for _ in range(max_len):
        token = torch.argmax(next_logits(prefix))
        if token == eos:
            break
        prefix.append(token)
    return prefix[1:]


WRONG = {
    "split_heads": [split_heads_single_view, split_heads_no_checks, split_heads_float32],
    "masked_attention": [attention_unscaled, attention_zeroed_after_softmax, attention_accepts_float_masks,
                         attention_checks_the_whole_mask],
    "greedy_decode": [greedy_keeps_eos, greedy_one_too_many, greedy_tensor_ids, greedy_drops_every_bos],
}

test_checks_reject_wrong_solutions = rejected(ch16, WRONG)
