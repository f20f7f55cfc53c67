"""Names that differ by a typo ("高一年纪党支部" for "高一年级党支部", issue 13): an import that meets a
branch, 党小组 or person it does not know, one or two characters from one it does, says so and names the
likely one instead of silently creating a second organisation.

Characters that tell organisations apart on purpose — numerals (一二三 / 1 2 3), 初/高, 上/下, 甲乙丙 …
— never make a typo: "高二年级党支部" beside "高一年级党支部" is another branch, not a slip of the pen.
"""

from __future__ import annotations

from collections.abc import Iterable

DISTINGUISHING = set("零〇一二三四五六七八九十百两壹贰叁肆伍陆柒捌玖拾0123456789０１２３４５６７８９初高小中大上下前后东西南北甲乙丙丁戊己庚辛左右内外新老退在")


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance (insert, delete, replace one character), stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _differing(a: str, b: str) -> set[str]:
    """Characters one name has and the other lacks (a cheap stand-in for the edit script)."""
    return set(a) ^ set(b)


def max_typo_distance(name: str) -> int:
    """Short names (a person's 2–3 characters) allow one slip; longer ones (branches) two."""
    return 1 if len(name) <= 3 else 2


def likely_typo(name: str, known: str) -> bool:
    """Whether `name` looks like a mistyped `known`: one or two characters apart (one for short names),
    and not told apart by a distinguishing character."""
    if not name or name == known or _differing(name, known) & DISTINGUISHING:
        return False  # (the cheap test first: "第1党支部" and "第2党支部" of fifty branches are never typos)
    return edit_distance(name, known, limit=2) <= max_typo_distance(min(name, known, key=len))


def suggestion(name: str, known: Iterable[str]) -> str | None:
    """The known name `name` is most likely a typo of, or None."""
    candidates = sorted((edit_distance(name, k, limit=2), k) for k in set(known) if likely_typo(name, k))
    return candidates[0][1] if candidates else None


def suggestion_text(name: str, known: Iterable[str]) -> str:
    """"，是否为“高一年级党支部”？" to append to a not-found message, or ""."""
    match = suggestion(name, known)
    return f"，是否为“{match}”？" if match else ""
