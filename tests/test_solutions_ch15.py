"""Chapter 15's reference solutions, checked against values worked out by hand."""
import numpy as np
import pytest
import torch

from utils import solutions as sol


# ---- ch15_majority_baseline ----------------------------------------------------------------
def test_majority_baseline_by_hand():
    # class 2 is the most common in training (3 of 5); 2 of the 4 validation labels are 2.
    assert sol.ch15_majority_baseline([2, 0, 2, 1, 2], [2, 1, 2, 0]) == pytest.approx(0.5)
    # the majority is chosen on the training labels, not on the validation labels
    assert sol.ch15_majority_baseline(np.array([0, 0, 1]), np.array([1, 1, 1, 0])) == pytest.approx(0.25)
    result = sol.ch15_majority_baseline(torch.tensor([3, 3, 3]), torch.tensor([3, 3]))
    assert isinstance(result, float) and result == 1.0


def test_majority_baseline_breaks_ties_towards_the_smallest_id():
    # 1 and 4 occur twice each in training: the answer is 1, right on 1 of the 3 validation labels.
    assert sol.ch15_majority_baseline([4, 1, 4, 1, 0], [4, 4, 1]) == pytest.approx(1 / 3)


def test_majority_baseline_rejects_bad_labels():
    with pytest.raises(ValueError, match="non-empty"):
        sol.ch15_majority_baseline([], [0])
    with pytest.raises(TypeError, match="integer"):
        sol.ch15_majority_baseline([0.0, 1.0], [0])
    with pytest.raises(ValueError, match="1-d"):
        sol.ch15_majority_baseline([[0, 1]], [0])


# ---- ch15_count_ngrams ---------------------------------------------------------------------
def test_count_ngrams_by_hand():
    docs = [["the", "dog", "bit", "the", "man"], ["the", "man", "bit", "the", "dog"], []]
    vocab = ["the", "dog", "dog bit", "man bit", "bit the", "cat"]
    counts = sol.ch15_count_ngrams(docs, vocab)
    assert counts.dtype == torch.float32 and counts.shape == (3, 6)
    assert counts.tolist() == [[2, 1, 1, 0, 1, 0], [2, 1, 0, 1, 1, 0], [0, 0, 0, 0, 0, 0]]


def test_count_ngrams_same_words_different_order_differ_only_in_bigrams():
    a, b = ["a", "b", "c"], ["c", "b", "a"]
    unigrams = sol.ch15_count_ngrams([a, b], ["a", "b", "c"])
    assert torch.equal(unigrams[0], unigrams[1])
    bigrams = sol.ch15_count_ngrams([a, b], ["a b", "b a"])
    assert bigrams.tolist() == [[1, 0], [0, 1]]


def test_count_ngrams_rejects_strings_and_repeated_entries():
    with pytest.raises(TypeError, match="tokenize"):
        sol.ch15_count_ngrams(["the dog bit the man"], ["the"])
    with pytest.raises(ValueError, match="distinct"):
        sol.ch15_count_ngrams([["a"]], ["a", "a"])
    with pytest.raises(TypeError, match="str"):
        sol.ch15_count_ngrams([["a"]], ["a", 3])


# ---- ch15_pad_truncate ---------------------------------------------------------------------
def test_pad_truncate_by_hand():
    out = sol.ch15_pad_truncate([[5, 7, 2], [9], [4, 4, 4, 4, 8], []], 4, pad_id=1)
    assert out.dtype == torch.int64 and out.shape == (4, 4)
    assert out.tolist() == [[5, 7, 2, 1], [9, 1, 1, 1], [4, 4, 4, 4], [1, 1, 1, 1]]


def test_pad_truncate_default_pad_and_tensor_rows():
    out = sol.ch15_pad_truncate([torch.tensor([3, 6]), (8, 9, 10)], 2)
    assert out.tolist() == [[3, 6], [8, 9]]
    assert sol.ch15_pad_truncate([[3]], 3, pad_id=0).tolist() == [[3, 0, 0]]
    assert sol.ch15_pad_truncate([], 3).shape == (0, 3)


def test_pad_truncate_rejects_a_flat_list_and_a_bad_length():
    with pytest.raises(TypeError, match="lists of ids"):
        sol.ch15_pad_truncate([5, 7, 2], 4)
    with pytest.raises(ValueError, match=">= 1"):
        sol.ch15_pad_truncate([[5]], 0)
    with pytest.raises(ValueError, match=">= 1"):
        sol.ch15_pad_truncate([[5]], 2.5)


# ---- ch15_concat_pool ----------------------------------------------------------------------
def test_concat_pool_by_hand():
    outputs = torch.tensor([[[1.0, -2.0], [3.0, 0.0], [100.0, 100.0]],
                            [[-1.0, 4.0], [-3.0, 2.0], [-5.0, 0.0]]])
    mask = torch.tensor([[1, 1, 0], [1, 1, 1]])
    pooled = sol.ch15_concat_pool(outputs, mask)
    assert pooled.shape == (2, 4) and pooled.dtype == torch.float32
    # row 0: mean of the first two steps (2, -1), max (3, 0); the padded 100s are ignored
    # row 1: mean (-3, 2), max (-1, 4)
    assert torch.allclose(pooled, torch.tensor([[2.0, -1.0, 3.0, 0.0], [-3.0, 2.0, -1.0, 4.0]]))


def test_concat_pool_keeps_float64_and_accepts_a_bool_mask():
    outputs = torch.tensor([[[-2.0], [-4.0]]], dtype=torch.float64)
    pooled = sol.ch15_concat_pool(outputs, torch.tensor([[True, False]]))
    assert pooled.dtype == torch.float64 and pooled.tolist() == [[-2.0, -2.0]]


def test_concat_pool_rejects_bad_inputs():
    with pytest.raises(ValueError, match="at least one real token"):
        sol.ch15_concat_pool(torch.ones(2, 3, 4), torch.tensor([[1, 0, 0], [0, 0, 0]]))
    with pytest.raises(ValueError, match="shape"):
        sol.ch15_concat_pool(torch.ones(2, 3, 4), torch.ones(2, 4))
    with pytest.raises(TypeError, match="float"):
        sol.ch15_concat_pool(torch.ones(2, 3, 4, dtype=torch.int64), torch.ones(2, 3))
