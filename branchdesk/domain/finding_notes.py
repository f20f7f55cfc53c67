"""说明 given for a finding: which finding a reason belongs to, and findings with their reasons.

A finding is identified by its rule and what it is about — the branch, the person and step of a
development record, the kind and period of a meeting — never by its wording, which changes with the
day it is read ("还剩 5 天")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from branchdesk.domain.findings import Finding

MAX_REASON = 500


def subject(finding: Finding) -> str:
    """The stable key of what a finding is about (its rule is kept beside it)."""
    period = "" if finding.area == "发展党员" else finding.period or ""  # a step's year moves with as-of
    parts = (finding.branch, finding.person, finding.step, finding.meeting_type, period)
    return "|".join(part or "" for part in parts)


def annotate(findings: Iterable[Finding], notes: Mapping[tuple[str, str], str]) -> list[Finding]:
    """Each finding with the reason kept for it, if any (notes: (rule, subject) -> reason)."""
    out = []
    for finding in findings:
        reason = notes.get((finding.rule, subject(finding)))
        out.append(replace(finding, annotation=reason) if reason and not finding.annotation else finding)
    return out


def clean_reason(text: str) -> str:
    """The reason as stored: trimmed, at most MAX_REASON characters; raises ValueError when empty."""
    reason = " ".join(text.split())
    if not reason:
        raise ValueError("请写明原因")
    if len(reason) > MAX_REASON:
        raise ValueError(f"原因请控制在 {MAX_REASON} 字以内（现为 {len(reason)} 字）")
    return reason
