"""Reference solutions to the exercises, one section per chapter.

An exercise cell runs the reference by default; put your own function in its place and rerun the
cell to have :func:`utils.check` compare the two. Try the exercise before reading these.
Names are ``chNN_<what>`` so that a chapter's solutions sit together.
"""
from __future__ import annotations

# ---- Chapter 01: tensors -------------------------------------------------------------------
def ch01_normalize(images, eps: float = 1e-6):
    """Scale uint8 images to [0, 1], then standardize each image on its own.

    ``images``: ``(N, H, W)`` uint8 tensor (0-255). Returns an ``(N, H, W)`` float32 tensor
    ``(x - mean) / (std + eps)``, where ``x = images / 255`` and each image's mean and population
    standard deviation (``correction=0``) are taken over its own H x W pixels. ``eps`` keeps a
    blank image at zeros instead of NaN.
    """
    import torch

    if not isinstance(images, torch.Tensor) or images.dtype != torch.uint8:
        raise TypeError(f"images must be a uint8 tensor; got {getattr(images, 'dtype', type(images))}.")
    if images.ndim != 3:
        raise ValueError(f"images must have shape (N, H, W); got {tuple(images.shape)}.")
    x = images.float() / 255
    mean = x.mean(dim=(1, 2), keepdim=True)  # (N, 1, 1): lines up with x for broadcasting
    std = x.std(dim=(1, 2), keepdim=True, correction=0)
    return (x - mean) / (std + eps)


def ch01_pairwise_sq_dists(a, b):
    """Squared Euclidean distance between every row of ``a`` and every row of ``b``, no loops.

    ``a``: ``(n, d)``, ``b``: ``(m, d)`` float tensors. Returns ``(n, m)`` with
    ``out[i, j] = ((a[i] - b[j]) ** 2).sum()``.
    """
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"need shapes (n, d) and (m, d); got {tuple(a.shape)} and {tuple(b.shape)}.")
    diff = a[:, None, :] - b[None, :, :]  # (n, 1, d) - (1, m, d) -> (n, m, d)
    return (diff ** 2).sum(dim=-1)


def ch01_batch_outer(u, v):
    """The outer product of each pair of vectors in a batch.

    ``u``: ``(B, n)``, ``v``: ``(B, m)``. Returns ``(B, n, m)`` with ``out[b, i, j] = u[b, i] * v[b, j]``.
    """
    if u.ndim != 2 or v.ndim != 2 or u.shape[0] != v.shape[0]:
        raise ValueError(f"need shapes (B, n) and (B, m); got {tuple(u.shape)} and {tuple(v.shape)}.")
    return u[:, :, None] * v[:, None, :]  # (B, n, 1) * (B, 1, m)


def ch01_class_means(x, y, n_classes: int):
    """The mean image of each class, without a Python loop over classes or images.

    ``x``: ``(N, H, W)`` numeric tensor, ``y``: ``(N,)`` integer labels in ``[0, n_classes)``.
    Returns an ``(n_classes, H, W)`` float32 tensor; a class with no images gets zeros.
    """
    import torch

    if y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"need x of shape (N, H, W) and y of shape (N,); got {tuple(x.shape)} and {tuple(y.shape)}.")
    if len(y) and (int(y.min()) < 0 or int(y.max()) >= n_classes):
        raise ValueError(f"labels must lie in [0, {n_classes}); got {int(y.min())}..{int(y.max())}.")
    one_hot = torch.nn.functional.one_hot(y.long(), n_classes).float()  # (N, C)
    sums = torch.einsum("nc,nhw->chw", one_hot, x.float())
    counts = one_hot.sum(dim=0).clamp(min=1)  # an empty class divides 0 by 1
    return sums / counts[:, None, None]


# ---- Chapter 02: SGD from scratch ----------------------------------------------------------
def _ch02_same_shape(predictions, targets) -> None:
    # (N, 1) against (N,) would broadcast to (N, N) and give a wrong number without any error.
    if tuple(predictions.shape) != tuple(targets.shape):
        raise ValueError(f"predictions {tuple(predictions.shape)} and targets {tuple(targets.shape)} "
                         "must have the same shape (reshape one, e.g. targets.view(-1, 1)).")


def ch02_numerical_grad(f, x, eps: float = 1e-4):
    """Gradient of a scalar function ``f`` at the point ``x``, by central differences.

    ``f``: takes a tensor shaped like ``x`` and returns a number (a 0-d tensor or a float).
    ``x``: a floating-point tensor of any shape (float64 keeps the estimate accurate); not changed.
    Returns a tensor shaped like ``x`` whose entry ``i`` is
    ``(f(x + eps * e_i) - f(x - eps * e_i)) / (2 * eps)``, ``e_i`` being the ``i``-th unit tensor.
    """
    import torch

    x = torch.as_tensor(x)
    if not x.is_floating_point():
        raise TypeError(f"x must hold floats (e.g. torch.float64), not {x.dtype}.")
    if not eps > 0:
        raise ValueError(f"eps must be positive; got {eps}.")
    point = x.detach().clone().contiguous()
    grad = torch.zeros_like(point)
    flat_point, flat_grad = point.view(-1), grad.view(-1)
    for i in range(flat_point.numel()):
        original = flat_point[i].item()
        flat_point[i] = original + eps
        above = float(f(point))
        flat_point[i] = original - eps
        below = float(f(point))
        flat_point[i] = original
        flat_grad[i] = (above - below) / (2 * eps)
    return grad


def ch02_mnist_loss(predictions, targets):
    """The 3-vs-7 loss: how far ``sigmoid(predictions)`` is from the targets, averaged.

    ``predictions``: (N, 1) raw scores (any real numbers); ``targets``: (N, 1), 1 for a 3 and 0 for
    a 7. Returns a 0-d tensor, the mean of ``1 - p`` where the target is 1 and of ``p`` where it
    is 0, with ``p = sigmoid(prediction)``.
    """
    import torch

    _ch02_same_shape(predictions, targets)
    p = torch.sigmoid(predictions)
    return torch.where(targets == 1, 1 - p, p).mean()


def ch02_batch_accuracy(predictions, targets):
    """Share of correct answers when a score above 0 means "a 3" (target 1) and otherwise "a 7".

    ``predictions``: (N, 1) raw scores; ``targets``: (N, 1) of 0s and 1s. Returns a 0-d float tensor.
    """
    _ch02_same_shape(predictions, targets)
    return ((predictions > 0) == (targets == 1)).float().mean()


def ch02_sgd_step(params, grads, lr: float, momentum: float = 0.0, velocities=None):
    """One step of SGD with (optional) momentum, computed without changing the inputs.

    ``params``, ``grads``: lists of tensors, ``grads[i]`` shaped like ``params[i]``;
    ``velocities``: the previous step's list (``None`` means zeros). Returns
    ``(new_params, new_velocities)`` with ``v = momentum * v + g`` and ``p = p - lr * v``, which
    is what ``torch.optim.SGD(params, lr, momentum)`` does.
    """
    import torch

    params, grads = list(params), list(grads)
    velocities = [torch.zeros_like(p) for p in params] if velocities is None else list(velocities)
    if not len(params) == len(grads) == len(velocities):
        raise ValueError(f"got {len(params)} params, {len(grads)} grads and {len(velocities)} "
                         "velocities: there must be one of each per parameter.")
    new_velocities = [momentum * v + g for v, g in zip(velocities, grads)]
    new_params = [p - lr * v for p, v in zip(params, new_velocities)]
    return new_params, new_velocities



