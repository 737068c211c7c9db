"""Derived data under ``data/cache/``, keyed by their inputs and by the monev code, in a data-only
format: reading a cache file never runs code from it.

A cache file (``<jenis>-<hash>.mvc``) is a JSON header followed by raw little-endian numeric
arrays. The header describes the value as a tree of plain values (text, numbers, lists), the
dataclasses listed by the reader (the type asked for and the dataclasses its fields name, nothing
else) and pandas frames column by column: numpy numbers and dates as an array, categoricals as codes
plus categories, nullable integers and booleans as values plus mask, text as a JSON list. Frames
come back exactly (dtypes included); a value of any other kind is simply not cached.

A file is named by the hash of its key, so a changed input or changed code simply misses. Writes
are atomic (readers see a whole file or none), the newest few files of a kind are kept, and a
damaged, unreadable, tampered or foreign file is recomputed, never trusted: it is only data, is
checked while it is read, and the dataclasses it names are built through their own validating
constructors. Deleting the folder is always safe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import struct
import sys
import typing
from functools import lru_cache
from pathlib import Path, PurePath

import numpy as np
import pandas as pd

from monev.data.files import atomic_write

SUFFIX = ".mvc"  # "monev cache"
MAGIC = b"MONEV-CACHE-1\n"
_LENGTH = struct.Struct("<Q")
_ALIGN = 8
_NUMPY_KINDS = "biufcmM"  # bool, int, uint, float, complex, timedelta, datetime: no objects
_MASKED = frozenset(
    {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"}
    | {"Float32", "Float64", "boolean"}
)


class NotCacheable(TypeError):
    """A value of a kind the cache format does not hold (it is then recomputed, not cached)."""


@lru_cache(maxsize=1)
def code_fingerprint() -> tuple:
    """The code a cache file was made with: version, pandas, Python and every monev source file."""
    import monev

    paket = Path(monev.__file__).parent
    files = sorted(paket.rglob("*.py"))
    return (
        monev.__version__,
        pd.__version__,
        np.__version__,
        sys.version,
        tuple((str(p.relative_to(paket)), p.stat().st_size, p.stat().st_mtime_ns) for p in files),
    )


def cache_file(folder: Path, kind: str, key: object) -> Path:
    """``folder/<kind>-<hash>.mvc`` for a JSON-able key (the code's fingerprint is added)."""
    text = json.dumps([key, code_fingerprint()], default=str)
    return folder / f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:32]}{SUFFIX}"


def read(path: Path, tipe: type) -> object | None:
    """The ``tipe`` stored at ``path``, or None when it is absent, unreadable, damaged, from other
    code, or not a ``tipe``."""
    try:
        with open(path, "rb") as fh:
            data = bytearray(fh.read())  # writable: frames built on it may be changed in place
    except OSError:  # absent, or data/cache unreadable: compute instead
        return None
    try:
        isi = decode(data, tipe)
    except Exception:  # damaged, tampered or foreign: recompute (the key makes this rare)
        return None
    return isi if isinstance(isi, tipe) else None


