"""The exchange's words: roles of sites, states of packages and conflicts, as the user reads them."""

from __future__ import annotations

import re
from enum import StrEnum


class SiteRole(StrEnum):
    COMMITTEE = "committee"  # 党委 (or 党总支): keeps every branch, the organisation and the settings
    BRANCH = "branch"  # a 党支部's own PC: keeps that branch's records


ROLE_LABELS = {SiteRole.COMMITTEE: "党委", SiteRole.BRANCH: "党支部"}


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


def direction_label(direction: str, sender_role: str) -> str:
    """上报 goes from a branch up to the committee, 下发 from the committee down."""
    return "上报" if sender_role == SiteRole.BRANCH else "下发"


class PackageStatus(StrEnum):
    SENT = "sent"  # written, not yet confirmed by the other side
    CONFIRMED = "confirmed"  # the other side said it merged it (an acknowledgement in its package)
    MERGED = "merged"  # read here and merged
    REFUSED = "refused"  # read here and refused; nothing of it was written


STATUS_LABELS = {PackageStatus.SENT: "待对方确认", PackageStatus.CONFIRMED: "对方已确认",
                 PackageStatus.MERGED: "已合并", PackageStatus.REFUSED: "已拒收"}


class ConflictKind(StrEnum):
    EDIT = "edit"  # changed on both sides
    DELETE = "delete"  # deleted for good on one side, changed on the other
    DUPLICATE = "duplicate"  # created on both sides (same 公民身份号码, same name under one organisation …)
    # a study record, 党费 … put under another member, one of the two no longer the sender's: it would
    # change another branch's figures, so it waits for the 党委 (services/exchange/scope_check.repointed)
    REPOINTED = "repointed"
    # 党费 of a month after the member moved out of the sending branch (its 上报 changed or added it):
    # the new branch's book, so it waits for the 党委 (services/exchange/late_months.py)
    AFTER_MOVE = "after_move"


CONFLICT_LABELS = {ConflictKind.EDIT: "两边都修改了", ConflictKind.DELETE: "一边删除、一边修改",
                   ConflictKind.DUPLICATE: "两边各新建了同一条记录",
                   ConflictKind.REPOINTED: "改到了另一名党员名下，待确认",
                   ConflictKind.AFTER_MOVE: "党员调出后登记的党费，待确认"}


class ConflictStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Resolution(StrEnum):
    LOCAL = "local"  # 保留本机版本
    REMOTE = "remote"  # 采用对方版本
    PEER = "peer"  # the other side decided, and its decision arrived in a package
    SUPERSEDED = "superseded"  # a later change on this PC already included both


RESOLUTION_LABELS = {Resolution.LOCAL: "保留本机版本", Resolution.REMOTE: "采用对方版本",
                     Resolution.PEER: "对方已处理", Resolution.SUPERSEDED: "已被后来的修改取代"}


# the package log's note of one of several packages of one 上报 (package_size.py), read back to tell a 上报
# merged only in part (services/exchange/kept.incomplete_reports)
_PART_NOTE = re.compile(r"^第 (\d+) 个，共 (\d+) 个")


def part_note(number: int, count: int) -> str:
    return f"第 {number} 个，共 {count} 个"


def read_part_note(note: str) -> tuple[int, int] | None:
    """(place, count) of the package the log's `note` is of; None for a 上报 sent as one package."""
    found = _PART_NOTE.match(note or "")
    return (int(found[1]), int(found[2])) if found else None
