"""Chapter 06 · generalization: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import numpy as np

from ..checks import call, exercise  # noqa: F401


def _labels(y, name: str):
    import numpy as np

    arr = np.asarray(y.detach().cpu().numpy() if hasattr(y, "detach") else y)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of class labels; got shape {arr.shape}.")
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class labels, not {arr.dtype}.")
    return arr


def _kfold_cases():
    return [
        (10, 5),
        (7, 3),                                   # uneven: sizes 3, 2, 2
        (5, 5),                                   # k = n: leave one out
        (6, 2),                                   # k = 2, the smallest
        call(11, 4, shuffle=True, seed=0),
        call(23, 5, shuffle=True, seed=7),
        call(9, 3, shuffle=False, seed=5),        # a seed without shuffle changes nothing
        (12, 4, True, 3),                         # shuffle and seed given by position
        (5, 1),                                   # k < 2: ValueError
        (3, 4),                                   # k > n: ValueError
    ]


@exercise(cases=_kfold_cases,
          hint="fold sizes n // k, one more for the first n % k folds; shuffle only when asked, with "
               "np.random.RandomState(seed); sort both index arrays of each fold; check 2 <= k <= n first")
def kfold_indices(n: int, k: int, shuffle: bool = False, seed: int = 0) -> list:
    """K-fold cross-validation as index arrays, split the way ``sklearn.model_selection.KFold`` does.

    The indices ``0..n-1`` (first shuffled in place by ``np.random.RandomState(seed).shuffle`` when
    ``shuffle`` is true) are cut into ``k`` consecutive folds of ``n // k`` indices, the first
    ``n % k`` folds taking one more. Returns a list of ``k`` pairs ``(train, valid)`` of int64
    arrays, both in increasing order: ``valid`` is one fold, ``train`` every other index.
    """
    import numpy as np

    for value, label in ((n, "n"), (k, "k")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{label} must be an integer, not {value!r}.")
    if not 2 <= k <= n:
        raise ValueError(f"need 2 <= k <= n for K-fold; got k={k}, n={n}.")
    indices = np.arange(n, dtype=np.int64)
    if shuffle:
        np.random.RandomState(seed).shuffle(indices)
    sizes = np.full(k, n // k, dtype=np.int64)
    sizes[: n % k] += 1
    folds, start = [], 0
    for size in sizes:
        in_valid = np.zeros(n, dtype=bool)
        in_valid[indices[start:start + size]] = True
        folds.append((np.flatnonzero(~in_valid).astype(np.int64), np.flatnonzero(in_valid).astype(np.int64)))
        start += size
    return folds


def _majority_cases():
    return [
        (np.array([2, 0, 2, 1, 2]), np.array([2, 1, 2, 0])),
        (np.array([3, 1, 3, 1]), np.array([1, 1, 3])),             # a tie: the smaller label, 1
        (np.array([0, 0, 1]), np.array([1, 1, 1, 1])),             # the training majority, not the validation one
        (np.array([5, 7, 7, 5, 9]), np.array([7, 5, 5, 9, 5])),     # a tie between 5 and 7, seen 5 first
        (np.array([9, 4, 4, 9]), np.array([4, 9, 9])),             # a tie, the larger label seen first: still 4
        (np.array([6, 6, 6]), np.array([0, 1, 2])),                # the majority never occurs in valid: 0.0
    ]


@exercise(cases=_majority_cases,
          hint="count the training labels only; on a tie the smallest label wins (not the one seen first); the "
               "answer is the share of validation labels equal to that class, as a Python float")
def majority_baseline(train_y, valid_y) -> float:
    """Validation accuracy of always answering the most frequent class of the training labels.

    ``train_y``, ``valid_y``: 1-D integer class labels (NumPy arrays, lists or tensors). A tie
    between classes goes to the smallest label. Returns a Python float in [0, 1].
    """
    import numpy as np

    train, valid = _labels(train_y, "train_y"), _labels(valid_y, "valid_y")
    values, counts = np.unique(train, return_counts=True)
    majority = values[np.argmax(counts)]  # np.unique sorts, and argmax takes the first of a tie
    return float(np.mean(valid == majority))


def _flip_cases():
    return [
        (np.arange(20) % 10, 0.3, 10, 0),
        (np.array([0, 1, 0, 1, 1]), 0.4, 2, 7),
        (np.array([4, 4, 4, 4]), 1.0, 5, 1),                  # every label changes
        (np.array([0, 1, 2, 3, 4]), 0.3, 5, 2),               # 0.3 * 5 = 1.5 rounds to 2, not down to 1
        (np.array([2, 0, 1, 2, 0, 1], dtype=np.int32), 0.5, 3, 4),  # int32 in, int64 out
        (np.array([1, 0, 1]), 0.0, 2, 3),                     # nothing to flip: a copy of y
        call(np.arange(30) % 3, 0.6, 3, seed=11),
    ]


@exercise(cases=_flip_cases,
          hint="one generator from the seed: draw the positions first, then the offsets 1 .. num_classes - 1, and "
               "round (not truncate) fraction * len(y); write into an int64 copy, never into y itself")
def flip_labels(y, fraction: float, num_classes: int, seed: int = 0):
    """A copy of ``y`` in which ``round(fraction * len(y))`` labels are replaced by a wrong class.

    ``y``: 1-D integer labels in ``0..num_classes-1``. With ``rng = np.random.default_rng(seed)``:
    the positions are ``rng.choice(len(y), size=n_flip, replace=False)``, and each chosen label
    ``c`` becomes ``(c + rng.integers(1, num_classes, size=n_flip)) % num_classes``, so it always
    changes. Returns an int64 NumPy array; ``y`` itself is not changed.
    """
    import numpy as np

    labels = _labels(y, "y").astype(np.int64)
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be between 0 and 1; got {fraction}.")
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)) or num_classes < 2:
        raise ValueError(f"num_classes must be an integer of at least 2; got {num_classes!r}.")
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(f"labels must lie in 0..{num_classes - 1}; got {labels.min()}..{labels.max()}.")
    rng = np.random.default_rng(seed)
    n_flip = int(round(fraction * len(labels)))
    where = rng.choice(len(labels), size=n_flip, replace=False)
    flipped = labels.copy()
    flipped[where] = (labels[where] + rng.integers(1, num_classes, size=n_flip)) % num_classes
    return flipped


def _best_epoch_cases():
    nan = float("nan")
    return [
        ([0.9, 0.7, 0.5, 0.6, 0.55, 0.4], 2),        # stops after epoch 4: (2, 5)
        ([0.9, 0.7, 0.5, 0.6, 0.55, 0.4], 3),        # epoch 5 improves in time: runs to the end
        ([0.5, 0.5, 0.5], 1),                        # equal is no improvement
        ([1.0, nan, 0.8, nan], 5),                   # NaN never improves
        ([0.3, 0.2, 0.1], 0),                        # always improving: never stops
        ([0.3, 0.4, 0.2], 0),                        # patience 0: stops at the first epoch without a new low
        ([nan, 1.0, 0.5], 0),                        # epoch 0 never stops training, even without improving
        ([nan, nan], 5),                             # nothing improved: best epoch 0
        ([1.0, 0.8, 0.85, 0.79, 0.9, 0.95, 0.97, 0.7], 3),
        ([0.4], 2),
    ]


@exercise(cases=_best_epoch_cases,
          hint="keep the lowest loss so far and count the epochs since it; a loss equal to the lowest (or NaN) is "
               "no improvement; stop once the count reaches patience, but never at epoch 0; epochs_run counts "
               "from 1")
def best_epoch(valid_losses, patience: int) -> tuple:
    """Early stopping on a list of per-epoch validation losses, as ``keras.callbacks.EarlyStopping``.

    An epoch improves when its loss is strictly below every earlier one (NaN never does). Training
    stops after the first epoch (other than epoch 0) that comes ``patience`` epochs after the last
    improvement. Returns ``(best_epoch, epochs_run)``: the 0-based index of the best epoch (0 if
    none improved) and how many epochs ran (``len(valid_losses)`` if it never stopped).
    """
    import numpy as np

    losses = [float(v) for v in valid_losses]
    if not losses:
        raise ValueError("valid_losses is empty: give one validation loss per epoch.")
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 0:
        raise ValueError(f"patience must be a non-negative integer; got {patience!r}.")
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(losses):
        wait += 1
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        elif wait >= patience and epoch > 0:
            return best_epoch, epoch + 1
    return best_epoch, len(losses)
