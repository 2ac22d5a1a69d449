"""Chapter 03 · a neural-network library in NumPy: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import numpy as np

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


def _sigmoid_backward_cases():
    rng = np.random.default_rng(31)
    return [
        (np.array([[0.0, np.log(3.0)]]), np.array([[2.0, 1.0]])),  # slopes 0.25 and 0.1875
        (np.linspace(-4, 4, 12).reshape(3, 4), np.linspace(1, -1, 12).reshape(3, 4)),
        (np.array([40.0, -40.0, 0.5]), np.ones(3)),  # saturated: almost no gradient gets through
        (rng.normal(size=(5, 3)) * 3, rng.normal(size=(5, 3))),
        (rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))),  # any shape
    ]


@exercise(cases=_sigmoid_backward_cases,
          hint="write the sigmoid's slope with the sigmoid's own output (of the inputs, not the inputs "
               "themselves); the chain rule does the rest; return a new array and leave output_grad as it was")
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


def _tanh_forward_backward_cases():
    rng = np.random.default_rng(32)
    return [
        (np.array([[0.0, 0.5, -2.0]]), np.array([[1.0, 1.0, 1.0]])),
        (np.linspace(-3, 3, 10).reshape(2, 5), np.linspace(-1, 2, 10).reshape(2, 5)),
        (rng.normal(size=(4, 3)), rng.normal(size=(4, 3)) * 5),
        (np.array([25.0, -25.0, 0.0]), np.array([3.0, -2.0, 0.5])),  # saturated ends, slope 1 at 0
    ]


@exercise(cases=_tanh_forward_backward_cases,
          hint="return the pair in the order (outputs, input_grad); tanh's slope is written with its "
               "output, not its input; the chain rule multiplies it by the gradient that arrives")
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


def _softmax_cross_entropy_cases():
    rng = np.random.default_rng(33)
    return [
        (np.zeros((2, 4)), np.eye(4)[[0, 2]]),  # equal scores: the loss is log 4
        (np.array([[2.0, -1.0, 0.5], [0.1, 0.2, 0.3]]), np.eye(3)[[2, 1]]),
        (np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.eye(2)[[0, 0]]),  # exp(1000) overflows
        (np.array([[0.0, -1000.0, 3.0]]), np.eye(3)[[1]]),  # a probability of e^-1003: log it without log(0)
        (rng.normal(size=(6, 5)) * 4, np.eye(5)[rng.integers(0, 5, size=6)]),
    ]


@exercise(cases=_softmax_cross_entropy_cases,
          hint="subtract each row's largest score before exponentiating and work with log-probabilities "
               "(a softmax that rounds to 0 has no logarithm); the loss is a plain float averaged over "
               "the rows, and the gradient is averaged over the rows too")
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


def _momentum_step_cases():
    rng = np.random.default_rng(34)
    return [
        (np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([1.0, 1.0]), 0.1, 0.9),
        (np.ones((2, 3)), np.full((2, 3), 2.0), np.zeros((2, 3)), 0.5, 0.0),  # plain SGD
        (np.array([[0.3, -0.2]]), np.array([[1.0, 1.0]]), np.array([[-2.0, 3.0]]), 0.05, 0.5),
        call(rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), lr=0.2, momentum=0.8),
    ]


@exercise(cases=_momentum_step_cases,
          hint="the new velocity comes first and the step uses it; the learning rate scales the step, "
               "not the velocity; build new arrays: += or -= on the arrays you were given changes them "
               "for the caller too")
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


def _decayed_lr_cases():
    return [
        (0.4, 0.02, 0, 10, "linear"), (0.4, 0.02, 4, 10, "linear"), (0.4, 0.02, 9, 10, "linear"),
        (0.4, 0.02, 4, 10, "exponential"), (0.1, 0.001, 1, 3, "exponential"),
        (0.4, 0.02, 9, 10, "exponential"),  # the last epoch uses final_lr exactly
        (0.2, 0.01, 0, 1, "exponential"), (0.2, 0.01, 0, 1, "linear"),  # one epoch: t = 0, not 0 / 0
        (0.01, 0.1, 2, 5, "linear"),  # a rate can rise too
        (0.4, 0.02, 0, 10, "cosine"),  # an unknown kind: raise
        (0.4, 0.02, 10, 10, "linear"),  # epochs are 0..9: raise
        (0.4, 0.02, -1, 10, "exponential"),
    ]


@exercise(cases=_decayed_lr_cases,
          hint="measure progress as a fraction t that is 0 at the first epoch and 1 at the last (with "
               "epochs - 1 steps between them; a single epoch stays at t = 0); linear moves a share t "
               "of the way, exponential multiplies by a ratio raised to t; check kind and epoch first")
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
