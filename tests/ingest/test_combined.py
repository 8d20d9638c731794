"""The batches' rows put together a column at a time (``ingest._combined``) give what
``pd.concat`` gives, and let the batches go."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integaudit.ingest import _combined


def batch(n: int, start: int, text: object = "a") -> pd.DataFrame:
    """Return a parsed-rows-like frame of ``n`` rows: texts, dates, flags and numbers."""
    return pd.DataFrame(
        {
            "file": pd.Series([f"{start}.xlsx"] * n, dtype="str"),
            "row": np.arange(start, start + n, dtype="int64"),
            "contract_id": pd.Series([text, None] * (n // 2) + [text] * (n % 2), dtype=object),
            "signed_date": pd.to_datetime(["2024-01-02"] * n).astype("datetime64[us]"),
            "signed_date__bad": np.zeros(n, dtype=bool),
            "has__situation": np.ones(n, dtype=bool),
            "days": pd.array([1] * n, dtype="Int64"),
        }
    )


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).map(repr)


def test_batches_with_the_same_columns_are_put_together_as_concat_does() -> None:
    frames = [batch(3, 0), batch(4, 10, text=7), batch(1, 20)]
    expected = pd.concat([f.copy() for f in frames], ignore_index=True)
    got = _combined(frames)
    pd.testing.assert_frame_equal(got, expected)
    assert shown(got).equals(shown(expected))
    assert frames == []


def test_batches_whose_columns_differ_are_put_together_as_concat_does() -> None:
    other = batch(2, 5).drop(columns="days").assign(extra=[1.5, 2.5])
    frames = [batch(3, 0), other]
    expected = pd.concat([f.copy() for f in frames], ignore_index=True)
    got = _combined(frames)
    pd.testing.assert_frame_equal(got, expected)
    assert frames == []


def test_a_column_of_other_dtypes_in_two_batches_takes_their_common_dtype() -> None:
    first = batch(2, 0)
    second = batch(2, 2).assign(row=[1.5, np.nan], file=pd.Series(["x", None], dtype=object))
    expected = pd.concat([first.copy(), second.copy()], ignore_index=True)
    frames = [first, second]
    got = _combined(frames)
    pd.testing.assert_frame_equal(got, expected)
    assert got["row"].dtype == "float64"
    assert frames == []


def test_a_dtype_group_whose_columns_differ_in_a_later_batch_takes_concats_dtypes() -> None:
    first = batch(3, 0).assign(other=np.arange(3, dtype="int64"))
    # "row" and "other" share the first batch's int64 block; the second has floats in one.
    second = batch(2, 3).assign(other=[0.5, np.nan])
    expected = pd.concat([first.copy(), second.copy()], ignore_index=True)
    frames = [first, second]
    got = _combined(frames)
    pd.testing.assert_frame_equal(got, expected)
    assert (got["row"].dtype, got["other"].dtype) == ("int64", "float64")


def test_one_batch_is_itself() -> None:
    only = batch(3, 0)
    expected = only.copy()
    frames = [only]
    pd.testing.assert_frame_equal(_combined(frames), expected)
    assert frames == []
