"""Version vectors: how two copies of one record are compared without trusting anyone's clock.

Each site counts its own changes; a record carries, for every site that changed it, the counter of
that site's latest change it includes ({site: counter}). Copy A *includes* copy B when every counter
of B is at most A's: then A was made knowing B, and replacing B with A loses nothing. When neither
includes the other, both were changed without knowing of each other — a conflict for a person.

The counters come from a hybrid logical clock (the larger of the last counter + 1 and the wall
clock in milliseconds), so they keep growing even after a database is restored from a backup, and a
PC whose clock is wrong still counts upward.
"""

from __future__ import annotations

import json
from enum import Enum

VersionVector = dict[str, int]


class Order(Enum):
    EQUAL = "equal"
    BEFORE = "before"  # the first is included in the second
    AFTER = "after"  # the first includes the second
    CONCURRENT = "concurrent"


def compare(a: VersionVector, b: VersionVector) -> Order:
    a_le_b = all(count <= b.get(site, 0) for site, count in a.items())
    b_le_a = all(count <= a.get(site, 0) for site, count in b.items())
    if a_le_b and b_le_a:
        return Order.EQUAL
    if a_le_b:
        return Order.BEFORE
    if b_le_a:
        return Order.AFTER
    return Order.CONCURRENT


def merged(*vectors: VersionVector) -> VersionVector:
    """The smallest vector that includes every one given (what a merge of them knows)."""
    result: VersionVector = {}
    for vector in vectors:
        for site, count in vector.items():
            if count > result.get(site, 0):
                result[site] = count
    return result


def advanced(vector: VersionVector, site: str, counter: int) -> VersionVector:
    """The vector after `site` changed the record at `counter` (which must be its newest)."""
    result = dict(vector)
    result[site] = max(counter, result.get(site, 0) + 1)
    return result


def tick(last: int, now_ms: int) -> int:
    """The next counter of a site's hybrid logical clock."""
    return max(last + 1, now_ms)


def dumps(vector: VersionVector) -> str:
    return json.dumps(vector, sort_keys=True, separators=(",", ":"))


def loads(text: str | None) -> VersionVector:
    if not text:
        return {}
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("version vector must be an object")
    return {str(site): int(count) for site, count in data.items()}
