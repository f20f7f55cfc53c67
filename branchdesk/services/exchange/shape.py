"""The shape of a package's records, checked before anything is merged (merge.py): a known table, a
well-formed id and version, exactly the columns this version of BranchDesk carries, and the rows that
belong to a record of the kinds its table has. Anything else refuses the whole package."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from branchdesk.db.stored_file import MB
from branchdesk.domain.exchange import versions
from branchdesk.domain.file_names import safe_file_name
from branchdesk.services.exchange.envelope import PackageRefused
from branchdesk.services.exchange.labels import record_label, table_label
from branchdesk.services.exchange.tables import TableInfo, children_of, registry

_GID = re.compile(r"^[0-9a-f]{32}$")


def refuse(message: str) -> PackageRefused:
    return PackageRefused("content", f"数据包内容有误，已拒收，没有写入任何内容：{message}")


def validate(unit: Any, package: Mapping[Any, Any] | None = None) -> dict[str, Any]:
    """The shape of one record in a package; an error names what is wrong. `package`: its records by
    gid, to name the record a file belongs to (an activity's material by its activity)."""
    if not isinstance(unit, dict):
        raise refuse("记录格式不对")
    name, gid = unit.get("t"), unit.get("g")
    table = registry().get(name) if isinstance(name, str) else None
    if table is None or table.parent is not None:
        raise refuse(f"未知的记录类别“{name}”（两边的 BranchDesk 版本可能不同）")
    if not isinstance(gid, str) or not _GID.match(gid):
        raise refuse("记录编号格式不对")
    try:
        vector = versions.loads(versions.dumps(unit.get("vv") or {}))
    except (TypeError, ValueError) as exc:
        raise refuse("版本信息格式不对") from exc
    if not vector:
        raise refuse("记录缺少版本信息")
    if unit.get("del"):
        return unit
    _from_older_version(table, unit)
    _check_row(table, unit.get("row"), unit.get("w"))
    _check_file(table, unit["row"], owner_label(table, unit["row"], package or {}))
    if unit.get("part"):
        if unit.get("kids"):
            raise refuse("部分记录不应带有附属记录")
        return unit
    kids = unit.get("kids") or {}
    allowed = {child.name: child for child in children_of(table.name)}
    if not isinstance(kids, dict) or set(kids) - set(allowed):
        raise refuse(f"“{name}”的附属记录类别不对")
    for child_name, entries in kids.items():
        if not isinstance(entries, list):
            raise refuse("附属记录格式不对")
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("g"), str) or not _GID.match(entry["g"]):
                raise refuse("附属记录编号格式不对")
            _from_older_version(allowed[child_name], entry)
            _check_row(allowed[child_name], entry.get("row"), entry.get("w"))
            _check_file(allowed[child_name], entry["row"], record_label(table.name, unit["row"]))
    return unit


def _from_older_version(table: TableInfo, entry: dict[str, Any]) -> None:
    """A row from a version before a column was added (`TableInfo.added_columns`) lacks it: it is read
    as withheld, so this side keeps its value and a new record has none (a reason for a gap from
    before reasons had a 党小组 is the whole branch's: MeetingExemption)."""
    row, withheld = entry.get("row"), entry.get("w") or []
    if not isinstance(row, dict) or not isinstance(withheld, list):
        return  # _check_row refuses it
    missing = [name for name in table.added_columns if name not in row and name not in withheld]
    if missing:
        entry["w"] = sorted({*withheld, *missing})


def _check_row(table: TableInfo, row: Any, withheld: Any) -> None:
    if not isinstance(row, dict):
        raise refuse(f"“{table.name}”的内容格式不对")
    withheld = withheld or []
    if not isinstance(withheld, list) or not set(withheld) <= set(table.carried):
        raise refuse(f"“{table.name}”的保留字段不对")
    expected = set(table.carried) - set(withheld)
    if set(row) != expected:
        missing, extra = sorted(expected - set(row)), sorted(set(row) - expected)
        raise refuse(f"“{table.name}”的字段与本机不一致（缺 {missing}，多 {extra}），两边的 BranchDesk 版本可能不同")


def owner_label(table: TableInfo, row: dict[str, Any], package: Mapping[Any, Any]) -> str:
    """The record a file of its own belongs to, when the package carries it (the most specific
    reference first: an activity before its pair); "" when not."""
    if table.stored_file is None:
        return ""
    for ref in reversed(table.references):
        owner = package.get(row.get(ref.column)) if isinstance(row.get(ref.column), str) else None
        if isinstance(owner, dict) and isinstance(owner.get("row"), dict):
            return record_label(ref.target, owner["row"])
    return ""


def _check_file(table: TableInfo, row: dict[str, Any], record: str) -> None:
    """A file kept in the database (db/stored_file.py) is held to the limit the window keeps when it is
    added, and must be the size it declares — checked on its base64 text, before it is decoded
    (trial R, TR-3: a 270 KB package carried a 200 MB file). `record`: the record it belongs to."""
    spec = table.stored_file
    data = row.get(spec.content) if spec is not None else None
    if spec is None or data is None:
        return  # no file kept (only a title registered), or the sender withheld it
    name = safe_file_name(str(row.get(spec.name) or ""), "（无名称）")
    what = f"{record + '的' if record else ''}{table_label(table.name)}“{name}”"
    if not isinstance(data, str) or len(data) % 4:
        raise refuse(f"{what}的内容格式不对")
    length = len(data) // 4 * 3 - data[-2:].count("=")
    if length > spec.limit:
        raise refuse(f"{what}有 {length / MB:.1f} MB，超过每个附件 {spec.limit_words} 的上限（在本机添加附件也不能超过）")
    declared = row.get(spec.size)
    if declared != length:
        raise refuse(f"{what}的实际大小（{length} 字节）与记明的大小（{declared} 字节）不符，文件可能被改动过")
