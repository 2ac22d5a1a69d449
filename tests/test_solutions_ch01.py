"""Chapter 01's reference solutions against answers worked out by hand."""
import pytest
import torch

from utils.solutions import ch01
from wrong_solutions import rejected


# ---- normalize ---------------------------------------------------------------------------
def test_normalize_two_level_image_becomes_plus_minus_one():
    # pixels 0, 255, 0, 255 -> 0, 1, 0, 1: mean 0.5, population std 0.5 -> -1, 1, -1, 1
    images = torch.tensor([[[0, 255], [0, 255]]], dtype=torch.uint8)
    out = ch01.normalize(images)
    assert out.dtype == torch.float32 and out.shape == (1, 2, 2)
    assert torch.allclose(out, torch.tensor([[[-1.0, 1.0], [-1.0, 1.0]]]), atol=1e-5)


def test_normalize_each_image_on_its_own():
    # image 0: 0, 51, 102, 153 -> 0, .2, .4, .6: mean .3, std sqrt(.05); image 1 is image 0 + 102
    first = torch.tensor([[0, 51], [102, 153]], dtype=torch.uint8)
    images = torch.stack([first, first + 102])
    out = ch01.normalize(images)
    expected = (torch.tensor([0.0, 0.2, 0.4, 0.6]) - 0.3) / 0.05 ** 0.5
    assert torch.allclose(out[0].flatten(), expected, atol=1e-4)
    assert torch.allclose(out[1], out[0], atol=1e-4)  # a shift in brightness is taken out


def test_normalize_blank_image_gives_zeros_not_nan():
    out = ch01.normalize(torch.full((1, 3, 3), 7, dtype=torch.uint8))
    assert torch.equal(out, torch.zeros(1, 3, 3))


def test_normalize_rejects_float_and_wrong_rank():
    with pytest.raises(TypeError, match="uint8"):
        ch01.normalize(torch.zeros(1, 2, 2))
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        ch01.normalize(torch.zeros(2, 2, dtype=torch.uint8))


# ---- pairwise_sq_dists --------------------------------------------------------------------
def test_pairwise_sq_dists_by_hand():
    a = torch.tensor([[0.0, 0.0], [1.0, 1.0]])
    b = torch.tensor([[1.0, 0.0], [3.0, 4.0]])
    # (0,0)-(1,0): 1; (0,0)-(3,4): 9+16=25; (1,1)-(1,0): 1; (1,1)-(3,4): 4+9=13
    assert torch.equal(ch01.pairwise_sq_dists(a, b), torch.tensor([[1.0, 25.0], [1.0, 13.0]]))


def test_pairwise_sq_dists_shape_and_zero_diagonal():
    a = torch.arange(12.0).view(4, 3)
    out = ch01.pairwise_sq_dists(a, a[:2])
    assert out.shape == (4, 2)
    assert out[0, 0] == 0 and out[1, 1] == 0
    assert out[2, 0] == 3 * 6.0 ** 2  # rows 2 and 0 differ by 6 in each of 3 coordinates


def test_pairwise_sq_dists_rejects_mismatched_width():
    with pytest.raises(ValueError, match=r"\(n, d\)"):
        ch01.pairwise_sq_dists(torch.zeros(2, 3), torch.zeros(2, 4))


# ---- batch_outer ---------------------------------------------------------------------------
def test_batch_outer_by_hand():
    u = torch.tensor([[1.0, 2.0], [0.0, -1.0]])
    v = torch.tensor([[3.0, 4.0, 5.0], [1.0, 2.0, 3.0]])
    expected = torch.tensor([[[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]],
                             [[0.0, 0.0, 0.0], [-1.0, -2.0, -3.0]]])
    assert torch.equal(ch01.batch_outer(u, v), expected)


def test_batch_outer_rejects_mismatched_batches():
    with pytest.raises(ValueError, match=r"\(B, n\)"):
        ch01.batch_outer(torch.zeros(2, 3), torch.zeros(3, 3))


