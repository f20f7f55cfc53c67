"""A package's content is read record by record as it is decompressed (services/exchange/content_reader.py,
envelope.open_package_content): what `json.loads` reads of the whole, whatever the pieces, and never
the whole content held at once (NOTE11, bounded memory)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from branchdesk.db.engine import Database
from branchdesk.services.exchange import envelope
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.content_reader import ContentReader, read_content
from tests.exchange.test_exchange_memory import _sittings

CONTENTS = [
    b'{"units":[]}',
    b'{"units":[{"t":"members","g":"a","row":{"name":"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e","n":12.5e3}},'
    b'{"t":"x","row":{"s":"a\\"b\\\\","l":[1,[2,{"k":null}]],"b":true}}],"join_token":"AAAA"}',
    b' {\n "join_token" : "QUJD" ,\n "units" : [ {"a": [1, 2]} , {"b": "\xe5\x85\x9a\xe6\x94\xaf\xe9\x83\xa8"} ] } \n',
    b'{"units": [], "n": 1234567, "units2": [3]}',
    b'{}',
]


@pytest.mark.parametrize("content", CONTENTS)
@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_what_json_reads_of_the_whole_in_any_pieces(content: bytes, size: int) -> None:
    pieces = [content[at:at + size] for at in range(0, len(content), size)]
    assert read_content(pieces) == json.loads(content)


@pytest.mark.parametrize("content", [
    b'', b'[]', b'{"units":[1,]}', b'{"units":[1 2]}', b'{"units":[1]', b'{"units":[1]}}', b'{"units":[1]} x',
    b'{"units" [1]}', b'{units:[]}', b'{"units":[{"a":1]}]}', b'{"a":1,}', b'{"a":tru}', b'\xff{}',
])
@pytest.mark.parametrize("size", [1, 4, 1000])
def test_what_is_not_a_json_object_is_refused(content: bytes, size: int) -> None:
    pieces = [content[at:at + size] for at in range(0, len(content), size)]
    with pytest.raises(ValueError):
        read_content(pieces)


def test_a_package_is_received_without_its_content_held_whole(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Receiving a package of 30 sittings with photos (12 MB of content): the content is decompressed in
    pieces of 256 KB and read as they come; the text waiting to be read never holds more than about one
    sitting and a piece (before: the content whole, then its text whole)."""
    committee, branch = joined
    _sittings(branch, tmp_path)
    path = exchange.export_package(branch, tmp_path / "上报.bdpkg").path
    monkeypatch.setattr(envelope, "_PIECE", 256 * 1024)

    def whole(_data: Any) -> bytearray:
        raise AssertionError("the content was decompressed whole")

    monkeypatch.setattr(envelope, "_decompress", whole)
    most = [0]
    feed = ContentReader.feed

    def counted(self: ContentReader, piece: bytes) -> None:
        feed(self, piece)
        most[0] = max(most[0], len(self._text) - self._at)

    monkeypatch.setattr(ContentReader, "feed", counted)
    result = exchange.import_package(committee, path)
    assert result.ok, result.message
    sitting = 3 * 100 * 1024 * 4 // 3
    assert 0 < most[0] < sitting + 256 * 1024 + 64 * 1024 < path.stat().st_size // 10
