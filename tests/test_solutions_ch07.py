"""Chapter 07's reference solutions, checked against values worked out by hand."""
import pytest
import torch
import torch.nn.functional as F

from utils.solutions import ch07
from wrong_solutions import rejected


# ---- conv_output_size -----------------------------------------------------------------
@pytest.mark.parametrize("args, expected", [
    ((28, 3), 26),                    # (28 - 3) // 1 + 1
    ((28, 3, 1, 1), 28),              # "same" padding for a 3x3 kernel
    ((28, 3, 2, 1), 14),              # (28 + 2 - 3) // 2 + 1 = 27 // 2 + 1
    ((7, 3, 2, 1), 4),                # (7 + 2 - 3) // 2 + 1 = 3 + 1
    ((28, 2, 2), 14),                 # 2x2 pooling
    ((7, 2, 2), 3),                   # odd size: the last row is dropped
    ((5, 5), 1),                      # the kernel fits exactly once
    ((28, 3, 1, 0, 2), 24),           # dilation 2: the kernel spans 5 pixels
])
def test_conv_output_size_by_hand(args, expected):
    assert ch07.conv_output_size(*args) == expected


def test_conv_output_size_matches_pytorch():
    for size, k, s, p, d in [(28, 5, 2, 2, 1), (13, 3, 3, 0, 1), (10, 3, 1, 2, 3), (9, 4, 2, 1, 1)]:
        out = torch.nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)(torch.zeros(1, 1, size, size))
        assert out.shape[-1] == ch07.conv_output_size(size, k, s, p, d)


def test_conv_output_size_rejects_bad_input():
    with pytest.raises(ValueError, match="does not fit"):
        ch07.conv_output_size(2, 3)
    with pytest.raises(ValueError, match="does not fit"):
        ch07.conv_output_size(4, 3, dilation=2)  # spans 5 pixels
    with pytest.raises(ValueError, match="stride must be a positive integer"):
        ch07.conv_output_size(28, 3, stride=0)
    with pytest.raises(ValueError, match="padding"):
        ch07.conv_output_size(28, 3, padding=-1)
    with pytest.raises(ValueError, match="kernel_size"):
        ch07.conv_output_size(28, 2.5)


# ---- im2col ---------------------------------------------------------------------------
def test_im2col_by_hand():
    image = torch.arange(9.0).reshape(3, 3)  # [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    cols = ch07.im2col(image, 2)
    expected = torch.tensor([[0.0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]])
    assert cols.shape == (4, 4) and torch.equal(cols, expected)
    assert torch.equal(ch07.im2col(image, 1), image.reshape(9, 1))
    assert torch.equal(ch07.im2col(image, 3), image.reshape(1, 9))


def test_im2col_times_kernel_is_conv2d():
    torch.manual_seed(0)
    image, kernel = torch.randn(6, 5), torch.randn(3, 3)
    ours = (ch07.im2col(image, 3) @ kernel.reshape(-1)).reshape(4, 3)
    theirs = F.conv2d(image[None, None], kernel[None, None])[0, 0]
    assert torch.allclose(ours, theirs, atol=1e-6)


def test_im2col_rejects_bad_input():
    with pytest.raises(ValueError, match="2-d"):
        ch07.im2col(torch.zeros(1, 4, 4), 2)
    with pytest.raises(ValueError, match="does not fit"):
        ch07.im2col(torch.zeros(2, 5), 3)
    with pytest.raises(ValueError, match="kernel_size"):
        ch07.im2col(torch.zeros(4, 4), 0)


# ---- max_pool2x2 ----------------------------------------------------------------------
def test_max_pool_by_hand():
    x = torch.tensor([[1.0, 5, 2, 0],
                      [3, -1, 4, 4],
                      [0, 0, -2, -3],
                      [7, 1, -5, -1]])
    assert torch.equal(ch07.max_pool2x2(x), torch.tensor([[5.0, 4], [7, -1]]))


def test_max_pool_drops_an_odd_edge_and_keeps_leading_axes():
    x = torch.arange(2 * 3 * 5 * 7, dtype=torch.float32).reshape(2, 3, 5, 7)
    out = ch07.max_pool2x2(x)
    assert out.shape == (2, 3, 2, 3)
    assert torch.equal(out, F.max_pool2d(x, 2))
    # arange grows to the right and down: each block's max is its bottom-right pixel
    assert out[0, 0, 0, 0].item() == 8.0  # pixel (1, 1) = 1 * 7 + 1


def test_max_pool_rejects_bad_input():
    with pytest.raises(ValueError, match="H, W >= 2"):
        ch07.max_pool2x2(torch.zeros(4))
    with pytest.raises(ValueError, match="H, W >= 2"):
        ch07.max_pool2x2(torch.zeros(3, 1))