def write(path: Path, isi: object, keep: int = 8) -> None:
    """Store ``isi`` at ``path`` atomically; keep the newest ``keep`` files of its kind."""
    try:
        parts = encode(isi)
    except NotCacheable:
        return  # not cached: every reader computes it
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # atomic, and the temporary file is removed also when stopped half-way (the runner stops
        # a fork server it no longer needs)
        atomic_write(path, lambda fh: [fh.write(p) for p in parts])
        jenis = path.name.split("-", 1)[0]
        for lama in path.parent.glob(f"{jenis}-*.pkl"):  # pickles of earlier versions: never read
            lama.unlink(missing_ok=True)
        files = sorted(path.parent.glob(f"{jenis}-*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns)
        for p in files[:-keep]:
            p.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk only costs the next reader a recomputation


# ------------------------------------------------------------------------------------ writing


class _Writer:
    def __init__(self) -> None:
        self.buffers: list[bytes | memoryview] = []
        self.table: list[list] = []  # [offset, nbytes, dtype, length] per buffer
        self.size = 0

    def array(self, values: np.ndarray) -> int:
        values = np.ascontiguousarray(values)
        if values.dtype.kind not in _NUMPY_KINDS or values.ndim != 1:
            raise NotCacheable(f"array of {values.dtype}")
        if values.dtype.byteorder == ">":
            values = values.astype(values.dtype.newbyteorder("<"))
        data = values.view(np.uint8).data if values.nbytes else b""
        self.table.append([self.size, values.nbytes, values.dtype.str, len(values)])
        self.buffers.append(data)
        pad = -values.nbytes % _ALIGN
        if pad:
            self.buffers.append(b"\0" * pad)
        self.size += values.nbytes + pad
        return len(self.table) - 1

    def value(self, v: object) -> object:
        if v is None or isinstance(v, bool | str):
            return v
        if isinstance(v, int | float) and type(v) in (int, float):
            return v
        if isinstance(v, np.bool_):
            return bool(v)
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating):
            return float(v)
        if v is pd.NA:
            return {"@": "NA"}
        if v is pd.NaT:
            return {"@": "NaT"}
        if isinstance(v, pd.Timestamp):
            if v.tzinfo is not None:
                raise NotCacheable("timestamp with a time zone")
            return {"@": "ts", "v": v.isoformat(), "unit": v.unit}
        if isinstance(v, dt.datetime):
            if v.tzinfo is not None:
                raise NotCacheable("datetime with a time zone")
            return {"@": "datetime", "v": v.isoformat()}
        if isinstance(v, dt.date):
            return {"@": "date", "v": v.isoformat()}
        if isinstance(v, list):
            return [self.value(x) for x in v]
        if isinstance(v, tuple):
            return {"@": "tuple", "v": [self.value(x) for x in v]}
        if isinstance(v, frozenset | set):
            return {"@": type(v).__name__, "v": [self.value(x) for x in v]}
        if isinstance(v, dict):
            return {
                "@": "dict",
                "k": [self.value(k) for k in v],
                "v": [self.value(x) for x in v.values()],
            }
        if isinstance(v, PurePath):
            return {"@": "path", "v": str(v)}
        if isinstance(v, pd.DataFrame):
            return self.frame(v)
        if isinstance(v, pd.Series):
            return {
                "@": "series",
                "v": self.column(v),
                "index": self.index(v.index),
                "name": self.value(v.name),
            }
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            cls = type(v)
            return {
                "@": "dc",
                "cls": _class_name(cls),
                "f": {
                    f.name: self.value(getattr(v, f.name)) for f in dataclasses.fields(v) if f.init
                },
            }
        raise NotCacheable(type(v).__name__)

    def column(self, obj: pd.Series | pd.Index) -> dict:
        dtype, values = obj.dtype, obj.array
        if isinstance(dtype, pd.CategoricalDtype):
            return {
                "@": "cat",
                "codes": self.array(np.asarray(values.codes)),
                "cats": self.index(dtype.categories),
                "ordered": bool(dtype.ordered),
            }
        if isinstance(dtype, pd.StringDtype):
            return {
                "@": "str",
                "storage": dtype.storage,
                "na": "NA" if dtype.na_value is pd.NA else "nan",
                "v": values.to_numpy(dtype=object, na_value=None).tolist(),
            }
        if str(dtype) in _MASKED:
            numpy_dtype = dtype.numpy_dtype
            na = False if numpy_dtype.kind == "b" else 0
            return {
                "@": "masked",
                "dtype": str(dtype),
                "data": self.array(values.to_numpy(dtype=numpy_dtype, na_value=na)),
                "mask": self.array(np.asarray(values.isna(), dtype=bool)),
            }
        if isinstance(dtype, np.dtype) and dtype.kind in _NUMPY_KINDS:
            return {"@": "np", "b": self.array(obj.to_numpy())}
        if isinstance(dtype, np.dtype) and dtype.kind == "O":
            items = []
            for x in obj.to_numpy():
                if isinstance(x, list | tuple | set | frozenset | dict):
                    raise NotCacheable("container inside a column")
                items.append(self.value(x))
            return {"@": "obj", "v": items}
        raise NotCacheable(f"column of {dtype}")

    def index(self, index: pd.Index) -> dict:
        if isinstance(index, pd.MultiIndex):
            raise NotCacheable("MultiIndex")
        if type(index) is pd.RangeIndex:
            return {
                "@": "range",
                "r": [index.start, index.stop, index.step],
                "name": self.value(index.name),
            }
        return {"@": "index", "v": self.column(index), "name": self.value(index.name)}

    def frame(self, df: pd.DataFrame) -> dict:
        return {
            "@": "df",
            "index": self.index(df.index),
            "columns": self.index(df.columns),
            "data": [self.column(column) for _, column in df.items()],
            "attrs": self.value(dict(df.attrs)),
        }


def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def encode(isi: object) -> list[bytes | memoryview]:
    """The parts of a cache file holding ``isi`` (raises ``NotCacheable``)."""
    w = _Writer()
    tree = w.value(isi)
    try:
        header = json.dumps({"tree": tree, "buffers": w.table}, separators=(",", ":")).encode()
    except (TypeError, ValueError) as exc:
        raise NotCacheable(str(exc)) from None
    header += b" " * (-(len(MAGIC) + _LENGTH.size + len(header)) % _ALIGN)
    return [MAGIC, _LENGTH.pack(len(header)), header, *w.buffers]


# ------------------------------------------------------------------------------------ reading


@lru_cache(maxsize=16)
def allowed_classes(tipe: type) -> dict[str, type]:
    """``tipe`` and every dataclass its fields name, recursively: the only classes a cache file
    read as a ``tipe`` may build."""
    out: dict[str, type] = {}

    def visit(hint: object) -> None:
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            name = _class_name(hint)
            if name in out:
                return
            out[name] = hint
            for sub in typing.get_type_hints(hint).values():
                visit(sub)
        for arg in typing.get_args(hint):
            visit(arg)

    visit(tipe)
    return out


class _Reader:
    def __init__(self, data: bytearray, table: list, classes: dict[str, type], start: int) -> None:
        self.data = data
        self.table = table
        self.classes = classes
        self.start = start

    def array(self, i: int) -> np.ndarray:
        offset, nbytes, dtype, length = self.table[i]
        dtype = np.dtype(dtype)
        if dtype.kind not in _NUMPY_KINDS or dtype.itemsize * length != nbytes or offset < 0:
            raise ValueError("bad buffer")
        if self.start + offset + nbytes > len(self.data):
            raise ValueError("buffer beyond the end of the file")
        return np.frombuffer(self.data, dtype=dtype, count=length, offset=self.start + offset)

    def value(self, v: object) -> object:
        if isinstance(v, list):
            return [self.value(x) for x in v]
        if not isinstance(v, dict):
            return v  # None, bool, int, float, str
        tag = v["@"]
        if tag == "df":
            return self.frame(v)
        if tag == "dc":
            cls = self.classes[v["cls"]]  # KeyError for any class not allowed
            return cls(**{k: self.value(x) for k, x in v["f"].items()})
        if tag == "tuple":
            return tuple(self.value(x) for x in v["v"])
        if tag == "frozenset":
            return frozenset(self.value(x) for x in v["v"])
        if tag == "set":
            return {self.value(x) for x in v["v"]}
        if tag == "dict":
            return dict(zip(map(self.value, v["k"]), map(self.value, v["v"]), strict=True))
        if tag == "path":
            return Path(v["v"])
        if tag == "NA":
            return pd.NA
        if tag == "NaT":
            return pd.NaT
        if tag == "ts":
            return pd.Timestamp(v["v"]).as_unit(v["unit"])
        if tag == "datetime":
            return dt.datetime.fromisoformat(v["v"])
        if tag == "date":
            return dt.date.fromisoformat(v["v"])
        if tag == "series":
            return pd.Series(
                self.column(v["v"]), index=self.index(v["index"]), name=self.value(v["name"])
            )
        raise ValueError(f"unknown tag {tag!r}")

    def column(self, v: dict):
        tag = v["@"]
        if tag == "np":
            return self.array(v["b"])
        if tag == "cat":
            dtype = pd.CategoricalDtype(self.index(v["cats"]), ordered=bool(v["ordered"]))
            return pd.Categorical.from_codes(self.array(v["codes"]), dtype=dtype)
        if tag == "str":
            if v["storage"] not in ("python", "pyarrow"):
                raise ValueError("bad string storage")
            dtype = pd.StringDtype(v["storage"], na_value=pd.NA if v["na"] == "NA" else np.nan)
            values = v["v"]
            if not set(map(type, values)) <= {str, type(None)}:
                raise ValueError("text column with non-text values")
            return pd.array(values, dtype=dtype)
        if tag == "masked":
            if v["dtype"] not in _MASKED:
                raise ValueError("bad nullable dtype")
            dtype = pd.api.types.pandas_dtype(v["dtype"])
            data, mask = self.array(v["data"]), self.array(v["mask"])
            if data.dtype != dtype.numpy_dtype or mask.dtype != np.bool_ or len(data) != len(mask):
                raise ValueError("bad nullable column")
            return dtype.construct_array_type()(data, mask)
        if tag == "obj":
            items = v["v"]
            if any(isinstance(x, dict | list) for x in items):
                items = [self.value(x) for x in items]
                if any(isinstance(x, list | tuple | set | frozenset | dict) for x in items):
                    raise ValueError("container inside a column")
            out = np.empty(len(items), dtype=object)
            out[:] = items
            return out
        raise ValueError(f"unknown column tag {tag!r}")

    def index(self, v: dict) -> pd.Index:
        name = self.value(v["name"])
        if v["@"] == "range":
            start, stop, step = v["r"]
            return pd.RangeIndex(int(start), int(stop), int(step), name=name)
        values = self.column(v["v"])
        return pd.Index(values, dtype=values.dtype, name=name, copy=False)

    def frame(self, v: dict) -> pd.DataFrame:
        index = self.index(v["index"])
        columns = self.index(v["columns"])
        data = [self.column(c) for c in v["data"]]
        if len(data) != len(columns) or any(len(c) != len(index) for c in data):
            raise ValueError("frame shape")
        # object columns as Series: a bare object array of text would be inferred as ``str``
        data = [
            pd.Series(c, index=index, dtype=object, copy=False)
            if isinstance(c, np.ndarray) and c.dtype == object
            else c
            for c in data
        ]
        df = pd.DataFrame(dict(enumerate(data)), index=index, copy=False)
        df.columns = columns
        attrs = self.value(v["attrs"])
        if attrs:
            df.attrs = attrs
        return df


def decode(data: bytearray, tipe: type) -> object:
    """The value a cache file's bytes hold, building only ``allowed_classes(tipe)``."""
    if not data.startswith(MAGIC):
        raise ValueError("not a monev cache file")
    (length,) = _LENGTH.unpack_from(data, len(MAGIC))
    start = len(MAGIC) + _LENGTH.size
    if start + length > len(data):
        raise ValueError("truncated header")
    header = json.loads(bytes(data[start : start + length]))
    reader = _Reader(data, header["buffers"], allowed_classes(tipe), start + length)
    return reader.value(header["tree"])
