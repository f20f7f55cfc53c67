"""The 接收 box's head line for a 上报 written as several 数据包 (results.parts_summary): the packages
are named by their numbers (第 2–3 号) and the missing ones by their place (第 2 个, the file named
"第2个共2个") — a secretary reading "第 2–3 号 … 还差第 2 个" looked for 第 2 号, which was in."""

from __future__ import annotations

from branchdesk.services.exchange.results import ImportResult, parts_summary


def _part(number: int, missing: tuple[int, ...], *, first: int = 2, parts: int = 2) -> ImportResult:
    return ImportResult("merged", "", sender="第一党支部", direction="上报", seq=first + number - 1,
                        part=number, parts=parts, missing=missing, first=first)


def test_a_missing_package_is_named_by_its_place_and_its_number() -> None:
    assert parts_summary([_part(1, (2,))]) == [
        "第一党支部的上报（第 2–3 号，共 2 个数据包）：还差第 2 个（第 3 号），请也接收。"]
    assert parts_summary([_part(3, (1, 2), first=5, parts=3)]) == [
        "第一党支部的上报（第 5–7 号，共 3 个数据包）：还差第 1、2 个（第 5、6 号），请也接收。"]


def test_all_in_is_said_once_for_the_latest_of_the_batch() -> None:
    assert parts_summary([_part(2, (1,)), _part(1, ())]) == [
        "第一党支部的上报（第 2–3 号，共 2 个数据包）：都已接收。"]
