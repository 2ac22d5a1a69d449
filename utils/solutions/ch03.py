"""Chapter 03 · a neural-network library in NumPy: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _float_array(x, name: str):
    import numpy as np

    x = np.asarray(x)
    if x.dtype.kind != "f":
        raise TypeError(f"{name} must be an array of floats; got dtype {x.dtype} (use .astype(np.float64)).")
    return x


def _same_shape(a, b, names: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{names} must have the same shape; got {a.shape} and {b.shape}.")


def sigmoid_backward(inputs, output_grad):
    """The backward pass of the sigmoid: dL/d(inputs) from the inputs and dL/d(outputs).

    ``inputs``, ``output_grad``: float arrays of the same shape, e.g. (N, D). Returns an array of
    that shape, ``output_grad * s * (1 - s)`` with ``s = 1 / (1 + exp(-inputs))``.
    """
    import numpy as np

    inputs, output_grad = _float_array(inputs, "inputs"), _float_array(output_grad, "output_grad")
    _same_shape(inputs, output_grad, "inputs and output_grad")
    s = 1 / (1 + np.exp(-inputs))
    return output_grad * s * (1 - s)


def tanh_forward_backward(inputs, output_grad):
    """A tanh Operation as one function: its output and its backward pass.

    ``inputs``, ``output_grad``: float arrays of the same shape, e.g. (N, D). Returns
    ``(outputs, input_grad)``, both of that shape: ``outputs = tanh(inputs)`` and
    ``input_grad = output_grad * (1 - outputs**2)``.
    """
    import numpy as np

    inputs, output_grad = _float_array(inputs, "inputs"), _float_array(output_grad, "output_grad")
    _same_shape(inputs, output_grad, "inputs and output_grad")
    outputs = np.tanh(inputs)
    return outputs, output_grad * (1 - outputs**2)


def softmax_cross_entropy(logits, targets):
    """Softmax cross-entropy of raw scores against one-hot targets, and its gradient.

    ``logits``: (N, K) floats, any real numbers; ``targets``: (N, K), one-hot rows (rows of
    probabilities work too). Returns ``(loss, grad)``: ``loss`` a Python float, the mean over the
    N rows of ``-sum_k targets * log(softmax(logits))``; ``grad`` an (N, K) array,
    ``(softmax(logits) - targets) / N``. Stable for large scores (subtracts each row's maximum).
    """
    import numpy as np

    logits, targets = _float_array(logits, "logits"), _float_array(targets, "targets")
    _same_shape(logits, targets, "logits and targets")
    if logits.ndim != 2 or len(logits) == 0:
        raise ValueError(f"logits must have shape (N, K) with N >= 1; got {logits.shape}.")
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(logits)
    loss = float(-(targets * log_probs).sum() / n)
    return loss, (np.exp(log_probs) - targets) / n


def momentum_step(param, grad, velocity, lr: float, momentum: float):
    """One step of SGD with momentum on one parameter array, without changing the inputs.

    ``param``, ``grad``, ``velocity``: float arrays of the same shape (``velocity`` is the previous
    step's; zeros at the start). Returns ``(new_param, new_velocity)`` with
    ``new_velocity = momentum * velocity + grad`` and ``new_param = param - lr * new_velocity``
    (the convention of ``torch.optim.SGD``).
    """
    param = _float_array(param, "param")
    grad = _float_array(grad, "grad")
    velocity = _float_array(velocity, "velocity")
    _same_shape(param, grad, "param and grad")
    _same_shape(param, velocity, "param and velocity")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1); got {momentum}.")
    new_velocity = momentum * velocity + grad
    return param - lr * new_velocity, new_velocity


def decayed_lr(first_lr: float, final_lr: float, epoch: int, epochs: int, kind: str) -> float:
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
