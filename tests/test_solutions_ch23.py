"""Chapter 23's reference solutions against answers worked out by hand."""
import math

import numpy as np
import pytest
import torch

from utils.solutions import ch23
from wrong_solutions import rejected


# ---- collate -----------------------------------------------------------------------------
def test_collate_stacks_each_position_and_types_python_numbers():
    xs, ys = ch23.collate([(torch.tensor([1.0, 2.0]), 3), (torch.tensor([4.0, 5.0]), 6)])
    assert torch.equal(xs, torch.tensor([[1.0, 2.0], [4.0, 5.0]]))
    assert ys.dtype == torch.int64 and ys.tolist() == [3, 6]
    (floats,) = ch23.collate([(0.5,), (1.5,)])
    assert floats.dtype == torch.float32 and floats.tolist() == [0.5, 1.5]


def test_collate_keeps_tensor_dtypes_and_returns_a_tuple():
    out = ch23.collate([(torch.tensor([1, 2], dtype=torch.int32), torch.tensor(True))])
    assert isinstance(out, tuple) and out[0].dtype == torch.int32 and out[0].shape == (1, 2)
    assert out[1].dtype == torch.bool and out[1].shape == (1,)


def test_collate_rejects_empty_ragged_and_mismatched_shapes():
    with pytest.raises(ValueError, match="empty"):
        ch23.collate([])
    with pytest.raises(ValueError, match="number of fields"):
        ch23.collate([(torch.zeros(2), 1), (torch.zeros(2),)])
    with pytest.raises(ValueError, match="shapes"):
        ch23.collate([(torch.zeros(2), 1), (torch.zeros(3), 1)])


# ---- batch_indices -----------------------------------------------------------------------
def test_batch_indices_in_order_by_hand():
    assert ch23.batch_indices(10, 4) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert ch23.batch_indices(10, 4, drop_last=True) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert ch23.batch_indices(3, 5, drop_last=True) == []
    assert ch23.batch_indices(0, 3) == []


def test_batch_indices_shuffled_is_randperm_of_the_seed_and_matches_pytorch():
    perm = torch.randperm(10, generator=torch.Generator().manual_seed(1)).tolist()
    assert ch23.batch_indices(10, 4, shuffle=True, seed=1) == [perm[:4], perm[4:8], perm[8:]]
    sampler = torch.utils.data.BatchSampler(
        torch.utils.data.RandomSampler(range(10), generator=torch.Generator().manual_seed(1)), 4, False)
    assert list(sampler) == ch23.batch_indices(10, 4, shuffle=True, seed=1)
    assert sorted(sum(ch23.batch_indices(10, 4, shuffle=True, seed=0), [])) == list(range(10))


def test_batch_indices_rejects_bad_sizes():
    with pytest.raises(ValueError, match="batch_size"):
        ch23.batch_indices(5, 0)
    with pytest.raises(ValueError, match="batch_size"):
        ch23.batch_indices(5, -2)  # range() alone would return no batches here
    with pytest.raises(ValueError, match="negative"):
        ch23.batch_indices(-1, 2)


# ---- warmup_cosine_lr --------------------------------------------------------------------
def test_warmup_cosine_lr_by_hand():
    assert ch23.warmup_cosine_lr(0, 100, 1e-3, 10) == pytest.approx(1e-4)  # 1/10 of the peak
    assert ch23.warmup_cosine_lr(9, 100, 1e-3, 10) == pytest.approx(1e-3)
    assert ch23.warmup_cosine_lr(10, 100, 1e-3, 10) == pytest.approx(1e-3)  # cos(0) = 1
    assert ch23.warmup_cosine_lr(55, 100, 1e-3, 10) == pytest.approx(5e-4)  # t = 45/90 = 1/2: cos = 0
    assert ch23.warmup_cosine_lr(0, 50, 0.1, 0) == pytest.approx(0.1)
    assert isinstance(ch23.warmup_cosine_lr(3, 7, 2, 5), float)
    assert ch23.warmup_cosine_lr(99, 100, 1e-3, 10) == pytest.approx(1e-3 * (1 + math.cos(math.pi * 89 / 90)) / 2)


