"""The caches under data/cache/ hold data only: the real period context comes back exactly, and a
tampered, foreign or damaged file is recomputed — reading a cache file never runs code."""

from __future__ import annotations

import ast
import dataclasses
import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import monev
from monev.app import context as konteks
from monev.data import cache
from monev.data.reference import Referensi, load_reference
from monev.model.workbook import Workbook

PERIODE = "2026-10"


@pytest.fixture
def buku(sample_workbook_copy):
    konteks.forget_contexts()
    yield sample_workbook_copy
    konteks.forget_contexts()


def _same(a: object, b: object, where: str = "ctx") -> None:
    """Equal value by value: frames with ``assert_frame_equal`` (dtypes, index, column labels)."""
    assert type(a) is type(b), where
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=where)
        assert a.columns.dtype == b.columns.dtype, where
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, tuple | list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def _frames(obj: object) -> int:
    if isinstance(obj, pd.DataFrame):
        return 1
    if dataclasses.is_dataclass(obj):
        return sum(_frames(getattr(obj, f.name)) for f in dataclasses.fields(obj))
    return 0


def test_the_real_context_comes_back_exactly(buku):
    computed = konteks.load_context(buku, PERIODE)
    (path,) = Workbook.at(buku).cache.glob(f"context-*{cache.SUFFIX}")
    assert path.read_bytes().startswith(cache.MAGIC)
    loaded = cache.read(path, konteks.Context)
    assert loaded is not None and loaded is not computed
    assert _frames(computed) > 15
    _same(loaded, computed)
    # every kind of column the evaluation has survives: categoricals, nullable ints and
    # booleans, dates, text with missing values, object columns
    dtypes = {str(t) for t in loaded.evaluasi.opd.dtypes} | {
        str(t) for t in loaded.evaluasi.tindak_lanjut.dtypes
    }
    assert {"category", "Int64", "boolean", "datetime64[us]", "str", "object"} <= dtypes


def test_loaded_frames_can_be_changed_like_computed_ones(buku):
    konteks.load_context(buku, PERIODE)
    (path,) = Workbook.at(buku).cache.glob(f"context-*{cache.SUFFIX}")
    loaded = cache.read(path, konteks.Context)
    opd = loaded.evaluasi.opd
    opd.loc[opd.index[0], "rata_capaian"] = -1.0  # a notebook may change its own copy
    assert opd["rata_capaian"].iloc[0] == -1.0


def test_every_column_kind_round_trips(tmp_path):
    idx = pd.Index(["b", "a", "c"], name="kode")
    frame = pd.DataFrame(
        {
            "f": [1.5, np.nan, -np.inf],
            "i": np.array([1, 2, 3], dtype=np.int32),
            "b": [True, False, True],
            "I": pd.array([1, None, 3], dtype="Int64"),
            "B": pd.array([True, None, False], dtype="boolean"),
            "F": pd.array([0.5, None, 2.0], dtype="Float64"),
            "d": pd.to_datetime(["2026-01-31", None, "2026-10-01"]).as_unit("ns"),
            "t": pd.to_timedelta([1, 2, None], unit="D"),
            "s": pd.array(["x", None, "z"], dtype="str"),
            "S": pd.array(["x", None, "z"], dtype="string"),
            "c": pd.Categorical(["tinggi", None, "rendah"], categories=["rendah", "tinggi"]),
            "o": pd.Categorical([3, 1, 3], categories=[3, 1], ordered=True),
            "x": pd.Series(["teks", None, pd.NA], dtype=object, index=idx),
        },
        index=idx,
    )
    frame.insert(1, "f", [0.0, 1.0, 2.0], allow_duplicates=True)  # a repeated label
    frame.attrs = {"sumber": "uji"}
    path = tmp_path / f"uji-1{cache.SUFFIX}"

    @dataclasses.dataclass(frozen=True)
    class Kotak:
        frame: pd.DataFrame
        when: pd.Timestamp
        words: tuple[str, ...]
        where: Path

    isi = Kotak(frame, pd.Timestamp("2026-10-31 08:00"), ("a", "b"), Path("/x/y"))
    cache.write(path, isi)
    back = cache.read(path, Kotak)
    assert back is not None
    pd.testing.assert_frame_equal(back.frame, frame, check_exact=True)
    assert back.frame.attrs == {"sumber": "uji"}
    assert (back.when, back.words, back.where) == (isi.when, isi.words, isi.where)


