"""Chapter 09's reference solutions, checked against values worked out by hand."""
import pytest
import torch
import torch.nn.functional as F

from utils.solutions import ch09
from wrong_solutions import rejected


# ---- conv_params ----------------------------------------------------------------------
def test_conv_params_by_hand():
    assert ch09.conv_params(1, 8, 3) == 8 * (3 * 3 * 1 + 1) == 80
    assert ch09.conv_params(3, 64, 7, bias=False) == 9408  # ResNet's stem: 64 kernels of 7x7x3
    assert ch09.conv_params(64, 128, 1, bias=False) == 8192  # a projection shortcut
    assert ch09.conv_params(2, 5, (3, 1)) == 5 * (3 * 1 * 2 + 1) == 35


def test_conv_params_matches_pytorch():
    for c_in, c_out, k, bias in [(3, 16, 3, True), (16, 32, 5, False), (7, 2, (1, 3), True)]:
        conv = torch.nn.Conv2d(c_in, c_out, k, bias=bias)
        assert ch09.conv_params(c_in, c_out, k, bias=bias) == sum(p.numel() for p in conv.parameters())


def test_conv_params_rejects_bad_sizes():
    with pytest.raises(ValueError, match="in_channels must be a positive integer"):
        ch09.conv_params(0, 8, 3)
    with pytest.raises(ValueError, match="kernel_size must be an int or a pair"):
        ch09.conv_params(1, 8, (3, 3, 3))
    with pytest.raises(ValueError, match="positive integer"):
        ch09.conv_params(1, 8, 2.5)


# ---- conv_output_size: chapter 07's function, reused by map_sizes -------------------------
def test_conv_output_size_is_chapter_07s():
    from utils.solutions import ch07
    assert ch09.conv_output_size is ch07.conv_output_size


def test_conv_output_size_by_hand():
    assert ch09.conv_output_size(224, 7, stride=2, padding=3) == 112  # (224 + 6 - 7) // 2 + 1
    assert ch09.conv_output_size(112, 3, stride=2, padding=1) == 56  # the stem's max pool
    assert ch09.conv_output_size(28, 3, stride=1, padding=1) == 28  # "same" padding keeps the size
    assert ch09.conv_output_size(5, 3) == 3
    assert ch09.conv_output_size(7, 3, stride=2, padding=1) == 4  # rounds down: (7 + 2 - 3) // 2 + 1
    assert ch09.conv_output_size(3, 3) == 1


def test_conv_output_size_matches_pytorch():
    for size, k, s, p in [(28, 7, 2, 3), (13, 3, 2, 0), (10, 4, 3, 2)]:
        out = torch.nn.Conv2d(1, 1, k, s, p)(torch.zeros(1, 1, size, size))
        assert ch09.conv_output_size(size, k, s, p) == out.shape[-1]


def test_conv_output_size_rejects_what_cannot_be():
    with pytest.raises(ValueError, match="does not fit"):
        ch09.conv_output_size(2, 5)
    with pytest.raises(ValueError, match="padding must be a non-negative integer"):
        ch09.conv_output_size(28, 3, padding=-1)
    with pytest.raises(ValueError, match="stride must be a positive integer"):
        ch09.conv_output_size(28, 3, stride=0)


# ---- map_sizes ----------------------------------------------------------------------------
def test_map_sizes_by_hand():
    # 224: stem 112 -> 56; stage 1 keeps 56; stages 2-4 halve it
    assert ch09.map_sizes(224) == [56, 28, 14, 7]
    # 28: stem (28 + 6 - 7) // 2 + 1 = 14, then (14 + 2 - 3) // 2 + 1 = 7; then 4 (7 rounds up), 2, 1
    assert ch09.map_sizes(28) == [7, 4, 2, 1]
    assert ch09.map_sizes(64, (1, 2)) == [16, 8]
    assert ch09.map_sizes(28, ()) == []


def test_map_sizes_matches_torchvision():
    import torchvision

    net = torchvision.models.resnet18(weights=None).eval()
    for size in (64, 97):
        with torch.no_grad():
            h = net.maxpool(net.relu(net.bn1(net.conv1(torch.zeros(1, 3, size, size)))))
            measured = []
            for stage in (net.layer1, net.layer2, net.layer3, net.layer4):
                h = stage(h)
                measured.append(h.shape[-1])
        assert ch09.map_sizes(size) == measured