def test_warmup_cosine_lr_rejects_out_of_range():
    for args in [(100, 100, 1e-3, 10), (-1, 100, 1e-3, 10), (5, 100, 1e-3, 100), (5, 100, 1e-3, -1)]:
        with pytest.raises(ValueError):
            ch23.warmup_cosine_lr(*args)


# ---- plausible wrong solutions -----------------------------------------------------------
def collate_via_numpy(samples):
    # NumPy turns Python floats into float64, not float32
    if not samples:
        raise ValueError("empty")
    return tuple(torch.stack([torch.from_numpy(np.asarray(s[k])) if not torch.is_tensor(s[k]) else s[k]
                              for s in samples]) for k in range(len(samples[0])))


def collate_labels_as_float(samples):
    if not samples:
        raise ValueError("empty")
    return tuple(torch.stack([torch.as_tensor(s[k], dtype=torch.float32) if not torch.is_tensor(s[k])
                              else s[k] for s in samples]) for k in range(len(samples[0])))


def collate_no_checks(samples):
    # torch.stack raises RuntimeError on mismatched shapes, and zip silently truncates ragged samples
    return tuple(torch.stack([torch.as_tensor(v) for v in column]) for column in zip(*samples)) if samples else ()


def batch_indices_ignores_drop_last(n, batch_size, shuffle=False, seed=0, drop_last=False):
    return ch23.batch_indices(n, batch_size, shuffle, seed, False)


def batch_indices_global_rng(n, batch_size, shuffle=False, seed=0, drop_last=False):
    if batch_size < 1 or n < 0:
        raise ValueError("bad sizes")
    torch.manual_seed(seed + 1)  # a different stream than a fresh generator seeded with `seed`
    order = torch.randperm(n).tolist() if shuffle else list(range(n))
    batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    return batches[:-1] if drop_last and batches and len(batches[-1]) < batch_size else batches


def batch_indices_drops_always(n, batch_size, shuffle=False, seed=0, drop_last=False):
    out = ch23.batch_indices(n, batch_size, shuffle, seed)
    return out[:-1] if drop_last and out else out


def batch_indices_no_raise(n, batch_size, shuffle=False, seed=0, drop_last=False):
    if batch_size < 1:
        return []
    return ch23.batch_indices(max(n, 0), batch_size, shuffle, seed, drop_last)


def batch_indices_no_size_check(n, batch_size, shuffle=False, seed=0, drop_last=False):
    # relies on range() for a bad batch_size: it raises for 0 but gives no batches for a negative one
    if n < 0:
        raise ValueError("n must not be negative")
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist() if shuffle else list(range(n))
    batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    return batches[:-1] if drop_last and batches and len(batches[-1]) < batch_size else batches


def warmup_from_zero(step, total_steps, lr_max, warmup_steps):
    if not 0 <= step < total_steps or not 0 <= warmup_steps < total_steps:
        raise ValueError("out of range")
    if step < warmup_steps:
        return lr_max * step / warmup_steps  # off by one: the first step gets a rate of 0
    return ch23.warmup_cosine_lr(step, total_steps, lr_max, warmup_steps)


def cosine_over_whole_run(step, total_steps, lr_max, warmup_steps):
    if not 0 <= step < total_steps or not 0 <= warmup_steps < total_steps:
        raise ValueError("out of range")
    if step < warmup_steps:
        return lr_max * (step + 1) / warmup_steps
    return lr_max * 0.5 * (1 + math.cos(math.pi * step / total_steps))  # progress not measured from the warm-up


def warmup_cosine_no_raise(step, total_steps, lr_max, warmup_steps):
    if step < warmup_steps:
        return lr_max * (step + 1) / warmup_steps
    t = (step - warmup_steps) / max(total_steps - warmup_steps, 1)
    return lr_max * 0.5 * (1 + math.cos(math.pi * t))


WRONG = {
    "collate": [collate_via_numpy, collate_labels_as_float, collate_no_checks],
    "batch_indices": [batch_indices_ignores_drop_last, batch_indices_global_rng, batch_indices_drops_always,
                      batch_indices_no_raise, batch_indices_no_size_check],
    "warmup_cosine_lr": [warmup_from_zero, cosine_over_whole_run, warmup_cosine_no_raise],
}

test_checks_reject_wrong_solutions = rejected(ch23, WRONG)
