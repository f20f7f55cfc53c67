"""An attached file's name is a bare file name, never a path (domain/file_names.py; trial R, TR-1)."""

from __future__ import annotations

import pytest

from branchdesk.domain.file_names import MAX_NAME_BYTES, safe_file_name


@pytest.mark.parametrize(("name", "kept"), [
    ("../../TR_escape_rel.txt", "TR_escape_rel.txt"),
    ("/tmp/trialR/TR_escape_abs.sh", "TR_escape_abs.sh"),
    ("C:\\Users\\张\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\x.bat", "x.bat"),
    ("..\\..\\AppData\\x.bat", "x.bat"),
    ("C:x.bat", "C_x.bat"),
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("COM1.tar.gz", "_COM1.tar.gz"), ("LPT9 .doc", "_LPT9 .doc"),
    ("CONSOLE.txt", "CONSOLE.txt"),
    ("听课记录 第1次（定稿）.docx", "听课记录 第1次（定稿）.docx"),
    ("a\tb\nc\x00d.txt", "abcd.txt"),
    ("报告\u202etxt.exe", "报告txt.exe"),
    ('a<b>:c|d?e*"f.pdf', "a_b__c_d_e__f.pdf"),
    ("  照片.jpg. . ", "照片.jpg"),
    (".bashrc", "bashrc"),
])
def test_a_name_is_reduced_to_a_bare_file_name(name: str, kept: str) -> None:
    assert safe_file_name(name) == kept


@pytest.mark.parametrize("name", ["", "..", ".", "/", "\\", "../..", "C:\\", " . "])
def test_nothing_left_gives_the_fallback_or_nothing(name: str) -> None:
    assert safe_file_name(name) == ""
    assert safe_file_name(name, "附件") == "附件"


def test_a_long_chinese_name_is_shortened_in_its_stem_keeping_the_extension() -> None:
    name = "入党申请书" * 40 + ".docx"
    kept = safe_file_name(name)
    assert kept.endswith(".docx") and kept.startswith("入党申请书")
    assert len(kept.encode("utf-8")) <= MAX_NAME_BYTES
    kept.encode("utf-8").decode("utf-8")  # not cut inside a character
