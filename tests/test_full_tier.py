"""The full tier's download path, against a local HTTP server on 127.0.0.1 (no internet needed).

The server hands out small archives that the tests make in fastai's layouts. fastai's checksum
table is replaced for the test's URLs, so ``untar_data`` checks them exactly as it checks the real
MNIST archives.
"""
import functools
import http.server
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest
from fastdownload.core import path_stats
from PIL import Image

import utils
from utils import data


@pytest.fixture
def server(tmp_path, monkeypatch):
    """Serve tmp_path/www on 127.0.0.1; yields (base_url, www folder, list of requested paths)."""
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    www = tmp_path / "www"
    www.mkdir()
    requests = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            requests.append(self.path)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(www)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", www, requests
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def checksums(monkeypatch):
    """Extend the table fastai's untar_data reads with entries for the test's URLs."""
    import fastdownload.core as fd

    table = {}
    original = fd.read_checks
    monkeypatch.setattr(fd, "read_checks", lambda fmod: {**original(fmod), **table})
    return table


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
