"""Chapter 08's data: an image folder, multi-label images and image points, in both tiers.

The small tier is built for real from the MNIST digits; the full tier's layouts (Oxford-IIIT Pets,
PASCAL 2007, BIWI head pose) are served from 127.0.0.1 as tiny archives, as in test_full_tier.py.
"""
import re
import tarfile
from pathlib import Path

import numpy as np
import pytest
from fastdownload.core import path_stats
from PIL import Image

import utils
from utils import data

LABEL = re.compile(r"^(.+)_\d+\.\w+$")  # what the notebook's RegexLabeller reads


# ---- small tier ----------------------------------------------------------------------------
def test_labelled_images_small_tier_is_a_folder_of_named_digits():
    path = utils.labelled_images_path()
    files = sorted((path / "images").glob("*.png"))
    assert len(files) == 600
    labels = [LABEL.match(f.name).group(1) for f in files]
    assert {label: labels.count(label) for label in set(labels)} == {str(d): 60 for d in range(10)}
    digits = utils.load_mnist()
    first_seven = np.asarray(Image.open(path / "images" / "7_0000.png"))
    np.testing.assert_array_equal(first_seven, digits.train_x[digits.train_y == 7][0])
    assert utils.labelled_images_path() == path  # cached: the second call builds nothing


def _digit_label(img: np.ndarray, x: np.ndarray, y: np.ndarray) -> int:
    """The label of the MNIST digit identical to `img`."""
    hits = np.flatnonzero((x == img).all(axis=(1, 2)))
    assert len(hits) >= 1
    return int(y[hits[0]])


def test_multi_label_small_tier_names_both_digits():
    table = utils.load_multi_label_images()
    assert isinstance(table, utils.ImageTable) and table.name == "digit_pairs" and table.tier == "small"
    frame = table.frame
    assert list(frame.columns) == ["fname", "labels", "is_valid"]
    assert frame["is_valid"].dtype == bool and frame["is_valid"].sum() == 200 and len(frame) == 700
    assert frame["fname"].is_unique
    digits = utils.load_mnist()
    for _, row in frame.iloc[[0, 1, 2, 500, 699]].iterrows():
        img = np.asarray(Image.open(table.path / row["fname"]))
        assert img.shape == (28, 56) and img.dtype == np.uint8
        split = "valid" if row["is_valid"] else "train"
        x, y = getattr(digits, f"{split}_x"), getattr(digits, f"{split}_y")
        both = {_digit_label(img[:, :28], x, y), _digit_label(img[:, 28:], x, y)}
        assert row["labels"] == " ".join(str(d) for d in sorted(both))
    # some pairs repeat a digit: those images have a single label
    n_labels = frame["labels"].str.split().str.len()
    assert set(n_labels) == {1, 2}
    assert "ImageTable(name='digit_pairs', tier='small', train=500, valid=200, targets=['labels'])" == repr(table)


def test_image_points_small_tier_marks_the_digit_centre():
    table = utils.load_image_points()
    frame = table.frame
    assert list(frame.columns) == ["fname", "col", "row", "is_valid"]
    assert len(frame) == 700 and frame["is_valid"].sum() == 200
    assert frame[["col", "row"]].min().min() >= 14 and frame[["col", "row"]].max().max() <= 50
    for _, row in frame.head(20).iterrows():
        img = np.asarray(Image.open(table.path / row["fname"]))
        assert img.shape == (64, 64)
        rows, cols = np.nonzero(img)
        top, left = int(row["row"]) - 14, int(row["col"]) - 14
        # all the ink lies inside the 28 x 28 box centred on the point
        assert rows.min() >= top and rows.max() < top + 28 and cols.min() >= left and cols.max() < left + 28
    # the positions cover the canvas rather than sitting in one place
    assert frame["col"].std() > 5 and frame["row"].std() > 5


def test_chapter_08_loaders_are_registered():
    for name in ("labelled_images", "multi_label_images", "image_points"):
        assert name in utils.DATASETS
    assert isinstance(utils.load_dataset("image_points"), utils.ImageTable)


# ---- full tier against a local server ------------------------------------------------------
# `server` and `checksums` are the shared fixtures in tests/conftest.py.


