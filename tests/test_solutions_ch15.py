"""Chapter 15's reference solutions, checked against values worked out by hand."""
from collections import Counter

import numpy as np
import pytest
import torch

from utils.solutions import ch15
from wrong_solutions import rejected


# ---- majority_baseline ----------------------------------------------------------------
def test_majority_baseline_by_hand():
    # class 2 is the most common in training (3 of 5); 2 of the 4 validation labels are 2.
    assert ch15.majority_baseline([2, 0, 2, 1, 2], [2, 1, 2, 0]) == pytest.approx(0.5)
    # the majority is chosen on the training labels, not on the validation labels
    assert ch15.majority_baseline(np.array([0, 0, 1]), np.array([1, 1, 1, 0])) == pytest.approx(0.25)
    result = ch15.majority_baseline(torch.tensor([3, 3, 3]), torch.tensor([3, 3]))
    assert isinstance(result, float) and result == 1.0


def test_majority_baseline_breaks_ties_towards_the_smallest_id():
    # 1 and 4 occur twice each in training: the answer is 1, right on 1 of the 3 validation labels.
    assert ch15.majority_baseline([4, 1, 4, 1, 0], [4, 4, 1]) == pytest.approx(1 / 3)


def test_majority_baseline_rejects_bad_labels():
    with pytest.raises(ValueError, match="non-empty"):
        ch15.majority_baseline([], [0])
    with pytest.raises(TypeError, match="integer"):
        ch15.majority_baseline([0.0, 1.0], [0])
    with pytest.raises(ValueError, match="1-d"):
        ch15.majority_baseline([[0, 1]], [0])


# ---- count_ngrams ---------------------------------------------------------------------
def test_count_ngrams_by_hand():
    docs = [["the", "dog", "bit", "the", "man"], ["the", "man", "bit", "the", "dog"], []]
    vocab = ["the", "dog", "dog bit", "man bit", "bit the", "cat"]
    counts = ch15.count_ngrams(docs, vocab)
    assert counts.dtype == torch.float32 and counts.shape == (3, 6)
    assert counts.tolist() == [[2, 1, 1, 0, 1, 0], [2, 1, 0, 1, 1, 0], [0, 0, 0, 0, 0, 0]]


def test_count_ngrams_same_words_different_order_differ_only_in_bigrams():
    a, b = ["a", "b", "c"], ["c", "b", "a"]
    unigrams = ch15.count_ngrams([a, b], ["a", "b", "c"])
    assert torch.equal(unigrams[0], unigrams[1])
    bigrams = ch15.count_ngrams([a, b], ["a b", "b a"])
    assert bigrams.tolist() == [[1, 0], [0, 1]]


def test_count_ngrams_rejects_strings_and_repeated_entries():
    with pytest.raises(TypeError, match="tokenize"):
        ch15.count_ngrams(["the dog bit the man"], ["the"])
    with pytest.raises(ValueError, match="distinct"):
        ch15.count_ngrams([["a"]], ["a", "a"])
    with pytest.raises(TypeError, match="str"):
        ch15.count_ngrams([["a"]], ["a", 3])


# ---- pad_truncate ---------------------------------------------------------------------
def test_pad_truncate_by_hand():
    out = ch15.pad_truncate([[5, 7, 2], [9], [4, 4, 4, 4, 8], []], 4, pad_id=1)
    assert out.dtype == torch.int64 and out.shape == (4, 4)
    assert out.tolist() == [[5, 7, 2, 1], [9, 1, 1, 1], [4, 4, 4, 4], [1, 1, 1, 1]]


def test_pad_truncate_default_pad_and_tensor_rows():
    out = ch15.pad_truncate([torch.tensor([3, 6]), (8, 9, 10)], 2)
    assert out.tolist() == [[3, 6], [8, 9]]
    assert ch15.pad_truncate([[3]], 3, pad_id=0).tolist() == [[3, 0, 0]]
    assert ch15.pad_truncate([], 3).shape == (0, 3)


