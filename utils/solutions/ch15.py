"""Chapter 15 · text classification three ways: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _labels(y, what: str):
    import numpy as np

    y = np.asarray(y.detach().cpu() if hasattr(y, "detach") else y)
    if y.ndim != 1 or len(y) == 0:
        raise ValueError(f"{what} must be a non-empty 1-d sequence of class ids; got shape {y.shape}.")
    if y.dtype.kind not in "iu":
        raise TypeError(f"{what} must hold integer class ids; got dtype {y.dtype}.")
    return y


def majority_baseline(train_y, valid_y) -> float:
    """Validation accuracy of always answering the class that is most common in ``train_y``.

    ``train_y``, ``valid_y``: 1-d sequences (list, array or tensor) of integer class ids. A tie
    between classes goes to the smallest id. Returns a Python float in [0, 1].
    """
    import numpy as np

    train_y, valid_y = _labels(train_y, "train_y"), _labels(valid_y, "valid_y")
    if train_y.min() < 0:
        raise ValueError("class ids must be >= 0.")
    majority = int(np.bincount(train_y).argmax())  # argmax returns the first (smallest) of tied ids
    return float((valid_y == majority).mean())


def count_ngrams(token_lists, vocab):
    """A bag of unigrams and bigrams: how often each vocabulary entry occurs in each document.

    ``token_lists``: a list of N documents, each a list of str tokens; ``vocab``: a list of V
    distinct entries, each a token (``"goal"``) or two tokens joined by one space (``"last
    night"``). Returns a float32 tensor of shape (N, V) whose ``[i, j]`` counts the occurrences of
    ``vocab[j]`` among document ``i``'s unigrams and bigrams (pairs of neighbouring tokens).
    Unigrams and bigrams that are not in ``vocab`` are ignored.
    """
    from collections import Counter

    import torch

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


def pad_truncate(id_lists, length: int, pad_id: int = 1):
    """Make token-id lists one length: keep the first ``length`` ids, pad short ones on the right.

    ``id_lists``: a list of N lists of int ids (any lengths, empty allowed); ``length >= 1``.
    Returns an int64 tensor of shape (N, length) filled with ``pad_id`` after each list's ids.
    """
    import torch

    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise ValueError(f"length must be a whole number >= 1; got {length!r}.")
    rows = []
    for ids in id_lists:
        if not hasattr(ids, "__len__") or isinstance(ids, str):
            raise TypeError("id_lists must be a list of lists of ids, such as [[5, 7, 2], [9]].")
        ids = [int(i) for i in list(ids)[:length]]
        rows.append(ids + [pad_id] * (length - len(ids)))
    return torch.tensor(rows, dtype=torch.int64).reshape(len(rows), length)


def concat_pool(outputs, mask):
    """Concat pooling over the real (unpadded) time steps: the mean, then the maximum.

    ``outputs``: float tensor (N, T, D), e.g. an LSTM's outputs; ``mask``: (N, T) of 1 (a real
    token) and 0 (padding), at least one 1 per row. Returns (N, 2 * D): for each row the mean of
    the vectors at its real steps, followed by their element-wise maximum.
    """
    import torch

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
