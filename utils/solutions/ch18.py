"""Chapter 18 · time series: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import numpy as np

from ..checks import call, exercise  # noqa: F401


# ---- Exercise 1: which readings each window holds, and which hour it predicts --------------------
def _window_indices_cases():
    return [
        (10, 3, 2, 1),      # span 4, delay 5: starts 0..4
        (6, 3, 2, 1),       # exactly one window fits (start 0, target 5): the off-by-one case
        (5, 3, 2, 1),       # none fits: empty (0, 3) and (0,) int64 arrays
        (20, 4, 1, 3),      # sampling every step
        (9, 1, 5, 2),       # a window of one reading
        (120, 24, 2, 24),   # the chapter's windows: 48 hours of history, 24 hours ahead
        (10, 0, 2, 1),      # no readings in a window: ValueError
        (10, 3, 0, 1),      # sampling rate 0: ValueError
        (10, 3, 2, 0),      # horizon 0 (the target is the last reading itself): ValueError
    ]


@exercise(cases=_window_indices_cases,
          hint="the last reading of a window starting at i is i + sampling_rate * (sequence_length - 1), "
               "not i + sampling_rate * sequence_length; count the windows on a series just long enough for one.")
def window_indices(n_steps, sequence_length, sampling_rate, horizon):
    """Every window of a series of ``n_steps`` hours, as indices into the series.

    A window starting at hour ``i`` reads ``sequence_length`` hours ``i, i + r, ..., i + r (L - 1)``
    (``r = sampling_rate``) and predicts hour ``last + horizon``. Returns ``(readings, targets)``:
    int64 arrays of shapes (n_windows, sequence_length) and (n_windows,), for every start whose target
    is inside the series, in order. Raises ValueError if a length, the rate or the horizon is below 1.
    """
    for name, value in (("sequence_length", sequence_length), ("sampling_rate", sampling_rate),
                        ("horizon", horizon)):
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}.")
    span = sampling_rate * (sequence_length - 1)  # from the first reading to the last
    starts = np.arange(max(n_steps - span - horizon, 0), dtype=np.int64)
    readings = starts[:, None] + sampling_rate * np.arange(sequence_length, dtype=np.int64)[None, :]
    return readings, starts + span + horizon


# ---- Exercise 2: the persistence baseline's error, from normalized windows ------------------------
def _persistence_cases():
    rng = np.random.default_rng(18)
    x = rng.normal(size=(6, 4, 3)).astype(np.float32)
    y = rng.normal(10.0, 5.0, size=6).astype(np.float32)
    mean, std = np.array([1.0, 12.0, -3.0], np.float32), np.array([2.0, 8.0, 0.5], np.float32)
    ramp = np.arange(2 * 3 * 2, dtype=np.float32).reshape(2, 3, 2)  # first and last readings differ
    return [
        (x, y, 1, mean, std),                                  # un-normalize with column 1's statistics
        (x, y, 0, mean, std),
        (x, y, 2, mean, std),
        (ramp, np.array([5.0, 20.0], np.float32), 0, np.array([0.0, 0.0], np.float32),
         np.array([1.0, 1.0], np.float32)),                    # last readings 4 and 10: MAE (1 + 10) / 2
        (x[:1], y[:1], 1, mean, std),                          # a single window
        (x, y[:5], 1, mean, std),                              # 6 windows, 5 targets: ValueError
        (x[:, :, 0], y, 0, mean, std),                         # 2-d windows: ValueError
    ]


@exercise(cases=_persistence_cases,
          hint="persistence predicts the LAST reading of the target column, in degrees: undo the "
               "normalization (x * std + mean, with that column's statistics) before comparing.")
def persistence_mae(x, y, column, mean, std):
    """The persistence baseline's mean absolute error, as a Python float.

    ``x``: normalized windows (N, T, F), ``x = (raw - mean) / std`` per feature; ``y``: the N targets
    in raw units; ``column``: the feature that is the target; ``mean``, ``std``: (F,) arrays used for
    the normalization. The prediction for each window is its last reading of ``column``, in raw units.
    Raises ValueError unless ``x`` is 3-d with as many windows as ``y`` has targets.
    """
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim != 3:
        raise ValueError(f"x must be 3-d (windows, time steps, features), got shape {x.shape}.")
    if len(x) != len(y):
        raise ValueError(f"{len(x)} windows but {len(y)} targets.")
    last = x[:, -1, column].astype(np.float64) * float(std[column]) + float(mean[column])
    return float(np.mean(np.abs(y.astype(np.float64) - last)))


# ---- Exercise 3: standardization with the training period's statistics only -----------------------
def _standardize_cases():
    rng = np.random.default_rng(7)
    train = rng.normal([5.0, -2.0, 100.0], [1.0, 3.0, 20.0], size=(20, 3)).astype(np.float32)
    val = rng.normal([9.0, 0.0, 50.0], [2.0, 1.0, 5.0], size=(8, 3)).astype(np.float32)  # another season
    tiny_train = np.array([[1.0, 10.0], [3.0, 10.5]])                                    # float64
    tiny_val = np.array([[5.0, 11.0]])
    return [
        (train, val),
        (tiny_train, tiny_val),          # by hand: mean (2, 10.25), std (1, 0.25); val -> (3, 3)
        (val, train),                    # the roles swapped: the statistics follow the first argument
        (train, val[:1]),                # one validation row: its own std would be 0
        (np.array([[1.0, 2.0], [1.0, 3.0]]), np.array([[0.0, 0.0]])),  # a constant column: ValueError
        (train, val[:, :2]),             # 3 columns against 2: ValueError
    ]


@exercise(cases=_standardize_cases,
          hint="the mean and standard deviation come from the training rows alone (axis 0, ddof=0), "
               "and the validation rows are scaled with those same numbers; build new arrays.")
def standardize(train, val):
    """Standardize each column with the training period's mean and standard deviation (ddof=0).

    ``train``: (N, F) and ``val``: (M, F) float arrays. Returns ``(train_scaled, val_scaled, mean,
    std)``, all in ``train``'s dtype, ``mean`` and ``std`` of shape (F,); the inputs are left
    unchanged. Raises ValueError if a training column is constant or the column counts differ.
    """
    train, val = np.asarray(train), np.asarray(val)
    if train.ndim != 2 or val.ndim != 2 or train.shape[1] != val.shape[1]:
        raise ValueError(f"train and val must be (rows, features) with the same features; got "
                         f"{train.shape} and {val.shape}.")
    mean, std = train.mean(axis=0), train.std(axis=0)
    if np.any(std == 0):
        raise ValueError(f"columns {np.flatnonzero(std == 0).tolist()} are constant in the training rows.")
    dtype = train.dtype
    return ((train - mean) / std).astype(dtype), ((val - mean) / std).astype(dtype), \
        mean.astype(dtype), std.astype(dtype)
