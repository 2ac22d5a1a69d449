"""Chapter 12's reference solutions against answers worked out by hand."""
import pytest
import torch

from utils.solutions import ch12
from wrong_solutions import rejected


# ---- record_outputs ----------------------------------------------------------------------
def test_record_outputs_by_hand():
    net = ch12.TinyNet(0)
    x = torch.randn(2, 1, 5, 5, generator=torch.Generator().manual_seed(0))
    outs = ch12.record_outputs(net, "conv1", x)
    assert isinstance(outs, list) and len(outs) == 1 and outs[0].shape == (2, 2, 5, 5)
    with torch.no_grad():
        assert torch.equal(outs[0], net.conv1(x))  # before the in-place ReLU: some values are negative
    assert (outs[0] < 0).any() and not outs[0].requires_grad
    twice = ch12.record_outputs(net, "act", x)
    assert [tuple(o.shape) for o in twice] == [(2, 2, 5, 5), (2, 2)]  # the shared ReLU, in call order
    assert all(len(m._forward_hooks) == 0 for m in net.modules())  # nothing left behind
    with pytest.raises(AttributeError):
        ch12.record_outputs(net, "pool", x)


def test_tinynet_equality_sees_a_hook_left_behind():
    a, b = ch12.TinyNet(0), ch12.TinyNet(0)
    assert a == b and a != ch12.TinyNet(1) and len({a, b}) == 2  # equal, yet still hashable by identity
    handle = a.act.register_forward_hook(lambda *args: None)
    assert a != b
    handle.remove()
    assert a == b


# ---- grad_cam ----------------------------------------------------------------------------
def test_grad_cam_by_hand():
    # one image, two channels of 1 x 2: gradients average to 1 and -0.5
    a = torch.tensor([[[[1.0, 2.0]], [[4.0, 0.0]]]])
    g = torch.tensor([[[[0.0, 2.0]], [[-1.0, 0.0]]]])
    # 1 * [1, 2] - 0.5 * [4, 0] = [-1, 2] -> ReLU -> [0, 2]
    assert torch.equal(ch12.grad_cam(a, g), torch.tensor([[[0.0, 2.0]]]))
    assert ch12.grad_cam(a.double(), g.double()).dtype == torch.float64


def test_grad_cam_rejects_bad_shapes():
    for a, g in [(torch.ones(1, 2, 3, 3), torch.ones(1, 2, 3, 2)), (torch.ones(2, 3, 3), torch.ones(2, 3, 3))]:
        with pytest.raises(ValueError):
            ch12.grad_cam(a, g)


# ---- occlusion_map -----------------------------------------------------------------------
def test_occlusion_counts_positions_by_hand():
    image = torch.ones(1, 7, 9)
    # (7-3)//2+1 = 3 rows, (9-3)//2+1 = 4 columns; every patch hides 9 ones of the pixel sum
    m = ch12.occlusion_map(ch12.pixel_sum_score, image, 3, 2)
    assert m.shape == (3, 4) and torch.equal(m, torch.full((3, 4), 9.0))
    assert ch12.occlusion_map(ch12.pixel_sum_score, image, 4, 3).shape == (2, 2)  # starts 0, 3 (not 6)
    assert ch12.occlusion_map(ch12.pixel_sum_score, image, 7, 1).shape == (1, 3)
    # fill 0.5 instead of 0: each patch removes 9 * 0.5
    assert torch.equal(ch12.occlusion_map(ch12.pixel_sum_score, image, 3, 3, fill=0.5), torch.full((2, 3), 4.5))
    assert torch.equal(image, torch.ones(1, 7, 9))  # the image itself untouched


def test_occlusion_locates_a_bright_pixel():
    image = torch.zeros(1, 4, 6, dtype=torch.float64)
    image[0, 3, 5] = 1.0
    m = ch12.occlusion_map(ch12.pixel_sum_score, image, 2, 2)
    expected = torch.tensor([[0.0, 0.0, 0.0], [0.0, 0.0, 1.0]], dtype=torch.float64)
    assert m.dtype == torch.float64 and torch.equal(m, expected)


def test_occlusion_rejects_bad_patches():
    for patch, stride in [(5, 1), (0, 1), (2, 0)]:
        with pytest.raises(ValueError):
            ch12.occlusion_map(ch12.pixel_sum_score, torch.ones(1, 4, 4), patch, stride)


# ---- plausible wrong solutions -----------------------------------------------------------
def record_keeps_the_hook(model, name, x):
    outputs = []
    model.get_submodule(name).register_forward_hook(lambda m, i, o: outputs.append(o.detach().clone()))
    with torch.no_grad():
        model(x)
    return outputs


def record_without_a_copy(model, name, x):
    outputs = []
    handle = model.get_submodule(name).register_forward_hook(lambda m, i, o: outputs.append(o.detach()))
    with torch.no_grad():
        model(x)
    handle.remove()
    return outputs


def record_only_the_last(model, name, x):
    stored = {}
    handle = model.get_submodule(name).register_forward_hook(lambda m, i, o: stored.update(out=o.detach().clone()))
    with torch.no_grad():
        model(x)
    handle.remove()
    return [stored["out"]]


def record_returns_a_tensor(model, name, x):
    outputs = []
    handle = model.get_submodule(name).register_forward_hook(lambda m, i, o: outputs.append(o.detach().clone()))
    with torch.no_grad():
        model(x)
    handle.remove()
    return outputs[0] if len(outputs) == 1 else outputs


