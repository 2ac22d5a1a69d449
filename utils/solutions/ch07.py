"""Chapter 07 · convolutions and a first CNN: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import torch

from ..checks import call, exercise  # noqa: F401


def _int(name: str, value, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = {0: "a non-negative integer", 1: "a positive integer"}.get(minimum, f"an integer >= {minimum}")
        raise ValueError(f"{name} must be {kind}; got {value!r}.")


def _conv_output_size_cases():
    return [
        (28, 3),                      # 26
        (28, 3, 2, 1),                # 27 // 2 + 1 = 14: the division rounds down
        (7, 3, 2, 1),                 # 4
        (32, 5, 2, 2),                # 16
        (13, 4, 3),                   # 9 // 3 + 1 = 4
        (5, 5),                       # the kernel fits exactly once
        (28, 3, 1, 0, 2),             # dilation 2: the kernel spans 5 pixels -> 24
        (10, 3, 1, 2, 3),             # spans 7 pixels in 14 padded ones -> 8
        call(20, 5, stride=2, padding=4, dilation=3),  # spans 13 in 28 -> 8
        (2, 3),                       # ValueError: the kernel does not fit
        (4, 3, 1, 0, 2),              # ValueError: 3 fits in 4, but the dilated kernel spans 5
        (1, 5, 1, 1),                 # ValueError: 5 does not fit in 1 + 2 padded pixels
        (28, 3, 0),                   # ValueError: stride 0
        (28, 3, -1),                  # ValueError: a negative stride
        (28, 3, 1, -1),               # ValueError: negative padding
        (28, 0),                      # ValueError: kernel_size 0
        (28, 3, 1, 0, 0),             # ValueError: dilation 0
        (0, 1, 1, 1),                 # ValueError: an empty input
        (28, 2.5),                    # ValueError: not an integer
    ]


@exercise(cases=_conv_output_size_cases,
          hint="first work out how many pixels the dilated kernel spans; the output counts the positions "
               "where it fits in the padded input, one every `stride` pixels (rounding down). Check every "
               "argument, and whether the kernel fits at all, before computing anything")
def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                     dilation: int = 1) -> int:
    """Height (or width) of the output of ``nn.Conv2d`` (or ``nn.MaxPool2d``) on ``size`` pixels.

    ``floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1``; with
    ``dilation=1`` that is ``(size + 2p - k) // s + 1``. Raises ``ValueError`` for non-integer or
    out-of-range arguments (``size``, ``kernel_size``, ``stride`` and ``dilation`` at least 1,
    ``padding`` at least 0) and when the (dilated) kernel does not fit in the padded input once.
    """
    for name, value, minimum in (("size", size, 1), ("kernel_size", kernel_size, 1), ("stride", stride, 1),
                                 ("padding", padding, 0), ("dilation", dilation, 1)):
        _int(name, value, minimum)
    span = dilation * (kernel_size - 1) + 1  # the pixels one kernel position covers
    if size + 2 * padding < span:
        raise ValueError(f"a kernel spanning {span} pixels does not fit in {size} pixels padded by "
                         f"{padding} on each side.")
    return (size + 2 * padding - span) // stride + 1


def _im2col_cases():
    g = torch.Generator().manual_seed(7)
    return [
        (torch.arange(9.0).reshape(3, 3), 2),
        (torch.arange(20.0).reshape(4, 5), 3),          # not square: out_h = 2, out_w = 3
        (torch.rand(28, 28, generator=g), 3),           # like a digit
        (torch.rand(9, 6, generator=g), 5),             # taller than wide
        (torch.rand(5, 7, generator=g, dtype=torch.float64), 2),  # keeps the image's dtype
        (torch.arange(12.0).reshape(3, 4), 1),          # k = 1: every pixel is a patch
        (torch.arange(12.0).reshape(3, 4), 3),          # k = H: one row of positions
        (torch.zeros(2, 5), 3),                         # ValueError: taller than the image
        (torch.zeros(5, 2), 3),                         # ValueError: wider than the image
        (torch.zeros(4, 4), 0),                         # ValueError: kernel_size 0
    ]


@exercise(cases=_im2col_cases,
          hint="there are k * k offsets (di, dj) inside the kernel; for each, one slice of the image shifted "
               "by that offset, flattened, gives one column for every output position at once. Mind the "
               "order of the columns (the patch read row by row), out_h versus out_w on a non-square "
               "image, and the image's dtype")
def im2col(image, kernel_size: int):
    """Every ``kernel_size`` x ``kernel_size`` patch of a one-channel image, one patch per row.

    ``image``: ``(H, W)`` float tensor. Returns ``(out_h * out_w, k * k)`` with ``out_h = H - k + 1``
    and ``out_w = W - k + 1`` (stride 1, no padding), of the image's dtype. Row ``i * out_w + j`` is
    the patch whose top-left corner is pixel ``(i, j)``, read row by row, so
    ``im2col(image, k) @ kernel.reshape(-1)`` reshaped to ``(out_h, out_w)`` is ``F.conv2d`` of the
    image with ``kernel``. Raises ``ValueError`` when the image is not 2-d or the kernel does not
    fit (``kernel_size`` below 1 or above H or W).
    """
    if not isinstance(image, torch.Tensor) or image.ndim != 2:
        raise ValueError(f"image must be a 2-d tensor (H, W); got {getattr(image, 'shape', type(image))}.")
    _int("kernel_size", kernel_size, 1)
    h, w = image.shape
    if kernel_size > min(h, w):
        raise ValueError(f"a {kernel_size}x{kernel_size} kernel does not fit in a {h}x{w} image.")
    out_h, out_w = h - kernel_size + 1, w - kernel_size + 1
    # column (di, dj) of the result holds pixel (i + di, j + dj) for every output position (i, j)
    columns = [image[di:di + out_h, dj:dj + out_w].reshape(-1)
               for di in range(kernel_size) for dj in range(kernel_size)]
    return torch.stack(columns, dim=1)


def _max_pool_cases():
    g = torch.Generator().manual_seed(8)
    grid = torch.tensor([[1.0, 3.0, 0.0, -1.0],
                         [4.0, 2.0, 5.0, 2.0],
                         [0.0, -2.0, 1.0, 1.0],
                         [6.0, 0.0, 1.0, 3.0]])
    return [
        (grid,),                                                          # 2-d: no leading axes
        (torch.arange(2 * 3 * 5 * 7, dtype=torch.float32).reshape(2, 3, 5, 7),),  # odd H and W
        (torch.rand(4, 1, 28, 28, generator=g),),                         # a batch like the digits
        (-torch.rand(3, 6, 6, generator=g),),                             # all negative: the max is below 0
        (torch.randn(2, 2, 2, 3, 5, generator=g),),                       # three leading axes
        (torch.randn(7, 2, generator=g, dtype=torch.float64),),           # odd H, float64 kept
        (torch.zeros(4),),                                                # ValueError: one axis only
        (torch.zeros(3, 1),),                                             # ValueError: W = 1
        (torch.zeros(2, 1, 6),),                                          # ValueError: H = 1
    ]


@exercise(cases=_max_pool_cases,
          hint="crop H and W to even sizes first, then split each of the last two axes into (blocks, 2) with "
               "one reshape that keeps every leading axis as it is; the maximum is over the two axes of "
               "size 2. Check the shape before anything else")
def max_pool2x2(x):
    """2 x 2 max pooling with stride 2 over the last two axes, using reshape and ``amax`` only.

    ``x``: ``(..., H, W)`` with ``H, W >= 2``. Returns ``(..., H // 2, W // 2)`` of ``x``'s dtype; an
    odd last row or column is dropped, as ``F.max_pool2d(x, 2)`` does. Raises ``ValueError`` when
    ``x`` has fewer than two axes or H or W is below 2.
    """
    if not isinstance(x, torch.Tensor) or x.ndim < 2 or x.shape[-1] < 2 or x.shape[-2] < 2:
        raise ValueError(f"x must be a tensor of shape (..., H, W) with H, W >= 2; got {getattr(x, 'shape', type(x))}.")
    h, w = x.shape[-2] // 2, x.shape[-1] // 2
    x = x[..., : 2 * h, : 2 * w]
    blocks = x.reshape(*x.shape[:-2], h, 2, w, 2)  # (..., h, row in block, w, column in block)
    return blocks.amax(dim=(-3, -1))


def _receptive_field_cases():
    return [
        ([],),                                            # no layer: 1 pixel
        ([(3, 1)],),                                      # 3
        ([(3, 2)],),                                      # 3: a layer's own stride does not widen it
        ([(3, 1), (3, 1)],),                              # 5
        ([(3, 2), (3, 2), (3, 2)],),                      # 3, 7, 15
        ([(3, 1), (2, 2)] * 3,),                          # chapter 07's CNN: 22
        ([(2, 2), (3, 1)],),                              # 2, then + 2 * 2 = 6
        ([(7, 2), (3, 2), (3, 1), (3, 1)],),              # 7, 11, 19, 27
        ([(1, 4), (5, 1)],),                              # a 1x1 stride-4 layer, then + 4 * 4 = 17
        ([(3, 1), (3, 0)],),                              # ValueError: stride 0
        ([(0, 1)],),                                      # ValueError: kernel_size 0
        ([(3, 1), 2],),                                   # ValueError: not a pair
        ([(3, 1, 1)],),                                   # ValueError: not a pair
    ]


@exercise(cases=_receptive_field_cases,
          hint="keep two numbers as you walk from the input: the field and the jump (the distance in input "
               "pixels between neighbouring units). A layer widens the field by what its kernel adds in "
               "units of the jump *before* it; only later layers feel its stride")
def receptive_field(layers) -> int:
    """Receptive field (in input pixels, along one axis) of one output unit of a stack of layers.

    ``layers``: a sequence of ``(kernel_size, stride)`` pairs, first layer first (a convolution or a
    pooling layer; padding does not change the size). Each layer widens the field by
    ``(kernel_size - 1) * jump``, where ``jump`` is the product of the strides before it. An empty
    stack sees 1 pixel. Raises ``ValueError`` for a layer that is not a pair of positive integers.
    """
    field, jump = 1, 1
    for layer in layers:
        if not isinstance(layer, (tuple, list)) or len(layer) != 2:
            raise ValueError(f"each layer must be a (kernel_size, stride) pair; got {layer!r}.")
        kernel_size, stride = layer
        _int("kernel_size", kernel_size, 1)
        _int("stride", stride, 1)
        field += (kernel_size - 1) * jump
        jump *= stride
    return field