# ---- receptive_field ------------------------------------------------------------------
@pytest.mark.parametrize("layers, expected", [
    ([], 1),
    ([(3, 1)], 3),
    ([(3, 1), (3, 1)], 5),                    # two 3x3 convs see as far as one 5x5
    ([(3, 1)] * 3, 7),
    ([(3, 2), (3, 2)], 7),                    # 3, then + 2 * 2
    ([(3, 1), (2, 2), (3, 1), (2, 2), (3, 1), (2, 2)], 22),  # chapter 07's CNN: 3, 4, 8, 10, 18, 22
    ([(7, 2), (3, 2)], 11),                   # 7, then + 2 * 2
])
def test_receptive_field_by_hand(layers, expected):
    assert ch07.receptive_field(layers) == expected


def test_receptive_field_matches_the_gradient_footprint():
    # A unit's receptive field is where its gradient with respect to the input is non-zero.
    layers = [(3, 1), (2, 2), (3, 2), (3, 1)]
    net = torch.nn.Sequential(*[torch.nn.Conv2d(1, 1, k, stride=s, bias=False) for k, s in layers])
    for conv in net:
        torch.nn.init.constant_(conv.weight, 1.0)
    x = torch.zeros(1, 1, 40, 40, requires_grad=True)
    net(x)[0, 0, 0, 0].backward()
    rows = (x.grad[0, 0] != 0).any(dim=1).sum().item()
    assert rows == ch07.receptive_field(layers) == 16  # 3, 4, 8, 16


def test_receptive_field_rejects_bad_input():
    with pytest.raises(ValueError, match="pair"):
        ch07.receptive_field([3])
    with pytest.raises(ValueError, match="stride"):
        ch07.receptive_field([(3, 0)])
    with pytest.raises(ValueError, match="kernel_size"):
        ch07.receptive_field([(0, 1)])


def test_im2col_keeps_the_dtype():
    image = torch.arange(12, dtype=torch.float64).reshape(3, 4)
    assert ch07.im2col(image, 2).dtype == torch.float64


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def conv_output_size_no_raise(size, kernel_size, stride=1, padding=0, dilation=1):  # returns 0 or less instead
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


def conv_output_size_ignores_dilation(size, kernel_size, stride=1, padding=0, dilation=1):
    if size + 2 * padding < kernel_size or stride < 1 or padding < 0 or kernel_size < 1 or dilation < 1:
        raise ValueError("the kernel does not fit")
    return (size + 2 * padding - kernel_size) // stride + 1


def conv_output_size_fit_check_without_dilation(size, kernel_size, stride=1, padding=0, dilation=1):
    for value in (size, kernel_size, stride, dilation):
        if not isinstance(value, int) or value < 1:
            raise ValueError("bad argument")
    if not isinstance(padding, int) or padding < 0:
        raise ValueError("bad padding")
    if size + 2 * padding < kernel_size:  # forgets that dilation widens the kernel
        raise ValueError("the kernel does not fit")
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


def conv_output_size_true_division(size, kernel_size, stride=1, padding=0, dilation=1):  # a float, not rounded
    ch07.conv_output_size(size, kernel_size, stride, padding, dilation)  # for the errors
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1


