"""Chapter 09 · ResNet from scratch: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import torch

from ..checks import call, exercise  # noqa: F401
from .ch07 import _int, conv_output_size  # noqa: F401  (chapter 07's exercise 1, reused here)


def _positive_ints(**values):
    for name, value in values.items():
        _int(name, value, 1)


def _kernel(kernel_size):
    """An int k or a pair (kh, kw) -> (kh, kw)."""
    pair = tuple(kernel_size) if isinstance(kernel_size, (tuple, list)) else (kernel_size, kernel_size)
    if len(pair) != 2:
        raise ValueError(f"kernel_size must be an int or a pair (kh, kw); got {kernel_size!r}.")
    _positive_ints(kernel_height=pair[0], kernel_width=pair[1])
    return pair


def _conv_params_cases():
    return [
        (3, 64, 7, False),            # ResNet's stem: 9,408
        (1, 8, 3),                    # bias by default: 8 * (9 + 1)
        (64, 128, 1, False),          # a projection shortcut
        (512, 512, 3, False),
        (2, 5, (3, 1)),               # a 3x1 kernel: 3 * 1 weights per input channel
        call(4, 6, (1, 5), bias=True),
        (7, 2, [2, 4], False),        # a list works as a pair too
        (0, 8, 3),                    # ValueError: no input channel
        (1, 8, (3, 0)),               # ValueError: a kernel side of 0
        (1, 0, 3),                    # ValueError: no output channel
        (1, 8, (3, 3, 3)),            # ValueError: not a pair
    ]


@exercise(cases=_conv_params_cases,
          hint="count per output channel: one kernel covering every input channel, plus its bias if there "
               "is one. A pair kernel_size may be rectangular (kh != kw). Check that every count and "
               "kernel side is a positive integer")
def conv_params(in_channels: int, out_channels: int, kernel_size, bias: bool = True) -> int:
    """Number of parameters of a regular 2-d convolution (``nn.Conv2d``, Keras ``Conv2D``).

    ``kernel_size``: an int ``k`` (a k x k kernel) or a pair ``(kh, kw)``. Every output channel has
    one kernel of ``kh * kw * in_channels`` weights, plus one bias if ``bias``. Raises
    ``ValueError`` when a channel count or a kernel side is not a positive integer.
    """
    _positive_ints(in_channels=in_channels, out_channels=out_channels)
    kh, kw = _kernel(kernel_size)
    return out_channels * (kh * kw * in_channels + (1 if bias else 0))


def _map_sizes_cases():
    return [
        (224,),                       # ImageNet: 56, 28, 14, 7
        (28,),                        # a digit: 7, 4, 2, 1
        (160,),                       # Imagenette: 40, 20, 10, 5
        (33,),                        # odd sizes round up here: 17 -> 9, then 5, 3, 2
        (1,),                         # a 1-pixel image stays 1 pixel
        (64, (1, 2)),                 # two stages
        call(100, strides=(2, 1, 2)),  # any strides
        (28, ()),                     # no stage: no size
        (0,),                         # ValueError: an empty image
        (28, (1, 0)),                 # ValueError: stride 0
    ]


@exercise(cases=_map_sizes_cases,
          hint="chain the output-size rule through every layer that changes the size: the stem has two of "
               "them (its convolution and its max pool), and each stage's first 3x3 convolution has the "
               "stage's stride; halving with // gets odd sizes wrong. One size per stage, and bad sizes or "
               "strides are a ValueError (chapter 07's function already raises it)")
def map_sizes(size: int, strides=(1, 2, 2, 2)) -> list:
    """Side of the feature maps after each stage of a ResNet, for a ``size`` x ``size`` input.

    The stem is a 7x7 convolution with stride 2 and padding 3, then a 3x3 max pool with stride 2 and
    padding 1; each stage opens with a 3x3 convolution with padding 1 and the stage's stride (from
    ``strides``, ResNet's ``(1, 2, 2, 2)`` by default), and its other blocks keep the size. Returns a
    list of ``len(strides)`` ints. Raises ``ValueError`` when ``size`` or a stride is not a positive
    integer.
    """
    size = conv_output_size(conv_output_size(size, 7, 2, 3), 3, 2, 1)  # the stem
    sizes = []
    for stride in strides:
        size = conv_output_size(size, 3, stride, 1)
        sizes.append(size)
    return sizes


def _separable_params_cases():
    return [
        (32, 64, 3),                  # 288 + 2,048 + 64
        (32, 64, 3, False),           # no bias: 2,336
        (4, 5, 3, True, 2),           # depth multiplier 2: 72 + 40 + 5
        (128, 256, 5),
        (3, 8, (3, 1)),               # a 3x1 kernel
        call(10, 24, 5, bias=False, depth_multiplier=3),
        (0, 8, 3),                    # ValueError: no input channel
        (4, 0, 3),                    # ValueError: no output channel
        call(4, 5, 3, depth_multiplier=0),  # ValueError
        (4, 5, (3, -1)),              # ValueError: a negative kernel side
    ]


@exercise(cases=_separable_params_cases,
          hint="count the two steps apart: the depthwise step has one small kernel per input channel and "
               "per depth multiplier, and no bias; the pointwise 1x1 step sees all the channels the "
               "depthwise step made, and carries the biases. Check the counts first")
def separable_params(in_channels: int, out_channels: int, kernel_size, bias: bool = True,
                     depth_multiplier: int = 1) -> int:
    """Parameters of a depthwise-separable convolution, counted as Keras ``SeparableConv2D`` does.

    A depthwise step (one ``kh x kw`` kernel per input channel and per ``depth_multiplier``, no bias)
    followed by a pointwise 1 x 1 convolution from ``in_channels * depth_multiplier`` to
    ``out_channels`` channels, with ``out_channels`` biases if ``bias``. Raises ``ValueError`` when
    a count or a kernel side is not a positive integer.
    """
    _positive_ints(in_channels=in_channels, out_channels=out_channels, depth_multiplier=depth_multiplier)
    kh, kw = _kernel(kernel_size)
    middle = in_channels * depth_multiplier
    return kh * kw * middle + middle * out_channels + (out_channels if bias else 0)


def _residual_block_cases():
    g = torch.Generator().manual_seed(9)

    def randn(*shape):
        return torch.randn(*shape, generator=g)

    return [
        (randn(2, 4, 6, 6), randn(4, 4, 3, 3), randn(4, 4, 3, 3)),                     # identity shortcut
        (randn(1, 3, 8, 8), randn(5, 3, 3, 3), randn(5, 5, 3, 3), randn(5, 3, 1, 1), 2),  # projection, stride 2
        call(randn(2, 2, 7, 7), randn(2, 2, 3, 3), randn(2, 2, 3, 3), w_shortcut=randn(2, 2, 1, 1),
             stride=2),                                                                 # odd size: 7 -> 4
        (randn(1, 2, 5, 5), randn(3, 2, 3, 3), randn(3, 3, 3, 3), randn(3, 2, 1, 1)),  # projection, stride 1
        (torch.tensor([[[[-1.0, 2.0]]]]), torch.ones(1, 1, 3, 3), torch.full((1, 1, 3, 3), 3.0)),  # by hand
        (torch.zeros(1, 2, 4, 4), torch.zeros(3, 2, 3, 3), torch.zeros(3, 3, 3, 3)),  # ValueError: 2 -> 3, no w_shortcut
        call(torch.zeros(1, 2, 4, 4), torch.zeros(2, 2, 3, 3), torch.zeros(2, 2, 3, 3), stride=2),  # ValueError
    ]


@exercise(cases=_residual_block_cases,
          hint="the stride belongs to the first convolution and to the shortcut, never to the second "
               "convolution; there is a ReLU between the two convolutions and one after the sum, none "
               "on the branch alone. Without w_shortcut the shapes must already match: refuse the block "
               "with a ValueError when they cannot")
def residual_block(x, w1, w2, w_shortcut=None, stride: int = 1):
    """Forward pass of a basic residual block without batch norm or biases.

    ``x``: ``(N, C_in, H, W)``; ``w1``: ``(C_out, C_in, 3, 3)``, applied with ``stride`` and
    padding 1; ``w2``: ``(C_out, C_out, 3, 3)``, stride 1, padding 1; ``w_shortcut``: ``None`` for the
    identity shortcut (needs ``C_in == C_out`` and ``stride == 1``, else ``ValueError``) or
    ``(C_out, C_in, 1, 1)`` for a projection applied with ``stride``. Returns
    ``relu(conv(relu(conv(x, w1)), w2) + shortcut(x))``, shape ``(N, C_out, H', W')``.
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