# ---- Chapter 05: TensorFlow and Keras ------------------------------------------------------
def ch05_second_derivative(f, x: float) -> float:
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


def ch05_kfold_indices(n: int, k: int):
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


def ch05_multi_hot(sequences, num_tokens: int):
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


def ch05_standardize(train, other):
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


# ---- Chapter 04: PyTorch modules, losses and the training loop ------------------------------
def _ch04_float_tensor(x, name: str):
    import torch

    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch tensor, not {type(x).__name__}.")
    if not x.is_floating_point():
        raise TypeError(f"{name} must hold floats (e.g. torch.float32), not {x.dtype}.")
    return x


def ch04_leaky_relu(x, negative_slope: float = 0.01):
    """Leaky ReLU, elementwise: ``x`` where ``x > 0``, ``negative_slope * x`` elsewhere.

    ``x``: a float tensor of any shape. Returns a tensor of the same shape and dtype, the same
    values as ``torch.nn.functional.leaky_relu(x, negative_slope)``.
    """
    import torch

    _ch04_float_tensor(x, "x")
    return torch.where(x > 0, x, negative_slope * x)


def ch04_bce_with_logits(logits, targets):
    """Binary cross-entropy computed from logits, without overflow; the mean over all entries.

    ``logits``: float tensor of raw scores; ``targets``: float tensor of the same shape holding 0s
    and 1s (or probabilities). Returns a 0-d tensor, equal to ``nn.BCEWithLogitsLoss()(logits,
    targets)``, using ``max(z, 0) - z * y + log(1 + exp(-|z|))`` for each entry.
    """
    import torch

    _ch04_float_tensor(logits, "logits")
    _ch04_float_tensor(targets, "targets")
    if logits.shape != targets.shape:
        raise ValueError(f"logits {tuple(logits.shape)} and targets {tuple(targets.shape)} must have the "
                         "same shape (broadcasting them would pair the wrong entries).")
    return (logits.clamp(min=0) - logits * targets + torch.log1p(torch.exp(-logits.abs()))).mean()


def ch04_epoch_average_loss(batch_losses, batch_sizes) -> float:
    """The average loss per example over one epoch, from each batch's mean loss and its size.

    ``batch_losses``: a list of numbers (or 0-d tensors), the mean loss of each batch;
    ``batch_sizes``: a list of positive ints, the number of examples in each batch. Returns a float:
    ``sum(loss * size) / sum(size)``, so a short last batch counts for its size, not for a full one.
    """
    import numbers

    losses, sizes = [float(v) for v in batch_losses], list(batch_sizes)
    if len(losses) != len(sizes):
        raise ValueError(f"{len(losses)} batch losses but {len(sizes)} batch sizes: one of each per batch.")
    if not losses:
        raise ValueError("an epoch needs at least one batch.")
    if any(isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1 for n in sizes):
        raise ValueError(f"batch sizes must be positive integers; got {sizes}.")
    return sum(loss * n for loss, n in zip(losses, sizes)) / sum(sizes)


def ch04_he_std(fan_in: int) -> float:
    """The standard deviation of He (Kaiming) normal initialization for a layer with ``fan_in`` inputs.

    Returns ``sqrt(2 / fan_in)``: what ``nn.init.kaiming_normal_(w, nonlinearity="relu")`` uses for a
    weight ``w`` of shape ``(fan_out, fan_in)``.
    """
    import math

    if isinstance(fan_in, bool) or not isinstance(fan_in, int) or fan_in < 1:
        raise ValueError(f"fan_in must be a positive integer (the number of inputs); got {fan_in!r}.")
    return math.sqrt(2 / fan_in)


# ---- Chapter 03: a neural-network library in NumPy -----------------------------------------
def _ch03_float_array(x, name: str):
    import numpy as np

    x = np.asarray(x)
    if x.dtype.kind != "f":
        raise TypeError(f"{name} must be an array of floats; got dtype {x.dtype} (use .astype(np.float64)).")
    return x


def _ch03_same_shape(a, b, names: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{names} must have the same shape; got {a.shape} and {b.shape}.")


def ch03_sigmoid_backward(inputs, output_grad):
    """The backward pass of the sigmoid: dL/d(inputs) from the inputs and dL/d(outputs).

    ``inputs``, ``output_grad``: float arrays of the same shape, e.g. (N, D). Returns an array of
    that shape, ``output_grad * s * (1 - s)`` with ``s = 1 / (1 + exp(-inputs))``.
    """
    import numpy as np

    inputs, output_grad = _ch03_float_array(inputs, "inputs"), _ch03_float_array(output_grad, "output_grad")
    _ch03_same_shape(inputs, output_grad, "inputs and output_grad")
    s = 1 / (1 + np.exp(-inputs))
    return output_grad * s * (1 - s)


def ch03_tanh_forward_backward(inputs, output_grad):
    """A tanh Operation as one function: its output and its backward pass.

    ``inputs``, ``output_grad``: float arrays of the same shape, e.g. (N, D). Returns
    ``(outputs, input_grad)``, both of that shape: ``outputs = tanh(inputs)`` and
    ``input_grad = output_grad * (1 - outputs**2)``.
    """
    import numpy as np

    inputs, output_grad = _ch03_float_array(inputs, "inputs"), _ch03_float_array(output_grad, "output_grad")
    _ch03_same_shape(inputs, output_grad, "inputs and output_grad")
    outputs = np.tanh(inputs)
    return outputs, output_grad * (1 - outputs**2)


def ch03_softmax_cross_entropy(logits, targets):
    """Softmax cross-entropy of raw scores against one-hot targets, and its gradient.

    ``logits``: (N, K) floats, any real numbers; ``targets``: (N, K), one-hot rows (rows of
    probabilities work too). Returns ``(loss, grad)``: ``loss`` a Python float, the mean over the
    N rows of ``-sum_k targets * log(softmax(logits))``; ``grad`` an (N, K) array,
    ``(softmax(logits) - targets) / N``. Stable for large scores (subtracts each row's maximum).
    """
    import numpy as np

    logits, targets = _ch03_float_array(logits, "logits"), _ch03_float_array(targets, "targets")
    _ch03_same_shape(logits, targets, "logits and targets")
    if logits.ndim != 2 or len(logits) == 0:
        raise ValueError(f"logits must have shape (N, K) with N >= 1; got {logits.shape}.")
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(logits)
    loss = float(-(targets * log_probs).sum() / n)
    return loss, (np.exp(log_probs) - targets) / n


def ch03_momentum_step(param, grad, velocity, lr: float, momentum: float):
    """One step of SGD with momentum on one parameter array, without changing the inputs.

    ``param``, ``grad``, ``velocity``: float arrays of the same shape (``velocity`` is the previous
    step's; zeros at the start). Returns ``(new_param, new_velocity)`` with
    ``new_velocity = momentum * velocity + grad`` and ``new_param = param - lr * new_velocity``
    (the convention of ``torch.optim.SGD``).
    """
    param = _ch03_float_array(param, "param")
    grad = _ch03_float_array(grad, "grad")
    velocity = _ch03_float_array(velocity, "velocity")
    _ch03_same_shape(param, grad, "param and grad")
    _ch03_same_shape(param, velocity, "param and velocity")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1); got {momentum}.")
    new_velocity = momentum * velocity + grad
    return param - lr * new_velocity, new_velocity


