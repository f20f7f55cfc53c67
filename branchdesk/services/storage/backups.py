"""Backups as the user sees them (设置 → 备份与恢复, `branchdesk backup` / `restore`), issue 8.

Every function returns plain DTOs (date, size, record counts) so the window can list backups before a
restore. Restoring needs the database closed: the window closes its `Database`, calls
`restore_backup(path, backup)`, then opens the database again (which migrates an older backup).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from branchdesk import paths
from branchdesk.db import backup as store
from branchdesk.db import (
    backup_info,
    backup_owners,
    backup_rotation,
    cipher,
    file_checks,
    identity,
    safe_copy,
)
from branchdesk.db import files as dbfiles
from branchdesk.db import sealed_backup as sealed
from branchdesk.db.engine import Database
from branchdesk.db.migrate import known_revisions
from branchdesk.db.problems import explain_os_error
from branchdesk.db.queries import get_setting, set_setting
from branchdesk.db.restore import (
    OtherDatabase,
    RestoreResult,
    RestoreSource,
    file_source,
    restore,
    restore_file,
)
from branchdesk.services.errors import ServiceError
from branchdesk.services.storage import backup_imports

# table -> what the user calls its rows; tables not listed are counted under their own name
TABLE_LABELS = {
    "members": "党员", "member_moves": "组织关系变动", "organisations": "党组织", "org_names": "党组织曾用名", "committee_posts": "支委任职",
    "meetings": "会议", "meeting_attendance": "出席记录", "meeting_kinds": "会议形式", "meeting_attachments": "会议附件",
    "meeting_exemptions": "会议情况说明", "meeting_history": "会议修改记录", "meeting_plans": "年度计划",
    "meeting_review_results": "民主评议结果", "dev_records": "发展党员", "dev_steps": "发展步骤",
    "dev_people": "联系人与介绍人", "dev_reviews": "培养考察", "dev_documents": "发展材料",
    "mentoring_pairs": "结对", "mentoring_activities": "帮扶活动", "mentoring_attachments": "帮扶附件",
    "mentoring_outcomes": "帮扶成效", "mentoring_evaluations": "年度考核", "rect_ledgers": "整改台账",
    "rect_problems": "整改问题", "rect_measures": "整改措施", "rect_progress": "整改进展", "rect_evidence": "佐证材料",
    "rect_history": "整改修改记录", "study_records": "学习培训记录", "finding_notes": "检查结果说明", "change_log": "修改记录",
    "settings": "设置", "dues_brackets": "党费比例修订", "dues_bases": "党费缴费基数", "dues_payments": "党费交纳",
    "dues_payment_months": "党费交纳月份", "dues_hand_ups": "党费上缴",
    "member_discipline": "党纪处分", "member_not_expected": "不计入应到会", "meeting_votes": "表决情况", "annual_summary_texts": "年度工作总结",
    # 数据包 (issue 20): the exchange's book-keeping, not records
    "exchange_site": "数据交换站点", "exchange_peers": "交换对象", "exchange_units": "数据交换版本",
    "exchange_packages": "数据包记录", "exchange_conflicts": "数据交换冲突",
}
# the user's records (`backup_rotation.is_record_table`): what the list's "共 N 条记录", a restore's
# confirmation and its "与恢复前相比" count — not the edit histories, settings or exchange book-keeping
is_record_table = backup_rotation.is_record_table
# what a backup holds, told by the record areas a secretary knows — each by its main kind of record
# and the word it is counted in; every other record (出席记录, 发展步骤 …) is summed as 明细, and the
# program's own tables are never named (re-trial 11, N-5)
AREAS = (("organisations", "党组织", "个"), ("members", "党员", "人（含已离开）"), ("meetings", "会议", "次"),
         ("study_records", "学习培训记录", "条"), ("dev_records", "发展党员", "人"),
         ("mentoring_pairs", "结对", "对"), ("mentoring_activities", "帮扶活动", "次"),
         ("rect_ledgers", "整改台账", "个"), ("rect_problems", "整改问题", "个"), ("rect_measures", "整改措施", "项"),
         ("dues_payments", "党费交纳", "笔"))


class BackupFailed(ServiceError):
    """A backup or restore did not happen; the database is as it was (the message says why)."""


class OtherDatabaseFailed(BackupFailed):
    """A restore not done because the file is another database than this one's backup (another
    school's, a branch's own): done only when asked again with `other_database=True`."""


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    file_name: str
    created: datetime
    reason: str  # Chinese: 每日自动备份, 导入前 …
    size: int  # bytes
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows (those in the 回收站 too)
    records: int = 0  # rows of the user's data outside the 回收站 (history and settings not counted)
    members: int | None = None  # member rows: those who left and those in the 回收站 too
    on_roster: int | None = None  # 在册 members; None: not known (a sealed or locked backup, TY-10)
    live: dict[str, int] | None = None  # table -> rows outside the 回收站; None: not known
    ok: bool | None = None  # None: not checked (listing is fast, or encrypted and locked); True/False checked
    encrypted: bool = False  # a SQLCipher backup (opens with the database's password or recovery key)
    note: str = ""  # what it was taken before: the file an import read; "" none

    @property
    def kind(self) -> str:
        """Its kind as the list and the questions name it: "导入前（三会一课台账2026.xlsx）" — seven
        backups "01:55 导入前" one under the other could not be told apart (1366×768 pass)."""
        return f"{self.reason}（{self.note}）" if self.note else self.reason

    @property
    def summary(self) -> str:
        """One line for a list: 2026-11-25 08:00 每日自动备份 · 1.2 MB · 在册党员 86 人 · 共 412 条记录 — the
        members 在册, not the rows (which count those who left, TY-10); unknown ones said so."""
        size = f"{self.size / 1_048_576:.1f} MB" if self.size >= 1_048_576 else f"{max(self.size // 1024, 1)} KB"
        members = (f" · 在册党员 {self.on_roster} 人" if self.on_roster is not None
                   else " · 在册党员人数未知" if self.members is not None else "")
        locked = " · 已加密" if self.encrypted else ""
        records = f"共 {self.records} 条记录" if self.counts or self.live is not None else "记录数未知"
        return f"{self.created:%Y-%m-%d %H:%M} {self.kind}{locked} · {size}{members} · {records}"

    def labelled_counts(self) -> dict[str, int]:
        """The user's records per kind as the user calls it (`is_record_table`: no history, setting or
        exchange table), outside the 回收站 when that is known."""
        counts = self.live if self.live is not None else self.counts
        return {_count_label(t): n for t, n in sorted(counts.items()) if is_record_table(t)}

    def contents_text(self) -> str:
        """What the backup holds, by record area: "党组织 5 个，党员 10 人（含已离开），会议 1 次；另有出席记录、
        会议形式等明细 9 条" — the figures `records` sums, the program's own tables never named (N-5)."""
        counts = self.live if self.live is not None else self.counts
        if not counts:
            return "记录数未知（无法读取这个备份）"
        left = {t: n for t, n in counts.items() if is_record_table(t) and n}
        if not left:
            return "没有任何记录"
        told = "，".join(f"{label} {left.pop(table)} {unit}" for table, label, unit in AREAS if table in left)
        kinds = sorted(left, key=lambda t: (-left[t], t))  # the rest, named by the largest two kinds
        rest = ("、".join(_count_label(t) for t in kinds[:2]) + ("等明细" if len(kinds) > 2 else "")
                + f" {sum(left.values())} 条") if left else ""
        text = f"{told}；另有{rest}" if told and rest else told or rest
        return text + ("（含回收站中的记录）" if self.live is None else "")


