"""A package's content read as it is decompressed (envelope.open_package_content): its records taken
one by one from the text as it arrives, so the content is never held whole — neither its bytes nor
its text (NOTE11, bounded memory; before, a package of 320 MB was held as bytes and as text at once,
the text twice its size where a name is in Chinese).

The content is a JSON object, `{"units": [record, …], "join_token": …}` as the sender writes it
(package_size.Plan), in any spacing or order of its members: each record, and each other member, is
read with the standard JSON decoder from the text that has arrived; what is not JSON, or not an object
at the top, is refused as `ValueError` like `json.loads` would (the caller refuses the package as
damaged)."""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class ContentReader:
    """Feed the content's bytes in pieces (`feed`), then `finish`: the content as `json.loads` reads it,
    its records decoded as each is complete (the text of those already read is let go)."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._text = ""
        self._at = 0
        self._state = "open"
        self._key = ""
        self._wanted = 0  # text needed before a record cut short is tried again (doubling: no re-reading)
        self.content: dict[str, Any] = {}

    def feed(self, piece: bytes | bytearray) -> None:
        self._add(self._decoder.decode(piece))
        self._read(final=False)

    def finish(self) -> dict[str, Any]:
        self._add(self._decoder.decode(b"", final=True))
        self._read(final=True)
        if self._state != "end" or self._space() != len(self._text):
            raise ValueError("the content ends before its object does, or goes on after it")
        return self.content

    def _add(self, text: str) -> None:
        if self._at:
            self._text = self._text[self._at:] + text  # (the text already read goes)
            self._at = 0
        else:
            self._text += text

    def _space(self) -> int:
        match = _SPACE.match(self._text, self._at)
        return match.end() if match else self._at

    def _value(self, final: bool) -> tuple[bool, Any]:
        """(True, the JSON value at the reading place) — or (False, None) when it has not all arrived."""
        left = len(self._text) - self._at
        if not final and left < self._wanted:
            return False, None
        try:
            value, end = _DECODER.raw_decode(self._text, self._at)
        except json.JSONDecodeError:
            if final:
                raise
            self._wanted = 2 * left
            return False, None
        if end == len(self._text) and not final:  # (a number may go on in the next piece)
            self._wanted = left + 1
            return False, None
        self._at, self._wanted = end, 0
        return True, value

    def _read(self, final: bool) -> None:
        while True:
            self._at = self._space()
            if self._at == len(self._text):
                return
            char = self._text[self._at]
            state = self._state
            if state == "open":
                self._expect(char, "{", "key-or-end")
            elif state in ("key-or-end", "key"):
                if char == "}" and state == "key-or-end":
                    self._at, self._state = self._at + 1, "end"
                    continue
                done, key = self._value(final)
                if not done:
                    return
                if not isinstance(key, str):
                    raise ValueError("a member's name is not text")
                self._key, self._state = key, "colon"
            elif state == "colon":
                self._expect(char, ":", "value")
            elif state == "value":
                if self._key == "units" and char == "[":
                    self.content["units"] = []
                    self._at, self._state = self._at + 1, "unit-or-end"
                    continue
                done, value = self._value(final)
                if not done:
                    return
                self.content[self._key], self._state = value, "after-member"
            elif state in ("unit-or-end", "unit"):
                if char == "]" and state == "unit-or-end":
                    self._at, self._state = self._at + 1, "after-member"
                    continue
                done, value = self._value(final)
                if not done:
                    return
                self.content["units"].append(value)
                self._state = "after-unit"
            elif state == "after-unit":
                self._at += 1
                self._state = {",": "unit", "]": "after-member"}.get(char, "")
            elif state == "after-member":
                self._at += 1
                self._state = {",": "key", "}": "end"}.get(char, "")
            if not self._state or state == "end":
                raise ValueError(f"unexpected {char!r} in the content")

    def _expect(self, char: str, wanted: str, then: str) -> None:
        if char != wanted:
            raise ValueError(f"{wanted!r} expected, {char!r} found")
        self._at, self._state = self._at + 1, then


def read_content(pieces: Any) -> dict[str, Any]:
    """The content given in pieces (an iterable of bytes), read as `ContentReader` does."""
    reader = ContentReader()
    for piece in pieces:
        reader.feed(piece)
    return reader.finish()