def ch03_decayed_lr(first_lr: float, final_lr: float, epoch: int, epochs: int, kind: str) -> float:
    """The learning rate for ``epoch`` (0, 1, ..., epochs - 1) of a schedule from ``first_lr`` to ``final_lr``.

    ``kind="linear"``: ``first_lr + t * (final_lr - first_lr)``; ``kind="exponential"``:
    ``first_lr * (final_lr / first_lr) ** t``; in both ``t = epoch / (epochs - 1)``, so the first
    epoch uses ``first_lr`` and the last ``final_lr`` (with ``epochs == 1``, ``t = 0``). Returns a float.
    """
    if kind not in ("linear", "exponential"):
        raise ValueError(f"kind must be 'linear' or 'exponential'; got {kind!r}.")
    if epochs < 1 or not 0 <= epoch < epochs:
        raise ValueError(f"need 0 <= epoch < epochs and epochs >= 1; got epoch={epoch}, epochs={epochs}.")
    if first_lr <= 0 or final_lr <= 0:
        raise ValueError(f"learning rates must be positive; got {first_lr} and {final_lr}.")
    t = epoch / (epochs - 1) if epochs > 1 else 0.0
    if kind == "linear":
        return float(first_lr + t * (final_lr - first_lr))
    return float(first_lr * (final_lr / first_lr) ** t)


# ---- Chapter 06: generalization ------------------------------------------------------------
def _ch06_labels(y, name: str):
    import numpy as np

    arr = np.asarray(y.detach().cpu().numpy() if hasattr(y, "detach") else y)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of class labels; got shape {arr.shape}.")
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class labels, not {arr.dtype}.")
    return arr


def ch06_kfold_indices(n: int, k: int, shuffle: bool = False, seed: int = 0) -> list:
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


def ch06_majority_baseline(train_y, valid_y) -> float:
    """Validation accuracy of always answering the most frequent class of the training labels.

    ``train_y``, ``valid_y``: 1-D integer class labels (NumPy arrays, lists or tensors). A tie
    between classes goes to the smallest label. Returns a Python float in [0, 1].
    """
    import numpy as np

    train, valid = _ch06_labels(train_y, "train_y"), _ch06_labels(valid_y, "valid_y")
    values, counts = np.unique(train, return_counts=True)
    majority = values[np.argmax(counts)]  # np.unique sorts, and argmax takes the first of a tie
    return float(np.mean(valid == majority))


def ch06_flip_labels(y, fraction: float, num_classes: int, seed: int = 0):
    """A copy of ``y`` in which ``round(fraction * len(y))`` labels are replaced by a wrong class.

    ``y``: 1-D integer labels in ``0..num_classes-1``. With ``rng = np.random.default_rng(seed)``:
    the positions are ``rng.choice(len(y), size=n_flip, replace=False)``, and each chosen label
    ``c`` becomes ``(c + rng.integers(1, num_classes, size=n_flip)) % num_classes``, so it always
    changes. Returns an int64 NumPy array; ``y`` itself is not changed.
    """
    import numpy as np

    labels = _ch06_labels(y, "y").astype(np.int64)
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


def ch06_best_epoch(valid_losses, patience: int) -> tuple:
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


# ---- Chapter 09: ResNet from scratch -------------------------------------------------------
def _ch09_positive_ints(**values):
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}.")


def _ch09_kernel(kernel_size):
    """An int k or a pair (kh, kw) -> (kh, kw)."""
    pair = tuple(kernel_size) if isinstance(kernel_size, (tuple, list)) else (kernel_size, kernel_size)
    if len(pair) != 2:
        raise ValueError(f"kernel_size must be an int or a pair (kh, kw); got {kernel_size!r}.")
    _ch09_positive_ints(kernel_height=pair[0], kernel_width=pair[1])
    return pair


def ch09_conv_params(in_channels: int, out_channels: int, kernel_size, bias: bool = True) -> int:
    """Number of parameters of a regular 2-d convolution (``nn.Conv2d``, Keras ``Conv2D``).

    ``kernel_size``: an int ``k`` (a k x k kernel) or a pair ``(kh, kw)``. Every output channel has
    one kernel of ``kh * kw * in_channels`` weights, plus one bias if ``bias``.
    """
    _ch09_positive_ints(in_channels=in_channels, out_channels=out_channels)
    kh, kw = _ch09_kernel(kernel_size)
    return out_channels * (kh * kw * in_channels + (1 if bias else 0))


def ch09_conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    """Height (or width) of a convolution's or pooling layer's output: ``(size + 2p - k) // s + 1``.

    ``size``: the input's height (or width); ``padding``: zeros added on each side. Raises
    ``ValueError`` when the kernel does not fit in the padded input even once.
    """
    _ch09_positive_ints(size=size, kernel_size=kernel_size, stride=stride)
    if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
        raise ValueError(f"padding must be a non-negative integer; got {padding!r}.")
    if size + 2 * padding < kernel_size:
        raise ValueError(f"a {kernel_size}-wide kernel does not fit in {size} pixels padded by {padding} "
                         "on each side.")
    return (size + 2 * padding - kernel_size) // stride + 1


def ch09_separable_params(in_channels: int, out_channels: int, kernel_size, bias: bool = True,
                          depth_multiplier: int = 1) -> int:
    """Parameters of a depthwise-separable convolution, counted as Keras ``SeparableConv2D`` does.

    A depthwise step (one ``kh x kw`` kernel per input channel and per ``depth_multiplier``, no bias)
    followed by a pointwise 1 x 1 convolution from ``in_channels * depth_multiplier`` to
    ``out_channels`` channels, with ``out_channels`` biases if ``bias``.
    """
    _ch09_positive_ints(in_channels=in_channels, out_channels=out_channels, depth_multiplier=depth_multiplier)
    kh, kw = _ch09_kernel(kernel_size)
    middle = in_channels * depth_multiplier
    return kh * kw * middle + middle * out_channels + (out_channels if bias else 0)


def ch09_residual_block(x, w1, w2, w_shortcut=None, stride: int = 1):
    """Forward pass of a basic residual block without batch norm or biases.

    ``x``: ``(N, C_in, H, W)``; ``w1``: ``(C_out, C_in, 3, 3)``, applied with ``stride`` and
    padding 1; ``w2``: ``(C_out, C_out, 3, 3)``, stride 1, padding 1; ``w_shortcut``: ``None`` for the
    identity shortcut (needs ``C_in == C_out`` and ``stride == 1``) or ``(C_out, C_in, 1, 1)`` for
    a projection applied with ``stride``. Returns ``relu(conv(relu(conv(x, w1)), w2) + shortcut(x))``,
    shape ``(N, C_out, H', W')``.
    """
    import torch.nn.functional as F

    _ch09_positive_ints(stride=stride)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W); got {tuple(x.shape)}.")
    c_out, c_in = w1.shape[0], x.shape[1]
    if tuple(w1.shape) != (c_out, c_in, 3, 3) or tuple(w2.shape) != (c_out, c_out, 3, 3):
        raise ValueError(f"with {c_in} input channels w1 must be (C_out, {c_in}, 3, 3) and w2 (C_out, C_out, 3, 3); "
                         f"got {tuple(w1.shape)} and {tuple(w2.shape)}.")
    if w_shortcut is None:
        if c_in != c_out or stride != 1:
            raise ValueError(f"an identity shortcut needs C_in == C_out and stride 1 (got {c_in} -> {c_out}, "
                             f"stride {stride}): pass w_shortcut of shape ({c_out}, {c_in}, 1, 1).")
        shortcut = x
    else:
        if tuple(w_shortcut.shape) != (c_out, c_in, 1, 1):
            raise ValueError(f"w_shortcut must have shape ({c_out}, {c_in}, 1, 1); got {tuple(w_shortcut.shape)}.")
        shortcut = F.conv2d(x, w_shortcut, stride=stride)
    h = F.relu(F.conv2d(x, w1, stride=stride, padding=1))
    return F.relu(F.conv2d(h, w2, padding=1) + shortcut)


