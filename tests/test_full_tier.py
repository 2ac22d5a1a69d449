"""The full tier's download path, against a local HTTP server on 127.0.0.1 (no internet needed).

The server hands out small archives that the tests make in fastai's layouts. fastai's checksum
table is replaced for the test's URLs, so ``untar_data`` checks them exactly as it checks the real
MNIST archives.
"""
import tarfile
from pathlib import Path

import numpy as np
import pytest
from fastdownload.core import path_stats
from PIL import Image

import utils
from utils import data


def _png(path: Path, value: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.full((28, 28), value, dtype=np.uint8)).save(path)


def _make_archive(www: Path, name: str, files: dict) -> Path:
    """A .tgz whose top folder is `name`, holding `files` ({relative path: pixel value})."""
    src = www.parent / "src" / name
    for rel, value in files.items():
        _png(src / rel, value)
    archive = www / f"{name}.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src, arcname=name)
    return archive


def _leftovers(root: Path) -> list:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != "config.ini"
                  and not p.name.endswith(".lock"))


SAMPLE = {f"{split}/{d}/{i}.png": 10 * i + d for split in ("train", "valid") for d in (3, 7) for i in range(2)}


def test_good_archive_lands_in_the_cache_once(server, checksums):
    base, www, requests = server
    archive = _make_archive(www, "tiny_sample", SAMPLE)
    url = f"{base}/tiny_sample.tgz"
    checksums[url] = path_stats(archive)

    path = data.fetch(url)
    assert path == utils.data_dir() / "full" / "data" / "tiny_sample"
    assert sorted(p.name for p in path.iterdir()) == ["train", "valid"]
    assert len(list(path.glob("*/*/*.png"))) == len(SAMPLE)
    assert (utils.data_dir() / "full" / "archive" / "tiny_sample.tgz").exists()
    assert requests == ["/tiny_sample.tgz"]

    assert data.fetch(url) == path  # a second call reuses the cache
    assert requests == ["/tiny_sample.tgz"]


def test_checksum_mismatch_raises_and_leaves_nothing(server, checksums):
    base, www, requests = server
    archive = _make_archive(www, "tiny_sample", SAMPLE)
    url = f"{base}/tiny_sample.tgz"
    size, md5 = path_stats(archive)
    checksums[url] = (size, "0" * 32)  # the published MD5 differs from what the server sends

    with pytest.raises(utils.ChecksumError, match="does not match its published size and MD5"):
        data.fetch(url)
    assert requests == ["/tiny_sample.tgz"]
    assert _leftovers(utils.data_dir()) == []
    assert not (utils.data_dir() / "full" / "data" / "tiny_sample").exists()


def test_missing_file_on_the_server_leaves_nothing(server, checksums):
    base, _, _ = server
    url = f"{base}/absent.tgz"
    checksums[url] = (1, "0" * 32)
    with pytest.raises(utils.DownloadError, match=r"could not download .*404.*DLCOURSE_SIZE=small"):
        data.fetch(url)
    assert _leftovers(utils.data_dir()) == []