def test_map_sizes_rejects_bad_sizes_and_strides():
    with pytest.raises(ValueError, match="size must be a positive integer"):
        ch09.map_sizes(0)
    with pytest.raises(ValueError, match="stride must be a positive integer"):
        ch09.map_sizes(28, (1, 0))


# ---- separable_params -----------------------------------------------------------------
def test_separable_params_by_hand():
    # depthwise 3*3*32 = 288, pointwise 32*64 = 2048, bias 64
    assert ch09.separable_params(32, 64, 3) == 2400
    assert ch09.separable_params(32, 64, 3, bias=False) == 2336
    # depth multiplier 2: 3*3*4*2 = 72 depthwise, 8*5 = 40 pointwise, 5 biases
    assert ch09.separable_params(4, 5, 3, depth_multiplier=2) == 117
    assert ch09.separable_params(32, 64, 3) < ch09.conv_params(32, 64, 3)


def test_separable_params_rejects_bad_sizes():
    with pytest.raises(ValueError, match="out_channels must be a positive integer"):
        ch09.separable_params(4, 0, 3)
    with pytest.raises(ValueError, match="depth_multiplier must be a positive integer"):
        ch09.separable_params(4, 5, 3, depth_multiplier=0)


# ---- residual_block -------------------------------------------------------------------
def _centre(value, c_out=1, c_in=1):
    """A 3x3 kernel that multiplies each pixel by `value` (zeros around the centre)."""
    w = torch.zeros(c_out, c_in, 3, 3)
    w[:, :, 1, 1] = value
    return w


def test_residual_block_identity_shortcut_by_hand():
    x = torch.tensor([[[[-1.0, 2.0]]]])  # (1, 1, 1, 2)
    # branch: relu(1 * x) = [0, 2], then 3 * that = [0, 6]; plus x = [-1, 8]; relu -> [0, 8]
    out = ch09.residual_block(x, _centre(1.0), _centre(3.0))
    assert torch.equal(out, torch.tensor([[[[0.0, 8.0]]]]))
    # with a zero second convolution the block is relu(x): for x >= 0, the identity
    x = torch.rand(2, 3, 5, 5)
    assert torch.equal(ch09.residual_block(x, torch.randn(3, 3, 3, 3), torch.zeros(3, 3, 3, 3)), x)


def test_residual_block_projection_shortcut_with_stride():
    x = torch.arange(16.0).view(1, 1, 4, 4) - 5
    out = ch09.residual_block(x, torch.zeros(2, 1, 3, 3), torch.zeros(2, 2, 3, 3),
                                  w_shortcut=torch.tensor([2.0, -1.0]).view(2, 1, 1, 1), stride=2)
    # the branch is zero; the shortcut keeps every other pixel (stride 2) of 2x and of -x
    kept = x[0, 0, ::2, ::2]
    assert out.shape == (1, 2, 2, 2)
    assert torch.equal(out[0, 0], (2 * kept).clamp(min=0)) and torch.equal(out[0, 1], (-kept).clamp(min=0))


def test_residual_block_adds_the_branch_to_the_shortcut():
    torch.manual_seed(0)
    x, w1, w2 = torch.randn(2, 4, 6, 6), torch.randn(4, 4, 3, 3), torch.randn(4, 4, 3, 3)
    branch = torch.nn.functional.conv2d(torch.relu(torch.nn.functional.conv2d(x, w1, padding=1)), w2, padding=1)
    assert torch.allclose(ch09.residual_block(x, w1, w2), torch.relu(branch + x), atol=1e-5)


def test_residual_block_refuses_a_shortcut_that_cannot_be_the_identity():
    x = torch.zeros(1, 2, 4, 4)
    with pytest.raises(ValueError, match="identity shortcut needs"):
        ch09.residual_block(x, torch.zeros(3, 2, 3, 3), torch.zeros(3, 3, 3, 3))
    with pytest.raises(ValueError, match="identity shortcut needs"):
        ch09.residual_block(x, torch.zeros(2, 2, 3, 3), torch.zeros(2, 2, 3, 3), stride=2)
    with pytest.raises(ValueError, match="w_shortcut must have shape"):
        ch09.residual_block(x, torch.zeros(3, 2, 3, 3), torch.zeros(3, 3, 3, 3), w_shortcut=torch.zeros(3, 2, 3, 3))
    with pytest.raises(ValueError, match="w1 must be"):
        ch09.residual_block(x, torch.zeros(3, 1, 3, 3), torch.zeros(3, 3, 3, 3))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        ch09.residual_block(torch.zeros(2, 4, 4), torch.zeros(2, 2, 3, 3), torch.zeros(2, 2, 3, 3))


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def _counts_ok(*values):
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{value!r} is not a positive integer")