def changes(before: BackupEntry, after: BackupEntry) -> list[tuple[str, int]]:
    """(kind of record, how many more or fewer) from `before` to `after`, as the user sees records
    (outside the 回收站); [] when either's figures are not known."""
    if before.live is None or after.live is None:
        return []
    tables = sorted(set(before.live) | set(after.live))
    deltas = [(t, after.live.get(t, 0) - before.live.get(t, 0)) for t in tables if is_record_table(t)]
    return [(_count_label(t), d) for t, d in deltas if d]


def _count_label(table: str) -> str:
    """A table's rows named for a count: the member rows hold those who left too (TY-10)."""
    return "党员（含已离开）" if table == "members" else TABLE_LABELS.get(table, table)


@dataclass(frozen=True)
class RestoreOutcome:
    restored: BackupEntry
    safety_backup: BackupEntry | None
    moved_aside: Path | None
    plain_now: bool = False  # restored onto a PC without a database: stored unencrypted

    def to_text(self) -> str:
        lines = [f"已从备份恢复：{self.restored.summary}", f"备份中的记录：{self.restored.contents_text()}"]
        if self.restored.records == 0:
            lines.append("注意：这个备份中没有任何记录。如果选错了备份，请从“恢复前”的备份再恢复一次。")
        if self.safety_backup:
            lines += self._difference(self.safety_backup)
        if self.safety_backup:
            lines.append(f"恢复前的数据库已先备份为：{self.safety_backup.path}（保留 {backup_rotation.PIN_DAYS} 天）")
        if self.moved_aside:
            lines.append(f"原来损坏的数据库已改名保存为：{self.moved_aside}")
        if self.plain_now:
            lines.append("恢复后的数据库未加密。如需加密，请在“设置 → 数据加密”中启用（或 branchdesk encryption enable）。")
        return "\n".join(lines)

    def _difference(self, before: BackupEntry) -> list[str]:
        """What the restore changed, per kind of record ("会议 +1"), as the user sees records (TY-10:
        a restore bringing a deleted meeting back read "少了 1 条记录")."""
        changed = changes(before, self.restored)
        if changed:
            told = "，".join(f"{label} {delta:+d}" for label, delta in changed)
            lines = [f"与恢复前相比：{told}（不含回收站中的记录）。"]
            if any(delta < 0 for _label, delta in changed):
                lines.append("恢复后有些记录比恢复前少。如选错了文件，可从下面“恢复前”的备份再恢复一次。")
            return lines
        if before.live is not None and self.restored.live is not None:
            return ["恢复前后的记录条数相同。"]
        if before.records > self.restored.records:  # figures of an older backup: the total only
            return [f"恢复后的记录比恢复前少 {before.records - self.restored.records} 条（恢复前 {before.records} 条，"
                    f"现在 {self.restored.records} 条）。如选错了文件，可从下面“恢复前”的备份再恢复一次。"]
        return []