def test_a_value_it_cannot_hold_is_not_cached(tmp_path):
    path = tmp_path / f"uji-1{cache.SUFFIX}"
    frame = pd.DataFrame({"p": pd.period_range("2026-01", periods=2, freq="M")})
    cache.write(path, frame)
    assert not path.exists()
    assert cache.read(path, pd.DataFrame) is None


class _Payload:
    """What an attacker with write access to a shared workbook folder would plant."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "kode dijalankan"))


def test_a_planted_pickle_is_never_run_and_the_context_is_recomputed(buku):
    benar = konteks.load_context(buku, PERIODE)
    folder = Workbook.at(buku).cache
    (path,) = folder.glob(f"context-*{cache.SUFFIX}")
    marker = buku / "DIRETAS.txt"
    payload = pickle.dumps(_Payload(marker))
    path.write_bytes(payload)  # at the name the reader looks for ...
    path.with_suffix(".pkl").write_bytes(payload)  # ... and at the old pickle name
    konteks.forget_contexts()
    _same(konteks.load_context(buku, PERIODE), benar)
    assert not marker.exists()
    assert path.read_bytes().startswith(cache.MAGIC)  # rewritten as data
    assert not list(folder.glob("*.pkl"))  # the old pickles are removed when a file is written


def _tamper(path: Path, change) -> None:
    data = path.read_bytes()
    start = len(cache.MAGIC) + 8
    (length,) = cache._LENGTH.unpack_from(data, len(cache.MAGIC))
    header = json.loads(data[start : start + length])
    change(header)
    text = json.dumps(header).encode()
    text += b" " * (-(start + len(text)) % 8)
    path.write_bytes(
        data[: len(cache.MAGIC)] + cache._LENGTH.pack(len(text)) + text + data[start + length :]
    )


def _name_a_class(header: dict, cls: str) -> None:
    header["tree"]["f"]["workbook"]["cls"] = cls


@pytest.mark.parametrize(
    "change",
    [
        lambda h: _name_a_class(h, "subprocess:Popen"),  # a class the context does not name
        lambda h: _name_a_class(h, "builtins:eval"),
        lambda h: h["buffers"][0].__setitem__(2, "|O"),  # an object array
        lambda h: h["buffers"][0].__setitem__(0, 10**12),  # beyond the end of the file
        lambda h: h["tree"].__setitem__("@", "pickle"),  # an unknown kind of value
        lambda h: h["tree"]["f"]["settings"]["f"].__setitem__("cap", -5),  # fails validation
    ],
    ids=["Popen", "eval", "object-array", "beyond-end", "unknown-tag", "invalid-settings"],
)
def test_a_tampered_file_is_recomputed_never_trusted(buku, change):
    benar = konteks.load_context(buku, PERIODE)
    (path,) = Workbook.at(buku).cache.glob(f"context-*{cache.SUFFIX}")
    _tamper(path, change)
    assert cache.read(path, konteks.Context) is None
    konteks.forget_contexts()
    _same(konteks.load_context(buku, PERIODE), benar)
    assert cache.read(path, konteks.Context) is not None  # rewritten whole


def test_a_file_of_another_kind_is_not_taken_for_a_context(buku):
    wb = Workbook.at(buku)
    konteks.load_context(buku, PERIODE)
    (ref_file,) = wb.cache.glob(f"referensi-*{cache.SUFFIX}")
    assert isinstance(cache.read(ref_file, Referensi), Referensi)
    # a Referensi file read as a Context: its classes are allowed there, the result is no Context
    assert cache.read(ref_file, konteks.Context) is None
    ref = load_reference(wb.reference, wb.cache)
    assert isinstance(ref, Referensi)


def test_truncated_or_foreign_bytes_are_not_read(tmp_path):
    path = tmp_path / f"uji-1{cache.SUFFIX}"
    cache.write(path, pd.DataFrame({"a": [1.0, 2.0]}))
    whole = path.read_bytes()
    for data in (whole[: len(whole) - 4], whole[:20], b"", b"PK\x03\x04" + whole[4:]):
        path.write_bytes(data)
        assert cache.read(path, pd.DataFrame) is None


def test_no_module_of_monev_imports_pickle_marshal_or_shelve():
    forbidden = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}
    found = []
    for path in Path(monev.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
                names = [getattr(a, "value", "") for a in node.args[:1]]
            found += [(path.name, n) for n in names if str(n).split(".")[0] in forbidden]
            if isinstance(node, ast.Attribute) and node.attr in ("read_pickle", "to_pickle"):
                found.append((path.name, node.attr))
    assert found == []
