"""domain/text.py compiles its cleaning patterns when they are first used, and finds the blanks beside
Han characters without a pattern over the Han ranges (issue 18): the year-end workbook's command compares
names but cleans nothing a person typed, and compiling those Unicode ranges cost it about 3 ms. The
blanks are removed exactly as the pattern they replace removed them."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

from branchdesk.domain.text import clean_cell, clean_person_name, name_key, without_blanks_by_han
from tests.conftest import DEMO_TODAY

# the pattern without_blanks_by_han replaces, as it was written (the reference of its behaviour)
_HAN = r"\u2e80-\u2fff\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
BEFORE = re.compile(f"(?<=[{_HAN}]) +| +(?=[{_HAN}])")

EDGES = ["", " ", "  ", "王  芳", " 王芳 ", "王 a", "a 王", "a b", "a  b", "第二党支部 （退休）", "王 \u3000 芳",
         "\u2e7f \u2e80", "\u2fff \u3000", "\u3004 \u3005", "\u3007 \u3008", "\u3020 \u3021", "\u3029 x", "x \u3038",
         "\u303b \u303c", "\u33ff \u3400", "\u4dbf \u4dc0", "\u4dff \u4e00", "\u9fff \ua000", "\uf8ff \uf900",
         "\ufaff \ufb00", "\U0001ffff \U00020000", "\U0003134f \U00031350", "阿依古丽 · 买买提", "Li  Ming 李", "  张伟"]


def test_blanks_by_han_go_as_the_pattern_removed_them() -> None:
    for text in EDGES:
        assert without_blanks_by_han(text) == BEFORE.sub("", text), repr(text)
    alphabet = ["王", "芳", "a", "B", "1", " ", " ", " ", "（", "(", "·", "\u3000", "\u3005", "\u3038", "\u2e80",
                "\u2dff", "\U00020001", "\U00031350", "\uf900", "\ufb00", "\n"]
    pick = random.Random(18)
    for _ in range(3000):
        text = "".join(pick.choice(alphabet) for _ in range(pick.randint(0, 9)))
        assert without_blanks_by_han(text) == BEFORE.sub("", text), repr(text)


def test_the_cleaners_still_clean() -> None:
    assert clean_person_name("阿依古丽•买买提") == "阿依古丽·买买提"
    assert clean_person_name("王  芳") == "王芳" and clean_person_name("Li Ming") == "Li Ming"
    assert name_key("第二党支部 (退休)") == name_key("第二党支部（退休）")
    assert clean_cell("第一\u200b党支部\x0b二行\r\n") == "第一党支部\n二行"


RUN = r"""
import re, sys
compiled = set()
_compile = re._compile
def _recording(pattern, flags):
    compiled.add(str(pattern))
    return _compile(pattern, flags)
re._compile = _recording
from branchdesk.cli.main import main
code = main(sys.argv[1:])
han = any("\u3038" in p or "\\u3038" in p for p in compiled)  # only the Han ranges replaced spell U+3038
cleaning = any("\u200b" in p for p in compiled)  # only clean_cell's patterns spell the zero-width space
print(f"HAN-RANGES {han} CLEANING {cleaning}", file=sys.stderr)
sys.exit(code)
"""


def test_the_annual_workbook_command_compiles_no_cleaning_pattern(demo_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    school, out = tmp_path / "学校.sqlite", tmp_path / "年度.xlsx"
    shutil.copyfile(demo_file(), school)
    env = dict(os.environ, BRANCHDESK_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", RUN, "report", "annual", "--year", str(DEMO_TODAY.year),
                             "--format", "xlsx", "--out", str(out), "--db", str(school)],
                            env=env, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "HAN-RANGES False CLEANING False" in result.stderr, result.stderr[-2000:]
    assert out.is_file()
