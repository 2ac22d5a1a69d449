"""Chapter 21's reference solutions, checked against values worked out by hand."""
import math

import numpy as np
import pytest
import torch

from utils.solutions import ch21
from wrong_solutions import rejected


# ---- mean_pool ------------------------------------------------------------------------
def test_mean_pool_leaves_padding_out():
    # text 0: tokens [1, 2] and [3, 4], then padding [100, 100]; text 1: one token [5, 6].
    emb = torch.tensor([[[1.0, 2.0], [3.0, 4.0], [100.0, 100.0]],
                        [[5.0, 6.0], [-7.0, 7.0], [9.0, 9.0]]])
    mask = torch.tensor([[1, 1, 0], [1, 0, 0]])
    pooled = ch21.mean_pool(emb, mask)
    assert pooled.shape == (2, 2) and pooled.dtype == torch.float32
    assert torch.allclose(pooled, torch.tensor([[2.0, 3.0], [5.0, 6.0]]))


def test_mean_pool_of_a_full_mask_is_the_plain_mean_and_an_empty_row_is_zero():
    emb = torch.arange(12, dtype=torch.float64).reshape(1, 4, 3)
    assert torch.allclose(ch21.mean_pool(emb, torch.ones(1, 4)), emb.mean(dim=1))
    assert torch.equal(ch21.mean_pool(emb, torch.zeros(1, 4)), torch.zeros(1, 3, dtype=torch.float64))


def test_mean_pool_counts_the_real_tokens_wherever_they_sit():
    emb = torch.tensor([[[100.0], [1.0], [3.0], [100.0]]])  # padding on both sides
    assert torch.equal(ch21.mean_pool(emb, torch.tensor([[0, 1, 1, 0]])), torch.tensor([[2.0]]))


def test_mean_pool_rejects_mismatched_shapes_and_integers():
    with pytest.raises(ValueError, match="attention_mask"):
        ch21.mean_pool(torch.zeros(2, 3, 4), torch.ones(2, 4))
    with pytest.raises(ValueError, match="attention_mask"):
        ch21.mean_pool(torch.zeros(2, 3, 4), torch.ones(1, 3))  # would broadcast over the batch
    with pytest.raises(TypeError, match="float"):
        ch21.mean_pool(torch.zeros(2, 3, 4, dtype=torch.int64), torch.ones(2, 3))


# ---- cosine_top_k ---------------------------------------------------------------------
def test_cosine_top_k_ignores_length_and_sorts_best_first():
    docs = torch.tensor([[10.0, 0.0], [1.0, 1.0], [0.0, -3.0]])  # angles 0, 45 and -90 degrees
    queries = torch.tensor([[2.0, 0.0], [0.0, 1.0]])
    scores, indices = ch21.cosine_top_k(queries, docs, 2)
    assert indices.tolist() == [[0, 1], [1, 0]] and indices.dtype == torch.int64
    s = 1 / math.sqrt(2)
    assert torch.allclose(scores, torch.tensor([[1.0, s], [s, 0.0]]), atol=1e-6)


def test_cosine_top_k_rejects_bad_k_and_dimensions():
    docs = torch.randn(3, 4)
    with pytest.raises(ValueError, match="k must be"):
        ch21.cosine_top_k(torch.randn(2, 4), docs, 4)
    with pytest.raises(ValueError, match="k must be"):
        ch21.cosine_top_k(torch.randn(2, 4), docs, 0)
    with pytest.raises(ValueError, match="dimensions"):
        ch21.cosine_top_k(torch.randn(2, 5), docs, 1)


# ---- recall_at_k and mrr ---------------------------------------------------------------------
RANKED = torch.tensor([[3, 1, 2], [0, 2, 1], [4, 0, 3], [1, 2, 3]])
TARGETS = torch.tensor([3, 2, 1, 3])  # found at positions 1, 2, never, 3


