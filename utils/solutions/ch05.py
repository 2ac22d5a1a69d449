"""Chapter 05 · TensorFlow and Keras: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


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