def test_no_server_gives_one_clear_error(checksums, monkeypatch, capsys):
    import socket

    from fastai.data.external import URLs

    with socket.socket() as sock:  # a port on 127.0.0.1 that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/mnist_sample.tgz"
    monkeypatch.setattr(URLs, "MNIST_SAMPLE", url)
    checksums[url] = (1, "0" * 32)
    monkeypatch.setenv("DLCOURSE_SIZE", "full")
    assert data.main(["mnist_3_7"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: could not download {url}")
    assert _leftovers(utils.data_dir()) == []


def test_full_tier_3_vs_7_uses_mnist_sample(server, checksums, monkeypatch):
    from fastai.data.external import URLs

    base, www, _ = server
    archive = _make_archive(www, "mnist_sample", SAMPLE)
    monkeypatch.setattr(URLs, "MNIST_SAMPLE", f"{base}/mnist_sample.tgz")
    checksums[URLs.MNIST_SAMPLE] = path_stats(archive)
    monkeypatch.setenv("DLCOURSE_SIZE", "full")

    path = utils.mnist_3_7_path()
    assert sorted(str(p.relative_to(path)) for p in path.glob("*/*")) == ["train/3", "train/7", "valid/3", "valid/7"]


def test_full_tier_mnist_returns_the_same_structure(server, checksums, monkeypatch):
    from fastai.data.external import URLs

    base, www, _ = server
    files = {f"{split}/{d}/{i}.png": d for split in ("training", "testing") for d in range(10) for i in range(2)}
    archive = _make_archive(www, "mnist_png", files)
    monkeypatch.setattr(URLs, "MNIST", f"{base}/mnist_png.tgz")
    checksums[URLs.MNIST] = path_stats(archive)

    full = utils.load_mnist(tier="full")
    small = utils.load_mnist(tier="small")
    assert full.tier == "full"
    assert full.train_x.shape == (20, 28, 28) and full.valid_x.shape == (20, 28, 28)
    for name in ("train_x", "train_y", "valid_x", "valid_y"):
        assert getattr(full, name).dtype == getattr(small, name).dtype
        assert getattr(full, name).shape[1:] == getattr(small, name).shape[1:]
    # each image's pixels were set to its label, so labels and images line up
    assert (full.train_x[:, 0, 0] == full.train_y).all()
    tensors = utils.load_mnist(tier="full", as_tensors=True)  # now from the cached arrays
    assert tuple(tensors.train_x.shape) == (20, 28, 28)


# ---- The other full-tier data sets: each one's published layout, made small ----------------
def _make_tgz(www: Path, name: str, files: dict) -> Path:
    """A .tgz whose top folder is `name`, holding text `files` ({relative path: content})."""
    src = www.parent / "src" / name
    for rel, text in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="latin-1")
    archive = www / f"{name}.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src, arcname=name)
    return archive


def _serve(server, checksums, monkeypatch, attr: str, name: str, files: dict) -> None:
    from fastai.data.external import URLs

    base, www, _ = server
    archive = _make_tgz(www, name, files)
    monkeypatch.setattr(URLs, attr, f"{base}/{name}.tgz")
    checksums[getattr(URLs, attr)] = path_stats(archive)


def test_full_tier_text_classification_reads_imdb(server, checksums, monkeypatch):
    files = {f"{split}/{cls}/{i}_{cls}.txt": f"{split} review {i} is {cls}"
             for split in ("train", "test") for cls in ("neg", "pos") for i in range(3)}
    files["train/unsup/0_0.txt"] = "unlabelled reviews are not part of the task"
    _serve(server, checksums, monkeypatch, "IMDB", "imdb", files)

    full, small = utils.load_text_classification(tier="full"), utils.load_text_classification(tier="small")
    assert (full.name, full.classes) == ("imdb", ("neg", "pos"))
    assert len(full.train_texts) == 6 and len(full.valid_texts) == 6
    assert full.train_y.dtype == small.train_y.dtype and type(full.train_texts) is type(small.train_texts)
    assert all(text.endswith(full.classes[label]) for text, label in zip(full.valid_texts, full.valid_y))
    assert all(text.startswith("test") for text in full.valid_texts)


def test_full_tier_movielens_reads_ml_100k(server, checksums, monkeypatch):
    files = {"u.data": "1\t10\t4\t881250949\n2\t20\t5\t891717742\n1\t20\t3\t878887116\n",
             "u.item": "10|Richard III (1995)|22-Jan-1996||http://x|0\n20|Café Society (1995)|01-Jan-1995||http://y|0\n"}
    _serve(server, checksums, monkeypatch, "ML_100k", "ml-100k", files)

    full, small = utils.load_movielens(tier="full"), utils.load_movielens(tier="small")
    assert list(full.frame.columns) == list(small.frame.columns)
    assert dict(full.frame.dtypes) == dict(small.frame.dtypes)
    assert full.frame["title"].tolist() == ["Richard III (1995)", "Café Society (1995)", "Café Society (1995)"]
    assert full.frame["rating"].tolist() == [4.0, 5.0, 3.0]


def test_full_tier_tabular_binary_reads_adult(server, checksums, monkeypatch):
    files = {"adult.csv": "age,workclass,education,salary\n39, State-gov, Bachelors, <50k\n"
                          "52, Self-emp, HS-grad, >=50k\n28, Private, Masters, <50k\n"}
    _serve(server, checksums, monkeypatch, "ADULT_SAMPLE", "adult_sample", files)

    t = utils.load_tabular_binary(tier="full")
    assert (t.name, t.target) == ("adult", "label")
    assert t.frame["label"].tolist() == [0, 1, 0] and "salary" not in t.frame.columns
    assert t.frame["workclass"].tolist() == ["State-gov", "Self-emp", "Private"]


def test_full_tier_house_prices_reads_boston_through_keras(server, monkeypatch):
    import hashlib

    base, www, requests = server
    x = np.arange(3 * 13, dtype=np.float64).reshape(3, 13)
    np.savez(www / "boston_housing.npz", x=x, y=np.array([24.0, 21.6, 34.7]))
    monkeypatch.setattr(data.tables, "BOSTON_URL", f"{base}/boston_housing.npz")
    monkeypatch.setattr(data.tables, "BOSTON_SHA256", hashlib.sha256((www / "boston_housing.npz").read_bytes()).hexdigest())

    t = utils.load_house_prices(tier="full")
    assert (t.name, t.target, t.frame.shape) == ("boston", "price", (3, 14))
    assert list(t.frame.columns[:13]) == list(data.BOSTON_COLUMNS)
    np.testing.assert_allclose(t.frame["price"], [24000.0, 21600.0, 34700.0])
    assert t.frame["price"].dtype == utils.load_house_prices(tier="small").frame["price"].dtype
    assert (utils.data_dir() / "full" / "keras" / "datasets" / "boston_housing.npz").exists()
    utils.load_house_prices(tier="full")  # cached: no second download
    assert requests == ["/boston_housing.npz"]


def test_full_tier_keras_file_with_a_wrong_hash_is_deleted(server):
    base, www, _ = server
    (www / "thing.npz").write_bytes(b"not what was published")
    with pytest.raises(utils.ChecksumError, match="does not match its published SHA-256"):
        data.keras_file(f"{base}/thing.npz", "0" * 64)
    assert not list(utils.data_dir().rglob("thing.npz"))


def test_full_tier_keras_file_missing_on_the_server(server):
    base, _, _ = server
    with pytest.raises(utils.DownloadError, match=r"could not download .*DLCOURSE_SIZE=small"):
        data.keras_file(f"{base}/absent.npz", "0" * 64)
    assert not list(utils.data_dir().rglob("absent.npz"))