def _pair(kernel_size):
    kh, kw = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size, kernel_size)
    _counts_ok(kh, kw)
    return kh, kw


def conv_params_ignores_in_channels(in_channels, out_channels, kernel_size, bias=True):  # one k x k grid per output
    _counts_ok(in_channels, out_channels)
    kh, kw = _pair(kernel_size)
    return out_channels * (kh * kw + (1 if bias else 0))


def conv_params_bias_per_input_channel(in_channels, out_channels, kernel_size, bias=True):
    _counts_ok(in_channels, out_channels)
    kh, kw = _pair(kernel_size)
    return out_channels * in_channels * (kh * kw + (1 if bias else 0))


def conv_params_square_kernel(in_channels, out_channels, kernel_size, bias=True):  # a (3, 1) kernel counted as 3x3
    _counts_ok(in_channels, out_channels)
    k = kernel_size[0] if isinstance(kernel_size, (tuple, list)) else kernel_size
    _pair(kernel_size)
    return out_channels * (k * k * in_channels + (1 if bias else 0))


def conv_params_always_bias(in_channels, out_channels, kernel_size, bias=True):  # ignores bias=False
    _counts_ok(in_channels, out_channels)
    kh, kw = _pair(kernel_size)
    return out_channels * (kh * kw * in_channels + 1)


def conv_params_no_checks(in_channels, out_channels, kernel_size, bias=True):  # 0 channels give 0 parameters
    kh, kw = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size, kernel_size)
    return out_channels * (kh * kw * in_channels + (1 if bias else 0))


def map_sizes_floor_halving(size, strides=(1, 2, 2, 2)):  # size // 2 drops the last pixel of an odd size
    _counts_ok(size, *strides)
    size = size // 2 // 2
    sizes = []
    for stride in strides:
        size = size // stride
        sizes.append(size)
    return sizes


def map_sizes_without_the_max_pool(size, strides=(1, 2, 2, 2)):  # the stem's convolution only
    size = ch09.conv_output_size(size, 7, 2, 3)
    sizes = []
    for stride in strides:
        size = ch09.conv_output_size(size, 3, stride, 1)
        sizes.append(size)
    return sizes


def map_sizes_four_stages(size, strides=(1, 2, 2, 2)):  # ignores the strides it is given
    size = ch09.conv_output_size(ch09.conv_output_size(size, 7, 2, 3), 3, 2, 1)
    sizes = []
    for stride in (1, 2, 2, 2):
        size = ch09.conv_output_size(size, 3, stride, 1)
        sizes.append(size)
    return sizes


def map_sizes_with_the_stem(size, strides=(1, 2, 2, 2)):  # one size too many: the stem's comes first
    size = ch09.conv_output_size(ch09.conv_output_size(size, 7, 2, 3), 3, 2, 1)
    sizes = [size]
    for stride in strides:
        size = ch09.conv_output_size(size, 3, stride, 1)
        sizes.append(size)
    return sizes


def map_sizes_no_padding(size, strides=(1, 2, 2, 2)):  # forgets the padding of the stages' 3x3 convolutions
    size = ch09.conv_output_size(ch09.conv_output_size(size, 7, 2, 3), 3, 2, 1)
    sizes = []
    for stride in strides:
        size = ch09.conv_output_size(size, 3, stride, 0)
        sizes.append(size)
    return sizes