def _entry(info: backup_info.BackupInfo, ok: bool | None = None) -> BackupEntry:
    records = backup_rotation.data_records(info.live if info.live is not None else info.counts)
    return BackupEntry(path=info.path, file_name=info.path.name, created=info.created,
                       reason=backup_info.REASONS.get(info.reason, info.reason), size=info.size,
                       counts=dict(info.counts), records=records, members=info.counts.get("members"), ok=ok,
                       encrypted=cipher.is_encrypted(info.path), on_roster=info.on_roster,
                       live=dict(info.live) if info.live is not None else None, note=info.note)


def _path_of(db: Database | Path | str) -> Path:
    if isinstance(db, Database):
        if db.path is None:
            raise BackupFailed("只有本机数据库文件才能备份")
        return db.path
    return Path(db).expanduser().resolve()


def backup_folder(db: Database | Path | str) -> Path:
    return store.configured_folder(_path_of(db))


def set_backup_folder(db: Database, folder: Path | str | None) -> Path:
    """Choose the backup folder (e.g. a USB drive); None or '' goes back to the default. The folder
    must exist or be creatable and writable now, otherwise nothing changes."""
    text = str(folder).strip() if folder is not None else ""
    target = Path(text).expanduser() if text else paths.backup_folder()
    try:
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target, prefix=".branchdesk-test-"):
            pass
    except OSError as exc:
        raise BackupFailed("不能使用这个备份文件夹：" + explain_os_error(exc, target)) from exc
    with db.session() as session:
        set_setting(session, store.SETTING_KEY, str(target) if text else "")
    return target


def current_backup_folder_setting(db: Database) -> str:
    with db.session() as session:
        return get_setting(session, store.SETTING_KEY, "")


def backup_now(db: Database | Path | str, *, out: Path | str | None = None, reason: str = "manual",
               note: str = "") -> BackupEntry:
    """Back up now: to `out` if given (a file the user chose), else into the backup folder (rotated);
    `note`: what it is taken before (the file an import reads), shown with its kind."""
    source = _path_of(db)
    try:
        if out is not None:
            target = Path(out).expanduser()
            if target.resolve() == source:
                raise BackupFailed("备份文件不能与数据库是同一个文件")
            _may_write_over(source, target)
            safe_copy.copy_database(source, target)
            return _entry(backup_info.describe(target, created=datetime.now(), reason=reason), ok=True)
        return _entry(store.make_backup(source, reason, note=note), ok=True)
    except safe_copy.BackupError as exc:
        raise BackupFailed(str(exc)) from exc


