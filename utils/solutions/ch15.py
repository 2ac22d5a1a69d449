"""Chapter 15 · text classification three ways: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import numpy as np
import torch

from ..checks import call, exercise  # noqa: F401


def _labels(y, what: str):
    y = np.asarray(y.detach().cpu() if hasattr(y, "detach") else y)
    if y.ndim != 1 or len(y) == 0:
        raise ValueError(f"{what} must be a non-empty 1-d sequence of class ids; got shape {y.shape}.")
    if y.dtype.kind not in "iu":
        raise TypeError(f"{what} must hold integer class ids; got dtype {y.dtype}.")
    return y


def _majority_baseline_cases():
    rng = np.random.default_rng(15)
    return [
        ([2, 0, 2, 1, 2], [2, 1, 2, 0]),                # a list: class 2, right on 2 of 4
        (np.array([0, 0, 1]), np.array([1, 1, 1, 0])),  # the majority comes from train_y, not valid_y
        (np.array([4, 1, 4, 1, 0]), np.array([4, 4, 1])),  # 1 and 4 tie: the smaller id, 1, wins
        ([5, 3, 3, 5], [5, 3, 3]),                       # a tie whose larger id comes first
        (torch.tensor([3, 3, 3]), torch.tensor([3, 3])),  # tensors
        (rng.integers(0, 5, 300), rng.integers(0, 5, 80)),
        ([7, 7], [0, 1, 2]),                             # never right: 0.0
        ([], [0, 1]),                                    # no training labels: ValueError
        ([0, 1, 1], []),                                 # no validation labels: ValueError
    ]


@exercise(cases=_majority_baseline_cases,
          hint="choose the class on the training labels only; when two classes are equally common the "
               "smaller id wins, whatever order they come in; return a plain float, not a tensor; "
               "empty labels have no majority and no accuracy, so raise ValueError")
def majority_baseline(train_y, valid_y) -> float:
    """Validation accuracy of always answering the class that is most common in ``train_y``.

    ``train_y``, ``valid_y``: 1-d sequences (list, array or tensor) of integer class ids. A tie
    between classes goes to the smallest id. Returns a Python float in [0, 1]. Raises
    ``ValueError`` when either is empty.
    """
    train_y, valid_y = _labels(train_y, "train_y"), _labels(valid_y, "valid_y")
    if train_y.min() < 0:
        raise ValueError("class ids must be >= 0.")
    majority = int(np.bincount(train_y).argmax())  # argmax returns the first (smallest) of tied ids
    return float((valid_y == majority).mean())


def _count_ngrams_cases():
    return [
        ([["the", "dog", "bit", "the", "man"], ["the", "man", "bit", "the", "dog"]],
         ["the", "dog", "dog bit", "man bit", "bit the", "cat"]),
        ([["a", "a", "a"], []], ["a", "a a", "b"]),  # counts, overlapping bigrams, an empty document
        ([["goal", "!"]], ["!", "goal !", "goal"]),  # the vocabulary's order, not the text's
        ([("new", "york", "new", "york")], ["york new", "new york", "york"]),  # a tuple of tokens
        ([], ["a", "b c"]),                          # no documents: shape (0, V)
        (["the dog bit the man"], ["the", "dog"]),   # a string, not a list of tokens: TypeError
        ([["a", "b"]], ["a", "b", "a"]),             # an entry twice: ValueError
    ]


@exercise(cases=_count_ngrams_cases,
          hint="count occurrences, not presence, of the unigrams and of the pairs of neighbouring tokens, "
               "each pair written with one space; columns follow the vocabulary's order; the answer is a "
               "float32 tensor of shape (N, V) even when N is 0; a document given as a str, or a repeated "
               "vocabulary entry, must raise (TypeError, ValueError) rather than count something else")
def count_ngrams(token_lists, vocab):
    """A bag of unigrams and bigrams: how often each vocabulary entry occurs in each document.

    ``token_lists``: a list of N documents, each a list of str tokens; ``vocab``: a list of V
    distinct entries, each a token (``"goal"``) or two tokens joined by one space (``"last
    night"``). Returns a float32 tensor of shape (N, V) whose ``[i, j]`` counts the occurrences of
    ``vocab[j]`` among document ``i``'s unigrams and bigrams (pairs of neighbouring tokens).
    Unigrams and bigrams that are not in ``vocab`` are ignored. Raises ``TypeError`` when a
    document is a str rather than a list of tokens, ``ValueError`` when ``vocab`` repeats an entry.
    """
    from collections import Counter

    vocab = list(vocab)
    if not all(isinstance(v, str) for v in vocab):
        raise TypeError("every vocabulary entry must be a str, such as 'goal' or 'last night'.")
    if len(set(vocab)) != len(vocab):
        raise ValueError("the vocabulary holds an entry twice: its entries must be distinct.")
    if isinstance(token_lists, str) or any(isinstance(doc, str) for doc in token_lists):
        raise TypeError("token_lists must be a list of documents, each a list of tokens, not strings "
                        "(split or tokenize the texts first).")
    index = {entry: j for j, entry in enumerate(vocab)}
    counts = torch.zeros(len(token_lists), len(vocab), dtype=torch.float32)
    for i, doc in enumerate(token_lists):
        doc = list(doc)
        grams = doc + [f"{a} {b}" for a, b in zip(doc, doc[1:])]
        for gram, n in Counter(grams).items():
            if gram in index:
                counts[i, index[gram]] = n
    return counts


def _pad_truncate_cases():
    rng = np.random.default_rng(151)
    ragged = [rng.integers(2, 50, int(n)).tolist() for n in rng.integers(0, 12, 20)]
    return [
        ([[5, 7, 2], [9], [4, 4, 4, 4, 8]], 4),          # pad, pad, and keep the first four
        call([[3], [], [6, 6]], 3, pad_id=0),            # an empty list: all padding
        ([[8, 9, 10]], 1),
        ([[5, 7], [6]], 2),                               # the default pad_id is 1
        (ragged, 8),
        ([], 3),                                          # no lists: shape (0, length)
        ([[5, 7, 2]], 0),                                 # length below 1: ValueError
    ]


@exercise(cases=_pad_truncate_cases,
          hint="keep the start of each list and pad at its end (not the other way round), with pad_id's default "
               "of 1; build a new row instead of extending the caller's list; the answer is an int64 tensor "
               "of shape (len(id_lists), length), also for no lists at all; a length below 1 calls for a ValueError")
def pad_truncate(id_lists, length: int, pad_id: int = 1):
    """Make token-id lists one length: keep the first ``length`` ids, pad short ones on the right.

    ``id_lists``: a list of N lists of int ids (any lengths, empty allowed); ``length >= 1``.
    Returns an int64 tensor of shape (N, length) filled with ``pad_id`` after each list's ids.
    Raises ``ValueError`` when ``length`` is not a whole number >= 1. The lists are left unchanged.
    """
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise ValueError(f"length must be a whole number >= 1; got {length!r}.")
    rows = []
    for ids in id_lists:
        if not hasattr(ids, "__len__") or isinstance(ids, str):
            raise TypeError("id_lists must be a list of lists of ids, such as [[5, 7, 2], [9]].")
        ids = [int(i) for i in list(ids)[:length]]
        rows.append(ids + [pad_id] * (length - len(ids)))
    return torch.tensor(rows, dtype=torch.int64).reshape(len(rows), length)


def _concat_pool_cases():
    g = torch.Generator().manual_seed(152)
    return [
        # the padded 100s count neither in the mean nor in the maximum
        (torch.tensor([[[1.0, -2.0], [3.0, 0.0], [100.0, 100.0]], [[-1.0, 4.0], [-3.0, 2.0], [-5.0, 0.0]]]),
         torch.tensor([[1, 1, 0], [1, 1, 1]])),
        # every value negative: a padded position read as 0 would win the maximum
        (-torch.rand(3, 5, 4, generator=g) - 0.1, torch.tensor([[1, 0, 0, 0, 0], [1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])),
        # float64, and real positions that are not a prefix of the row
        (torch.randn(2, 4, 3, dtype=torch.float64, generator=g), torch.tensor([[1, 1, 1, 1], [0, 1, 0, 1]])),
        (torch.randn(2, 3, 2, generator=g), torch.tensor([[True, True, False], [False, True, True]])),  # a bool mask
        (torch.randn(2, 3, 4, generator=g), torch.tensor([[1, 1, 0], [0, 0, 0]])),  # a row with no real token: ValueError
    ]


@exercise(cases=_concat_pool_cases,
          hint="padding must count in neither half: divide by each row's number of real positions, and keep "
               "padded positions out of the maximum in a way that also works when every value is negative; "
               "mean first, then maximum, side by side along the last axis; do not overwrite the outputs; "
               "a row without a real token calls for a ValueError")
def concat_pool(outputs, mask):
    """Concat pooling over the real (unpadded) time steps: the mean, then the maximum.

    ``outputs``: float tensor (N, T, D), e.g. an LSTM's outputs; ``mask``: (N, T) of 1 (a real
    token) and 0 (padding). Returns (N, 2 * D) in ``outputs``' dtype: for each row the mean of the
    vectors at its real steps, followed by their element-wise maximum. Raises ``ValueError`` when a
    row of ``mask`` has no 1.
    """
    if not isinstance(outputs, torch.Tensor) or not outputs.is_floating_point() or outputs.ndim != 3:
        raise TypeError("outputs must be a float tensor of shape (N, T, D).")
    mask = torch.as_tensor(mask, device=outputs.device)
    if mask.shape != outputs.shape[:2]:
        raise ValueError(f"mask must have shape (N, T) = {tuple(outputs.shape[:2])}; got {tuple(mask.shape)}.")
    real = mask.bool().unsqueeze(-1)  # (N, T, 1)
    if not real.any(dim=1).all():
        raise ValueError("every row needs at least one real token (a 1 in its mask).")
    mean = (outputs * real).sum(dim=1) / real.sum(dim=1)
    maximum = outputs.masked_fill(~real, float("-inf")).amax(dim=1)
    return torch.cat([mean, maximum], dim=1)