def map_sizes_no_checks(size, strides=(1, 2, 2, 2)):  # rounds up correctly, but an empty image gives zeros
    size = -(-size // 4)
    sizes = []
    for stride in strides:
        size = -(-size // stride)
        sizes.append(size)
    return sizes


def separable_params_depthwise_bias(in_channels, out_channels, kernel_size, bias=True, depth_multiplier=1):
    _counts_ok(in_channels, out_channels, depth_multiplier)
    kh, kw = _pair(kernel_size)
    middle = in_channels * depth_multiplier
    return kh * kw * middle + (middle if bias else 0) + middle * out_channels + (out_channels if bias else 0)


def separable_params_pointwise_from_inputs(in_channels, out_channels, kernel_size, bias=True, depth_multiplier=1):
    _counts_ok(in_channels, out_channels, depth_multiplier)  # pointwise from in_channels, not in * dm
    kh, kw = _pair(kernel_size)
    return kh * kw * in_channels * depth_multiplier + in_channels * out_channels + (out_channels if bias else 0)


def separable_params_regular_conv(in_channels, out_channels, kernel_size, bias=True, depth_multiplier=1):
    _counts_ok(in_channels, out_channels, depth_multiplier)  # counts a regular convolution
    kh, kw = _pair(kernel_size)
    return out_channels * (kh * kw * in_channels + (1 if bias else 0))


def separable_params_always_bias(in_channels, out_channels, kernel_size, bias=True, depth_multiplier=1):
    _counts_ok(in_channels, out_channels, depth_multiplier)
    kh, kw = _pair(kernel_size)
    middle = in_channels * depth_multiplier
    return kh * kw * middle + middle * out_channels + out_channels


def separable_params_no_checks(in_channels, out_channels, kernel_size, bias=True, depth_multiplier=1):
    kh, kw = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size, kernel_size)
    middle = in_channels * depth_multiplier
    return kh * kw * middle + middle * out_channels + (out_channels if bias else 0)


def _identity_ok(x, w1, w_shortcut, stride):
    if w_shortcut is None and (x.shape[1] != w1.shape[0] or stride != 1):
        raise ValueError("an identity shortcut needs C_in == C_out and stride 1")


def residual_block_no_final_relu(x, w1, w2, w_shortcut=None, stride=1):
    _identity_ok(x, w1, w_shortcut, stride)
    shortcut = x if w_shortcut is None else F.conv2d(x, w_shortcut, stride=stride)
    return F.conv2d(F.relu(F.conv2d(x, w1, stride=stride, padding=1)), w2, padding=1) + shortcut


def residual_block_relu_before_the_sum(x, w1, w2, w_shortcut=None, stride=1):  # relu(branch) + shortcut
    _identity_ok(x, w1, w_shortcut, stride)
    shortcut = x if w_shortcut is None else F.conv2d(x, w_shortcut, stride=stride)
    return F.relu(F.conv2d(F.relu(F.conv2d(x, w1, stride=stride, padding=1)), w2, padding=1)) + shortcut


def residual_block_no_inner_relu(x, w1, w2, w_shortcut=None, stride=1):
    _identity_ok(x, w1, w_shortcut, stride)
    shortcut = x if w_shortcut is None else F.conv2d(x, w_shortcut, stride=stride)
    return F.relu(F.conv2d(F.conv2d(x, w1, stride=stride, padding=1), w2, padding=1) + shortcut)


def residual_block_stride_on_the_second_conv(x, w1, w2, w_shortcut=None, stride=1):
    _identity_ok(x, w1, w_shortcut, stride)
    shortcut = x if w_shortcut is None else F.conv2d(x, w_shortcut, stride=stride)
    h = F.relu(F.conv2d(x, w1, padding=1))
    return F.relu(F.conv2d(h, w2, stride=stride, padding=1) + shortcut)


def residual_block_shortcut_without_stride(x, w1, w2, w_shortcut=None, stride=1):  # the shapes no longer add up
    _identity_ok(x, w1, w_shortcut, stride)
    shortcut = x if w_shortcut is None else F.conv2d(x, w_shortcut)
    return F.relu(F.conv2d(F.relu(F.conv2d(x, w1, stride=stride, padding=1)), w2, padding=1) + shortcut)


def residual_block_no_identity_check(x, w1, w2, w_shortcut=None, stride=1):  # a RuntimeError, not a ValueError
    shortcut = x if w_shortcut is None else F.conv2d(x, w_shortcut, stride=stride)
    return F.relu(F.conv2d(F.relu(F.conv2d(x, w1, stride=stride, padding=1)), w2, padding=1) + shortcut)


WRONG = {
    "conv_params": [conv_params_ignores_in_channels, conv_params_bias_per_input_channel, conv_params_square_kernel,
                    conv_params_always_bias, conv_params_no_checks],
    "map_sizes": [map_sizes_floor_halving, map_sizes_without_the_max_pool, map_sizes_four_stages,
                  map_sizes_with_the_stem, map_sizes_no_padding, map_sizes_no_checks],
    "separable_params": [separable_params_depthwise_bias, separable_params_pointwise_from_inputs,
                         separable_params_regular_conv, separable_params_always_bias, separable_params_no_checks],
    "residual_block": [residual_block_no_final_relu, residual_block_relu_before_the_sum, residual_block_no_inner_relu,
                       residual_block_stride_on_the_second_conv, residual_block_shortcut_without_stride,
                       residual_block_no_identity_check],
}
test_checks_reject_wrong_solutions = rejected(ch09, WRONG)