def _may_write_over(source: Path, target: Path) -> None:
    """A backup to a file the user named writes over an earlier backup of this database only, never
    over another database (a branch's own file on a USB drive) or another file (BackupFailed)."""
    if not target.exists():
        return
    keep = f"“{target}”已存在，没有覆盖。请换一个文件名，或先把它移走。"
    if not target.is_file() or not dbfiles.is_database_file(target):
        raise BackupFailed(f"“{target}”已存在，它不是数据库文件，没有覆盖。请换一个文件名，或先把它移走。")
    theirs = backup_owners.chain_of(target)  # the change history's chain names the database (db/anchor.py)
    if theirs is None:
        raise BackupFailed(f"无法确认“{target}”是这个数据库的备份（加密且打不开，或没有修改记录）。{keep}")
    if theirs != backup_owners.chain_of(source):
        raise BackupFailed(f"“{target}”是另一个数据库（不是这个数据库的备份）。{keep}")


@contextlib.contextmanager
def backup_before_writing(db: Database, reason: str = "before-import", *, file: Path | str | None = None) -> Iterator[None]:
    """The automatic backup before an import writes, taken when it is about to write: after the file
    was read and every row checked, so a refused import makes no backup and cannot rotate good
    ones away (issue 21). It names the `file` imported (its name only). Nothing for a database that
    is not a local file."""
    if db.path is None:
        yield
        return
    note = Path(file).name if file is not None else ""
    with db.before_first_write(lambda: backup_now(db, reason=reason, note=note)):
        yield


def list_backups(db: Database | Path | str, *, check: bool = False) -> list[BackupEntry]:
    """The automatic backups of this database, newest first (not those of another database with the
    same file name: `backup_owners.own_backups`); `check` runs integrity_check on each."""
    source = _path_of(db)
    read: list[backup_info.BackupInfo | Path] = []
    checked: dict[Path, bool | None] = {}
    for path, _, _ in backup_owners.own_backups(source, store.configured_folder(source)):
        result = file_checks.check_file(path) if check else None
        checked[path] = None if result in (None, file_checks.NEEDS_KEY) else result == "ok"  # locked: asked at restore
        try:
            read.append(backup_info.read_info(path))
        except Exception:  # noqa: BLE001 - an unreadable backup is listed as unusable, not hidden
            read.append(path)
    infos = [info for info in read if isinstance(info, backup_info.BackupInfo)]
    notes = backup_imports.imported_areas(source, infos)  # an older before-import backup: its import
    entries: list[BackupEntry] = []
    for info in read:
        if isinstance(info, Path):
            match_time = datetime.fromtimestamp(info.stat().st_mtime)
            entries.append(BackupEntry(path=info, file_name=info.name, created=match_time, reason="无法读取",
                                       size=info.stat().st_size, ok=False))
            continue
        note = notes.get(info.path)
        entries.append(_entry(replace(info, note=note) if note else info, checked[info.path]))
    return entries


def good_backups(db: Database | Path | str, *, limit: int | None = None) -> list[BackupEntry]:
    """Backups that pass their own integrity_check, newest first: what to offer after damage."""
    source = _path_of(db)
    return [_entry(info, ok=file_checks.check_file(info.path) == "ok" or None)
            for info in store.good_backups(source, limit=limit, last_state=True)]


def backup_encrypted(db: Database | Path | str, out: Path | str, password: str) -> BackupEntry:
    """An encrypted package of the database for a USB drive (Argon2id key, AES-256-GCM)."""
    source = _path_of(db)
    target = Path(out).expanduser()
    if target.exists() and not (target.is_file() and sealed.is_sealed(target)):
        raise BackupFailed(f"“{target}”已存在，它不是加密备份，没有覆盖。请换一个文件名，或先把它移走。")
    try:
        info = sealed.seal(source, target, password)
    except safe_copy.BackupError as exc:
        raise BackupFailed(str(exc)) from exc
    return _sealed_entry(Path(out).expanduser(), info)


SEALED = "加密备份"  # a package made with 加密备份到文件 (`backup_encrypted`)


def _sealed_entry(path: Path, info: sealed.SealedInfo) -> BackupEntry:
    """A sealed package told by its header (readable without its password): its time, and its
    figures as far as the header holds them — an older package's 在册党员 and 回收站 are unknown."""
    return BackupEntry(path=path, file_name=path.name, created=info.created, reason=SEALED,
                       size=path.stat().st_size, counts=info.counts, live=info.live, on_roster=info.on_roster,
                       records=backup_rotation.data_records(info.live if info.live is not None else info.counts),
                       members=info.counts.get("members"), ok=None, encrypted=True)


