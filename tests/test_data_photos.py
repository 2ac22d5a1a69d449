"""Chapter 12's loader, load_photos: scikit-image's bundled colour photos, offline, in both tiers."""
import numpy as np
import pytest

import utils
from utils import data

NAMES = ("chelsea", "astronaut", "coffee", "rocket", "motorcycle")


def test_small_tier_is_five_photos_at_224():
    p = utils.load_photos()
    assert isinstance(p, utils.Photos) and "photos" in utils.DATASETS and utils.DATASETS["photos"] is utils.load_photos
    assert (p.tier, p.size, p.names) == ("small", 224, NAMES)
    assert isinstance(p.images, np.ndarray) and p.images.shape == (5, 224, 224, 3) and p.images.dtype == np.uint8
    assert repr(p) == ("Photos(tier='small', names=['chelsea', 'astronaut', 'coffee', 'rocket', 'motorcycle'], "
                       "images=(5, 224, 224, 3))")
    # real photos, not blank canvases: every one uses most of the 0-255 range
    assert all(int(img.max()) - int(img.min()) > 200 for img in p.images)


def test_full_tier_is_the_same_photos_larger():
    small, full = utils.load_photos(tier="small"), utils.load_photos(tier="full")
    assert type(full) is type(small) and (full.tier, full.size, full.names) == ("full", 448, NAMES)
    assert full.images.shape == (5, 448, 448, 3) and full.images.dtype == np.uint8
    # the same photos: shrunk back to 224, the full tier's cat is close to the small tier's
    from PIL import Image

    shrunk = np.asarray(Image.fromarray(full.images[0]).resize((224, 224), Image.Resampling.BILINEAR), dtype=float)
    assert np.abs(shrunk - small.images[0]).mean() < 8


def test_centre_crop_keeps_the_middle_of_the_photo():
    import skimage.data

    cat = skimage.data.chelsea()  # 300 x 451: the crop keeps the middle 300 x 300, resized
    p = utils.load_photos(size=300)
    assert p.images.shape == (5, 300, 300, 3) and p.size == 300
    # the crop starts at column 75.5, so it is interpolated: about 3.6 grey levels from columns 75 or 76,
    # against 8.9 one pixel further
    for left in (75, 76):
        assert np.abs(p.images[0].astype(int) - cat[:, left:left + 300].astype(int)).mean() < 5
    assert np.abs(p.images[0].astype(int) - cat[:, 74:374].astype(int)).mean() > 7


def test_size_overrides_the_tier():
    assert utils.load_photos(tier="full", size=64).images.shape == (5, 64, 64, 3)
    assert utils.load_photos(size=np.int64(96)).size == 96


def test_an_unknown_tier_gives_one_clear_error():
    with pytest.raises(ValueError, match="not a data tier"):
        utils.load_photos(tier="medium")


@pytest.mark.parametrize("size", [0, 16, -224, 224.0, "224", True])
def test_a_bad_size_gives_one_clear_error(size):
    with pytest.raises(ValueError, match="size must be an integer of at least 32 pixels"):
        utils.load_photos(size=size)


def test_load_dataset_finds_it():
    assert data.load_dataset("photos", tier="small").names == NAMES
