"""Text as people type, paste and import it, made safe to store, compare and write (issue 21).

Three dangers, one place:
- Invisible characters. A zero-width space, a byte-order mark or a direction mark copied from a web
  page makes "第一党支部" and "第一党支部\u200b" two branches that look the same; a vertical tab pasted
  from Word (Excel keeps it as `_x000B_`) is accepted by the reader but refused by every writer, so
  one such cell made the roster export and the year-end workbook fail. `clean_cell` removes control
  and format characters from every cell an import reads (a vertical tab or form feed becomes a line
  break, which is what it meant in Word); `xml_safe` removes what an .xlsx or a PDF cannot hold from
  every value written, so data stored before this rule existed can still be exported.
- Look-alike spellings. The same ID number in Arabic-Indic (١٢٣), full-width (１２３) or
  mathematical (𝟏𝟐𝟑) digits, a name padded with an ideographic space ("王　芳"), a compatibility
  ideograph: `clean_text` (NFKC, format characters removed, white space collapsed) is applied to
  every name and number before it is validated or compared, and `clean_digits` also turns every
  Unicode decimal digit into its ASCII one. Free text (主要内容, 整改措施 …) is not NFKC-normalised:
  it would turn "，" into "," and "①" into "1" in what the user wrote.
- Length. `MAX_LENGTH` holds the longest value each kind of field accepts, at entry and at import,
  so a 300-character branch name is refused with a message instead of breaking a report's layout.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import TypeVar

V = TypeVar("V")

# Unicode general category Cf (format characters: zero-width space and joiners, bidi marks and
# isolates, BOM, soft hyphen, interlinear annotation marks, tag characters …), as of Unicode 15.
_FORMAT_RANGES = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# C0 controls except tab and line feed, DEL and the C1 controls, lone surrogates (from `_xD800_`),
# and the two non-characters XML 1.0 forbids.
_CONTROL_RANGES = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
# What XML 1.0 (and so an .xlsx cell or a sheet name) cannot hold; tab, LF and CR are allowed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
# Han characters: CJK radicals and symbols' ideographic ones, the unified ideographs (extension A and
# beyond), compatibility ideographs. A blank beside one is padding ("王  芳", "第二党支部 （退休）").
_HAN_RANGES = ((0x2E80, 0x2FFF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B), (0x3400, 0x4DBF),
               (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_SPACE_RUN = re.compile(" +")
_SPACE_BY_BRACKET = re.compile(r" +(?=[()\[\]])|(?<=[()\[\]]) +")
_DOTS = str.maketrans({"•": "·", "\u30fb": "·", "．": "·", "\u2027": "·", "\u2219": "·"})


# The patterns that clean what a person typed or an import read are compiled when first used, not when
# the module is imported: a command that only reads stored values (the year-end report) never uses
# them, and compiling their Unicode ranges cost about 1 ms a command (issue 18).
@cache
def _junk() -> re.Pattern[str]:
    return re.compile(f"[{_CONTROL_RANGES}{_FORMAT_RANGES}]")


@cache
def _breaks() -> re.Pattern[str]:
    return re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


@cache
def _suspect() -> re.Pattern[str]:
    """Anything clean_cell removes or changes."""
    return re.compile(f"[\r\x0b\x0c\x85\u2028\u2029{_CONTROL_RANGES}{_FORMAT_RANGES}]")


@cache
def _odd_dot() -> re.Pattern[str]:
    """A middle dot of a transliterated name other than "·": a name needs _DOTS only when it has one
    (issue 18)."""
    return re.compile("[•\u30fb．\u2027\u2219]")

# The longest value each kind of field accepts (characters), at entry and at import: the longest real
# value with room to spare, and never more than the database column holds (PostgreSQL refuses a longer
# one). The longest 党支部 names in the seed schools are about 25 characters.
MAX_LENGTH = {
    "person": 40,  # 姓名 (also in the name rule of domain.members)
    "org": 60,  # 党支部, 党小组, 党委 names
    "short": 20,  # vocabulary-like values: 民族, 学历 …
    "phone": 30,
    "line": 100,  # 工作岗位, 责任人 …
    "title": 200,  # 地点, 学习内容, 问题类别 …
    "note": 2000,  # 备注 and other remarks
    "text": 20000,  # 主要内容, 整改措施, 问题描述: long text written in a text box
}
# Every import column (and form field) by its Chinese name, with the kind of its limit: one table for
# the reader (io.xlsx_reader, every import kind) and the forms' validation (domain.members …).
FIELD_LIMITS = {
    "姓名": "person", "主持人": "person", "记录人": "person", "导师（帮扶人）": "person",
    "所在党支部": "org", "党小组": "org",
    "民族": "short", "学历": "short", "对象类别": "short",
    "联系电话": "phone", "序号": "phone",
    "工作岗位": "line", "主讲人": "line", "责任领导": "line", "责任人": "line", "销号审核人": "line",
    "结对类型": "person", "问题来源": "org",
    "地点": "title", "学习内容": "title", "主办单位": "title", "问题类别": "title", "帮扶维度": "title",
    "主题": "title", "备注": "note",
    "主要内容": "text", "决议事项": "text", "缺席人员及原因": "text", "问题描述": "text", "整改措施": "text",
    "整改进展": "text", "佐证材料": "text", "帮扶目标": "text", "帮扶内容": "text", "成效": "text",
}


def clean_cell(text: str) -> str:
    """Any text cell as read: control and format characters removed (a vertical tab, form feed or
    Unicode line separator becomes a line break; CR LF becomes LF), surrounding blanks trimmed.
    Inner spacing and punctuation are kept: this is what the user wrote."""
    if text.isprintable() or not _suspect().search(text):  # nearly every cell: one scan in C
        return text.strip()  # (every character _suspect finds is unprintable)
    return _junk().sub("", _breaks().sub("\n", text)).strip()


def clean_text(text: str) -> str:
    """A name or a number as it is stored and compared: `clean_cell`, then NFKC (full-width letters
    and digits, compatibility ideographs, ideographic space become their canonical form), and every
    run of white space (line breaks included) one ordinary space."""
    if text.isprintable() and "  " not in text and (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        return text.strip()  # nearly every cell: nothing to remove, to normalise or to collapse (C scans)
    text = unicodedata.normalize("NFKC", clean_cell(text))
    return _SPACES.sub(" ", text).strip()


def tidy_name(text: str) -> str:
    """An organisation's name as it is stored and shown: as the user typed it ("第二党支部（退休）" keeps
    its full-width brackets), without invisible characters and with every run of white space one space.
    Names are compared by `name_key`, never as stored."""
    if text.isprintable() and "  " not in text:  # nearly every name: the only printable blank is " "
        return text.strip()
    return _SPACES.sub(" ", clean_cell(text)).strip()


@lru_cache(maxsize=4096)  # a roster names its few branches on every row: each spelling is keyed once
def name_key(text: str) -> str:
    """The one key organisation names are compared by, wherever they are looked up (a cell, a window
    field, a --branch option): "第二党支部(退休)", "第二党支部（退休）" and "第二党支部 （退休）" are one name.
    NFKC (`clean_text`) with the blanks beside Chinese characters and brackets removed."""
    return _SPACE_BY_BRACKET.sub("", without_blanks_by_han(clean_text(text)))


def _is_han(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_RANGES)


def without_blanks_by_han(text: str) -> str:
    """`text` without the runs of spaces that have a Han character on either side ("王  芳" → "王芳",
    "第二党支部 （退休）" → "第二党支部（退休）"); a space between two Latin words stays.

    Why not one regular expression (a space run after or before a character of the Han ranges): its two
    character classes over the Unicode ranges took 2 ms to compile, in every command that compares a
    name — the year-end report's too (issue 18) — for the few names that hold a space at all."""
    if " " not in text:
        return text

    def kept(run: re.Match[str]) -> str:
        start, end = run.span()
        by_han = (start > 0 and _is_han(text[start - 1])) or (end < len(text) and _is_han(text[end]))
        return "" if by_han else run[0]

    return _SPACE_RUN.sub(kept, text)


