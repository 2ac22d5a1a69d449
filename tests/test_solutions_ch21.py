"""Chapter 21's reference solutions, checked against values worked out by hand."""
import math

import numpy as np
import pytest
import torch

from utils import solutions as sol


# ---- ch21_mean_pool ------------------------------------------------------------------------
def test_mean_pool_leaves_padding_out():
    # text 0: tokens [1, 2] and [3, 4], then padding [100, 100]; text 1: one token [5, 6].
    emb = torch.tensor([[[1.0, 2.0], [3.0, 4.0], [100.0, 100.0]],
                        [[5.0, 6.0], [-7.0, 7.0], [9.0, 9.0]]])
    mask = torch.tensor([[1, 1, 0], [1, 0, 0]])
    pooled = sol.ch21_mean_pool(emb, mask)
    assert pooled.shape == (2, 2) and pooled.dtype == torch.float32
    assert torch.allclose(pooled, torch.tensor([[2.0, 3.0], [5.0, 6.0]]))


def test_mean_pool_of_a_full_mask_is_the_plain_mean_and_an_empty_row_is_zero():
    emb = torch.arange(12, dtype=torch.float64).reshape(1, 4, 3)
    assert torch.allclose(sol.ch21_mean_pool(emb, torch.ones(1, 4)), emb.mean(dim=1))
    assert torch.equal(sol.ch21_mean_pool(emb, torch.zeros(1, 4)), torch.zeros(1, 3, dtype=torch.float64))


def test_mean_pool_rejects_mismatched_shapes_and_integers():
    with pytest.raises(ValueError, match="attention_mask"):
        sol.ch21_mean_pool(torch.zeros(2, 3, 4), torch.ones(2, 4))
    with pytest.raises(TypeError, match="float"):
        sol.ch21_mean_pool(torch.zeros(2, 3, 4, dtype=torch.int64), torch.ones(2, 3))


# ---- ch21_cosine_top_k ---------------------------------------------------------------------
def test_cosine_top_k_ignores_length_and_sorts_best_first():
    docs = torch.tensor([[10.0, 0.0], [1.0, 1.0], [0.0, -3.0]])  # angles 0, 45 and -90 degrees
    queries = torch.tensor([[2.0, 0.0], [0.0, 1.0]])
    scores, indices = sol.ch21_cosine_top_k(queries, docs, 2)
    assert indices.tolist() == [[0, 1], [1, 0]] and indices.dtype == torch.int64
    s = 1 / math.sqrt(2)
    assert torch.allclose(scores, torch.tensor([[1.0, s], [s, 0.0]]), atol=1e-6)


def test_cosine_top_k_rejects_bad_k_and_dimensions():
    docs = torch.randn(3, 4)
    with pytest.raises(ValueError, match="k must be"):
        sol.ch21_cosine_top_k(torch.randn(2, 4), docs, 4)
    with pytest.raises(ValueError, match="dimensions"):
        sol.ch21_cosine_top_k(torch.randn(2, 5), docs, 1)


# ---- ch21_recall_at_k and ch21_mrr ---------------------------------------------------------
RANKED = torch.tensor([[3, 1, 2], [0, 2, 1], [4, 0, 3], [1, 2, 3]])
TARGETS = torch.tensor([3, 2, 1, 3])  # found at positions 1, 2, never, 3


def test_recall_at_k_by_hand():
    assert sol.ch21_recall_at_k(RANKED, TARGETS, 1) == pytest.approx(1 / 4)
    assert sol.ch21_recall_at_k(RANKED, TARGETS, 2) == pytest.approx(2 / 4)
    assert sol.ch21_recall_at_k(RANKED, TARGETS, 3) == pytest.approx(3 / 4)
    assert isinstance(sol.ch21_recall_at_k(RANKED.numpy(), TARGETS.numpy(), 3), float)


def test_mrr_by_hand():
    assert sol.ch21_mrr(RANKED, TARGETS) == pytest.approx((1 + 1 / 2 + 0 + 1 / 3) / 4)
    assert sol.ch21_mrr(np.array([[7, 8]]), np.array([9])) == 0.0


def test_recall_and_mrr_reject_bad_inputs():
    with pytest.raises(ValueError, match="k must be"):
        sol.ch21_recall_at_k(RANKED, TARGETS, 4)
    with pytest.raises(ValueError, match="targets"):
        sol.ch21_mrr(RANKED, TARGETS[:3])
    with pytest.raises(ValueError, match="targets"):
        sol.ch21_recall_at_k(RANKED[0], TARGETS[:1], 1)
