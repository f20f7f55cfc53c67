"""A 联系电话 in groups is read only when it reads one way (review 13, R3-4). "（0371）6543210-8" was
kept as "0371-65432108": the extension joined to a 7-digit number made another 8-digit number, a phone
nobody wrote. A landline's last group after a whole number is its extension (分机), as "0371-6543210-8"
typed with hyphens always was (records._LANDLINE); when the groups could be the number or the number
and an extension, the number is left as typed, for the check to name and a person to write."""

from __future__ import annotations

import pytest

from branchdesk.domain.roster.phone import phone_spelling
from branchdesk.domain.roster.records import MemberInput, validate_member


@pytest.mark.parametrize(("typed", "kept"), [
    ("（0371）65432100-8001", "0371-65432100-8001"),  # before: refused
    ("0371—6543210—8001", "0371-6543210-8001"),  # before: refused
    ("（0371）6543210-80", "0371-6543210-80"),  # before: refused
    ("0371-6543-2100", "0371-65432100"),
    ("（0371）65432100", "0371-65432100"),
    ("139-0000-1111", "13900001111"),
])
def test_a_landline_with_its_extension_is_read(typed: str, kept: str) -> None:
    assert phone_spelling(typed) == kept


@pytest.mark.parametrize("typed", ["（0371）6543210-8", "0371.6543210.8", "0371—6543210—8", "010-6543-210-8"])
def test_groups_that_read_two_ways_are_left_as_typed(typed: str) -> None:
    """6543210 with 分机 8, or 65432108: not known — before: "0371-65432108", a number made up."""
    assert phone_spelling(typed) == typed
    _data, errors = validate_member(MemberInput(name="张建国", phone=typed))
    assert [e.field for e in errors if e.field == "联系电话"] == ["联系电话"]
