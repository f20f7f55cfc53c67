"""A year's volume names each 党支部 by its name in force in that year (its name on the volume's day: 31
December, or today within the year; domain/roster/org_names.NameHistory), not by today's (vol3 item 1: the
2025 volume made after a 2026 rename printed the 2026 name everywhere). The figures are gathered by the
names in use now — the reads select by them — and the gathered data is then given the year's names here,
once, so that no table, chart or paragraph can miss one. A rename within the year is told once, as for a
党小组 (BasicSection.renamed_branches)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

# the fields that hold an organisation's name in the gathered data (a row's 党支部, a ledger's organisation)
NAME_FIELDS = frozenset({"branch", "organisation", "org_name", "scope"})


def shown_by_year_names(value: Any, names: Mapping[str, str]) -> Any:
    """`value` (a dataclass, list, dict or tuple of them) with every 党支部 name of `names` (now -> in the
    year) replaced by the year's: in the name fields of rows, as an item of a list of names, as a dict key
    (or an item of a tuple key), and at the head of a "名称：…" line. Dataclasses and lists are changed in
    place; the value is returned (a tuple or a string is given back anew)."""
    if not names:
        return value
    if isinstance(value, str):
        return _line(value, names)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if isinstance(item, str):
                if f.name in NAME_FIELDS and item in names:
                    object.__setattr__(value, f.name, names[item])
            elif item is not None and not isinstance(item, (int, float)):
                renamed = shown_by_year_names(item, names)
                if renamed is not item:
                    object.__setattr__(value, f.name, renamed)
        return value
    if isinstance(value, list):
        value[:] = [shown_by_year_names(v, names) for v in value]
        return value
    if isinstance(value, tuple):
        return tuple(shown_by_year_names(v, names) for v in value)
    if isinstance(value, dict):
        items = [(_key(k, names), shown_by_year_names(v, names)) for k, v in value.items()]
        value.clear()
        value.update(items)
        return value
    return value


def _key(key: Any, names: Mapping[str, str]) -> Any:
    if isinstance(key, str):
        return names.get(key, key)
    if isinstance(key, tuple):
        return tuple(names.get(k, k) if isinstance(k, str) else k for k in key)
    return key


def _line(text: str, names: Mapping[str, str]) -> str:
    """A name alone, or at the head of a line "初一年级党支部：2025年9月1日起（成立日期）"."""
    if text in names:
        return names[text]
    head, colon, rest = text.partition("：")
    return f"{names[head]}{colon}{rest}" if colon and head in names else text