# ---- class_means ---------------------------------------------------------------------------
def test_class_means_by_hand_with_an_empty_class():
    x = torch.tensor([[[1.0, 2.0]], [[3.0, 4.0]], [[10.0, 10.0]]])  # three 1x2 images
    y = torch.tensor([0, 0, 2])
    out = ch01.class_means(x, y, 3)
    expected = torch.tensor([[[2.0, 3.0]], [[0.0, 0.0]], [[10.0, 10.0]]])
    assert out.dtype == torch.float32 and torch.equal(out, expected)


def test_class_means_accepts_uint8_images():
    x = torch.tensor([[[255, 0]], [[1, 0]]], dtype=torch.uint8)
    out = ch01.class_means(x, torch.tensor([1, 1]), 2)
    assert torch.equal(out, torch.tensor([[[0.0, 0.0]], [[128.0, 0.0]]]))  # no uint8 overflow


def test_class_means_rejects_labels_out_of_range():
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        ch01.class_means(torch.zeros(2, 1, 1), torch.tensor([0, 3]), 3)


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def normalize_whole_batch(images):  # one mean and std for the batch, not per image
    x = images.float() / 255
    return (x - x.mean()) / (x.std(correction=0) + 1e-6)


def normalize_sample_std(images):  # the sample std (correction=1), not the population one
    x = images.float() / 255
    return (x - x.mean(dim=(1, 2), keepdim=True)) / (x.std(dim=(1, 2), keepdim=True) + 1e-6)


def normalize_without_eps(images):  # a blank image becomes NaN
    x = images.float() / 255
    return (x - x.mean(dim=(1, 2), keepdim=True)) / x.std(dim=(1, 2), keepdim=True, correction=0)


def normalize_float64(images):  # right numbers, wrong dtype
    x = images.double() / 255
    return (x - x.mean(dim=(1, 2), keepdim=True)) / (x.std(dim=(1, 2), keepdim=True, correction=0) + 1e-6)


def pairwise_distances_not_squared(a, b):
    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(dim=-1).sqrt()


def pairwise_transposed(a, b):  # (m, n) instead of (n, m)
    return ((b[:, None, :] - a[None, :, :]) ** 2).sum(dim=-1)


def pairwise_as_lists(a, b):  # the numbers as nested Python lists
    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(dim=-1).tolist()


def batch_outer_transposed(u, v):  # (B, m, n)
    return v[:, :, None] * u[:, None, :]


def batch_outer_mixes_the_batch(u, v):  # every u with every v: (B, n, B, m) summed over the second batch axis
    return torch.einsum("bi,cj->bij", u, v)


def class_means_uint8_sums(x, y, n_classes):  # sums in uint8 wrap around at 256
    one_hot = torch.nn.functional.one_hot(y.long(), n_classes).to(x.dtype)
    sums = torch.einsum("nc,nhw->chw", one_hot, x).float()
    return sums / one_hot.float().sum(dim=0).clamp(min=1)[:, None, None]


def class_means_nan_for_empty(x, y, n_classes):  # divides by zero for a class with no images
    one_hot = torch.nn.functional.one_hot(y.long(), n_classes).float()
    return torch.einsum("nc,nhw->chw", one_hot, x.float()) / one_hot.sum(dim=0)[:, None, None]


def class_means_seen_classes_only(x, y, n_classes):  # drops the classes that have no images
    classes = y.unique()
    return torch.stack([x[y == c].float().mean(dim=0) for c in classes])


WRONG = {
    "normalize": [normalize_whole_batch, normalize_sample_std, normalize_without_eps, normalize_float64],
    "pairwise_sq_dists": [pairwise_distances_not_squared, pairwise_transposed, pairwise_as_lists],
    "batch_outer": [batch_outer_transposed, batch_outer_mixes_the_batch],
    "class_means": [class_means_uint8_sums, class_means_nan_for_empty, class_means_seen_classes_only],
}
test_checks_reject_wrong_solutions = rejected(ch01, WRONG)