def grad_cam_without_relu(activations, gradients):
    if activations.ndim != 4 or activations.shape != gradients.shape:
        raise ValueError("shapes")
    return (gradients.mean(dim=(2, 3), keepdim=True) * activations).sum(dim=1)


def grad_cam_summed_gradients(activations, gradients):
    if activations.ndim != 4 or activations.shape != gradients.shape:
        raise ValueError("shapes")
    return torch.relu((gradients.sum(dim=(2, 3), keepdim=True) * activations).sum(dim=1))


def grad_cam_relu_first(activations, gradients):
    if activations.ndim != 4 or activations.shape != gradients.shape:
        raise ValueError("shapes")
    return torch.relu(gradients.mean(dim=(2, 3), keepdim=True) * activations).sum(dim=1)


def grad_cam_no_checks(activations, gradients):
    return torch.relu((gradients.mean(dim=(-2, -1), keepdim=True) * activations).sum(dim=-3))


def grad_cam_in_place(activations, gradients):
    if activations.ndim != 4 or activations.shape != gradients.shape:
        raise ValueError("shapes")
    return activations.mul_(gradients.mean(dim=(2, 3), keepdim=True)).sum(dim=1).clamp_(min=0)


def occlusion_one_too_many(score, image, patch, stride, fill=0.0):
    _, h, w = image.shape
    if not 1 <= patch <= min(h, w) or stride < 1:
        raise ValueError("bad patch")
    rows, cols = range(0, h - patch + 1 + stride, stride), range(0, w - patch + 1 + stride, stride)
    out = torch.empty(len(rows), len(cols), dtype=image.dtype)
    for i, t in enumerate(rows):
        for j, l in enumerate(cols):
            copy = image.clone()
            copy[:, t:t + patch, l:l + patch] = fill
            out[i, j] = score(image[None])[0] - score(copy[None])[0]
    return out


def occlusion_ceil_positions(score, image, patch, stride, fill=0.0):
    _, h, w = image.shape
    if not 1 <= patch <= min(h, w) or stride < 1:
        raise ValueError("bad patch")
    n_rows, n_cols = -(-(h - patch) // stride) + 1, -(-(w - patch) // stride) + 1
    out = torch.empty(n_rows, n_cols, dtype=image.dtype)
    for i in range(n_rows):
        for j in range(n_cols):
            copy = image.clone()
            copy[:, i * stride:i * stride + patch, j * stride:j * stride + patch] = fill
            out[i, j] = score(image[None])[0] - score(copy[None])[0]
    return out


def occlusion_in_place(score, image, patch, stride, fill=0.0):
    # greys the patches out on the image itself: each score then sees every earlier patch too
    _, h, w = image.shape
    if not 1 <= patch <= min(h, w) or stride < 1:
        raise ValueError("bad patch")
    base = score(image[None])[0]
    rows, cols = range(0, h - patch + 1, stride), range(0, w - patch + 1, stride)
    out = torch.empty(len(rows), len(cols), dtype=image.dtype)
    for i, t in enumerate(rows):
        for j, l in enumerate(cols):
            image[:, t:t + patch, l:l + patch] = fill
            out[i, j] = base - score(image[None])[0]
    return out


def occlusion_no_checks(score, image, patch, stride, fill=0.0):
    _, h, w = image.shape
    rows, cols = range(0, max(h - patch + 1, 1), max(stride, 1)), range(0, max(w - patch + 1, 1), max(stride, 1))
    out = torch.empty(len(rows), len(cols), dtype=image.dtype)
    for i, t in enumerate(rows):
        for j, l in enumerate(cols):
            copy = image.clone()
            copy[:, t:t + patch, l:l + patch] = fill
            out[i, j] = score(image[None])[0] - score(copy[None])[0]
    return out


def occlusion_checks_the_larger_side(score, image, patch, stride, fill=0.0):  # patch <= max(H, W): wrong
    _, h, w = image.shape
    if not 1 <= patch <= max(h, w) or stride < 1:
        raise ValueError("bad patch or stride")
    return ch12.occlusion_map(score, image, min(patch, h, w), stride, fill)


def occlusion_allows_patch_zero(score, image, patch, stride, fill=0.0):  # forgets patch >= 1
    _, h, w = image.shape
    if patch > min(h, w) or stride < 1:
        raise ValueError("bad patch or stride")
    if patch == 0:
        n_rows, n_cols = len(range(0, h + 1, stride)), len(range(0, w + 1, stride))
        return torch.zeros(n_rows, n_cols, dtype=image.dtype)
    return ch12.occlusion_map(score, image, patch, stride, fill)


def occlusion_ignores_fill(score, image, patch, stride, fill=0.0):
    return ch12.occlusion_map(score, image, patch, stride)


WRONG = {
    "record_outputs": [record_keeps_the_hook, record_without_a_copy, record_only_the_last, record_returns_a_tensor],
    "grad_cam": [grad_cam_without_relu, grad_cam_summed_gradients, grad_cam_relu_first, grad_cam_no_checks,
                 grad_cam_in_place],
    "occlusion_map": [occlusion_one_too_many, occlusion_ceil_positions, occlusion_in_place, occlusion_no_checks,
                      occlusion_ignores_fill, occlusion_checks_the_larger_side, occlusion_allows_patch_zero],
}

test_checks_reject_wrong_solutions = rejected(ch12, WRONG)
