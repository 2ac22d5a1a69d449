"""Chapter 17's reference solutions against answers worked out by hand."""
import math

import pytest
import torch
import torch.nn.functional as F

from utils.solutions import ch17
from wrong_solutions import rejected


# ---- causal_attention --------------------------------------------------------------------
def test_causal_attention_by_hand():
    # equal scores: each position averages the values it may see (itself and the ones before)
    v = torch.tensor([[[1.0, 0.0], [3.0, 0.0], [5.0, 6.0]]])
    out = ch17.causal_attention(torch.zeros(1, 3, 2), torch.zeros(1, 3, 2), v)
    assert torch.allclose(out, torch.tensor([[[1.0, 0.0], [2.0, 0.0], [3.0, 2.0]]]))


def test_causal_attention_matches_pytorch():
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 3, 6, 8, generator=g) for _ in range(3))
    expected = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    assert torch.allclose(ch17.causal_attention(q, k, v), expected, atol=1e-6)
    # the last two queries alone give the last two rows: what a key-value cache relies on
    assert torch.allclose(ch17.causal_attention(q[..., -2:, :], k, v), expected[..., -2:, :], atol=1e-6)


def test_causal_attention_rejects_shapes_that_do_not_fit():
    for shapes in [((1, 5, 4), (1, 3, 4), (1, 3, 4)), ((1, 3, 4), (1, 3, 5), (1, 3, 4)),
                   ((1, 3, 4), (1, 3, 4), (1, 2, 4))]:
        with pytest.raises(ValueError):
            ch17.causal_attention(*(torch.zeros(s) for s in shapes))


# ---- top_p_filter ------------------------------------------------------------------------
def kept(logits):
    return torch.isfinite(logits)[0].tolist()


def test_top_p_keeps_the_token_that_crosses_p():
    logits = torch.tensor([[0.5, 0.05, 0.3, 0.15]]).log()
    assert kept(ch17.top_p_filter(logits, 0.7)) == [True, False, True, False]   # 0.5 + 0.3 = 0.8
    assert kept(ch17.top_p_filter(logits, 0.55)) == [True, False, True, False]
    assert kept(ch17.top_p_filter(logits, 0.9)) == [True, False, True, True]    # 0.95
    assert kept(ch17.top_p_filter(logits, 1.0)) == [True, True, True, True]
    assert kept(ch17.top_p_filter(logits, 0.1)) == [True, False, False, False]  # the top token always
    out = ch17.top_p_filter(logits, 0.7)
    assert torch.equal(out[0, [0, 2]], logits[0, [0, 2]]) and out[0, 1] == float("-inf")


def test_top_p_matches_transformers():
    from transformers.generation.logits_process import TopPLogitsWarper

    g = torch.Generator().manual_seed(1)
    logits = torch.randn(4, 100, generator=g) * 2
    for p in (0.3, 0.9):
        theirs = TopPLogitsWarper(top_p=p)(None, logits)
        assert torch.equal(torch.isfinite(ch17.top_p_filter(logits, p)), torch.isfinite(theirs))


def test_top_p_rejects_p_outside_0_1():
    for p in (0.0, -0.1, 1.5):
        with pytest.raises(ValueError):
            ch17.top_p_filter(torch.zeros(1, 3), p)


# ---- perplexity --------------------------------------------------------------------------
def test_perplexity_by_hand():
    assert ch17.perplexity([math.log(4.0)], [10]) == pytest.approx(4.0)
    assert ch17.perplexity([1.0, 3.0], [1, 3]) == pytest.approx(math.exp(2.5))  # not e^2
    assert ch17.perplexity([1.0, 2.0], [3, 4], per_char=14) == pytest.approx(math.exp(11 / 14))
    assert type(ch17.perplexity([1.0], [1])) is float


def test_perplexity_rejects_bad_input():
    for losses, counts in [([1.0, 2.0], [3]), ([], []), ([1.0, 2.0], [3, 0])]:
        with pytest.raises(ValueError):
            ch17.perplexity(losses, counts)


# ---- bpe_step ----------------------------------------------------------------------------
def test_bpe_step_by_hand():
    assert ch17.bpe_step([1, 2, 3, 1, 2, 4], 9) == ((1, 2), [9, 3, 9, 4])
    assert ch17.bpe_step([5, 5, 5, 2], 7) == ((5, 5), [7, 5, 2])      # left to right, no overlap
    assert ch17.bpe_step([5, 5, 5, 5], 7) == ((5, 5), [7, 7])
    assert ch17.bpe_step([1, 2, 3, 1, 2, 3], 8) == ((1, 2), [8, 3, 8, 3])  # a tie: the first seen
    ids = [0, 1]
    assert ch17.bpe_step(ids, 2) == ((0, 1), [2]) and ids == [0, 1]