def test_recall_at_k_by_hand():
    assert ch21.recall_at_k(RANKED, TARGETS, 1) == pytest.approx(1 / 4)
    assert ch21.recall_at_k(RANKED, TARGETS, 2) == pytest.approx(2 / 4)
    assert ch21.recall_at_k(RANKED, TARGETS, 3) == pytest.approx(3 / 4)
    assert isinstance(ch21.recall_at_k(RANKED.numpy(), TARGETS.numpy(), 3), float)


def test_mrr_by_hand():
    assert ch21.mrr(RANKED, TARGETS) == pytest.approx((1 + 1 / 2 + 0 + 1 / 3) / 4)
    assert ch21.mrr(np.array([[7, 8]]), np.array([9])) == 0.0


def test_recall_and_mrr_reject_bad_inputs():
    with pytest.raises(ValueError, match="k must be"):
        ch21.recall_at_k(RANKED, TARGETS, 4)
    with pytest.raises(ValueError, match="targets"):
        ch21.mrr(RANKED, TARGETS[:3])
    with pytest.raises(ValueError, match="targets"):
        ch21.recall_at_k(RANKED[0], TARGETS[:1], 1)
    with pytest.raises(ValueError, match="targets"):
        ch21.recall_at_k(RANKED, TARGETS[:1], 1)  # one target would broadcast over the four queries
    with pytest.raises(ValueError, match="Q >= 1"):
        ch21.mrr(torch.zeros(0, 3, dtype=torch.int64), torch.zeros(0, dtype=torch.int64))


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def _check_mask(token_embeddings, attention_mask):
    if attention_mask.shape != token_embeddings.shape[:2]:
        raise ValueError("the mask must be (B, T)")
    return attention_mask.unsqueeze(-1).to(token_embeddings.dtype)


def mean_pool_ignores_the_mask(token_embeddings, attention_mask):  # padding counts too
    _check_mask(token_embeddings, attention_mask)
    return token_embeddings.mean(dim=1)


def mean_pool_divides_by_t(token_embeddings, attention_mask):  # sums the real tokens, divides by all T
    mask = _check_mask(token_embeddings, attention_mask)
    return (token_embeddings * mask).sum(dim=1) / token_embeddings.shape[1]


def mean_pool_nan_for_an_empty_row(token_embeddings, attention_mask):  # 0 / 0
    mask = _check_mask(token_embeddings, attention_mask)
    return (token_embeddings * mask).sum(dim=1) / mask.sum(dim=1)


def mean_pool_first_n_tokens(token_embeddings, attention_mask):  # assumes the padding is always at the end
    _check_mask(token_embeddings, attention_mask)
    rows = []
    for emb, n in zip(token_embeddings, attention_mask.sum(dim=1).tolist()):
        n = int(n)
        rows.append(emb[:n].mean(dim=0) if n else torch.zeros_like(emb[0]))
    return torch.stack(rows)


