import random

import numpy as np
import pytest
import torch

import utils
from utils import config


@pytest.mark.parametrize("value, expected", [(None, "small"), ("", "small"), ("small", "small"),
                                             ("full", "full"), (" FULL ", "full")])
def test_tier_from_environment(monkeypatch, value, expected):
    if value is not None:
        monkeypatch.setenv("DLCOURSE_SIZE", value)
    assert utils.tier() == expected


@pytest.mark.parametrize("bad", ["bogus", "medium", "0"])
def test_unknown_tier_is_one_clear_error(monkeypatch, bad):
    monkeypatch.setenv("DLCOURSE_SIZE", bad)
    with pytest.raises(ValueError, match=r"DLCOURSE_SIZE='.*' is not a data tier: use one of 'small', 'full'"):
        utils.tier()
    with pytest.raises(ValueError, match="is not a data tier"):
        utils.start(quiet=True)


def test_explicit_tier_argument_overrides_environment(monkeypatch):
    monkeypatch.setenv("DLCOURSE_SIZE", "full")
    assert utils.tier("small") == "small"
    with pytest.raises(ValueError, match="tier 'tiny' is not a data tier"):
        utils.tier("tiny")


def test_device_prefers_an_accelerator_and_falls_back_to_cpu():
    dev = utils.device()
    assert isinstance(dev, torch.device)
    expected = "cuda" if torch.cuda.is_available() else ("mps" if torch.backends.mps.is_available() else "cpu")
    assert dev.type == expected
    assert utils.device("cpu").type == "cpu"


def test_device_rejects_unknown_or_missing_hardware():
    with pytest.raises(ValueError, match="unknown"):
        utils.device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="has none"):
            utils.device("cuda")


def _draws():
    return random.random(), float(np.random.rand()), float(torch.rand(1))


def test_seed_everything_makes_python_numpy_and_torch_repeat():
    utils.seed_everything(123)
    first = _draws()
    utils.seed_everything(123)
    assert _draws() == first
    utils.seed_everything(124)
    assert _draws() != first


def test_seed_everything_seeds_tensorflow_once_imported():
    tf = pytest.importorskip("tensorflow")
    utils.seed_everything(7)
    a = tf.random.uniform((3,)).numpy()
    utils.seed_everything(7)
    b = tf.random.uniform((3,)).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("bad", [-1, 2**32, 1.5, "42", True, None])
def test_seed_everything_rejects_bad_seeds(bad):
    with pytest.raises(ValueError, match="seed must be an int"):
        utils.seed_everything(bad)


def test_start_prints_tier_device_and_versions(capsys):
    session = utils.start(seed=3)
    line = capsys.readouterr().out.strip()
    assert line.startswith("tier: small | device: ")
    assert "torch " in line and "numpy " in line
    assert session == utils.Session(tier="small", device=utils.device(), seed=3)
    assert session.small


def test_versions_finds_tensorflow_under_either_distribution_name():
    from importlib import metadata

    expected = None
    for dist in ("tensorflow", "tensorflow-cpu"):
        try:
            expected = metadata.version(dist)
            break
        except metadata.PackageNotFoundError:
            pass
    assert config.versions(("tensorflow",))["tensorflow"] == (expected or "-")


def test_versions_marks_missing_packages():
    assert config.versions(("numpy", "surely-not-installed-pkg")) == {
        "numpy": np.__version__, "surely-not-installed-pkg": "-"}


def test_main_reports_bad_tier_on_one_line(monkeypatch, capsys):
    monkeypatch.setenv("DLCOURSE_SIZE", "bogus")
    assert config.main() == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: DLCOURSE_SIZE='bogus'")


def test_torch_optimizers_survive_tensorflow_imported_after_utils(tmp_path):
    """Regression: TensorFlow loaded before torch's lazy Triton import segfaulted the kernel."""
    import subprocess
    import sys

    code = ("import utils, tensorflow as tf, torch\n"
            "opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\n"
            "print('ok', float(tf.reduce_sum(tf.ones(3))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path)
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-500:]}"
    assert result.stdout.strip() == "ok 3.0"


def test_tensorflow_is_told_not_to_take_the_whole_gpu():
    import os

    assert os.environ["TF_FORCE_GPU_ALLOW_GROWTH"] == "true"  # set by importing utils


def test_fastprogress_never_saves_its_style_block():
    """Its CSS would be saved as an empty `<IPython.core.display.HTML object>` before every first bar."""
    import fastprogress.fastprogress as fp

    assert fp._style_shown is True  # set by importing utils
    shown = []
    import IPython.display

    original = IPython.display.display
    IPython.display.display = lambda *a, **k: shown.append(a)
    try:
        fp.show_styles()
    finally:
        IPython.display.display = original
    assert shown == []


@pytest.mark.parametrize("value, expected", [("1", 1), ("2", 2)])
def test_threads_from_the_environment(monkeypatch, value, expected):
    import torch

    before = torch.get_num_threads()
    monkeypatch.setenv("DLCOURSE_THREADS", value)
    try:
        utils.start(quiet=True)
        assert torch.get_num_threads() == expected
    finally:
        torch.set_num_threads(before)


def test_threads_default_leaves_torch_alone(monkeypatch):
    import torch

    before = torch.get_num_threads()
    monkeypatch.setenv("DLCOURSE_THREADS", "default")
    utils.start(quiet=True)
    assert torch.get_num_threads() == before


@pytest.mark.parametrize("bad", ["0", "-2", "many", "1.5"])
def test_bad_threads_value_is_one_clear_error(monkeypatch, bad):
    monkeypatch.setenv("DLCOURSE_THREADS", bad)
    with pytest.raises(ValueError, match="DLCOURSE_THREADS"):
        utils.start(quiet=True)
