"""Run the named questions in queries/: one .sql file per question, parameters bound.

>>> sorted(named_parameters("select * from t where a = $a and b = $b"))
['a', 'b']
"""

from __future__ import annotations

import functools
import re

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from planboard.settings import PROJECT_ROOT

QUERY_DIR = PROJECT_ROOT / "queries"
_PARAM = re.compile(r"(?<![$\w])\$([a-z_][a-z0-9_]*)", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")


class QueryParameterError(TypeError):
    """A caller passed parameters that do not match what the query names."""


@functools.cache
def load(name: str) -> str:
    """The text of queries/<name>.sql."""
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no query named {name!r} in {QUERY_DIR}")
    return path.read_text(encoding="utf-8")


def named_parameters(sql: str) -> set[str]:
    """The $names a query uses (comments ignored)."""
    return set(_PARAM.findall(_COMMENT.sub("", sql)))


def names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


def _checked(name: str, params: dict) -> str:
    """The SQL of queries/<name>.sql, once the parameters are exactly the ones it names."""
    sql = load(name)
    expected = named_parameters(sql)
    if set(params) != expected:
        raise QueryParameterError(f"query {name!r} takes {sorted(expected)}, got {sorted(params)}")
    return sql


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with exactly the parameters it names, bound by DuckDB."""
    return con.execute(_checked(name, params), params).df()


def arrow(con: duckdb.DuckDBPyConnection, name: str, **params) -> pa.Table:
    """Like `run`, as an Arrow table: for results of a million rows that go on to other queries
    or to a bulk insert, with no DataFrame or Python object per row in between."""
    return con.execute(_checked(name, params), params).to_arrow_table()


def rows(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[tuple]:
    """Like `run`, as plain tuples (NULL as None): for hundreds of thousands of rows that
    Python code walks one by one, where a DataFrame would be built only to be taken apart."""
    return con.execute(_checked(name, params), params).fetchall()


def plain(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Like `run`, with text columns as Python strings (object) rather than pandas' Arrow-backed
    str, missing texts NaN: the same frame as `run` followed by loaders.plain_strings.

    Built from DuckDB's NumPy arrays. For a plan's few hundred metric_year rows of thirty text
    columns this takes ~3 ms against ~12 ms for `.df()` and the conversion (docs/performance.md).
    NULLs come as NumPy masked arrays and are given what `.df()` gives them: NaN in texts (None
    in a column without any text) and floats, NaT in times, pandas' nullable Int/boolean arrays
    for integers and booleans.
    """
    arrays = con.execute(_checked(name, params), params).fetchnumpy()
    return pd.DataFrame({column: _series(values) for column, values in arrays.items()}, copy=False)


def _series(values: np.ndarray) -> pd.Series:
    if not isinstance(values, np.ma.MaskedArray):
        return pd.Series(values, dtype=values.dtype, copy=False)
    data, mask = values.data, np.ma.getmaskarray(values)
    if data.dtype.kind in "iu":
        return pd.Series(pd.arrays.IntegerArray(data, mask), copy=False)
    if data.dtype.kind == "b":
        return pd.Series(pd.arrays.BooleanArray(data, mask), copy=False)
    missing = {"f": np.nan, "M": np.datetime64("NaT"), "m": np.timedelta64("NaT")}.get(data.dtype.kind, np.nan)
    if data.dtype.kind == "O" and mask.all():
        missing = None  # a text column with no text at all: `.df()` leaves its None as they are
    filled = data.copy()
    filled[mask] = missing
    return pd.Series(filled, dtype=filled.dtype, copy=False)