def test_bpe_step_rejects_a_single_id():
    with pytest.raises(ValueError):
        ch17.bpe_step([7], 8)


# ---- plausible wrong solutions -----------------------------------------------------------
def attention_unscaled(q, k, v):
    scores = q @ k.transpose(-2, -1)
    allowed = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool).tril(k.shape[-2] - q.shape[-2])
    return scores.masked_fill(~allowed, float("-inf")).softmax(-1) @ v


def attention_mask_not_shifted(q, k, v):
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2] or q.shape[-2] > k.shape[-2]:
        raise ValueError("shapes")
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    allowed = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool).tril()  # right only when Tq == Tk
    return scores.masked_fill(~allowed, float("-inf")).softmax(-1) @ v


def attention_sees_the_future(q, k, v):
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2] or q.shape[-2] > k.shape[-2]:
        raise ValueError("shapes")
    return (q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])).softmax(-1) @ v


def top_p_drops_the_crossing_token(logits, p):
    if not 0 < p <= 1:
        raise ValueError("p")
    sorted_logits, order = logits.sort(dim=-1, descending=True)
    drop_sorted = sorted_logits.softmax(-1).cumsum(-1) > p
    drop_sorted[..., 0] = False
    return logits.masked_fill(torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted), float("-inf"))


def top_p_zeroes_instead(logits, p):
    out = ch17.top_p_filter(logits, p)
    return torch.where(torch.isfinite(out), out, torch.zeros_like(out))


def top_p_in_place(logits, p):
    out = ch17.top_p_filter(logits, p)
    logits.copy_(out)
    return logits


def top_p_no_raise(logits, p):
    return ch17.top_p_filter(logits, min(max(p, 1e-9), 1.0))


def perplexity_unweighted(batch_losses, batch_counts, per_char=None):
    if len(batch_losses) != len(batch_counts) or not batch_losses or min(batch_counts) < 1:
        raise ValueError("bad input")
    mean = sum(batch_losses) / len(batch_losses)
    return math.exp(mean if per_char is None else mean * sum(batch_counts) / per_char)


def perplexity_mean_of_exps(batch_losses, batch_counts, per_char=None):
    if len(batch_losses) != len(batch_counts) or not batch_losses or min(batch_counts) < 1:
        raise ValueError("bad input")
    return sum(math.exp(loss) * c for loss, c in zip(batch_losses, batch_counts)) / sum(batch_counts)


def perplexity_as_tensor(batch_losses, batch_counts, per_char=None):
    return torch.tensor(ch17.perplexity(batch_losses, batch_counts, per_char))


def perplexity_no_checks(batch_losses, batch_counts, per_char=None):
    total = sum(loss * c for loss, c in zip(batch_losses, batch_counts))
    return math.exp(total / (per_char or max(sum(batch_counts), 1)))


def bpe_merges_overlaps(ids, new_id):
    if len(ids) < 2:
        raise ValueError("short")
    pair = ch17.bpe_step(ids, new_id)[0]
    merged = [new_id if (a, b) == pair else a for a, b in zip(ids, ids[1:])]  # every position, no jump
    return pair, merged


def bpe_largest_pair_on_ties(ids, new_id):
    if len(ids) < 2:
        raise ValueError("short")
    counts = {}
    for p in zip(ids, ids[1:]):
        counts[p] = counts.get(p, 0) + 1
    pair = max(counts, key=lambda p: (counts[p], p))  # ties broken by the larger pair
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return pair, out


def bpe_in_place(ids, new_id):
    pair, merged = ch17.bpe_step(ids, new_id)
    ids[:] = merged
    return pair, ids


def bpe_first_occurrence_only(ids, new_id):
    pair, _ = ch17.bpe_step(ids, new_id)
    i = next(i for i in range(len(ids) - 1) if (ids[i], ids[i + 1]) == pair)
    return pair, ids[:i] + [new_id] + ids[i + 2:]


WRONG = {
    "causal_attention": [attention_unscaled, attention_mask_not_shifted, attention_sees_the_future],
    "top_p_filter": [top_p_drops_the_crossing_token, top_p_zeroes_instead, top_p_in_place, top_p_no_raise],
    "perplexity": [perplexity_unweighted, perplexity_mean_of_exps, perplexity_as_tensor, perplexity_no_checks],
    "bpe_step": [bpe_merges_overlaps, bpe_largest_pair_on_ties, bpe_in_place, bpe_first_occurrence_only],
}
test_checks_reject_wrong_solutions = rejected(ch17, WRONG)