def conv_output_size_rounds_up(size, kernel_size, stride=1, padding=0, dilation=1):
    ch07.conv_output_size(size, kernel_size, stride, padding, dilation)
    return -(-(size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride) + 1


def conv_output_size_pads_one_side(size, kernel_size, stride=1, padding=0, dilation=1):  # size + p, not + 2p
    ch07.conv_output_size(size, kernel_size, stride, padding, dilation)
    return (size + padding - dilation * (kernel_size - 1) - 1) // stride + 1


def conv_output_size_only_checks_the_fit(size, kernel_size, stride=1, padding=0, dilation=1):
    span = dilation * (kernel_size - 1) + 1
    if size + 2 * padding < span:  # a stride of 0 then divides by zero, a negative one gives nonsense
        raise ValueError("the kernel does not fit")
    return (size + 2 * padding - span) // stride + 1


def im2col_transposed(image, kernel_size):  # (k * k, positions): one patch per column
    return ch07.im2col(image, kernel_size).T


def im2col_patches_read_by_column(image, kernel_size):  # the offsets in column-major order
    h, w = image.shape
    if kernel_size < 1 or kernel_size > min(h, w):
        raise ValueError("the kernel does not fit")
    out_h, out_w = h - kernel_size + 1, w - kernel_size + 1
    return torch.stack([image[di:di + out_h, dj:dj + out_w].reshape(-1)
                        for dj in range(kernel_size) for di in range(kernel_size)], dim=1)


def im2col_positions_by_column(image, kernel_size):  # row j * out_h + i instead of i * out_w + j
    h, w = image.shape
    if kernel_size < 1 or kernel_size > min(h, w):
        raise ValueError("the kernel does not fit")
    out_h, out_w = h - kernel_size + 1, w - kernel_size + 1
    return torch.stack([image[di:di + out_h, dj:dj + out_w].T.reshape(-1)
                        for di in range(kernel_size) for dj in range(kernel_size)], dim=1)


def im2col_float32_buffer(image, kernel_size):  # fills a default (float32) tensor: float64 images lose their dtype
    h, w = image.shape
    if kernel_size < 1 or kernel_size > min(h, w):
        raise ValueError("the kernel does not fit")
    out_h, out_w = h - kernel_size + 1, w - kernel_size + 1
    out = torch.empty(out_h * out_w, kernel_size * kernel_size)
    for k, (di, dj) in enumerate((di, dj) for di in range(kernel_size) for dj in range(kernel_size)):
        out[:, k] = image[di:di + out_h, dj:dj + out_w].reshape(-1)
    return out


def im2col_no_fit_check(image, kernel_size):  # an empty matrix instead of an error
    h, w = image.shape
    out_h, out_w = h - kernel_size + 1, w - kernel_size + 1
    columns = [image[di:di + out_h, dj:dj + out_w].reshape(-1)
               for di in range(kernel_size) for dj in range(kernel_size)]
    return torch.stack(columns, dim=1) if columns else torch.zeros(out_h * out_w, 0)


def _pool_shape_ok(x):
    if x.ndim < 2 or x.shape[-1] < 2 or x.shape[-2] < 2:
        raise ValueError("x must be (..., H, W) with H, W >= 2")


def max_pool_without_crop(x):  # an odd H or W cannot be reshaped into 2x2 blocks
    _pool_shape_ok(x)
    return x.reshape(*x.shape[:-2], x.shape[-2] // 2, 2, x.shape[-1] // 2, 2).amax(dim=(-3, -1))


def max_pool_strided_blocks(x):  # (2, H // 2, 2, W // 2): pixels H // 2 apart end up in one "block"
    _pool_shape_ok(x)
    h, w = x.shape[-2] // 2, x.shape[-1] // 2
    x = x[..., : 2 * h, : 2 * w]
    return x.reshape(*x.shape[:-2], 2, h, 2, w).amax(dim=(-4, -2))


def max_pool_average(x):  # average pooling
    _pool_shape_ok(x)
    h, w = x.shape[-2] // 2, x.shape[-1] // 2
    return x[..., : 2 * h, : 2 * w].reshape(*x.shape[:-2], h, 2, w, 2).mean(dim=(-3, -1))


def max_pool_only_nchw(x):  # assumes four axes (N, C, H, W)
    _pool_shape_ok(x)
    n, c, hh, ww = x.shape
    h, w = hh // 2, ww // 2
    return x[..., : 2 * h, : 2 * w].reshape(n, c, h, 2, w, 2).amax(dim=(3, 5))


def max_pool_from_zero(x):  # starts the maximum at 0, as if the values were never negative
    _pool_shape_ok(x)
    h, w = x.shape[-2] // 2, x.shape[-1] // 2
    blocks = x[..., : 2 * h, : 2 * w].reshape(*x.shape[:-2], h, 2, w, 2)
    return blocks.amax(dim=(-3, -1)).clamp(min=0)


def max_pool_no_shape_check(x):  # an empty tensor instead of an error
    h, w = x.shape[-2] // 2, x.shape[-1] // 2
    x = x[..., : 2 * h, : 2 * w]
    return x.reshape(*x.shape[:-2], h, 2, w, 2).amax(dim=(-3, -1))


def _layers_ok(layers):
    for layer in layers:
        if not isinstance(layer, (tuple, list)) or len(layer) != 2 or min(layer) < 1:
            raise ValueError("each layer must be a (kernel_size, stride) pair of positive integers")


def receptive_field_ignores_strides(layers):  # adds up the kernels as if every stride were 1
    _layers_ok(layers)
    return 1 + sum(k - 1 for k, _ in layers)


def receptive_field_stride_first(layers):  # multiplies the jump by the layer's own stride before widening
    _layers_ok(layers)
    field, jump = 1, 1
    for k, s in layers:
        jump *= s
        field += (k - 1) * jump
    return field


def receptive_field_last_layer_first(layers):  # walks the stack from the output end
    _layers_ok(layers)
    field, jump = 1, 1
    for k, s in reversed(list(layers)):
        field += (k - 1) * jump
        jump *= s
    return field


def receptive_field_no_checks(layers):  # the right formula, but a stride of 0 or a kernel of 0 passes
    field, jump = 1, 1
    for k, s in layers:
        field += (k - 1) * jump
        jump *= s
    return field


WRONG = {
    "conv_output_size": [conv_output_size_no_raise, conv_output_size_ignores_dilation,
                         conv_output_size_fit_check_without_dilation, conv_output_size_true_division,
                         conv_output_size_rounds_up, conv_output_size_pads_one_side,
                         conv_output_size_only_checks_the_fit],
    "im2col": [im2col_transposed, im2col_patches_read_by_column, im2col_positions_by_column,
               im2col_float32_buffer, im2col_no_fit_check],
    "max_pool2x2": [max_pool_without_crop, max_pool_strided_blocks, max_pool_average, max_pool_only_nchw,
                    max_pool_from_zero, max_pool_no_shape_check],
    "receptive_field": [receptive_field_ignores_strides, receptive_field_stride_first,
                        receptive_field_last_layer_first, receptive_field_no_checks],
}
test_checks_reject_wrong_solutions = rejected(ch07, WRONG)
