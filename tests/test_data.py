from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import utils
from utils import data


def test_data_dir_follows_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path / "here"))
    assert utils.data_dir() == tmp_path / "here"
    assert (tmp_path / "here").is_dir()


def test_data_dir_defaults_to_user_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("DLCOURSE_DATA")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert utils.data_dir() == tmp_path / "xdg" / "dlcourse"


def test_build_atomically_creates_once(tmp_path):
    calls = []

    def build(tmp):
        calls.append(tmp)
        (tmp / "a.txt").write_text("hello")

    final = tmp_path / "entry"
    assert data.build_atomically(final, build) == final
    assert data.build_atomically(final, build) == final
    assert len(calls) == 1
    assert (final / "a.txt").read_text() == "hello"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry"]


def test_interrupted_build_leaves_nothing(tmp_path):
    def build(tmp):
        (tmp / "half.txt").write_text("half a data set")
        raise KeyboardInterrupt  # what an interrupted notebook cell raises

    with pytest.raises(KeyboardInterrupt):
        data.build_atomically(tmp_path / "entry", build)
    assert list(tmp_path.iterdir()) == []


def test_small_mnist_shapes_types_and_split():
    d = utils.load_mnist()
    assert d.tier == "small"
    assert d.train_x.shape == (4000, 28, 28) and d.valid_x.shape == (1000, 28, 28)
    assert d.train_x.dtype == np.uint8 and d.train_y.dtype == np.int64
    assert d.train_x.max() == 255 and d.train_x.min() == 0
    assert np.bincount(d.train_y).tolist() == [400] * 10
    assert np.bincount(d.valid_y).tolist() == [100] * 10
    # the split is the same on every call and the two sets share no image
    again = utils.load_mnist()
    np.testing.assert_array_equal(d.valid_x, again.valid_x)
    train_rows = {row.tobytes() for row in d.train_x}
    assert not any(row.tobytes() in train_rows for row in d.valid_x)


def test_mnist_as_tensors():
    d = utils.load_mnist(as_tensors=True)
    assert isinstance(d.train_x, torch.Tensor) and d.train_x.dtype == torch.uint8
    assert d.train_y.dtype == torch.int64 and tuple(d.valid_x.shape) == (1000, 28, 28)
    assert "Digits(tier='small'" in repr(d)


def test_mnist_3_7_folder_in_fastai_layout():
    path = utils.mnist_3_7_path()
    assert path.parent.parent == utils.data_dir()
    counts = {f"{s}/{d}": len(list((path / s / d).glob("*.png")))
              for s in ("train", "valid") for d in ("3", "7")}
    assert counts == {"train/3": 400, "train/7": 400, "valid/3": 100, "valid/7": 100}
    img = Image.open(next((path / "train" / "3").glob("*.png")))
    assert img.size == (28, 28) and img.mode == "L"
    assert utils.mnist_3_7_path() == path  # cached: the second call builds nothing


def test_3_7_folder_matches_mnist_digits():
    path = utils.mnist_3_7_path()
    d = utils.load_mnist()
    first = np.asarray(Image.open(path / "valid" / "7" / "7_0000.png"))
    np.testing.assert_array_equal(first, d.valid_x[d.valid_y == 7][0])


def test_unknown_dataset_and_tier_give_clear_errors(monkeypatch):
    with pytest.raises(ValueError, match=r"unknown data set 'cifar': known ones are .*mnist, mnist_3_7"):
        utils.load_dataset("cifar")
    with pytest.raises(ValueError, match="is not a data tier"):
        utils.load_mnist(tier="huge")
    monkeypatch.setenv("DLCOURSE_SIZE", "bogus")
    with pytest.raises(ValueError, match="DLCOURSE_SIZE='bogus'"):
        utils.mnist_3_7_path()


def test_load_dataset_dispatches():
    assert isinstance(utils.load_dataset("mnist"), utils.Digits)
    assert isinstance(utils.load_dataset("mnist_3_7"), Path)


def test_fetch_refuses_urls_without_published_checksum():
    with pytest.raises(ValueError, match="no published checksum"):
        data.fetch("http://127.0.0.1:9/not-in-the-table.tgz")


def test_fastai_checksum_table_covers_the_full_tier():
    from fastai.data.external import URLs

    table = data.known_checksums()
    for url in (URLs.MNIST, URLs.MNIST_SAMPLE):
        size, md5 = table[url]
        assert size > 1_000_000 and len(md5) == 32


def test_main_lists_and_rejects(capsys):
    assert data.main(["mnist"]) == 0
    assert "[small] mnist: Digits(" in capsys.readouterr().out
    assert data.main(["nope"]) == 2
    assert "unknown data set 'nope'" in capsys.readouterr().err


def test_data_download_script_rejects_unknown_data_sets(root):
    import subprocess

    result = subprocess.run([str(root / "data_download.sh"), "not_a_dataset"], capture_output=True, text=True)
    assert result.returncode == 2
    known = ", ".join(sorted(utils.DATASETS))
    assert result.stderr.strip() == f"error: unknown data set 'not_a_dataset': known ones are {known}."
