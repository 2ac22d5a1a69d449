"""utils.fit (the loop chapter 04 teaches) and utils.accuracy."""
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import utils


def _blobs(n=200, seed=0):
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 2, (n,), generator=g)
    x = torch.randn(n, 2, generator=g) + 3 * y[:, None].float()
    return x, y


def _loaders():
    x, y = _blobs()
    return (DataLoader(TensorDataset(x[:150], y[:150]), batch_size=32, shuffle=True),
            DataLoader(TensorDataset(x[150:], y[150:]), batch_size=64))


def test_fit_learns_and_records_one_value_per_epoch():
    torch.manual_seed(0)
    train, valid = _loaders()
    model = nn.Linear(2, 2)
    h = utils.fit(model, train, valid, nn.functional.cross_entropy,
                  torch.optim.SGD(model.parameters(), lr=0.5), epochs=10, progress=False)
    assert list(h) == ["train_loss", "valid_loss", "valid_accuracy"]
    assert all(len(v) == 10 for v in h.values())
    assert h["train_loss"][-1] < h["train_loss"][0]
    assert h["valid_accuracy"][-1] > 0.85 > h["valid_accuracy"][0]


def test_fit_matches_a_hand_written_loop():
    train, valid = _loaders()
    torch.manual_seed(1)
    a = nn.Linear(2, 2)
    b = nn.Linear(2, 2)
    b.load_state_dict(a.state_dict())
    torch.manual_seed(2)
    h = utils.fit(a, train, valid, nn.functional.cross_entropy, torch.optim.SGD(a.parameters(), lr=0.1),
                  epochs=1, metric=None, progress=False, device="cpu")
    assert list(h) == ["train_loss", "valid_loss"]
    torch.manual_seed(2)
    opt = torch.optim.SGD(b.parameters(), lr=0.1)
    for x, y in train:
        loss = nn.functional.cross_entropy(b(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.testing.assert_close(a.weight, b.weight)


def test_fit_steps_the_scheduler_every_batch():
    train, valid = _loaders()
    model = nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=2 * len(train))
    utils.fit(model, train, valid, nn.functional.cross_entropy, opt, 2, scheduler=sched, progress=False)
    assert sched.last_epoch == 2 * len(train)


@pytest.mark.parametrize("epochs", [0, -1, 1.5, True])
def test_fit_rejects_bad_epochs(epochs):
    train, valid = _loaders()
    model = nn.Linear(2, 2)
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        utils.fit(model, train, valid, nn.functional.cross_entropy,
                  torch.optim.SGD(model.parameters(), lr=0.1), epochs=epochs)


def test_fit_needs_validation_data():
    train, _ = _loaders()
    model = nn.Linear(2, 2)
    with pytest.raises(ValueError, match="non-empty validation DataLoader"):
        utils.fit(model, train, None, nn.functional.cross_entropy,
                  torch.optim.SGD(model.parameters(), lr=0.1), epochs=1)


def test_accuracy_multiclass_and_binary():
    assert utils.accuracy(torch.tensor([[2.0, 1.0], [0.0, 3.0]]), torch.tensor([0, 0])) == 0.5
    assert utils.accuracy(torch.tensor([1.5, -0.5, 0.2]), torch.tensor([1, 0, 0])) == pytest.approx(2 / 3)
    assert utils.accuracy(torch.tensor([[1.5], [-0.5]]), torch.tensor([[1.0], [0.0]])) == 1.0


def test_accuracy_rejects_mismatched_inputs():
    with pytest.raises(ValueError, match="2 predictions but 3 targets"):
        utils.accuracy(torch.zeros(2, 4), torch.zeros(3))
    with pytest.raises(ValueError, match="logits of shape"):
        utils.accuracy(torch.zeros(2, 3, 4), torch.zeros(2))
