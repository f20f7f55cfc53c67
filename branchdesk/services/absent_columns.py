"""Columns an imported file does not have (the rule the roster import set, commit 49db2ea).

A school's own ledger often leaves out optional columns (no 主办单位, no 备注, no 帮扶目标 …). Such a
column says nothing about the records already kept: a re-import that updates an existing record keeps
that record's stored value for every field whose column the file lacks, instead of reading the absent
column as blank and erasing it. A new record gets those fields blank, as before. The report names the
columns kept (kept_note), so nothing is silently left as it was either.

The readers (io.*_xlsx) tell which columns a file has: table.column_letters, canonical column name →
Excel letter, passed on with every row.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


def absent_fields(fields: Mapping[str, str], columns: Collection[str]) -> dict[str, str]:
    """The entries of `fields` (attribute → canonical column name) whose column is not in `columns`
    (the file's canonical column names), in `fields`' order."""
    return {attr: label for attr, label in fields.items() if label not in columns}


def with_stored(data: T, stored: Any, absent: Mapping[str, object], *,
                convert: Mapping[str, Callable[[Any], object]] | None = None) -> T:
    """`data` (a dataclass) with the stored values of the fields in `absent` (absent_fields): the
    value of `stored`'s attribute of the same name, through convert[attr] when the record keeps it in
    another form than the input (帮扶维度: "思想、业务" stored, a list typed)."""
    if not absent:
        return data
    convert = convert or {}
    return replace(data, **{attr: convert.get(attr, _same)(getattr(stored, attr)) for attr in absent})


def _same(value: object) -> object:
    return value


def kept_note(labels: Collection[str], count: int, records: str) -> str:
    """The report's sentence: "文件中没有“主办单位”、“备注”列：已有的 3 条学习培训记录的这些信息保持不变".
    `records` names what was kept, with its measure word ("条学习培训记录", "对结对")."""
    columns = "、".join(f"“{label}”" for label in labels)
    return f"文件中没有{columns}列：已有的 {count} {records}的这些信息保持不变"