# ---- Chapter 07: convolutions and a first CNN ----------------------------------------------
def _ch07_int(name: str, value, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise ValueError(f"{name} must be {kind}; got {value!r}.")


def ch07_conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                          dilation: int = 1) -> int:
    """Height (or width) of the output of ``nn.Conv2d`` (or ``nn.MaxPool2d``) on ``size`` pixels.

    ``floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1``; with
    ``dilation=1`` that is ``(size + 2p - k) // s + 1``. Raises ``ValueError`` for non-integer or
    out-of-range arguments and when the (dilated) kernel does not fit in the padded input once.
    """
    for name, value, minimum in (("size", size, 1), ("kernel_size", kernel_size, 1), ("stride", stride, 1),
                                 ("padding", padding, 0), ("dilation", dilation, 1)):
        _ch07_int(name, value, minimum)
    span = dilation * (kernel_size - 1) + 1  # the pixels one kernel position covers
    if size + 2 * padding < span:
        raise ValueError(f"a kernel spanning {span} pixels does not fit in {size} pixels padded by "
                         f"{padding} on each side.")
    return (size + 2 * padding - span) // stride + 1


def ch07_im2col(image, kernel_size: int):
    """Every ``kernel_size`` x ``kernel_size`` patch of a one-channel image, one patch per row.

    ``image``: ``(H, W)`` float tensor. Returns ``(out_h * out_w, k * k)`` with ``out_h = H - k + 1``
    and ``out_w = W - k + 1`` (stride 1, no padding). Row ``i * out_w + j`` is the patch whose
    top-left corner is pixel ``(i, j)``, read row by row, so ``ch07_im2col(image, k) @ kernel.reshape(-1)``
    reshaped to ``(out_h, out_w)`` is ``F.conv2d`` of the image with ``kernel``.
    """
    import torch

    if not isinstance(image, torch.Tensor) or image.ndim != 2:
        raise ValueError(f"image must be a 2-d tensor (H, W); got {getattr(image, 'shape', type(image))}.")
    _ch07_int("kernel_size", kernel_size, 1)
    h, w = image.shape
    if kernel_size > min(h, w):
        raise ValueError(f"a {kernel_size}x{kernel_size} kernel does not fit in a {h}x{w} image.")
    out_h, out_w = h - kernel_size + 1, w - kernel_size + 1
    # column (di, dj) of the result holds pixel (i + di, j + dj) for every output position (i, j)
    columns = [image[di:di + out_h, dj:dj + out_w].reshape(-1)
               for di in range(kernel_size) for dj in range(kernel_size)]
    return torch.stack(columns, dim=1)


def ch07_max_pool2x2(x):
    """2 x 2 max pooling with stride 2 over the last two axes, using reshape and ``amax`` only.

    ``x``: ``(..., H, W)`` with ``H, W >= 2``. Returns ``(..., H // 2, W // 2)``; an odd last row or
    column is dropped, as ``F.max_pool2d(x, 2)`` does.
    """
    import torch

    if not isinstance(x, torch.Tensor) or x.ndim < 2 or x.shape[-1] < 2 or x.shape[-2] < 2:
        raise ValueError(f"x must be a tensor of shape (..., H, W) with H, W >= 2; got {getattr(x, 'shape', type(x))}.")
    h, w = x.shape[-2] // 2, x.shape[-1] // 2
    x = x[..., : 2 * h, : 2 * w]
    blocks = x.reshape(*x.shape[:-2], h, 2, w, 2)  # (..., h, row in block, w, column in block)
    return blocks.amax(dim=(-3, -1))


def ch07_receptive_field(layers) -> int:
    """Receptive field (in input pixels, along one axis) of one output unit of a stack of layers.

    ``layers``: a sequence of ``(kernel_size, stride)`` pairs, first layer first (a convolution or a
    pooling layer; padding does not change the size). Each layer widens the field by
    ``(kernel_size - 1) * jump``, where ``jump`` is the product of the strides before it. An empty
    stack sees 1 pixel.
    """
    field, jump = 1, 1
    for layer in layers:
        if not isinstance(layer, (tuple, list)) or len(layer) != 2:
            raise ValueError(f"each layer must be a (kernel_size, stride) pair; got {layer!r}.")
        kernel_size, stride = layer
        _ch07_int("kernel_size", kernel_size, 1)
        _ch07_int("stride", stride, 1)
        field += (kernel_size - 1) * jump
        jump *= stride
    return field


# ---- Chapter 13: from text to tensors ------------------------------------------------------
def _ch13_token_list(tokens, what: str = "tokens") -> list:
    # A bare string would be read one character at a time: almost always a mistake.
    if isinstance(tokens, str):
        raise TypeError(f"{what} must be a list of tokens such as ['the', 'cat'], not a string "
                        "(split or tokenize it first).")
    tokens = list(tokens)
    if not all(isinstance(t, str) for t in tokens):
        raise TypeError(f"every token in {what} must be a str.")
    return tokens


def ch13_standardize(text: str) -> str:
    """Standardize a text before splitting it into words on whitespace.

    In order: lower-case; Unicode NFKD normalization (accented letters split into letter + accent,
    full-width letters and ligatures become plain ones); drop the combining marks (the accents:
    "Café" -> "cafe"); every character that is not a letter, a digit or whitespace (underscores
    included) becomes a space; runs of whitespace become one space; no space at either end.
    ``text``: a str. Returns a str.
    """
    import re
    import unicodedata

    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}.")
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\W_]", " ", text)  # \w is Unicode-aware: letters and digits of any script
    return " ".join(text.split())


def ch13_build_vocab(token_lists, min_freq: int = 1, specials=("xxunk", "xxpad", "xxbos"),
                     max_size=None) -> list:
    """A vocabulary (index -> token) from tokenized documents.

    ``token_lists``: a list of documents, each a list of str tokens. Returns a list of str: the
    ``specials`` first, in their order, then every other token seen at least ``min_freq`` times
    over all documents, most frequent first; ties keep the order in which the tokens first
    appear. A special token seen in the documents is not repeated. With ``max_size``, the list
    is cut to that many entries (specials included).
    """
    from collections import Counter

    if isinstance(token_lists, str):
        raise TypeError("token_lists must be a list of documents, each a list of tokens: [['the', 'cat'], ...].")
    docs = [_ch13_token_list(doc, "each document") for doc in token_lists]
    specials = _ch13_token_list(specials, "specials")
    if len(set(specials)) != len(specials):
        raise ValueError(f"specials must not repeat a token; got {specials}.")
    if not isinstance(min_freq, int) or min_freq < 1:
        raise ValueError(f"min_freq must be a whole number >= 1; got {min_freq!r}.")
    if max_size is not None and (not isinstance(max_size, int) or max_size < len(specials)):
        raise ValueError(f"max_size must be None or at least the number of specials ({len(specials)}); got {max_size!r}.")
    counts = Counter(token for doc in docs for token in doc)
    reserved = set(specials)
    vocab = specials + [t for t, n in counts.most_common() if n >= min_freq and t not in reserved]
    return vocab if max_size is None else vocab[:max_size]


