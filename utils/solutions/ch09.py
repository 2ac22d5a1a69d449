"""Chapter 09 · ResNet from scratch: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _positive_ints(**values):
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}.")


def _kernel(kernel_size):
    """An int k or a pair (kh, kw) -> (kh, kw)."""
    pair = tuple(kernel_size) if isinstance(kernel_size, (tuple, list)) else (kernel_size, kernel_size)
    if len(pair) != 2:
        raise ValueError(f"kernel_size must be an int or a pair (kh, kw); got {kernel_size!r}.")
    _positive_ints(kernel_height=pair[0], kernel_width=pair[1])
    return pair


def conv_params(in_channels: int, out_channels: int, kernel_size, bias: bool = True) -> int:
    """Number of parameters of a regular 2-d convolution (``nn.Conv2d``, Keras ``Conv2D``).

    ``kernel_size``: an int ``k`` (a k x k kernel) or a pair ``(kh, kw)``. Every output channel has
    one kernel of ``kh * kw * in_channels`` weights, plus one bias if ``bias``.
    """
    _positive_ints(in_channels=in_channels, out_channels=out_channels)
    kh, kw = _kernel(kernel_size)
    return out_channels * (kh * kw * in_channels + (1 if bias else 0))


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    """Height (or width) of a convolution's or pooling layer's output: ``(size + 2p - k) // s + 1``.

    ``size``: the input's height (or width); ``padding``: zeros added on each side. Raises
    ``ValueError`` when the kernel does not fit in the padded input even once.
    """
    _positive_ints(size=size, kernel_size=kernel_size, stride=stride)
    if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
        raise ValueError(f"padding must be a non-negative integer; got {padding!r}.")
    if size + 2 * padding < kernel_size:
        raise ValueError(f"a {kernel_size}-wide kernel does not fit in {size} pixels padded by {padding} "
                         "on each side.")
    return (size + 2 * padding - kernel_size) // stride + 1


def separable_params(in_channels: int, out_channels: int, kernel_size, bias: bool = True,
                          depth_multiplier: int = 1) -> int:
    """Parameters of a depthwise-separable convolution, counted as Keras ``SeparableConv2D`` does.

    A depthwise step (one ``kh x kw`` kernel per input channel and per ``depth_multiplier``, no bias)
    followed by a pointwise 1 x 1 convolution from ``in_channels * depth_multiplier`` to
    ``out_channels`` channels, with ``out_channels`` biases if ``bias``.
    """
    _positive_ints(in_channels=in_channels, out_channels=out_channels, depth_multiplier=depth_multiplier)
    kh, kw = _kernel(kernel_size)
    middle = in_channels * depth_multiplier
    return kh * kw * middle + middle * out_channels + (out_channels if bias else 0)


def residual_block(x, w1, w2, w_shortcut=None, stride: int = 1):
    """Forward pass of a basic residual block without batch norm or biases.

    ``x``: ``(N, C_in, H, W)``; ``w1``: ``(C_out, C_in, 3, 3)``, applied with ``stride`` and
    padding 1; ``w2``: ``(C_out, C_out, 3, 3)``, stride 1, padding 1; ``w_shortcut``: ``None`` for the
    identity shortcut (needs ``C_in == C_out`` and ``stride == 1``) or ``(C_out, C_in, 1, 1)`` for
    a projection applied with ``stride``. Returns ``relu(conv(relu(conv(x, w1)), w2) + shortcut(x))``,
    shape ``(N, C_out, H', W')``.
    """
    import torch.nn.functional as F

    _positive_ints(stride=stride)
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
