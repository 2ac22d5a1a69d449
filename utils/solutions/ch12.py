"""Chapter 12 · interpreting CNNs: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import torch
from torch import nn

from ..checks import call, exercise


# ---- Exercise 1: record a module's outputs with a hook, then remove it ------------------------
class TinyNet(nn.Module):
    """A small CNN for the hook exercise: ``act`` (a ReLU) is called twice per forward, and an
    in-place ReLU runs right after ``conv1``. Two TinyNets are equal when their weights are and
    when the same number of hooks is registered on each of their modules (so a hook left behind
    shows as a changed argument)."""

    def __init__(self, seed: int = 0):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.conv1 = nn.Conv2d(1, 2, 3, padding=1)
        self.conv2 = nn.Conv2d(2, 2, 3, padding=1)
        self.act = nn.ReLU()
        self.fc = nn.Linear(2, 3)
        with torch.no_grad():
            for p in self.parameters():
                p.copy_(torch.randn(p.shape, generator=g))

    def forward(self, x):
        x = torch.relu_(self.conv1(x))      # in place: overwrites conv1's output tensor
        x = self.act(self.conv2(x) - 0.5)   # the shared activation, first call
        x = self.act(x.mean((2, 3)) - 0.1)  # ... and its second call
        return self.fc(x)

    def _hook_counts(self):
        return [(name, len(m._forward_hooks), len(m._forward_pre_hooks), len(m._backward_hooks))
                for name, m in self.named_modules()]

    def __eq__(self, other):
        if not isinstance(other, TinyNet) or self._hook_counts() != other._hook_counts():
            return False
        mine, theirs = self.state_dict(), other.state_dict()
        return mine.keys() == theirs.keys() and all(torch.equal(mine[k], theirs[k]) for k in mine)

    __hash__ = nn.Module.__hash__  # modules live in sets (named_modules): keep them hashable


def _record_outputs_cases():
    g = torch.Generator().manual_seed(12)
    x = torch.randn(2, 1, 5, 5, generator=g)
    return [(TinyNet(0), "conv1", x),       # conv1's output is overwritten in place: store a copy
            (TinyNet(1), "act", x),         # called twice: two outputs, in order
            (TinyNet(2), "conv2", x[:1]),
            (TinyNet(3), "fc", x),
            (TinyNet(0), "pool", x)]        # no such module: the reference raises AttributeError


@exercise(cases=_record_outputs_cases,
          hint="register_forward_hook returns a handle: remove it when you are done; a module called "
               "twice fires twice; and a later in-place operation can change a tensor you only kept a "
               "reference to.")
def record_outputs(model, name, x):
    """Run ``model(x)`` with a forward hook on ``model.get_submodule(name)`` that records a detached
    copy of each output it produces; remove the hook before returning (also if the forward raises).
    Return the list of recorded outputs, in the order they were produced. An unknown ``name``
    raises AttributeError (``get_submodule`` does)."""
    module = model.get_submodule(name)
    outputs = []
    handle = module.register_forward_hook(lambda mod, inputs, output: outputs.append(output.detach().clone()))
    try:
        with torch.no_grad():
            model(x)
    finally:
        handle.remove()
    return outputs


# ---- Exercise 2: Grad-CAM from activations and gradients ------------------------------------
def _grad_cam_cases():
    g = torch.Generator().manual_seed(3)
    a, grads = torch.randn(2, 4, 3, 5, generator=g), torch.randn(2, 4, 3, 5, generator=g)
    ones = torch.ones(1, 2, 2, 2)
    return [(a, grads),
            (a.abs(), grads + 0.3),                                   # mostly positive weights
            (ones, torch.tensor([[[[1.0, 3.0], [0.0, 0.0]]], [[[-2.0, 0.0], [0.0, 0.0]]]]).transpose(0, 1)),
            (a.double(), grads.double()),                             # float64 in, float64 out
            (a, grads[:, :3]),                                        # shapes differ: ValueError
            (a[0], grads[0])]                                         # 3-d: ValueError


@exercise(cases=_grad_cam_cases,
          hint="one weight per (image, channel): check which dimensions your mean runs over, and where "
               "the ReLU belongs.")
def grad_cam(activations, gradients):
    """Grad-CAM maps from a layer's ``activations`` and the ``gradients`` of a class score with
    respect to them, both ``(N, K, H, W)``: weights ``alpha[n, k]`` = mean over ``(H, W)`` of the
    gradients; map = ReLU(sum over k of ``alpha[n, k] * activations[n, k]``), shape ``(N, H, W)``,
    the inputs' dtype. Raises ValueError unless both are 4-d with the same shape."""
    if activations.ndim != 4 or activations.shape != gradients.shape:
        raise ValueError(f"activations and gradients must both be (N, K, H, W) with the same shape; got "
                         f"{tuple(activations.shape)} and {tuple(gradients.shape)}.")
    alpha = gradients.mean(dim=(2, 3), keepdim=True)
    return torch.relu((alpha * activations).sum(dim=1))