def mean_pool_lets_the_mask_broadcast(token_embeddings, attention_mask):  # no shape check
    mask = attention_mask.unsqueeze(-1).to(token_embeddings.dtype)
    return (token_embeddings * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


def _check_top_k(queries, docs, k):
    if queries.shape[1] != docs.shape[1] or not 1 <= k <= docs.shape[0]:
        raise ValueError("bad k or dimensions")


def _unit(x):
    return x / x.norm(dim=1, keepdim=True)


def cosine_top_k_dot_product(queries, docs, k):  # long documents win
    _check_top_k(queries, docs, k)
    return torch.topk(queries @ docs.T, k, dim=1)


def cosine_top_k_normalizes_docs_only(queries, docs, k):  # right order, scores scaled by the query's length
    _check_top_k(queries, docs, k)
    return torch.topk(queries @ _unit(docs).T, k, dim=1)


def cosine_top_k_worst_first(queries, docs, k):  # the k least similar
    _check_top_k(queries, docs, k)
    return torch.topk(_unit(queries) @ _unit(docs).T, k, dim=1, largest=False)


def cosine_top_k_indices_only(queries, docs, k):
    _check_top_k(queries, docs, k)
    return torch.topk(_unit(queries) @ _unit(docs).T, k, dim=1).indices


def cosine_top_k_indices_first(queries, docs, k):  # (indices, scores), the other way round
    _check_top_k(queries, docs, k)
    scores, indices = torch.topk(_unit(queries) @ _unit(docs).T, k, dim=1)
    return indices, scores


def cosine_top_k_forgets_the_checks(queries, docs, k):  # torch's RuntimeError, or nothing for k = 0
    return torch.topk(_unit(queries) @ _unit(docs).T, k, dim=1)


def _check_ranked(ranked, targets, k=1):
    if len(ranked) == 0 or len(targets) != len(ranked) or not 1 <= k <= ranked.shape[1]:
        raise ValueError("bad input")


def recall_first_k_plus_one(ranked, targets, k):  # off by one
    _check_ranked(ranked, targets, k)
    return (ranked[:, : k + 1] == targets[:, None]).any(dim=1).double().mean().item()


def recall_only_at_position_k(ranked, targets, k):  # a hit exactly at k, not among the first k
    _check_ranked(ranked, targets, k)
    return (ranked[:, k - 1] == targets).double().mean().item()


def recall_returns_a_tensor(ranked, targets, k):  # a 0-d tensor, not a Python float
    _check_ranked(ranked, targets, k)
    return (ranked[:, :k] == targets[:, None]).any(dim=1).double().mean()


def recall_counts_the_hits(ranked, targets, k):  # how many queries, not what share
    _check_ranked(ranked, targets, k)
    return float((ranked[:, :k] == targets[:, None]).any(dim=1).sum())


def recall_forgets_the_checks(ranked, targets, k):  # k = 4 of 3 silently means 3; k = 0 gives 0.0
    return (ranked[:, :k] == targets[:, None]).any(dim=1).double().mean().item()


def mrr_a_miss_counts_as_first(ranked, targets):  # argmax of a row with no hit is 0: position 1
    _check_ranked(ranked, targets)
    return (1 / ((ranked == targets[:, None]).double().argmax(dim=1) + 1)).mean().item()


def mrr_over_the_hits_only(ranked, targets):  # leaves the misses out of the mean
    _check_ranked(ranked, targets)
    hit = ranked == targets[:, None]
    found = hit.any(dim=1)
    reciprocal = 1 / (hit.double().argmax(dim=1) + 1)
    return reciprocal[found].mean().item() if found.any() else 0.0


def mrr_position_not_reciprocal(ranked, targets):  # the mean position of the hits
    _check_ranked(ranked, targets)
    hit = ranked == targets[:, None]
    return (hit.any(dim=1).double() * (hit.double().argmax(dim=1) + 1)).mean().item()


def mrr_returns_a_tensor(ranked, targets):
    _check_ranked(ranked, targets)
    hit = ranked == targets[:, None]
    return (hit.any(dim=1).double() / (hit.double().argmax(dim=1) + 1)).mean()


def mrr_forgets_the_checks(ranked, targets):  # torch's RuntimeError, or NaN for no query
    hit = ranked == targets[:, None]
    return (hit.any(dim=1).double() / (hit.double().argmax(dim=1) + 1)).mean().item()


WRONG = {
    "mean_pool": [mean_pool_ignores_the_mask, mean_pool_divides_by_t, mean_pool_nan_for_an_empty_row,
                  mean_pool_first_n_tokens, mean_pool_lets_the_mask_broadcast],
    "cosine_top_k": [cosine_top_k_dot_product, cosine_top_k_normalizes_docs_only, cosine_top_k_worst_first,
                     cosine_top_k_indices_only, cosine_top_k_indices_first, cosine_top_k_forgets_the_checks],
    "recall_at_k": [recall_first_k_plus_one, recall_only_at_position_k, recall_returns_a_tensor,
                    recall_counts_the_hits, recall_forgets_the_checks],
    "mrr": [mrr_a_miss_counts_as_first, mrr_over_the_hits_only, mrr_position_not_reciprocal, mrr_returns_a_tensor,
            mrr_forgets_the_checks],
}
test_checks_reject_wrong_solutions = rejected(ch21, WRONG)
