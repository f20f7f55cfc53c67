"""Printing for the command line: Chinese text must reach old Windows consoles too. Kept apart from
common.py so a command that opens no database (`template`) imports nothing else."""

from __future__ import annotations

import sys


def say(text: str) -> None:
    """Print Chinese text even where the console's code page cannot (old Windows consoles)."""
    try:
        print(text)
    except UnicodeEncodeError:
        sys.stdout.buffer.write((text + "\n").encode(sys.stdout.encoding or "utf-8", errors="replace"))