def ch13_numericalize(tokens, vocab, unk: str = "xxunk"):
    """Token ids: ``tokens`` (a list of str) -> ``(len(tokens),)`` int64 tensor.

    ``vocab``: a list of str (index -> token). A token not in ``vocab`` gets the index of ``unk``,
    which must be in ``vocab``.
    """
    import torch

    tokens = _ch13_token_list(tokens)
    vocab = _ch13_token_list(vocab, "vocab")
    stoi = {}
    for i, token in enumerate(vocab):
        stoi.setdefault(token, i)  # a repeated entry keeps its first index
    if unk not in stoi:
        raise ValueError(f"the unknown token {unk!r} is not in the vocabulary: put it there (usually at index 0).")
    return torch.tensor([stoi.get(t, stoi[unk]) for t in tokens], dtype=torch.int64)


def ch13_lm_batches(stream, batch_size: int, seq_len: int) -> list:
    """Lay out a stream of token ids as a language model's batches, as fastai's LMDataLoader does.

    ``stream``: a 1-d sequence of ids (tensor or list) of length L. The first
    ``row_len * batch_size`` ids, ``row_len = (L - 1) // batch_size``, are cut into ``batch_size``
    rows of ``row_len`` consecutive ids (row ``r`` starts at ``r * row_len``); the targets are
    the same rows shifted one id further along the stream. Returns a list of ``(x, y)`` pairs of
    int64 tensors of shape ``(batch_size, seq_len)``: consecutive windows of the rows, the last
    one shorter when ``seq_len`` does not divide ``row_len``.
    """
    import torch

    stream = torch.as_tensor(stream)
    if stream.ndim != 1:
        raise ValueError(f"stream must be 1-d (one long sequence of ids); got shape {tuple(stream.shape)}.")
    if stream.is_floating_point() or stream.is_complex():
        raise TypeError(f"stream must hold integer token ids; got {stream.dtype}.")
    for name, value in (("batch_size", batch_size), ("seq_len", seq_len)):
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1; got {value!r}.")
    row_len = (len(stream) - 1) // batch_size
    if row_len < 1:
        raise ValueError(f"a stream of {len(stream)} ids is too short for {batch_size} rows: "
                         f"it needs at least batch_size + 1 = {batch_size + 1}.")
    stream = stream.long()
    x = stream[: row_len * batch_size].view(batch_size, row_len)
    y = stream[1: row_len * batch_size + 1].view(batch_size, row_len)
    return [(x[:, i: i + seq_len].contiguous(), y[:, i: i + seq_len].contiguous())
            for i in range(0, row_len, seq_len)]


def ch13_ngrams(tokens, n: int = 2) -> list:
    """The n-grams of a token list, each joined by single spaces, in order.

    ``tokens``: a list of str; ``n >= 1``. ``ch13_ngrams(['the', 'cat', 'sat'], 2)`` is
    ``['the cat', 'cat sat']``; fewer than ``n`` tokens give ``[]``.
    """
    tokens = _ch13_token_list(tokens)
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number >= 1; got {n!r}.")
    return [" ".join(tokens[i: i + n]) for i in range(len(tokens) - n + 1)]


# ---- Chapter 14: a language model from scratch, RNN to LSTM --------------------------------
def _ch14_matrix(name, t, ndim):
    import torch

    if not isinstance(t, torch.Tensor) or not t.is_floating_point():
        raise TypeError(f"{name} must be a float tensor; got {getattr(t, 'dtype', type(t).__name__)}.")
    if t.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s); got shape {tuple(t.shape)}.")
    return t


def ch14_rnn_step(x, h, w_ih, w_hh, b):
    """One step of a simple RNN: ``tanh(x @ w_ih + h @ w_hh + b)``.

    ``x``: ``(B, n_in)`` inputs, ``h``: ``(B, n_hidden)`` previous state, ``w_ih``:
    ``(n_in, n_hidden)``, ``w_hh``: ``(n_hidden, n_hidden)``, ``b``: ``(n_hidden,)``.
    Returns the new state, ``(B, n_hidden)``.
    """
    for name, t, ndim in (("x", x, 2), ("h", h, 2), ("w_ih", w_ih, 2), ("w_hh", w_hh, 2), ("b", b, 1)):
        _ch14_matrix(name, t, ndim)
    n_hidden = w_hh.shape[0]
    if (w_hh.shape[1] != n_hidden or w_ih.shape != (x.shape[1], n_hidden) or h.shape != (x.shape[0], n_hidden)
            or b.shape != (n_hidden,)):
        raise ValueError(f"shapes do not fit: x {tuple(x.shape)}, h {tuple(h.shape)}, w_ih {tuple(w_ih.shape)}, "
                         f"w_hh {tuple(w_hh.shape)}, b {tuple(b.shape)}; need (B, n_in), (B, H), (n_in, H), "
                         f"(H, H), (H,).")
    return (x @ w_ih + h @ w_hh + b).tanh()


def ch14_lstm_step(x, h, c, w_ih, w_hh, b):
    """One step of an LSTM cell; returns ``(h_new, c_new)``, each ``(B, H)``.

    ``x``: ``(B, n_in)``, ``h`` and ``c``: ``(B, H)``, ``w_ih``: ``(n_in, 4H)``, ``w_hh``: ``(H, 4H)``,
    ``b``: ``(4H,)``. The ``4H`` pre-activations ``x @ w_ih + h @ w_hh + b`` are the input gate,
    forget gate, candidate and output gate in that order (PyTorch's order): ``i, f, o`` through a
    sigmoid, the candidate ``g`` through tanh; ``c_new = f * c + i * g``, ``h_new = o * tanh(c_new)``.
    """
    for name, t, ndim in (("x", x, 2), ("h", h, 2), ("c", c, 2), ("w_ih", w_ih, 2), ("w_hh", w_hh, 2),
                          ("b", b, 1)):
        _ch14_matrix(name, t, ndim)
    n_hidden = h.shape[1]
    if (w_ih.shape != (x.shape[1], 4 * n_hidden) or w_hh.shape != (n_hidden, 4 * n_hidden)
            or b.shape != (4 * n_hidden,) or c.shape != h.shape or h.shape[0] != x.shape[0]):
        raise ValueError(f"shapes do not fit: x {tuple(x.shape)}, h {tuple(h.shape)}, c {tuple(c.shape)}, "
                         f"w_ih {tuple(w_ih.shape)}, w_hh {tuple(w_hh.shape)}, b {tuple(b.shape)}; need "
                         f"(B, n_in), (B, H), (B, H), (n_in, 4H), (H, 4H), (4H,).")
    i, f, g, o = (x @ w_ih + h @ w_hh + b).chunk(4, dim=1)
    c_new = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return o.sigmoid() * c_new.tanh(), c_new


