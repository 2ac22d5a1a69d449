"""Chapter 05 · TensorFlow and Keras: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import numpy as np

from ..checks import call, exercise  # noqa: F401


def _second_derivative_cases():
    import tensorflow as tf

    return [
        (lambda t: t**3, 2.0),                      # 6x = 12
        (lambda t: t**2 * tf.sin(t), 1.5),
        (lambda t: tf.exp(-t**2), 0.5),
        (lambda t: 3.0 * t + 1.0, 4.0),             # linear: 0.0, not None
        (lambda t: tf.constant(5.0, tf.float64), -2.0),  # constant: 0.0 as well
        (lambda t: t**3, 1),                        # an int x: still a float64 point, a float answer
        (tf.sin, 1234567.89),                       # float32 rounds this x by 0.015: its f'' would be 3% off
    ]


@exercise(cases=_second_derivative_cases,
          hint="watch a float64 variable made from x; the inner tape's gradient must be computed while the "
               "outer tape is still recording; an unconnected gradient is 0, not None; return a Python float")
def second_derivative(f, x: float) -> float:
    """f''(x) by two nested ``tf.GradientTape``s, in float64.

    ``f``: a function from a 0-d float64 tensor to a 0-d tensor, written with TensorFlow operations;
    ``x``: a number. Returns a Python float. A function whose first derivative does not depend on
    ``x`` (a linear one) gives 0.0.
    """
    import tensorflow as tf

    if not callable(f):
        raise TypeError(f"f must be a function; got {type(f).__name__}.")
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"x must be a number; got {type(x).__name__}.")
    point = tf.Variable(float(x), dtype=tf.float64)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = tf.convert_to_tensor(f(point), dtype=tf.float64)
        if y.shape.rank != 0:
            raise ValueError(f"f must return a single number (a 0-d tensor); got shape {tuple(y.shape)}.")
        first = inner.gradient(y, point, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    second = outer.gradient(first, point, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return float(second.numpy())


def _kfold_cases():
    return [
        (8, 4),    # even blocks
        (10, 3),   # uneven: the first block is the longer one
        (5, 5),    # k = n: leave one out
        (7, 2),    # k = 2, the smallest
        (11, 4),
        (5, 1),    # k < 2: ValueError
        (3, 4),    # k > n: ValueError
        (2, 0),    # k = 0: ValueError
    ]


@exercise(cases=_kfold_cases,
          hint="np.array_split makes the k blocks, longest first; the training indices of fold i are the other "
               "blocks, kept in increasing order; check 2 <= k <= n yourself before splitting")
def kfold_indices(n: int, k: int):
    """K-fold split of ``range(n)`` into ``k`` consecutive validation blocks.

    Returns a list of ``k`` pairs ``(train_idx, valid_idx)`` of int64 arrays in increasing order:
    ``valid_idx`` is the i-th block of ``np.array_split(np.arange(n), k)`` (the first ``n % k``
    blocks hold one extra index) and ``train_idx`` every other index. Needs ``2 <= k <= n``.
    """
    import numpy as np

    for name, value in (("n", n), ("k", k)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an int; got {type(value).__name__}.")
    if not 2 <= k <= n:
        raise ValueError(f"K-fold needs 2 <= k <= n; got n={n}, k={k}.")
    blocks = np.array_split(np.arange(n, dtype=np.int64), k)
    return [(np.concatenate([b for j, b in enumerate(blocks) if j != i]), block) for i, block in enumerate(blocks)]


def _multi_hot_cases():
    return [
        ([[1, 3], [0, 0, 2]], 4),      # a repeated id still gives 1
        ([[], [5, 1, 5]], 6),          # an empty sequence: a row of zeros
        ([[0]], 1),
        ([[2, 2, 2], [0, 1, 2]], 3),   # the largest id, num_tokens - 1
        ([], 3),                       # no sequences: shape (0, 3)
        ([[1], [4]], 4),               # id == num_tokens: ValueError
        ([[0, -1]], 4),                # a negative id: ValueError (NumPy would quietly count from the end)
    ]


@exercise(cases=_multi_hot_cases,
          hint="a float32 array of zeros of shape (len(sequences), num_tokens), and a 1 where an id occurs (never "
               "a count); check every id against 0 and num_tokens first: NumPy indexing wraps negative ids round")
def multi_hot(sequences, num_tokens: int):
    """Multi-hot bag of words from token ids.

    ``sequences``: a list of lists of int token ids in ``0 .. num_tokens - 1`` (lists may be empty
    or repeat ids). Returns a float32 array of shape ``(len(sequences), num_tokens)``: 1 in row i,
    column j when id j occurs in sequence i, else 0.
    """
    import numpy as np

    if isinstance(num_tokens, bool) or not isinstance(num_tokens, (int, np.integer)) or num_tokens < 1:
        raise ValueError(f"num_tokens must be a positive int; got {num_tokens!r}.")
    out = np.zeros((len(sequences), num_tokens), dtype=np.float32)
    for i, ids in enumerate(sequences):
        ids = np.asarray(list(ids), dtype=np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= num_tokens):
            raise ValueError(f"sequence {i} holds an id outside 0..{num_tokens - 1}: {ids.tolist()}.")
        out[i, ids] = 1.0
    return out


def _standardize_cases():
    rng = np.random.default_rng(5)
    return [
        (np.array([[1.0, 10.0], [3.0, 10.0]]), np.array([[2.0, 11.0]])),   # a constant column: divided by 1
        (np.arange(12, dtype="float32").reshape(4, 3), np.ones((2, 3), dtype="float32")),
        (np.array([[0.0], [4.0], [8.0]]), np.array([[4.0], [12.0]])),     # population std, train statistics only
        (rng.normal(5, 3, size=(20, 4)), rng.normal(-2, 1, size=(6, 4))),   # other from elsewhere: no leak
        (np.array([[1, 2], [3, 2], [8, 2]]), np.array([[0, 0]])),          # ints in, float32 out
    ]


@exercise(cases=_standardize_cases,
          hint="take the column statistics from train alone, with the population std (ddof=0), replace a zero std "
               "by 1, apply them to both arrays, and return float32; leave the arrays you were given as they were")
def standardize(train, other):
    """Standardize both arrays with the columns' mean and std of ``train`` only.

    ``train``: (N, D), ``other``: (M, D). Uses the population std (``ddof=0``); a column whose std
    is 0 is divided by 1. Returns ``(train_z, other_z)``, both float32.
    """
    import numpy as np

    train, other = np.asarray(train, dtype=np.float64), np.asarray(other, dtype=np.float64)
    if train.ndim != 2 or other.ndim != 2 or train.shape[1] != other.shape[1]:
        raise ValueError(f"train and other must be 2-D with the same number of columns; got shapes "
                         f"{train.shape} and {other.shape}.")
    if len(train) == 0:
        raise ValueError("train has no rows: there are no statistics to take.")
    mean, std = train.mean(axis=0), train.std(axis=0)
    std[std == 0] = 1.0
    return ((train - mean) / std).astype(np.float32), ((other - mean) / std).astype(np.float32)
