"""A bulk insert's history snapshots (db/history_bulk._snapshots, issue 18) are, byte for byte, what
`json.dumps(..., ensure_ascii=False)` writes for each row's dict of non-blank fields — whichever of
its ways builds them (one template per statement, texts put in as they are or JSON-encoded, or the
parts joined row by row)."""

from __future__ import annotations

import json
import random

from branchdesk.db.history_bulk import _ENCODE, _snapshots

TEXTS = ["王芳", "男", "1960-01-01", "13900000000", "正式党员", "3", "0", 'say "hi"', "back\\slash", "line\nbreak",
         "tab\there", "\u3000全角", "\x7f", "\u2028", "%s", "100%", "{}", "", None]


def _expected(keys: list[str], rows: list[list[str | None]]) -> list[str | None]:
    return [json.dumps(d, ensure_ascii=False) if (d := {k: v for k, v in zip(keys, row, strict=True) if v}) else None
            for row in rows]


def test_snapshots_are_json_dumps_of_the_filled_fields() -> None:
    rng = random.Random(18)
    for _case in range(400):
        width, count = rng.randint(1, 6), rng.randint(1, 30)
        keys = [rng.choice(["name", "sex", "note", "a%b", 'q"k', "gid"]) + str(i) for i in range(width)]
        kinds = [rng.choice(("full", "full", "blank", "mixed", "awkward")) for _ in keys]
        columns = []
        for kind in kinds:
            if kind == "full":
                columns.append([rng.choice(TEXTS[:6]) for _ in range(count)])
            elif kind == "blank":
                columns.append([rng.choice(("", None)) for _ in range(count)])
            elif kind == "mixed":
                columns.append([rng.choice(TEXTS) for _ in range(count)])
            else:
                columns.append([rng.choice(TEXTS[:-2]) for _ in range(count)])
        recorded = [(_ENCODE(k) + ": ", col, None in col or "" in col) for k, col in zip(keys, columns, strict=True)]
        rows = [list(row) for row in zip(*columns, strict=True)]
        assert _snapshots(recorded, count) == _expected(keys, rows), (keys, kinds)