def test_pad_truncate_rejects_a_flat_list_and_a_bad_length():
    with pytest.raises(TypeError, match="lists of ids"):
        ch15.pad_truncate([5, 7, 2], 4)
    with pytest.raises(ValueError, match=">= 1"):
        ch15.pad_truncate([[5]], 0)
    with pytest.raises(ValueError, match=">= 1"):
        ch15.pad_truncate([[5]], 2.5)


# ---- concat_pool ----------------------------------------------------------------------
def test_concat_pool_by_hand():
    outputs = torch.tensor([[[1.0, -2.0], [3.0, 0.0], [100.0, 100.0]],
                            [[-1.0, 4.0], [-3.0, 2.0], [-5.0, 0.0]]])
    mask = torch.tensor([[1, 1, 0], [1, 1, 1]])
    pooled = ch15.concat_pool(outputs, mask)
    assert pooled.shape == (2, 4) and pooled.dtype == torch.float32
    # row 0: mean of the first two steps (2, -1), max (3, 0); the padded 100s are ignored
    # row 1: mean (-3, 2), max (-1, 4)
    assert torch.allclose(pooled, torch.tensor([[2.0, -1.0, 3.0, 0.0], [-3.0, 2.0, -1.0, 4.0]]))


def test_concat_pool_keeps_float64_and_accepts_a_bool_mask():
    outputs = torch.tensor([[[-2.0], [-4.0]]], dtype=torch.float64)
    pooled = ch15.concat_pool(outputs, torch.tensor([[True, False]]))
    assert pooled.dtype == torch.float64 and pooled.tolist() == [[-2.0, -2.0]]


def test_concat_pool_rejects_bad_inputs():
    with pytest.raises(ValueError, match="at least one real token"):
        ch15.concat_pool(torch.ones(2, 3, 4), torch.tensor([[1, 0, 0], [0, 0, 0]]))
    with pytest.raises(ValueError, match="shape"):
        ch15.concat_pool(torch.ones(2, 3, 4), torch.ones(2, 4))
    with pytest.raises(TypeError, match="float"):
        ch15.concat_pool(torch.ones(2, 3, 4, dtype=torch.int64), torch.ones(2, 3))


def test_majority_baseline_rejects_empty_validation_labels():
    with pytest.raises(ValueError, match="non-empty"):
        ch15.majority_baseline([0, 1, 1], [])


def test_count_ngrams_of_no_documents_has_one_column_per_entry():
    counts = ch15.count_ngrams([], ["a", "b c"])
    assert counts.shape == (0, 2) and counts.dtype == torch.float32


def test_pad_truncate_leaves_its_lists_unchanged():
    id_lists = [[5, 7, 2], [9]]
    ch15.pad_truncate(id_lists, 2)
    ch15.pad_truncate(id_lists, 5)
    assert id_lists == [[5, 7, 2], [9]]


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def _nonempty(*labels):
    if any(len(y) == 0 for y in labels):
        raise ValueError("empty labels")


def majority_from_the_validation_labels(train_y, valid_y):  # picks the class on the labels it is scored on
    _nonempty(train_y, valid_y)
    valid_y = np.asarray(valid_y)
    return float((valid_y == np.bincount(valid_y).argmax()).mean())


def majority_counter_first_seen(train_y, valid_y):  # Counter.most_common breaks a tie by first appearance
    _nonempty(train_y, valid_y)
    majority = Counter(np.asarray(train_y).tolist()).most_common(1)[0][0]
    return float((np.asarray(valid_y) == majority).mean())


def majority_largest_id_on_ties(train_y, valid_y):
    _nonempty(train_y, valid_y)
    counts = np.bincount(np.asarray(train_y))
    majority = len(counts) - 1 - int(counts[::-1].argmax())
    return float((np.asarray(valid_y) == majority).mean())


def majority_as_a_tensor(train_y, valid_y):  # a 0-d tensor, not a Python float
    _nonempty(train_y, valid_y)
    train_y, valid_y = torch.as_tensor(train_y), torch.as_tensor(valid_y)
    return (valid_y == torch.bincount(train_y).argmax()).float().mean()