def ch14_continuous_order(n_chunks: int, batch_size: int) -> list:
    """The order to feed ``n_chunks`` consecutive chunks of a stream so that batches continue each other.

    Cut into ``batch_size`` rows of ``m = n_chunks // batch_size`` chunks (row ``j`` holds chunks
    ``j*m`` to ``j*m + m - 1``), batch ``i`` takes the ``i``-th chunk of every row: row ``j`` of batch
    ``i`` is then the chunk right after row ``j`` of batch ``i - 1``. Returns the ``m * batch_size``
    chunk indices in feeding order (batch 0's, then batch 1's, ...); leftover chunks are dropped.
    ``ch14_continuous_order(6, 2)`` is ``[0, 3, 1, 4, 2, 5]``.
    """
    for name, value in (("n_chunks", n_chunks), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1; got {value!r}.")
    per_row = n_chunks // batch_size
    if per_row == 0:
        raise ValueError(f"{n_chunks} chunks cannot fill {batch_size} rows: need n_chunks >= batch_size.")
    return [row * per_row + i for i in range(per_row) for row in range(batch_size)]


def ch14_ar_tar(raw, dropped, alpha: float = 2.0, beta: float = 1.0):
    """Activation regularization (AR) and temporal activation regularization (TAR), as ``(ar, tar)``.

    ``raw``: the LSTM's outputs ``(B, T, H)``, ``dropped``: the same after dropout ``(B, T, H)``, ``T >= 2``.
    ``ar = alpha * mean(dropped ** 2)``; ``tar = beta * mean((raw[:, 1:] - raw[:, :-1]) ** 2)``,
    the mean taken over every entry. Returns two 0-d tensors, to be added to the loss.
    """
    _ch14_matrix("raw", raw, 3)
    _ch14_matrix("dropped", dropped, 3)
    if raw.shape != dropped.shape:
        raise ValueError(f"raw {tuple(raw.shape)} and dropped {tuple(dropped.shape)} must have the same shape.")
    if raw.shape[1] < 2:
        raise ValueError(f"TAR needs at least two time steps; got shape {tuple(raw.shape)}.")
    return alpha * dropped.pow(2).mean(), beta * (raw[:, 1:] - raw[:, :-1]).pow(2).mean()


# ---- Chapter 20: tabular modelling, trees, forests and embeddings --------------------------
def _ch20_vector(x, name: str):
    """``x`` (a list, NumPy array, pandas Series or torch tensor) as a 1-d float64 NumPy array."""
    import numpy as np

    if hasattr(x, "detach") and hasattr(x, "cpu"):
        x = x.detach().cpu().numpy()
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-d (one number per row); got shape {arr.shape}. "
                         "Squeeze a (N, 1) column first, e.g. preds.squeeze().")
    if arr.size == 0:
        raise ValueError(f"{name} is empty.")
    return arr


def ch20_rmse(predictions, targets) -> float:
    """Root mean squared error: ``predictions`` and ``targets`` are 1-d, length N; returns a float.

    On log prices this is the RMSLE that Kaggle scores house and bulldozer prices with.
    """
    import numpy as np

    p, t = _ch20_vector(predictions, "predictions"), _ch20_vector(targets, "targets")
    if p.shape != t.shape:
        raise ValueError(f"predictions {p.shape} and targets {t.shape} must have the same length.")
    return float(np.sqrt(np.mean((p - t) ** 2)))


def ch20_mean_baseline_rmse(train_y, valid_y) -> float:
    """The RMSE on ``valid_y`` (1-d) of predicting the mean of ``train_y`` (1-d) for every row."""
    import numpy as np

    train, valid = _ch20_vector(train_y, "train_y"), _ch20_vector(valid_y, "valid_y")
    return ch20_rmse(np.full_like(valid, train.mean()), valid)


def ch20_split_by_date(frame, column: str = "sale_date", valid_share: float = 0.2):
    """Split a table by time: the latest sales go to the validation set.

    ``frame``: a pandas DataFrame with a date column ``column`` (no missing dates). With N rows,
    ``n_valid = ceil(valid_share * N)``; the cutoff is the date of the row at position
    ``N - n_valid`` in date order, and every row dated on or after the cutoff is validation (so
    sales on one day never straddle the split, and the validation share can be a little larger).
    Returns ``(train_idx, valid_idx)``: int64 arrays of row positions (for ``.iloc``), ascending.
    """
    import math

    import numpy as np
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame; got {type(frame).__name__}.")
    if column not in frame.columns:
        raise KeyError(f"frame has no column {column!r}.")
    if isinstance(valid_share, bool) or not isinstance(valid_share, (int, float)) or not 0 < valid_share < 1:
        raise ValueError(f"valid_share must be a number strictly between 0 and 1; got {valid_share!r}.")
    dates = frame[column]
    if dates.isna().any():
        raise ValueError(f"column {column!r} has missing dates: fill or drop them before splitting.")
    n = len(frame)
    n_valid = math.ceil(valid_share * n)
    cutoff = dates.sort_values(kind="stable").iloc[n - n_valid]
    is_valid = (dates >= cutoff).to_numpy()
    if is_valid.all():
        raise ValueError(f"every row is dated on or after the cutoff {cutoff}: nothing is left to train on.")
    return np.flatnonzero(~is_valid).astype(np.int64), np.flatnonzero(is_valid).astype(np.int64)