# ---- Exercise 3: an occlusion map with a given patch and stride ------------------------------
_SCORE_WEIGHTS = torch.linspace(-1.0, 2.0, 3 * 7 * 9).reshape(3, 7, 9).sin()


def weighted_sum_score(images):
    """A stand-in for a network's class score: a fixed weighting of ``(B, 3, 7, 9)`` images -> (B,)."""
    return (images * _SCORE_WEIGHTS.to(images.dtype)).sum(dim=(1, 2, 3))


def pixel_sum_score(images):
    """The sum of every pixel of each image: ``(B, C, H, W)`` -> ``(B,)``."""
    return images.sum(dim=(1, 2, 3))


def _occlusion_cases():
    g = torch.Generator().manual_seed(5)
    image = torch.randn(3, 7, 9, generator=g)
    return [(weighted_sum_score, image, 3, 2),         # (7-3)//2+1 = 3 rows, (9-3)//2+1 = 4 columns
            (weighted_sum_score, image, 4, 3),         # 3 does not divide 7-4 or 9-4: 2 x 2 positions
            (weighted_sum_score, image, 2, 1),         # every position: 6 x 8
            call(weighted_sum_score, image, 3, 3, fill=0.5),
            (pixel_sum_score, torch.ones(1, 4, 4), 4, 1),          # the patch is the image: one position
            (pixel_sum_score, torch.ones(1, 5, 5, dtype=torch.float64), 2, 3),
            (pixel_sum_score, torch.ones(1, 4, 4), 5, 1),          # patch larger than the image: ValueError
            (pixel_sum_score, torch.ones(1, 4, 4), 2, 0),          # stride 0: ValueError
            (weighted_sum_score, image, 0, 1),                     # patch 0: ValueError
            (weighted_sum_score, image, 8, 1)]                     # 7 < 8 <= 9: taller than the image: ValueError


@exercise(cases=_occlusion_cases,
          hint="count the positions a patch can start at without leaving the image (where does the last "
               "one start?); and what happens to the image you were given?")
def occlusion_map(score, image, patch, stride, fill=0.0):
    """Occlusion sensitivity of one ``(C, H, W)`` image: for each position of a ``patch x patch``
    square whose top-left corner moves by ``stride`` pixels and never leaves the image, set the
    square to ``fill`` in a copy and record ``score(original) - score(occluded)``. ``score`` maps a
    ``(B, C, H, W)`` batch to ``(B,)``; score all the occluded copies in one batch. Returns an
    ``(n_rows, n_cols)`` tensor of the image's dtype. Raises ValueError unless
    ``1 <= patch <= min(H, W)`` and ``stride >= 1``."""
    _, height, width = image.shape
    if not 1 <= patch <= min(height, width) or stride < 1:
        raise ValueError(f"need 1 <= patch <= {min(height, width)} and stride >= 1; got patch={patch}, "
                         f"stride={stride}.")
    rows = range(0, height - patch + 1, stride)
    cols = range(0, width - patch + 1, stride)
    batch = image.expand(len(rows) * len(cols), *image.shape).clone()
    for k, (top, left) in enumerate((t, l) for t in rows for l in cols):
        batch[k, :, top:top + patch, left:left + patch] = fill
    with torch.no_grad():
        drops = score(image[None])[0] - score(batch)
    return drops.reshape(len(rows), len(cols))
