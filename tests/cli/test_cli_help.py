"""`--help` explains every option in plain Chinese (a user's report: `check --help` listed --year,
--as-of, --branch and --json without a word, and `report annual --format` too)."""

from __future__ import annotations

import argparse
import re

import pytest

from branchdesk.cli.main import build_parser, main

HAN = re.compile(r"[\u4e00-\u9fff]")


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


def test_every_option_of_every_command_says_what_it_does() -> None:
    missing = [f"branchdesk {' '.join(path)} {'/'.join(action.option_strings) or action.dest}"
               for path, parser in _commands(build_parser()) for action in parser._actions
               if not isinstance(action, argparse._SubParsersAction) and action.help != argparse.SUPPRESS
               and not (action.help and HAN.search(action.help))]
    assert missing == []


@pytest.mark.parametrize(("argv", "options"), [
    (["check"], ("--year", "--as-of", "--branch", "--json")), (["report", "annual"], ("--format",))])
def test_help_of_check_and_the_annual_report(argv: list[str], options: tuple[str, ...], capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    out = capsys.readouterr().out
    for option in options:  # the option's entry, up to the next option, says what it does in Chinese
        entry = re.search(rf"^  {option}\b.*?(?=^  -|\Z)", out, re.MULTILINE | re.DOTALL)
        assert entry and HAN.search(entry.group(0)), (option, out)
