"""Chapter 24's reference solutions against answers worked out by hand."""
import pytest
import torch

from utils.solutions import ch24
from wrong_solutions import rejected


# ---- decode_digits --------------------------------------------------------------------------
def test_decode_digits_by_hand():
    # 0 * 255 = 0; 0.25 * 255 = 63.75 -> 64; 0.6 * 255 = 153; 1 * 255 = 255
    out = ch24.decode_digits(torch.tensor([0.0, 0.25, 0.6, 1.0]))
    assert out.dtype == torch.uint8 and torch.equal(out, torch.tensor([0, 64, 153, 255], dtype=torch.uint8))


def test_decode_digits_clamps_and_keeps_shape():
    out = ch24.decode_digits(torch.tensor([[[-0.3, 1.7]]], dtype=torch.float64))
    assert out.shape == (1, 1, 2) and torch.equal(out, torch.tensor([[[0, 255]]], dtype=torch.uint8))


def test_decode_digits_inverts_scaling_and_leaves_input_alone():
    pixels = torch.arange(256, dtype=torch.uint8)
    x = pixels.float() / 255
    before = x.clone()
    assert torch.equal(ch24.decode_digits(x), pixels)
    assert torch.equal(x, before)


@pytest.mark.parametrize("dtype", [torch.uint8, torch.int64])
def test_decode_digits_rejects_integers(dtype):
    with pytest.raises(TypeError, match="floating"):
        ch24.decode_digits(torch.tensor([0, 255], dtype=dtype))


# ---- batch_sizes ----------------------------------------------------------------------------
def test_batch_sizes_by_hand():
    assert ch24.batch_sizes(10, 4) == [4, 4, 2]
    assert ch24.batch_sizes(10, 4, drop_last=True) == [4, 4]
    assert ch24.batch_sizes(12, 4) == [4, 4, 4]
    assert ch24.batch_sizes(3, 8) == [3] and ch24.batch_sizes(3, 8, drop_last=True) == []
    assert ch24.batch_sizes(0, 5) == []


def test_batch_sizes_matches_a_dataloader():
    data = torch.arange(1000)
    for drop_last in (False, True):
        sizes = [len(b) for b in torch.utils.data.DataLoader(data, batch_size=128, drop_last=drop_last)]
        assert ch24.batch_sizes(1000, 128, drop_last=drop_last) == sizes


@pytest.mark.parametrize("n_items, batch_size", [(10, 0), (-1, 4), (10, 2.5), (True, 4), (4, False), (10, True)])
def test_batch_sizes_rejects_bad_arguments(n_items, batch_size):
    with pytest.raises(ValueError, match="must be an int"):
        ch24.batch_sizes(n_items, batch_size)


# ---- pair_targets ---------------------------------------------------------------------------
def test_pair_targets_by_hand():
    labels = torch.tensor([3, 3, 5, 7])
    pairs = torch.tensor([[0, 1], [0, 2], [2, 2], [3, 1]])  # 3=3, 3!=5, 5=5, 7!=3
    out = ch24.pair_targets(labels, pairs)
    assert out.dtype == torch.float32 and torch.equal(out, torch.tensor([1.0, 0.0, 1.0, 0.0]))


def test_pair_targets_empty():
    out = ch24.pair_targets(torch.tensor([1, 2]), torch.zeros(0, 2, dtype=torch.int64))
    assert out.shape == (0,) and out.dtype == torch.float32


def test_pair_targets_rejects_bad_indices_and_shapes():
    labels = torch.tensor([4, 4, 9])
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        ch24.pair_targets(labels, torch.tensor([[0, 3]]))
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        ch24.pair_targets(labels, torch.tensor([[-1, 0]]))
    with pytest.raises(ValueError, match=r"\(P, 2\)"):
        ch24.pair_targets(labels, torch.tensor([0, 1]))


# ---- wrong solutions that the exercise checks must reject -------------------------------------
def decode_truncates(x):  # .to(uint8) truncates 63.75 to 63
    if not x.is_floating_point():
        raise TypeError("x must be floating")
    return (x * 255).clamp(0, 255).to(torch.uint8)