def same_name(a: str | None, b: str | None) -> bool:
    """Two organisation names are one name (`name_key`)."""
    return a is not None and b is not None and name_key(a) == name_key(b)


class NameMap(dict[str, V]):
    """Values by organisation name as stored (iteration gives the stored spellings, for a typo
    suggestion), found by any spelling with the same `name_key`: `"第二党支部(退休)" in branches` is
    true for a stored "第二党支部（退休）". A value set under a new spelling of a known name replaces
    the value under the stored one."""

    def __init__(self, items: Mapping[str, V] | Iterable[tuple[str, V]] = ()) -> None:
        super().__init__()
        self._stored: dict[str, str] = {}
        for name, value in (items.items() if isinstance(items, Mapping) else items):
            self[name] = value

    def stored(self, name: str) -> str | None:
        """The stored spelling of `name`, or None when there is none."""
        return self._stored.get(name_key(name)) if isinstance(name, str) else None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name_key(name) in self._stored

    def __getitem__(self, name: str) -> V:
        stored = self.stored(name)
        if stored is None:
            raise KeyError(name)
        return super().__getitem__(stored)

    def __setitem__(self, name: str, value: V) -> None:
        stored = self._stored.setdefault(name_key(name), name)
        super().__setitem__(stored, value)

    def get(self, name: str, default: V | None = None) -> V | None:  # type: ignore[override]
        stored = self.stored(name)
        return default if stored is None else super().__getitem__(stored)

    def setdefault(self, name: str, default: V) -> V:
        if name not in self:
            self[name] = default
        return self[name]


