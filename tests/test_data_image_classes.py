"""Chapter 09's loader, load_image_classes: the small tier for real, the full tier (Imagenette)
against the local HTTP server of tests/conftest.py."""
import tarfile
from pathlib import Path

import numpy as np
import pytest
from fastdownload.core import path_stats
from PIL import Image

import utils
from utils import data


def test_small_tier_is_the_mnist_digits_channels_first():
    images = utils.load_image_classes()
    digits = utils.load_mnist()
    assert images.tier == "small" and images.classes == tuple("0123456789")
    assert images.train_x.shape == (4000, 1, 28, 28) and images.valid_x.shape == (1000, 1, 28, 28)
    assert images.train_x.dtype == np.uint8 and images.train_y.dtype == np.int64
    assert np.array_equal(images.train_x[:, 0], digits.train_x) and np.array_equal(images.valid_y, digits.valid_y)
    assert "image_classes" in utils.DATASETS
    assert "train_x=(4000, 1, 28, 28)" in repr(images)


# Two of Imagenette's classes, in the archive's layout; every photo is one flat colour, its class's.
COLOURS = {"n01440764": (200, 30, 30), "n03888605": (30, 30, 200)}
SIZES = [(40, 30), (30, 50)]  # photos of different shapes, as in the real archive


def _imagenette_archive(www: Path) -> Path:
    src = www.parent / "src" / "imagenette2-160"
    for split, per_class in (("train", 2), ("val", 1)):
        for wnid, colour in COLOURS.items():
            folder = src / split / wnid
            folder.mkdir(parents=True)
            for i in range(per_class):
                Image.new("RGB", SIZES[i], colour).save(folder / f"{wnid}_{i}.JPEG", quality=95)
    (src / "noisy_imagenette.csv").write_text("path,noisy_labels_0\n")
    archive = www / "imagenette2-160.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src, arcname="imagenette2-160")
    return archive


def test_full_tier_reads_imagenette_into_square_arrays(server, checksums, monkeypatch):
    from fastai.data.external import URLs

    base, www, requests = server
    archive = _imagenette_archive(www)
    monkeypatch.setattr(URLs, "IMAGENETTE_160", f"{base}/imagenette2-160.tgz")
    checksums[URLs.IMAGENETTE_160] = path_stats(archive)

    full = utils.load_image_classes(tier="full", size=16)
    small = utils.load_image_classes(tier="small")
    assert full.tier == "full" and len(full.classes) == 10
    assert full.classes[0] == "tench" and full.classes[-1] == "parachute"
    assert full.train_x.shape == (4, 3, 16, 16) and full.valid_x.shape == (2, 3, 16, 16)
    for name in ("train_x", "train_y", "valid_x", "valid_y"):
        assert getattr(full, name).dtype == getattr(small, name).dtype
    # tench is class 0, parachute class 9; each photo kept its class's colour (JPEG rounds a little)
    assert sorted(full.train_y.tolist()) == [0, 0, 9, 9] and sorted(full.valid_y.tolist()) == [0, 9]
    for x, y in zip(full.train_x, full.train_y):
        expected = np.array(COLOURS["n01440764" if y == 0 else "n03888605"])[:, None, None]
        assert np.abs(x.astype(int) - expected).max() <= 3

    again = utils.load_image_classes(tier="full", size=16)  # from the cache: no second download
    assert np.array_equal(again.train_x, full.train_x)
    assert requests == ["/imagenette2-160.tgz"]


def test_full_tier_refuses_a_silly_size():
    with pytest.raises(ValueError, match="size must be an integer"):
        utils.load_image_classes(tier="full", size=2)
    with pytest.raises(ValueError, match="size must be an integer"):
        data.load_image_classes(tier="full", size=32.0)