def majority_nan_for_no_validation_labels(train_y, valid_y):  # mean of nothing: NaN instead of ValueError
    counts = np.bincount(np.asarray(train_y, dtype=np.int64))
    valid_y = np.asarray(valid_y)
    return float((valid_y == counts.argmax()).sum() / len(valid_y)) if len(valid_y) else float("nan")


def _vocab_checked(token_lists, vocab):
    if len(set(vocab)) != len(vocab):
        raise ValueError("repeated entry")
    if any(isinstance(doc, str) for doc in token_lists):
        raise TypeError("a document is a str")
    return {entry: j for j, entry in enumerate(vocab)}


def _grams(doc):
    doc = list(doc)
    return doc + [f"{a} {b}" for a, b in zip(doc, doc[1:])]


def count_ngrams_unigrams_only(token_lists, vocab):
    index = _vocab_checked(token_lists, vocab)
    counts = torch.zeros(len(token_lists), len(vocab))
    for i, doc in enumerate(token_lists):
        for token in doc:
            if token in index:
                counts[i, index[token]] += 1
    return counts


def count_ngrams_presence(token_lists, vocab):  # 1 if the entry occurs, however often
    index = _vocab_checked(token_lists, vocab)
    counts = torch.zeros(len(token_lists), len(vocab))
    for i, doc in enumerate(token_lists):
        for gram in set(_grams(doc)):
            if gram in index:
                counts[i, index[gram]] = 1
    return counts


def count_ngrams_int64(token_lists, vocab):  # the right counts, as integers
    index = _vocab_checked(token_lists, vocab)
    rows = [[0] * len(vocab) for _ in token_lists]
    for i, doc in enumerate(token_lists):
        for gram in _grams(doc):
            if gram in index:
                rows[i][index[gram]] += 1
    return torch.tensor(rows, dtype=torch.int64).reshape(len(rows), len(vocab))


def count_ngrams_flat_when_empty(token_lists, vocab):  # torch.tensor([]) has shape (0,), not (0, V)
    index = _vocab_checked(token_lists, vocab)
    rows = []
    for doc in token_lists:
        row = [0.0] * len(vocab)
        for gram in _grams(doc):
            if gram in index:
                row[index[gram]] += 1
        rows.append(row)
    return torch.tensor(rows)


def count_ngrams_reads_strings_as_characters(token_lists, vocab):  # no TypeError, no ValueError
    index = {entry: j for j, entry in enumerate(vocab)}
    counts = torch.zeros(len(token_lists), len(vocab))
    for i, doc in enumerate(token_lists):
        for gram in _grams(doc):
            if gram in index:
                counts[i, index[gram]] += 1
    return counts


def _length_checked(length):
    if length < 1:
        raise ValueError("length must be >= 1")


def pad_truncate_pads_on_the_left(id_lists, length, pad_id=1):  # Keras' pad_sequences default
    _length_checked(length)
    rows = [[pad_id] * (length - len(ids[:length])) + list(ids[:length]) for ids in id_lists]
    return torch.tensor(rows, dtype=torch.int64).reshape(len(rows), length)


def pad_truncate_keeps_the_last_ids(id_lists, length, pad_id=1):  # truncates from the front
    _length_checked(length)
    rows = [list(ids[-length:]) + [pad_id] * (length - len(ids[-length:])) for ids in id_lists]
    return torch.tensor(rows, dtype=torch.int64).reshape(len(rows), length)


def pad_truncate_pads_with_zero(id_lists, length, pad_id=0):  # the wrong default padding id
    _length_checked(length)
    rows = [list(ids[:length]) + [pad_id] * (length - len(ids[:length])) for ids in id_lists]
    return torch.tensor(rows, dtype=torch.int64).reshape(len(rows), length)


def pad_truncate_extends_the_input(id_lists, length, pad_id=1):  # pads the caller's lists in place
    _length_checked(length)
    for ids in id_lists:
        ids.extend([pad_id] * (length - len(ids)))
    return torch.tensor([ids[:length] for ids in id_lists], dtype=torch.int64).reshape(len(id_lists), length)