def _serve(server, name: str, files: dict, monkeypatch, checksums, attr: str) -> None:
    """Pack `files` ({relative path: bytes}) as <www>/<name>.tgz and point URLs.<attr> at it."""
    from fastai.data.external import URLs

    base, www, _ = server
    src = www.parent / "src" / name
    for rel, content in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(content)
    archive = www / f"{name}.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src, arcname=name)
    url = f"{base}/{name}.tgz"
    monkeypatch.setattr(URLs, attr, url)
    checksums[url] = path_stats(archive)


def _jpg(value: int = 128, size=(8, 6)) -> bytes:
    import io

    buf = io.BytesIO()
    Image.fromarray(np.full((size[1], size[0], 3), value, dtype=np.uint8)).save(buf, format="JPEG")
    return buf.getvalue()


def test_full_tier_labelled_images_is_oxford_pets(server, checksums, monkeypatch):
    files = {"images/Abyssinian_1.jpg": _jpg(), "images/great_pyrenees_173.jpg": _jpg(),
             "images/Abyssinian_100.mat": b"not an image", "annotations/list.txt": b"# list\n"}
    _serve(server, "oxford-iiit-pet", files, monkeypatch, checksums, "PETS")
    path = utils.labelled_images_path(tier="full")
    assert path == utils.data_dir() / "full" / "data" / "oxford-iiit-pet"
    from fastai.data.transforms import get_image_files

    names = sorted(f.name for f in get_image_files(path / "images"))
    assert names == ["Abyssinian_1.jpg", "great_pyrenees_173.jpg"]
    assert [LABEL.match(n).group(1) for n in names] == ["Abyssinian", "great_pyrenees"]


def test_full_tier_multi_label_reads_pascal_train_csv(server, checksums, monkeypatch):
    csv = b"fname,labels,is_valid\n000005.jpg,chair,True\n000007.jpg,car,True\n000009.jpg,horse person,False\n"
    files = {"train.csv": csv, **{f"train/{n}.jpg": _jpg() for n in ("000005", "000007", "000009")},
             "test.csv": b"fname,labels,is_valid\n"}
    _serve(server, "pascal_2007", files, monkeypatch, checksums, "PASCAL_2007")
    table = utils.load_multi_label_images(tier="full")
    assert table.name == "pascal_2007" and table.tier == "full"
    assert list(table.frame.columns) == ["fname", "labels", "is_valid"]
    assert table.frame["is_valid"].tolist() == [True, True, False]
    assert table.frame["labels"].tolist() == ["chair", "car", "horse person"]
    assert all((table.path / f).is_file() for f in table.frame["fname"])


def test_full_tier_points_project_the_biwi_head_centre(server, checksums, monkeypatch):
    # rgb.cal: the intrinsic matrix K first (fx = 500, fy = 400, cx = 320, cy = 240), then the rest
    cal = b"500 0 320 \n0 400 240 \n0 0 1 \n\n0 0 0 0 \n\n1 0 0 \n0 1 0 \n0 0 1 \n\n0 0 0 \n"
    # pose: rotation (3 lines), blank, then the centre (X, Y, Z) in millimetres
    pose = {"01": b"1 0 0 \n0 1 0 \n0 0 1 \n\n100 -50 1000 \n", "13": b"1 0 0 \n0 1 0 \n0 0 1 \n\n0 0 800 \n"}
    files = {"readme.txt": b"BIWI", "01.obj": b"v 0 0 0\n"}
    for person, text in pose.items():
        files[f"{person}/rgb.cal"] = cal
        files[f"{person}/frame_00003_rgb.jpg"] = _jpg()
        files[f"{person}/frame_00003_pose.txt"] = text
    _serve(server, "biwi_head_pose", files, monkeypatch, checksums, "BIWI_HEAD_POSE")
    table = utils.load_image_points(tier="full")
    frame = table.frame
    assert table.name == "biwi_head_pose" and list(frame.columns) == ["fname", "col", "row", "is_valid"]
    assert frame["fname"].tolist() == ["01/frame_00003_rgb.jpg", "13/frame_00003_rgb.jpg"]
    # col = 500 * 100 / 1000 + 320 = 370, row = 400 * -50 / 1000 + 240 = 220; person 13 at (320, 240)
    np.testing.assert_allclose(frame[["col", "row"]].to_numpy(), [[370.0, 220.0], [320.0, 240.0]])
    assert frame["is_valid"].tolist() == [False, True]
    assert all((table.path / f).is_file() for f in frame["fname"])
    # the points were computed once: a second call reads the cached CSV
    assert utils.load_image_points(tier="full").frame.equals(frame)