def ch20_tree_std(per_tree):
    """How much a forest's trees disagree: ``per_tree`` is ``(n_trees, n_rows)``, each row one
    tree's predictions; returns the ``(n_rows,)`` float64 standard deviation over the trees (ddof 0)."""
    import numpy as np

    if hasattr(per_tree, "detach") and hasattr(per_tree, "cpu"):
        per_tree = per_tree.detach().cpu().numpy()
    arr = np.asarray(per_tree, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError(f"per_tree must be (n_trees, n_rows) with at least one tree; got shape {arr.shape}.")
    return arr.std(axis=0)


def ch20_best_split(x, y, min_leaf: int = 1):
    """The best single split of one feature for a regression tree.

    ``x``, ``y``: 1-d, length N. A split sends rows with ``x <= threshold`` left and the rest right;
    its cost is the total sum of squared errors when each side predicts its own mean. Candidate
    thresholds lie halfway between consecutive distinct values of ``x`` (as scikit-learn's), with
    at least ``min_leaf`` rows on each side. Returns ``(threshold, sse)`` as floats, the smallest
    threshold among equal costs; raises ValueError when no split is allowed.
    """
    import numpy as np

    xs, ys = _ch20_vector(x, "x"), _ch20_vector(y, "y")
    if xs.shape != ys.shape:
        raise ValueError(f"x {xs.shape} and y {ys.shape} must have the same length.")
    if isinstance(min_leaf, bool) or not isinstance(min_leaf, (int, np.integer)) or min_leaf < 1:
        raise ValueError(f"min_leaf must be a whole number >= 1; got {min_leaf!r}.")
    order = np.argsort(xs, kind="stable")
    xs, ys = xs[order], ys[order]
    n = len(ys)
    n_left = np.arange(1, n)
    n_right = n - n_left
    sum_left, sq_left = np.cumsum(ys)[:-1], np.cumsum(ys ** 2)[:-1]
    sum_right, sq_right = ys.sum() - sum_left, (ys ** 2).sum() - sq_left
    sse = (sq_left - sum_left ** 2 / n_left) + (sq_right - sum_right ** 2 / n_right)
    allowed = (xs[1:] > xs[:-1]) & (n_left >= min_leaf) & (n_right >= min_leaf)
    if not allowed.any():
        raise ValueError(f"no split of x leaves at least {min_leaf} row(s) on each side with different values of x.")
    i = np.flatnonzero(allowed)[np.argmin(sse[allowed])]
    return float((xs[i] + xs[i + 1]) / 2), float(max(sse[i], 0.0))


# ---- Chapter 08: image classification and transfer learning --------------------------------
def _ch08_float_logits(logits, name: str = "logits"):
    import torch

    if not isinstance(logits, torch.Tensor) or not logits.is_floating_point():
        raise TypeError(f"{name} must be a float tensor; got {getattr(logits, 'dtype', type(logits))}.")
    return logits


def ch08_softmax(logits):
    """Softmax over the last dimension, computed stably (the row maximum is subtracted first).

    ``logits``: ``(..., C)`` float tensor. Returns probabilities of the same shape and dtype; each
    row is positive and sums to 1.
    """
    logits = _ch08_float_logits(logits)
    if logits.ndim < 1:
        raise ValueError("softmax needs at least one dimension (the classes).")
    shifted = logits - logits.max(dim=-1, keepdim=True).values  # the largest entry becomes exp(0) = 1
    exps = shifted.exp()
    return exps / exps.sum(dim=-1, keepdim=True)


def ch08_cross_entropy(logits, targets):
    """Mean cross-entropy of raw scores against class indices, as ``F.cross_entropy`` computes it.

    ``logits``: ``(N, C)`` float tensor; ``targets``: ``(N,)`` int64 class indices in ``[0, C)``.
    Returns a 0-d tensor: the mean over rows of ``-log_softmax(logits)[i, targets[i]]``.
    """
    import torch

    logits = _ch08_float_logits(logits)
    if logits.ndim != 2:
        raise ValueError(f"logits must have shape (N, C); got {tuple(logits.shape)}.")
    if not isinstance(targets, torch.Tensor) or targets.dtype != torch.int64 or targets.shape != logits.shape[:1]:
        raise ValueError(f"targets must be an int64 tensor of shape ({logits.shape[0]},); got "
                         f"{getattr(targets, 'dtype', type(targets))} {tuple(getattr(targets, 'shape', ()))}.")
    if len(targets) and (targets.min() < 0 or targets.max() >= logits.shape[1]):
        raise ValueError(f"targets must lie in [0, {logits.shape[1]}).")
    log_probs = logits - logits.logsumexp(dim=1, keepdim=True)  # log of the softmax, computed stably
    return -log_probs[torch.arange(len(targets)), targets].mean()


def ch08_accuracy_multi(logits, targets, thresh: float = 0.5, sigmoid: bool = True):
    """Share of (image, label) decisions that are right in a multi-label problem.

    ``logits``: ``(N, L)`` float tensor, one score per label (probabilities if ``sigmoid=False``);
    ``targets``: ``(N, L)`` of 0s and 1s. A label is predicted when its probability is above
    ``thresh``. Returns a 0-d float tensor, what fastai's ``accuracy_multi`` returns.
    """
    logits = _ch08_float_logits(logits)
    if logits.shape != targets.shape:
        raise ValueError(f"logits {tuple(logits.shape)} and targets {tuple(targets.shape)} must have the same shape.")
    probs = logits.sigmoid() if sigmoid else logits
    return ((probs > thresh) == targets.bool()).float().mean()


def ch08_scale_points(points, size):
    """Pixel coordinates to the [-1, 1] range fastai uses for points (its ``PointScaler``).

    ``points``: ``(N, 2)`` tensor of ``(x, y)`` = (column, row) in pixels; ``size``: the image's
    ``(width, height)``. Returns a float32 ``(N, 2)`` tensor: 0 maps to -1, the image's width (or
    height) to 1, its centre to 0.
    """
    import torch

    points = torch.as_tensor(points, dtype=torch.float32)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (N, 2); got {tuple(points.shape)}.")
    if len(size) != 2 or min(size) <= 0:
        raise ValueError(f"size must be (width, height) with both positive; got {size!r}.")
    return points * 2 / torch.tensor(size, dtype=torch.float32) - 1


# ---- Chapter 19: collaborative filtering ---------------------------------------------------
def _ch19_float_tensor(x, name: str):
    import torch

    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        raise TypeError(f"{name} must be a float tensor; got {getattr(x, 'dtype', type(x).__name__)}.")
    return x


def _ch19_index_tensor(idx, size: int, name: str):
    import torch

    if not isinstance(idx, torch.Tensor) or idx.dtype not in (torch.int32, torch.int64) or idx.ndim != 1:
        raise TypeError(f"{name} must be a 1-D integer tensor of indices; got "
                        f"{getattr(idx, 'dtype', type(idx).__name__)} of shape {tuple(getattr(idx, 'shape', ()))}.")
    if len(idx) and (int(idx.min()) < 0 or int(idx.max()) >= size):
        raise IndexError(f"{name} must lie in [0, {size}); got {int(idx.min())}..{int(idx.max())}.")
    return idx.long()


def ch19_sigmoid_range(x, low: float, high: float):
    """Squash scores into the open interval ``(low, high)``: ``sigmoid(x) * (high - low) + low``.

    ``x``: float tensor of any shape. Returns a tensor of the same shape and dtype (fastai's
    ``sigmoid_range``).
    """
    import torch

    x = _ch19_float_tensor(x, "x")
    if not low < high:
        raise ValueError(f"need low < high; got low={low!r}, high={high!r}.")
    return torch.sigmoid(x) * (high - low) + low


def ch19_predict(user_factors, item_factors, user_bias, item_bias, users, items, y_range=None):
    """Ratings predicted by a dot-product model with biases, from its tables.

    ``user_factors``: ``(n_users, k)``, ``item_factors``: ``(n_items, k)``, ``user_bias``:
    ``(n_users,)``, ``item_bias``: ``(n_items,)`` float tensors; ``users``, ``items``: ``(B,)``
    integer indices into them. Returns ``(B,)``: ``user_factors[u] . item_factors[i] + user_bias[u]
    + item_bias[i]``, passed through :func:`ch19_sigmoid_range` when ``y_range=(low, high)``.
    """
    for value, name in ((user_factors, "user_factors"), (item_factors, "item_factors"),
                        (user_bias, "user_bias"), (item_bias, "item_bias")):
        _ch19_float_tensor(value, name)
    if user_factors.ndim != 2 or item_factors.ndim != 2 or user_factors.shape[1] != item_factors.shape[1]:
        raise ValueError(f"need factors of shapes (n_users, k) and (n_items, k); got "
                         f"{tuple(user_factors.shape)} and {tuple(item_factors.shape)}.")
    if user_bias.shape != user_factors.shape[:1] or item_bias.shape != item_factors.shape[:1]:
        raise ValueError(f"need biases of shapes ({user_factors.shape[0]},) and ({item_factors.shape[0]},); "
                         f"got {tuple(user_bias.shape)} and {tuple(item_bias.shape)}.")
    users = _ch19_index_tensor(users, user_factors.shape[0], "users")
    items = _ch19_index_tensor(items, item_factors.shape[0], "items")
    if users.shape != items.shape:
        raise ValueError(f"users {tuple(users.shape)} and items {tuple(items.shape)} must have the same length.")
    scores = (user_factors[users] * item_factors[items]).sum(dim=1) + user_bias[users] + item_bias[items]
    return scores if y_range is None else ch19_sigmoid_range(scores, *y_range)


def ch19_l2_penalty(params, wd: float):
    """The L2 penalty ``wd * sum(p ** 2)`` summed over every tensor in ``params``.

    ``params``: a non-empty list (or other iterable) of float tensors of any shapes; ``wd >= 0``.
    Returns a 0-d tensor (differentiable: its gradient with respect to ``p`` is ``2 * wd * p``).
    """
    params = list(params)
    if not params:
        raise ValueError("params is empty: pass a list of tensors, e.g. list(model.parameters()).")
    if not wd >= 0:
        raise ValueError(f"wd must be zero or positive; got {wd!r}.")
    for i, p in enumerate(params):
        _ch19_float_tensor(p, f"params[{i}]")
    return wd * sum((p ** 2).sum() for p in params)


def ch19_top_k_similar(factors, index: int, k: int):
    """The ``k`` rows of ``factors`` most similar to row ``index`` by cosine similarity.

    ``factors``: ``(n, d)`` float tensor, one row per item. Returns an int64 tensor of shape ``(k,)``
    with row numbers, most similar first, never ``index`` itself (``1 <= k <= n - 1``). A row of
    zeros has similarity 0 to everything.
    """
    import torch

    factors = _ch19_float_tensor(factors, "factors")
    if factors.ndim != 2:
        raise ValueError(f"factors must have shape (n, d); got {tuple(factors.shape)}.")
    n = factors.shape[0]
    if isinstance(index, bool) or not 0 <= int(index) < n:
        raise IndexError(f"index must lie in [0, {n}); got {index!r}.")
    if isinstance(k, bool) or not 1 <= int(k) <= n - 1:
        raise ValueError(f"k must be between 1 and {n - 1} (the other rows); got {k!r}.")
    unit = torch.nn.functional.normalize(factors, dim=1)  # each row divided by its length
    sims = unit @ unit[int(index)]                          # (n,) cosine similarities
    sims[int(index)] = -float("inf")                        # never return the query itself
    return sims.topk(int(k)).indices


# ---- Chapter 21: semantic search -----------------------------------------------------------
def ch21_mean_pool(token_embeddings, attention_mask):
    """Masked mean pooling: one vector per text from its token vectors, padding left out.

    ``token_embeddings``: ``(B, T, D)`` float tensor (a transformer's ``last_hidden_state``);
    ``attention_mask``: ``(B, T)`` tensor of 1 (a real token) and 0 (padding). Returns ``(B, D)``,
    row ``b`` the mean of the vectors ``token_embeddings[b, t]`` over the ``t`` with mask 1
    (zeros for a row whose mask is all 0). Not normalized.
    """
    import torch

    if not isinstance(token_embeddings, torch.Tensor) or not token_embeddings.is_floating_point():
        raise TypeError("token_embeddings must be a float tensor of shape (B, T, D).")
    mask = torch.as_tensor(attention_mask)
    if token_embeddings.ndim != 3 or mask.shape != token_embeddings.shape[:2]:
        raise ValueError(f"need token_embeddings (B, T, D) and attention_mask (B, T); got "
                         f"{tuple(token_embeddings.shape)} and {tuple(mask.shape)}.")
    mask = mask.to(token_embeddings.dtype).unsqueeze(-1)  # (B, T, 1): broadcasts over D
    return (token_embeddings * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


def ch21_cosine_top_k(queries, docs, k: int):
    """The ``k`` documents most cosine-similar to each query, best first.

    ``queries``: ``(Q, D)`` and ``docs``: ``(N, D)`` float tensors, not necessarily of unit length.
    Returns ``(scores, indices)``, both ``(Q, k)``: the cosine similarities (float, descending along
    each row) and the document indices (int64) they belong to.
    """
    import torch

    for name, x in (("queries", queries), ("docs", docs)):
        if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim != 2:
            raise ValueError(f"{name} must be a 2-d float tensor; got {getattr(x, 'shape', type(x))}.")
    if queries.shape[1] != docs.shape[1]:
        raise ValueError(f"queries have {queries.shape[1]} dimensions, docs {docs.shape[1]}: they must match.")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= docs.shape[0]:
        raise ValueError(f"k must be a whole number from 1 to the number of docs ({docs.shape[0]}); got {k!r}.")
    q = queries / queries.norm(dim=1, keepdim=True).clamp(min=1e-12)
    d = docs / docs.norm(dim=1, keepdim=True).clamp(min=1e-12)
    return torch.topk(q @ d.T, k, dim=1)


def _ch21_ranked_and_targets(ranked, targets):
    import torch

    ranked, targets = torch.as_tensor(ranked), torch.as_tensor(targets)
    if ranked.ndim != 2 or targets.ndim != 1 or ranked.shape[0] != targets.shape[0] or ranked.shape[0] == 0:
        raise ValueError(f"need ranked (Q, K) and targets (Q,) with Q >= 1; got {tuple(ranked.shape)} "
                         f"and {tuple(targets.shape)}.")
    return ranked, targets


def ch21_recall_at_k(ranked, targets, k: int) -> float:
    """The share of queries whose one relevant document is among their first ``k`` results.

    ``ranked``: ``(Q, K)`` document indices, best first, for each query; ``targets``: ``(Q,)`` the
    index of each query's relevant document; ``1 <= k <= K``. Returns a Python float in [0, 1].
    """
    ranked, targets = _ch21_ranked_and_targets(ranked, targets)
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= ranked.shape[1]:
        raise ValueError(f"k must be a whole number from 1 to {ranked.shape[1]} (the columns of ranked); got {k!r}.")
    return (ranked[:, :k] == targets[:, None]).any(dim=1).double().mean().item()


def ch21_mrr(ranked, targets) -> float:
    """Mean reciprocal rank: the mean over queries of 1 / (position of the relevant document).

    ``ranked``: ``(Q, K)`` document indices, best first; ``targets``: ``(Q,)``. Position 1 is the
    first column; a query whose document is not in its row scores 0. Returns a Python float.
    """
    ranked, targets = _ch21_ranked_and_targets(ranked, targets)
    hit = ranked == targets[:, None]  # (Q, K): True where the relevant document sits
    position = hit.double().argmax(dim=1) + 1  # the first hit, counting from 1
    return (hit.any(dim=1).double() / position).mean().item()


# ---- Chapter 15: text classification three ways -------------------------------------------
def _ch15_labels(y, what: str):
    import numpy as np

    y = np.asarray(y.detach().cpu() if hasattr(y, "detach") else y)
    if y.ndim != 1 or len(y) == 0:
        raise ValueError(f"{what} must be a non-empty 1-d sequence of class ids; got shape {y.shape}.")
    if y.dtype.kind not in "iu":
        raise TypeError(f"{what} must hold integer class ids; got dtype {y.dtype}.")
    return y


def ch15_majority_baseline(train_y, valid_y) -> float:
    """Validation accuracy of always answering the class that is most common in ``train_y``.

    ``train_y``, ``valid_y``: 1-d sequences (list, array or tensor) of integer class ids. A tie
    between classes goes to the smallest id. Returns a Python float in [0, 1].
    """
    import numpy as np

    train_y, valid_y = _ch15_labels(train_y, "train_y"), _ch15_labels(valid_y, "valid_y")
    if train_y.min() < 0:
        raise ValueError("class ids must be >= 0.")
    majority = int(np.bincount(train_y).argmax())  # argmax returns the first (smallest) of tied ids
    return float((valid_y == majority).mean())


def ch15_count_ngrams(token_lists, vocab):
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


def ch15_pad_truncate(id_lists, length: int, pad_id: int = 1):
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


def ch15_concat_pool(outputs, mask):
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