def describe_file(path: Path | str) -> BackupEntry | None:
    """A file picked to restore from (从文件恢复…, a USB drive's), told as the list tells a backup — its
    kind, 在册党员 and what it holds by record area — so the question says what it would bring back,
    not only its path. Read as the restore reads it, leaving nothing beside it on the drive; a sealed
    package by its header, which its password is not needed for. None when that cannot be known
    before the restore: a locked or damaged file, a damaged package, or no BranchDesk database (the
    restore then says what it is)."""
    target = Path(path).expanduser()
    if not target.is_file():
        return None
    if sealed.is_sealed(target):
        try:
            return _sealed_entry(target, sealed.read_sealed_info(target))
        except (safe_copy.BackupError, OSError, KeyError, ValueError, TypeError):
            return None
    unreadable: tuple[type[BaseException], ...] = (safe_copy.BackupError, OSError, *_unreadable())
    try:
        connection = file_source(target).connect()
    except unreadable:
        return None
    try:
        if not identity.identify(connection, known_revisions()).is_branchdesk:
            return None
        counts, live = file_checks.record_counts(connection), file_checks.live_counts(connection)
        on_roster = file_checks.members_on_roster(connection)
    except unreadable:
        return None
    finally:
        connection.close()
    code = backup_info.backup_reason(target)
    return BackupEntry(path=target, file_name=target.name, created=_created(target),
                       reason=backup_info.REASONS.get(code, code) if code else "数据库文件（不是本软件的备份）",
                       size=target.stat().st_size, counts=counts, records=backup_rotation.data_records(live),
                       members=counts.get("members"), on_roster=on_roster, live=live,
                       encrypted=cipher.is_encrypted(target))


def is_encrypted_backup(path: Path | str) -> bool:
    return sealed.is_sealed(Path(path))


def restore_backup(database: Path | str, backup: Path | str, *, password: str | None = None,
                   other_database: bool = False) -> RestoreOutcome:
    """Replace the (closed) database by `backup` (a plain or an encrypted one; the latter needs its
    password); the current database is backed up first (or, if damaged, renamed aside). Raises
    BackupFailed with the reason; the database is then unchanged. Only a BranchDesk database is
    accepted (db/identity.py); a sealed package is opened in memory and its data written straight
    into the restored file — encrypted when the database is — never into a plain temporary file."""
    target = Path(database).expanduser().resolve()
    backup = Path(backup)
    if not sealed.is_sealed(backup):
        return _restore(target, shown=backup, run=lambda known: restore_file(
            backup, target, folder=store.configured_folder(target), known_revisions=known,
            other_database_ok=other_database))
    if not password:
        raise BackupFailed("这是加密备份，恢复需要输入备份时设置的密码")
    try:
        payload = sealed.open_package(backup, password)
        try:  # restoring onto a new PC: the data folder may not exist yet
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise safe_copy.BackupError("恢复失败：" + explain_os_error(exc, target.parent)) from exc
    except safe_copy.BackupError as exc:
        raise BackupFailed(str(exc)) from exc
    if payload.key is None:  # a plain database's image: held in memory until written where it belongs
        source = RestoreSource(name=backup.name, image=payload.data)
        return _restore(target, shown=backup, run=lambda known: restore(
            source, target, folder=store.configured_folder(target), known_revisions=known,
            new_as_backup=False, restored_from=backup, other_database_ok=other_database))
    # an encrypted database's package: its SQLCipher file, still encrypted under the package's key
    encrypted = target.with_name(f".{target.name}.unsealed-{os.getpid()}.sqlite")
    try:
        try:
            encrypted.write_bytes(payload.data)
        except OSError as exc:
            raise BackupFailed("恢复失败：" + explain_os_error(exc, target.parent)) from exc
        source = RestoreSource(name=backup.name, key=payload.key, path=encrypted)
        return _restore(target, shown=backup, run=lambda known: restore(
            source, target, folder=store.configured_folder(target), known_revisions=known,
            new_as_backup=False, restored_from=backup, other_database_ok=other_database))
    finally:
        safe_copy.discard_partial(encrypted)