def pad_truncate_float_tensor(id_lists, length, pad_id=1):  # torch.full with a float fill value
    _length_checked(length)
    out = torch.full((len(id_lists), length), float(pad_id))
    for i, ids in enumerate(id_lists):
        out[i, : len(ids[:length])] = torch.tensor(ids[:length], dtype=torch.float32)
    return out


def pad_truncate_flat_when_empty(id_lists, length, pad_id=1):  # no reshape: [] becomes shape (0,)
    _length_checked(length)
    return torch.tensor([list(ids[:length]) + [pad_id] * (length - len(ids[:length])) for ids in id_lists],
                        dtype=torch.int64)


def pad_truncate_no_raise(id_lists, length, pad_id=1):  # length 0 gives an (N, 0) tensor
    rows = [list(ids[:length]) + [pad_id] * (length - len(ids[:length])) for ids in id_lists]
    return torch.tensor(rows, dtype=torch.int64).reshape(len(rows), length)


def _real(outputs, mask):
    real = torch.as_tensor(mask).bool().unsqueeze(-1)
    if not real.any(dim=1).all():
        raise ValueError("a row without a real token")
    return real


def concat_pool_mean_over_padding(outputs, mask):  # divides by T, counting the padded positions
    real = _real(outputs, mask)
    return torch.cat([(outputs * real).sum(1) / outputs.shape[1],
                      outputs.masked_fill(~real, float("-inf")).amax(1)], dim=1)


def concat_pool_max_over_zeros(outputs, mask):  # zeroes the padding, then takes the maximum
    real = _real(outputs, mask)
    return torch.cat([(outputs * real).sum(1) / real.sum(1), (outputs * real).amax(1)], dim=1)


def concat_pool_max_then_mean(outputs, mask):  # the two halves the other way round
    real = _real(outputs, mask)
    return torch.cat([outputs.masked_fill(~real, float("-inf")).amax(1), (outputs * real).sum(1) / real.sum(1)],
                     dim=1)


def concat_pool_stacked(outputs, mask):  # (N, 2, D) instead of (N, 2 * D)
    real = _real(outputs, mask)
    return torch.stack([(outputs * real).sum(1) / real.sum(1),
                        outputs.masked_fill(~real, float("-inf")).amax(1)], dim=1)


def concat_pool_overwrites_outputs(outputs, mask):  # masked_fill_ writes -inf into the caller's tensor
    real = _real(outputs, mask)
    mean = (outputs * real).sum(1) / real.sum(1)
    return torch.cat([mean, outputs.masked_fill_(~real, float("-inf")).amax(1)], dim=1)


def concat_pool_no_raise(outputs, mask):  # clamps the count: an empty row gives zeros and -inf
    real = torch.as_tensor(mask).bool().unsqueeze(-1)
    return torch.cat([(outputs * real).sum(1) / real.sum(1).clamp(min=1),
                      outputs.masked_fill(~real, float("-inf")).amax(1)], dim=1)


WRONG = {
    "majority_baseline": [majority_from_the_validation_labels, majority_counter_first_seen,
                          majority_largest_id_on_ties, majority_as_a_tensor, majority_nan_for_no_validation_labels],
    "count_ngrams": [count_ngrams_unigrams_only, count_ngrams_presence, count_ngrams_int64,
                     count_ngrams_flat_when_empty, count_ngrams_reads_strings_as_characters],
    "pad_truncate": [pad_truncate_pads_on_the_left, pad_truncate_keeps_the_last_ids, pad_truncate_pads_with_zero,
                     pad_truncate_extends_the_input, pad_truncate_float_tensor, pad_truncate_flat_when_empty,
                     pad_truncate_no_raise],
    "concat_pool": [concat_pool_mean_over_padding, concat_pool_max_over_zeros, concat_pool_max_then_mean,
                    concat_pool_stacked, concat_pool_overwrites_outputs, concat_pool_no_raise],
}
test_checks_reject_wrong_solutions = rejected(ch15, WRONG)
