"""Chapter 20's loader, load_sale_prices: the small tier (Ames) for real; the full tier with a tiny
Blue Book for Bulldozers CSV placed where the user would unzip Kaggle's download, and without it."""
import numpy as np
import pandas as pd
import pytest

import utils
from utils import data

HEADER = "SalesID,SalePrice,MachineID,ModelID,YearMade,ProductSize,saledate\n"
ROWS = ("1139246,66000,999089,3157,2004,,11/16/2006 0:00\n"
        "1139248,57000,117657,77,1996,Medium,3/26/2004 0:00\n"
        "1139249,10000,434808,7009,2001,,2/26/2004 0:00\n")


def _place_bulldozers(text: str = HEADER + ROWS):
    folder = utils.data_dir() / "full" / "bluebook-for-bulldozers"
    folder.mkdir(parents=True)
    (folder / "TrainAndValid.csv").write_text(text)
    return folder


def test_small_tier_is_ames_with_a_sale_date():
    sales = utils.load_sale_prices()
    houses = utils.load_house_prices(tier="small")
    frame = sales.frame
    assert (sales.name, sales.tier, sales.target) == ("ames", "small", "price")
    assert frame.shape == (2930, 75) and "sale_prices" in utils.DATASETS
    assert frame["price"].dtype == np.float64 and frame["sale_date"].dtype == "datetime64[ns]"
    assert frame["sale_date"].dt.year.tolist() == frame["Year_Sold"].tolist()
    assert frame["sale_date"].dt.month.tolist() == frame["Mo_Sold"].tolist()
    assert (frame["sale_date"].dt.day == 1).all()
    assert frame["sale_date"].min() == pd.Timestamp("2006-01-01")
    assert frame["sale_date"].max() == pd.Timestamp("2010-07-01")
    pd.testing.assert_frame_equal(frame.drop(columns="sale_date"), houses.frame)  # nothing else changed
    assert "sale_date" not in houses.frame.columns  # and the house-prices table was not touched


def test_full_tier_reads_the_bulldozers_csv_the_user_placed(capsys):
    _place_bulldozers()
    sales = utils.load_sale_prices(tier="full")
    small = utils.load_sale_prices(tier="small")
    frame = sales.frame
    assert (sales.name, sales.tier, sales.target) == ("bulldozers", "full", "price")
    assert "SalePrice" not in frame.columns and "saledate" not in frame.columns
    assert frame["price"].tolist() == [66000.0, 57000.0, 10000.0]
    assert frame["price"].dtype == small.frame["price"].dtype
    assert frame["sale_date"].dtype == small.frame["sale_date"].dtype == "datetime64[ns]"
    assert frame["sale_date"].tolist() == [pd.Timestamp("2006-11-16"), pd.Timestamp("2004-03-26"),
                                           pd.Timestamp("2004-02-26")]
    assert frame["ProductSize"].isna().tolist() == [True, False, True]  # missing values stay missing
    assert capsys.readouterr().out == ""  # no fallback message when the file is there


def test_full_tier_without_the_file_says_so_once_and_falls_back_to_ames(capsys):
    sales = utils.load_sale_prices(tier="full")
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "Blue Book for Bulldozers data is not there" in out[0]
    assert "kaggle competitions download -c bluebook-for-bulldozers" in out[0]
    assert "full/bluebook-for-bulldozers" in out[0] and str(utils.data_dir()) not in out[0]
    assert (sales.name, sales.tier, sales.target) == ("ames", "full", "price")
    pd.testing.assert_frame_equal(sales.frame, utils.load_sale_prices(tier="small").frame)


def test_full_tier_refuses_a_csv_that_is_not_the_bulldozers_one():
    _place_bulldozers("SalesID,Price,saledate\n1,2,11/16/2006 0:00\n")
    with pytest.raises(ValueError, match="no column SalePrice"):
        utils.load_sale_prices(tier="full")


def test_full_tier_accepts_iso_dates_too():
    _place_bulldozers("SalesID,SalePrice,saledate\n1,9500,2011-12-30\n")
    frame = utils.load_sale_prices(tier="full").frame
    assert frame["sale_date"].tolist() == [pd.Timestamp("2011-12-30")]
    assert frame["sale_date"].dtype == "datetime64[ns]"


def test_add_datepart_counts_seconds_on_the_loaded_dates():
    from fastai.tabular.core import add_datepart

    parts = add_datepart(utils.load_sale_prices().frame[["sale_date"]].head(1), "sale_date")
    first = utils.load_sale_prices().frame["sale_date"].iloc[0]
    assert parts["sale_Elapsed"].iloc[0] == first.timestamp()  # seconds since 1970, not micro- or milli-


def test_data_download_main_lists_the_fallback(capsys, monkeypatch):
    monkeypatch.setenv("DLCOURSE_SIZE", "full")
    assert data.main(["sale_prices"]) == 0
    out = capsys.readouterr().out
    assert "not there" in out and "Table(name='ames', tier='full'" in out


def test_bad_tier_is_refused():
    with pytest.raises(ValueError):
        utils.load_sale_prices(tier="huge")
