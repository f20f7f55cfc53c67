"""Checking the change history against what was written down outside the database (issue 21): the
anchor beside the file and the history recorded in each backup's sidecar (db/anchor.py explains
what they are and what each can prove). Read-only; findings in plain Chinese."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from branchdesk.db import anchor, backup_info

PLAIN_NOTE = ("数据库未加密，锚点和备份清单也未签名：它们能发现误删或截断的修改记录、损坏，以及不了解锚点的人所做的"
              "改动；但能改写数据库文件的人，同样能改写锚点文件和备份清单，这样的改动无法发现。启用加密后锚点用由"
              "数据密钥派生的密钥签名。")
ENCRYPTED_NOTE = ("数据库已加密：锚点和备份清单用由数据密钥派生的密钥签名，没有密码的人无法改动数据库，也无法伪造锚点；"
                  "把整个文件换成较旧的副本，会被较新的锚点或备份清单发现。知道密码的人仍能改写一切。")


@dataclass
class WitnessReport:
    findings: list[str] = field(default_factory=list)
    note: str = ""  # what these checks can and cannot prove, for this database
    anchored: str = ""  # e.g. 锚点：第 1234 条修改记录（2026-12-03 08:00 记下）
    backups_compared: int = 0


def _manifest_history(path: Path) -> tuple[datetime, backup_info.History] | None:
    """A backup's recorded history from its sidecar only (no backup is opened here)."""
    sidecar = path.with_name(path.name + ".json")
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        history = data.get("history")
        if not isinstance(history, dict):
            return None
        return datetime.fromisoformat(str(data["created"])), backup_info.History(**history)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check(database: Path, connection: Any, data_key: bytes | None, folder: Path | None) -> WitnessReport:
    """Compare the chain behind `connection` (the open database) with its anchor and backups."""
    report = WitnessReport(note=ENCRYPTED_NOTE if data_key is not None else PLAIN_NOTE)
    first = anchor.first_hash(connection)
    try:
        found = anchor.read(database)
    except anchor.AnchorDamaged:
        found = None
        report.findings.append(f"锚点文件“{anchor.anchor_file(database).name}”已损坏，无法核对")
    since = ""
    if found is not None:
        since = found.since
        report.anchored = f"锚点：第 {found.head.id} 条修改记录（{found.at.replace('T', ' ')} 记下）"
        problem = anchor.signature_problem(found, data_key)
        if problem and anchor.forged(found, data_key):
            report.findings.append(f"锚点文件{problem}")
        elif problem:
            report.anchored += f"；锚点{problem}，以备份清单为准"
            since = ""
        chained = anchor.chain_problem(connection, found.head, what="锚点文件")
        if chained:
            report.findings.append(chained)
    if folder is None or first is None:
        return report
    for path, created, _reason in backup_info.backup_files(folder, database.stem):
        manifest = _manifest_history(path)
        if manifest is None or manifest[1].first != first or (since and created.isoformat() < since):
            continue  # not this database's chain, or from before the last restore (another line)
        when, history = manifest
        report.backups_compared += 1
        what = f"备份“{path.name}”"
        if data_key is not None and history.signature_ok(data_key, when) is False:
            report.findings.append(f"{what}的清单签名不符（清单被改动过）")
            continue
        chained = anchor.chain_problem(connection, anchor.Head(history.head_id, history.head_hash), what=what)
        if chained:
            report.findings.append(chained)
    if found is None and first is not None:
        report.anchored = (f"没有锚点文件（已与 {report.backups_compared} 个备份清单核对）" if report.backups_compared
                           else "还没有锚点（关闭数据库或备份后写下）")
    return report