KEPT_SETTINGS = (store.SETTING_KEY, "security.lock_minutes")  # this PC's choices, not the data's


def _restore(target: Path, *, shown: Path, run: Callable[[set[str]], RestoreResult]) -> RestoreOutcome:
    existed = target.exists()
    kept = _read_settings(target, KEPT_SETTINGS)
    try:
        result = run(known_revisions())
        _write_settings(target, kept)  # the backup folder (a USB drive) and lock minutes stay as chosen
        restored = _entry(backup_info.describe(target, reason="manual"), ok=True)
    except OtherDatabase as exc:
        raise OtherDatabaseFailed(str(exc)) from exc
    except safe_copy.BackupError as exc:
        raise BackupFailed(str(exc)) from exc
    # the file as the user picked it: its own kind and time (a database file from a USB drive is no
    # 手动备份 of now), encrypted or not
    code = backup_info.backup_reason(shown)
    is_sealed = sealed.is_sealed(shown)
    kind = backup_info.REASONS.get(code, code) if code else (SEALED if is_sealed else "数据库文件（不是本软件的备份）")
    restored = BackupEntry(**{**restored.__dict__, "path": shown, "file_name": shown.name, "reason": kind,
                              "created": _created(shown), "encrypted": is_sealed or cipher.is_encrypted(shown),
                              "note": backup_info.sidecar_note(shown) if code else ""})
    safety = _entry(result.safety_backup, ok=True) if result.safety_backup else None
    return RestoreOutcome(restored=restored, safety_backup=safety, moved_aside=result.moved_aside,
                          plain_now=not existed and not cipher.is_encrypted(target))



def _unreadable() -> tuple[type[BaseException], ...]:
    """A database file that cannot be read here (wrong key, damaged, locked)."""
    return (cipher.CipherError, *dbfiles.errors())


def _read_settings(database: Path, keys: tuple[str, ...]) -> dict[str, str]:
    if not database.is_file():
        return {}
    try:
        connection = dbfiles.open_file(database, read_only=True)
        try:
            marks = ",".join("?" * len(keys))
            return dict(connection.execute(f"SELECT key, value FROM settings WHERE key IN ({marks})", keys).fetchall())
        finally:
            connection.close()
    except _unreadable():
        return {}  # damaged or locked: nothing to keep


def _write_settings(database: Path, values: dict[str, str]) -> None:
    """Put this PC's settings back into the restored file, through a session so the change history
    records them (`verify` would otherwise find settings changed outside BranchDesk)."""
    if not values:
        return
    from sqlalchemy.exc import SQLAlchemyError

    from branchdesk.db.engine import make_engine

    with contextlib.suppress(cipher.CipherError, SQLAlchemyError, *dbfiles.errors()):
        restored = Database(make_engine(database))
        try:
            with restored.session() as session:
                for key, value in values.items():
                    set_setting(session, key, value)
        finally:
            restored.release()


def _created(path: Path) -> datetime:
    with contextlib.suppress(Exception):
        if sealed.is_sealed(path):
            return sealed.read_sealed_info(path).created
        if backup_info.backup_reason(path) is not None:  # a file not named as a backup is not opened again
            return backup_info.read_info(path).created
    return datetime.fromtimestamp(os.stat(path).st_mtime)


def storage_problem(exc: BaseException, where: Path | None = None) -> str | None:
    """Plain Chinese for a write that failed because of the disk (full, read-only, pulled out), or None
    for any other error. SQLite rolls the transaction back, so the database stays as it was."""
    text = str(exc).lower()
    if "database is locked" in text or "database is busy" in text:
        return ("数据库正被另一个 BranchDesk 窗口或程序写入，等待后仍未轮到，本次操作没有写入任何数据。"
                "请稍后再试，或关闭另一个窗口。")
    if "readonly database" in text:  # SQLite: the file itself is read-only (the Windows 只读 attribute …)
        return ("修改没有保存，数据库保持原样：数据库文件是只读的。请在文件资源管理器中右键点数据库文件 → 属性，"
                "取消勾选“只读”，点“确定”后重试；如果它在光盘或写保护的 U 盘上，请先复制到“文档”等可写的位置。")
    storage = ("disk is full", "disk i/o error", "read-only", "unable to open database")
    if isinstance(exc, OSError) or any(s in text for s in storage):
        return "操作没有完成，数据库保持原样：" + explain_os_error(exc, where)
    return None