def decode_no_clamp(x):  # -0.3 * 255 wraps around in uint8 instead of becoming 0
    if not x.is_floating_point():
        raise TypeError("x must be floating")
    return (x * 255).round().to(torch.uint8)


def decode_in_place(x):  # scales the caller's tensor
    if not x.is_floating_point():
        raise TypeError("x must be floating")
    return x.mul_(255).round_().clamp_(0, 255).to(torch.uint8)


def decode_without_raise(x):  # accepts integer tensors
    return (x * 255).round().clamp(0, 255).to(torch.uint8) if x.is_floating_point() else x.to(torch.uint8)


def decode_passes_uint8_through(x):  # treats uint8 as already decoded instead of raising
    if x.dtype == torch.uint8:
        return x.clone()
    if not x.is_floating_point():
        raise TypeError("x must be floating")
    return (x * 255).round().clamp(0, 255).to(torch.uint8)


def decode_float_result(x):  # right numbers, left as floats
    if not x.is_floating_point():
        raise TypeError("x must be floating")
    return (x * 255).round().clamp(0, 255)


def batch_sizes_ignores_drop_last(n_items, batch_size, drop_last=False):
    if isinstance(n_items, bool) or not isinstance(n_items, int) or n_items < 0:
        raise ValueError("n_items must be an int")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError("batch_size must be an int")
    return [min(batch_size, n_items - start) for start in range(0, n_items, batch_size)]


def batch_sizes_empty_last_batch(n_items, batch_size, drop_last=False):  # an exact multiple gets a 0 at the end
    if isinstance(n_items, bool) or not isinstance(n_items, int) or n_items < 0:
        raise ValueError("n_items must be an int")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError("batch_size must be an int")
    full, rest = divmod(n_items, batch_size)
    return [batch_size] * full + ([] if drop_last else [rest])


def batch_sizes_bool_batch_size(n_items, batch_size, drop_last=False):  # True passes as batch size 1
    if isinstance(n_items, bool) or not isinstance(n_items, int) or n_items < 0:
        raise ValueError("n_items must be an int")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError("batch_size must be an int")
    full, rest = divmod(n_items, batch_size)
    return [batch_size] * full + ([rest] if rest and not drop_last else [])


def batch_sizes_no_checks(n_items, batch_size, drop_last=False):  # divides by zero, accepts floats and bools
    full, rest = divmod(n_items, batch_size)
    return [batch_size] * int(full) + ([rest] if rest and not drop_last else [])


def pair_targets_bool(labels, pairs):  # a bool tensor, not float32
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        raise ValueError("pairs must have shape (P, 2)")
    if pairs.numel() and (int(pairs.min()) < 0 or int(pairs.max()) >= len(labels)):
        raise ValueError("bad index")
    return labels[pairs[:, 0]] == labels[pairs[:, 1]]


def pair_targets_wraps_negative(labels, pairs):  # -1 silently reads the last label
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        raise ValueError("pairs must have shape (P, 2)")
    if pairs.numel() and int(pairs.max()) >= len(labels):
        raise ValueError("bad index")
    return (labels[pairs[:, 0]] == labels[pairs[:, 1]]).float()


def pair_targets_index_error(labels, pairs):  # lets torch raise IndexError instead of ValueError
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        raise ValueError("pairs must have shape (P, 2)")
    if pairs.numel() and int(pairs.min()) < 0:
        raise ValueError("bad index")
    return (labels[pairs[:, 0]] == labels[pairs[:, 1]]).float()


WRONG = {
    "decode_digits": [decode_truncates, decode_no_clamp, decode_in_place, decode_without_raise, decode_float_result,
                      decode_passes_uint8_through],
    "batch_sizes": [batch_sizes_ignores_drop_last, batch_sizes_empty_last_batch, batch_sizes_no_checks,
                    batch_sizes_bool_batch_size],
    "pair_targets": [pair_targets_bool, pair_targets_wraps_negative, pair_targets_index_error],
}
test_checks_reject_wrong_solutions = rejected(ch24, WRONG)
