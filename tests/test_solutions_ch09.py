"""Chapter 09's reference solutions, checked against values worked out by hand."""
import pytest
import torch

from utils import solutions as sol


# ---- ch09_conv_params ----------------------------------------------------------------------
def test_conv_params_by_hand():
    assert sol.ch09_conv_params(1, 8, 3) == 8 * (3 * 3 * 1 + 1) == 80
    assert sol.ch09_conv_params(3, 64, 7, bias=False) == 9408  # ResNet's stem: 64 kernels of 7x7x3
    assert sol.ch09_conv_params(64, 128, 1, bias=False) == 8192  # a projection shortcut
    assert sol.ch09_conv_params(2, 5, (3, 1)) == 5 * (3 * 1 * 2 + 1) == 35


def test_conv_params_matches_pytorch():
    for c_in, c_out, k, bias in [(3, 16, 3, True), (16, 32, 5, False), (7, 2, (1, 3), True)]:
        conv = torch.nn.Conv2d(c_in, c_out, k, bias=bias)
        assert sol.ch09_conv_params(c_in, c_out, k, bias=bias) == sum(p.numel() for p in conv.parameters())


def test_conv_params_rejects_bad_sizes():
    with pytest.raises(ValueError, match="in_channels must be a positive integer"):
        sol.ch09_conv_params(0, 8, 3)
    with pytest.raises(ValueError, match="kernel_size must be an int or a pair"):
        sol.ch09_conv_params(1, 8, (3, 3, 3))
    with pytest.raises(ValueError, match="positive integer"):
        sol.ch09_conv_params(1, 8, 2.5)


# ---- ch09_conv_output_size -----------------------------------------------------------------
def test_conv_output_size_by_hand():
    assert sol.ch09_conv_output_size(224, 7, stride=2, padding=3) == 112  # (224 + 6 - 7) // 2 + 1
    assert sol.ch09_conv_output_size(112, 3, stride=2, padding=1) == 56  # the stem's max pool
    assert sol.ch09_conv_output_size(28, 3, stride=1, padding=1) == 28  # "same" padding keeps the size
    assert sol.ch09_conv_output_size(5, 3) == 3
    assert sol.ch09_conv_output_size(7, 3, stride=2, padding=1) == 4  # rounds down: (7 + 2 - 3) // 2 + 1
    assert sol.ch09_conv_output_size(3, 3) == 1


def test_conv_output_size_matches_pytorch():
    for size, k, s, p in [(28, 7, 2, 3), (13, 3, 2, 0), (10, 4, 3, 2)]:
        out = torch.nn.Conv2d(1, 1, k, s, p)(torch.zeros(1, 1, size, size))
        assert sol.ch09_conv_output_size(size, k, s, p) == out.shape[-1]


def test_conv_output_size_rejects_what_cannot_be():
    with pytest.raises(ValueError, match="does not fit"):
        sol.ch09_conv_output_size(2, 5)
    with pytest.raises(ValueError, match="padding must be a non-negative integer"):
        sol.ch09_conv_output_size(28, 3, padding=-1)
    with pytest.raises(ValueError, match="stride must be a positive integer"):
        sol.ch09_conv_output_size(28, 3, stride=0)


# ---- ch09_separable_params -----------------------------------------------------------------
def test_separable_params_by_hand():
    # depthwise 3*3*32 = 288, pointwise 32*64 = 2048, bias 64
    assert sol.ch09_separable_params(32, 64, 3) == 2400
    assert sol.ch09_separable_params(32, 64, 3, bias=False) == 2336
    # depth multiplier 2: 3*3*4*2 = 72 depthwise, 8*5 = 40 pointwise, 5 biases
    assert sol.ch09_separable_params(4, 5, 3, depth_multiplier=2) == 117
    assert sol.ch09_separable_params(32, 64, 3) < sol.ch09_conv_params(32, 64, 3)


def test_separable_params_rejects_bad_sizes():
    with pytest.raises(ValueError, match="out_channels must be a positive integer"):
        sol.ch09_separable_params(4, 0, 3)
    with pytest.raises(ValueError, match="depth_multiplier must be a positive integer"):
        sol.ch09_separable_params(4, 5, 3, depth_multiplier=0)


# ---- ch09_residual_block -------------------------------------------------------------------
def _centre(value, c_out=1, c_in=1):
    """A 3x3 kernel that multiplies each pixel by `value` (zeros around the centre)."""
    w = torch.zeros(c_out, c_in, 3, 3)
    w[:, :, 1, 1] = value
    return w


def test_residual_block_identity_shortcut_by_hand():
    x = torch.tensor([[[[-1.0, 2.0]]]])  # (1, 1, 1, 2)
    # branch: relu(1 * x) = [0, 2], then 3 * that = [0, 6]; plus x = [-1, 8]; relu -> [0, 8]
    out = sol.ch09_residual_block(x, _centre(1.0), _centre(3.0))
    assert torch.equal(out, torch.tensor([[[[0.0, 8.0]]]]))
    # with a zero second convolution the block is relu(x): for x >= 0, the identity
    x = torch.rand(2, 3, 5, 5)
    assert torch.equal(sol.ch09_residual_block(x, torch.randn(3, 3, 3, 3), torch.zeros(3, 3, 3, 3)), x)


def test_residual_block_projection_shortcut_with_stride():
    x = torch.arange(16.0).view(1, 1, 4, 4) - 5
    out = sol.ch09_residual_block(x, torch.zeros(2, 1, 3, 3), torch.zeros(2, 2, 3, 3),
                                  w_shortcut=torch.tensor([2.0, -1.0]).view(2, 1, 1, 1), stride=2)
    # the branch is zero; the shortcut keeps every other pixel (stride 2) of 2x and of -x
    kept = x[0, 0, ::2, ::2]
    assert out.shape == (1, 2, 2, 2)
    assert torch.equal(out[0, 0], (2 * kept).clamp(min=0)) and torch.equal(out[0, 1], (-kept).clamp(min=0))


def test_residual_block_adds_the_branch_to_the_shortcut():
    torch.manual_seed(0)
    x, w1, w2 = torch.randn(2, 4, 6, 6), torch.randn(4, 4, 3, 3), torch.randn(4, 4, 3, 3)
    branch = torch.nn.functional.conv2d(torch.relu(torch.nn.functional.conv2d(x, w1, padding=1)), w2, padding=1)
    assert torch.allclose(sol.ch09_residual_block(x, w1, w2), torch.relu(branch + x), atol=1e-5)


def test_residual_block_refuses_a_shortcut_that_cannot_be_the_identity():
    x = torch.zeros(1, 2, 4, 4)
    with pytest.raises(ValueError, match="identity shortcut needs"):
        sol.ch09_residual_block(x, torch.zeros(3, 2, 3, 3), torch.zeros(3, 3, 3, 3))
    with pytest.raises(ValueError, match="identity shortcut needs"):
        sol.ch09_residual_block(x, torch.zeros(2, 2, 3, 3), torch.zeros(2, 2, 3, 3), stride=2)
    with pytest.raises(ValueError, match="w_shortcut must have shape"):
        sol.ch09_residual_block(x, torch.zeros(3, 2, 3, 3), torch.zeros(3, 3, 3, 3), w_shortcut=torch.zeros(3, 2, 3, 3))
    with pytest.raises(ValueError, match="w1 must be"):
        sol.ch09_residual_block(x, torch.zeros(3, 1, 3, 3), torch.zeros(3, 3, 3, 3))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        sol.ch09_residual_block(torch.zeros(2, 4, 4), torch.zeros(2, 2, 3, 3), torch.zeros(2, 2, 3, 3))
