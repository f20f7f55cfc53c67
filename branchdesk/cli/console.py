"""Printing for the command line: Chinese text must reach old Windows consoles too. Kept apart from
common.py so a command that opens no database (`template`) imports nothing else."""

from __future__ import annotations

import os
import sys

# The exit status of a command whose reader went away (`branchdesk check | head -1`): 128 + SIGPIPE,
# as a shell reports a program ended by a broken pipe.
BROKEN_PIPE_EXIT = 141


def say(text: str) -> None:
    """Print Chinese text even where the console's code page cannot (old Windows consoles)."""
    try:
        print(text)
    except UnicodeEncodeError:
        sys.stdout.buffer.write((text + "\n").encode(sys.stdout.encoding or "utf-8", errors="replace"))


def silence_stdout() -> None:
    """After the reader of our output went away: send what is still buffered (and anything printed
    later, such as the interpreter's final flush) to the null device, so no BrokenPipeError
    traceback follows (the recipe of Python's `signal` documentation, "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # stdout replaced by an object without a descriptor
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until the process ends
    finally:
        os.close(devnull)
