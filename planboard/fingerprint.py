"""A digest of DataFrames' contents, as a cache key that stands for the data (ui's chart caches)."""

from __future__ import annotations

import hashlib

import pandas as pd


def of(*frames: pd.DataFrame) -> str:
    """A digest of the frames' contents, as a cache key that stands for the data.

    Streamlit hashes a DataFrame argument with pandas' per-column hashing: ~9 ms for one item's
    metric rows, more than building the item's chart, and ~44 ms for an overview's charts
    (docs/performance.md). This hashes the repr of the column names, dtypes, index and every
    column's values as Python objects: the frames hold texts, numbers, times and missing
    values, whose reprs differ whenever the values do (1 and 1.0 and '1', NaN and None). Neither
    the frame's memory layout nor which cells share one object enters (a pickle would differ
    between a loader's own frame and the cache's unpickled copy of it), so equal rows always
    give the same key.
    """
    digest = hashlib.blake2b(digest_size=32)
    for frame in frames:
        parts = [list(frame.columns), [str(dtype) for dtype in frame.dtypes], frame.index.tolist()]
        parts += [frame[column].tolist() for column in frame.columns]
        digest.update(repr(parts).encode())
    return digest.hexdigest()
