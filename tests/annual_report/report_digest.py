"""A compact, platform-independent fingerprint of a gathered `AnnualReportData`, one per part, so a
test can hold the figures of a whole report in a few lines: any change to any figure, row, order or
wording of a part changes that part's fingerprint (and the test names the part that changed).

The canonical form walks the dataclasses field by field (class names included), keeps lists, tuples
and dicts in their order (the writers print them in that order), sorts sets (they have none), and
spells dates, Decimals and floats by their repr, which is the same on every platform."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from branchdesk.domain.annual_report.records import AnnualReportData

PARTS = ("head", "basic", "meetings", "development", "mentoring", "rectification", "dues", "summaries")


def canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, [[f.name, canonical(getattr(value, f.name))]
                                       for f in dataclasses.fields(value)]]
    if isinstance(value, Enum):
        return ["enum", type(value).__name__, value.name]
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(json.dumps(canonical(v), ensure_ascii=False) for v in value)]
    if isinstance(value, dict):
        return ["dict", [[canonical(k), canonical(v)] for k, v in value.items()]]
    if isinstance(value, (date, datetime, Decimal, float)):
        return [type(value).__name__, repr(value)]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(f"no canonical form for {type(value).__name__}")


def digests(data: AnnualReportData) -> dict[str, str]:
    """Part name -> the first 16 hex digits of the SHA-256 of its canonical JSON."""
    head = [data.school, data.organisation, data.scope, data.branch, data.year, data.generated_on, data.as_of,
            data.masked, data.findings, data.submitter, data.key_figures()]
    parts = {"head": head, "basic": data.basic, "meetings": data.meetings, "development": data.development,
             "mentoring": data.mentoring, "rectification": data.rectification, "dues": data.dues,
             "summaries": data.summaries}
    return {name: hashlib.sha256(json.dumps(canonical(parts[name]), ensure_ascii=False).encode("utf-8"))
            .hexdigest()[:16] for name in PARTS}
