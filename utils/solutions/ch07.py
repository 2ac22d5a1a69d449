"""Chapter 07 · convolutions and a first CNN: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _int(name: str, value, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise ValueError(f"{name} must be {kind}; got {value!r}.")


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                          dilation: int = 1) -> int:
    """Height (or width) of the output of ``nn.Conv2d`` (or ``nn.MaxPool2d``) on ``size`` pixels.

    ``floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1``; with
    ``dilation=1`` that is ``(size + 2p - k) // s + 1``. Raises ``ValueError`` for non-integer or
    out-of-range arguments and when the (dilated) kernel does not fit in the padded input once.
    """
    for name, value, minimum in (("size", size, 1), ("kernel_size", kernel_size, 1), ("stride", stride, 1),
                                 ("padding", padding, 0), ("dilation", dilation, 1)):
        _int(name, value, minimum)
    span = dilation * (kernel_size - 1) + 1  # the pixels one kernel position covers
    if size + 2 * padding < span:
        raise ValueError(f"a kernel spanning {span} pixels does not fit in {size} pixels padded by "
                         f"{padding} on each side.")
    return (size + 2 * padding - span) // stride + 1


def im2col(image, kernel_size: int):
    """Every ``kernel_size`` x ``kernel_size`` patch of a one-channel image, one patch per row.

    ``image``: ``(H, W)`` float tensor. Returns ``(out_h * out_w, k * k)`` with ``out_h = H - k + 1``
    and ``out_w = W - k + 1`` (stride 1, no padding). Row ``i * out_w + j`` is the patch whose
    top-left corner is pixel ``(i, j)``, read row by row, so ``im2col(image, k) @ kernel.reshape(-1)``
    reshaped to ``(out_h, out_w)`` is ``F.conv2d`` of the image with ``kernel``.
    """
    import torch

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


def max_pool2x2(x):
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


def receptive_field(layers) -> int:
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
        _int("kernel_size", kernel_size, 1)
        _int("stride", stride, 1)
        field += (kernel_size - 1) * jump
        jump *= stride
    return field
