"""Chapter 07's reference solutions, checked against values worked out by hand."""
import pytest
import torch
import torch.nn.functional as F

from utils import solutions as sol


# ---- ch07_conv_output_size -----------------------------------------------------------------
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
    assert sol.ch07_conv_output_size(*args) == expected


def test_conv_output_size_matches_pytorch():
    for size, k, s, p, d in [(28, 5, 2, 2, 1), (13, 3, 3, 0, 1), (10, 3, 1, 2, 3), (9, 4, 2, 1, 1)]:
        out = torch.nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)(torch.zeros(1, 1, size, size))
        assert out.shape[-1] == sol.ch07_conv_output_size(size, k, s, p, d)


def test_conv_output_size_rejects_bad_input():
    with pytest.raises(ValueError, match="does not fit"):
        sol.ch07_conv_output_size(2, 3)
    with pytest.raises(ValueError, match="does not fit"):
        sol.ch07_conv_output_size(4, 3, dilation=2)  # spans 5 pixels
    with pytest.raises(ValueError, match="stride must be a positive integer"):
        sol.ch07_conv_output_size(28, 3, stride=0)
    with pytest.raises(ValueError, match="padding"):
        sol.ch07_conv_output_size(28, 3, padding=-1)
    with pytest.raises(ValueError, match="kernel_size"):
        sol.ch07_conv_output_size(28, 2.5)


# ---- ch07_im2col ---------------------------------------------------------------------------
def test_im2col_by_hand():
    image = torch.arange(9.0).reshape(3, 3)  # [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    cols = sol.ch07_im2col(image, 2)
    expected = torch.tensor([[0.0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]])
    assert cols.shape == (4, 4) and torch.equal(cols, expected)
    assert torch.equal(sol.ch07_im2col(image, 1), image.reshape(9, 1))
    assert torch.equal(sol.ch07_im2col(image, 3), image.reshape(1, 9))


def test_im2col_times_kernel_is_conv2d():
    torch.manual_seed(0)
    image, kernel = torch.randn(6, 5), torch.randn(3, 3)
    ours = (sol.ch07_im2col(image, 3) @ kernel.reshape(-1)).reshape(4, 3)
    theirs = F.conv2d(image[None, None], kernel[None, None])[0, 0]
    assert torch.allclose(ours, theirs, atol=1e-6)


def test_im2col_rejects_bad_input():
    with pytest.raises(ValueError, match="2-d"):
        sol.ch07_im2col(torch.zeros(1, 4, 4), 2)
    with pytest.raises(ValueError, match="does not fit"):
        sol.ch07_im2col(torch.zeros(2, 5), 3)
    with pytest.raises(ValueError, match="kernel_size"):
        sol.ch07_im2col(torch.zeros(4, 4), 0)


# ---- ch07_max_pool2x2 ----------------------------------------------------------------------
def test_max_pool_by_hand():
    x = torch.tensor([[1.0, 5, 2, 0],
                      [3, -1, 4, 4],
                      [0, 0, -2, -3],
                      [7, 1, -5, -1]])
    assert torch.equal(sol.ch07_max_pool2x2(x), torch.tensor([[5.0, 4], [7, -1]]))


def test_max_pool_drops_an_odd_edge_and_keeps_leading_axes():
    x = torch.arange(2 * 3 * 5 * 7, dtype=torch.float32).reshape(2, 3, 5, 7)
    out = sol.ch07_max_pool2x2(x)
    assert out.shape == (2, 3, 2, 3)
    assert torch.equal(out, F.max_pool2d(x, 2))
    # arange grows to the right and down: each block's max is its bottom-right pixel
    assert out[0, 0, 0, 0].item() == 8.0  # pixel (1, 1) = 1 * 7 + 1


def test_max_pool_rejects_bad_input():
    with pytest.raises(ValueError, match="H, W >= 2"):
        sol.ch07_max_pool2x2(torch.zeros(4))
    with pytest.raises(ValueError, match="H, W >= 2"):
        sol.ch07_max_pool2x2(torch.zeros(3, 1))


# ---- ch07_receptive_field ------------------------------------------------------------------
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
    assert sol.ch07_receptive_field(layers) == expected


def test_receptive_field_matches_the_gradient_footprint():
    # A unit's receptive field is where its gradient with respect to the input is non-zero.
    layers = [(3, 1), (2, 2), (3, 2), (3, 1)]
    net = torch.nn.Sequential(*[torch.nn.Conv2d(1, 1, k, stride=s, bias=False) for k, s in layers])
    for conv in net:
        torch.nn.init.constant_(conv.weight, 1.0)
    x = torch.zeros(1, 1, 40, 40, requires_grad=True)
    net(x)[0, 0, 0, 0].backward()
    rows = (x.grad[0, 0] != 0).any(dim=1).sum().item()
    assert rows == sol.ch07_receptive_field(layers) == 16  # 3, 4, 8, 16


def test_receptive_field_rejects_bad_input():
    with pytest.raises(ValueError, match="pair"):
        sol.ch07_receptive_field([3])
    with pytest.raises(ValueError, match="stride"):
        sol.ch07_receptive_field([(3, 0)])
    with pytest.raises(ValueError, match="kernel_size"):
        sol.ch07_receptive_field([(0, 1)])