def clean_digits(text: str) -> str:
    """An ID or phone number: `clean_text`, every decimal digit of any script in ASCII ("١٢٣" → "123";
    NFKC alone leaves Arabic-Indic digits as they are), and no spaces at all."""
    text = clean_text(text)
    if not text.isascii():
        text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    return text.replace(" ", "")


def clean_person_name(text: str) -> str:
    """A person's name: `clean_text`, no space beside a Han character (rosters pad two-character
    names to the width of three: "王  芳" is 王芳), one spelling of the middle dot of transliterated
    names ("阿依古丽•买买提" is 阿依古丽·买买提)."""
    text = clean_text(text)
    if _odd_dot().search(text):  # rare: a search is cheaper than translating every name of a roster
        text = text.translate(_DOTS)
    return without_blanks_by_han(text)


def unchanged_by_cleaning(*, names: Iterable[str] = (), texts: Iterable[str] = (), digits: Iterable[str] = (),
                          orgs: Iterable[str] = (), cells: Iterable[str] = ()) -> bool:
    """True only when each cleaning leaves its values as they are: `clean_person_name` the names,
    `clean_text` the texts, `clean_digits` the digits, `tidy_name` the orgs, `clean_cell` the cells.
    Why: a member is validated after the reader cleaned every cell, and cleaning the same dozen
    fields again costs a call each; this asks the same questions as those functions' fast paths
    (printable, no double blank, NFKC-normalised, nothing to trim …) of the fields joined, in a few
    scans in C. False means only "clean them": it may be False for values no cleaning changes.
    Each question is one of single values (with "|" beside each, which NFKC leaves alone and joins
    to nothing), so it may be asked of a whole column of values at once (issue 18: an import asks it
    of 10,000 members together, and of one member only when that fails)."""
    name_text, digit_text, org_text = "|".join(names), "|".join(digits), "|".join(orgs)
    compared = f"{name_text}|{'|'.join(texts)}|{digit_text}"  # compared by their NFKC spelling
    everything = f"|{compared}|{org_text}|{'|'.join(cells)}|"
    return (everything.isprintable()  # no control, format or line-break character; no blank but " "
            and " |" not in everything and "| " not in everything  # nothing to trim
            and "  " not in compared and "  " not in org_text  # no run of blanks to collapse
            and (compared.isascii() or unicodedata.is_normalized("NFKC", compared))
            and digit_text.isascii() and " " not in digit_text  # digits of other scripts, blanks
            and " " not in name_text and not _odd_dot().search(name_text))  # blanks by Han, dots (one search in C)


def xml_safe(text: str) -> str:
    """Text an .xlsx cell, a sheet name or a PDF can hold: the characters XML 1.0 forbids are removed
    (a vertical tab or form feed becomes a line break). For values written out, which may have been
    stored before the import cleaned them."""
    if text.isascii() and text.isprintable():
        return text
    if not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


def length_problem(value: str, kind: str) -> str | None:
    """The message when `value` is longer than a field of `kind` (a key of MAX_LENGTH, or a field's
    Chinese name in FIELD_LIMITS) accepts."""
    limit = MAX_LENGTH[FIELD_LIMITS.get(kind, kind)]
    if len(value) <= limit:
        return None
    return f"不能超过 {limit} 个字（现为 {len(value)} 个字），请精简后再保存"


def elide(text: str, limit: int, mark: str = "…") -> str:
    """At most `limit` characters: the start of the text and a mark that some was left out."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(mark))] + mark
