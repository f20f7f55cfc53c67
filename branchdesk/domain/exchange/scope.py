"""Who keeps which record (issue 20): every record belongs to one 党支部, to the whole school, to
the committee alone, or to this PC alone — and that decides where it may travel.

- A branch's records (its 党小组, members, meetings, development, mentoring, rectification, study
  records and all that hangs from them) belong to that branch: the branch's PC and the committee
  both keep and may change them; they travel only between those two. A package never carries
  another branch's records.
- The organisation tree above the groups (党委, 党总支, every 党支部's own row) and the school's
  settings are the committee's: sent to every branch, changed by the committee (下发).
- Records of no branch (a school-level 整改台账 …) stay with the committee.
- This PC's own settings (backup folder, lock minutes …) are never exchanged.

A record's owner is found from its own columns: `branch_id`, else `org_id`, else the first
reference to another record (a study record belongs where its member does). A table added later is
placed by the same rules without code here; a model may say otherwise with `__exchange_scope__`.

A record may also be kept by branches other than its owner: a 支部调整 (a member's dated move between
two branches of the school, member_moves) belongs where the member is now, and is kept as well by the
branch left and the branch joined — each needs it to know who was its member on a past day (its
earlier sign-in sheets, 表决 and 谈心谈话 keep the member; domain/roster/membership.py). A model names
such columns with `__exchange_also_kept_by__` (references to a 党支部 or 党小组); such a record travels
between the committee and each of those branches, and from each of them up.

What a branch's PC entered about a member who has left the branch goes up all the same (nothing a
user entered is dropped): the branch moved her there after an edit not yet sent, or the committee
moved her before the branch heard of it. Up, a record travels whole (the committee keeps every
branch's records); a branch sends a record of another branch that was changed on its PC when it
refers to a record that left the branch (`refers_to_left`: her study records, 党费, 党纪处分 …), and
the committee takes from a branch a record referring to one that is or was that branch's.
"""

from __future__ import annotations

from collections.abc import Collection

from branchdesk.domain.exchange.vocabulary import SiteRole
from branchdesk.domain.vocabulary import OrgKind

SHARED = "*"  # the committee's, sent to every branch
COMMITTEE_ONLY = "~"  # the committee's, sent nowhere
LOCAL = "-"  # this PC's, never exchanged
MARKS = frozenset({SHARED, COMMITTEE_ONLY, LOCAL})

# settings that describe this PC, not the school: never exchanged (a new PC-level setting uses one
# of these prefixes)
LOCAL_SETTING_PREFIXES = ("backup.", "security.", "exchange.", "window.", "ui.", "local.")


def setting_owner(key: str) -> str:
    return LOCAL if key.startswith(LOCAL_SETTING_PREFIXES) else SHARED


def organisation_owner(kind: str, parent_branch: str | None) -> str:
    """A 党小组 is its branch's; every other level is the committee's tree, sent to every branch."""
    if kind == OrgKind.GROUP.value:
        return parent_branch or COMMITTEE_ONLY
    return SHARED


def branch_of(kind: str, own_gid: str, parent_gid: str | None, parent_kind: str | None) -> str:
    """The owner of a record that names organisation (kind, gid): a 党支部 → itself, a 党小组 → its
    党支部, a 党委 or 党总支 → the committee alone."""
    if kind == OrgKind.BRANCH.value:
        return own_gid
    if kind == OrgKind.GROUP.value and parent_gid and parent_kind == OrgKind.BRANCH.value:
        return parent_gid
    return COMMITTEE_ONLY


def may_send(role: str, own_branch: str | None, peer_branch: str | None, owner: str,
             left_owner: str | None = None, left_recently: bool = False, also: Collection[str] = (),
             refers_to_left: bool = False) -> bool:
    """May this site put a record (owned by `owner`, also kept by the branches `also`) into a package
    for the peer?

    A record that has just moved away from the peer's branch (a member moved to another 党支部) is
    sent to that branch once more, so it learns of the move; then no more. A branch also sends up a
    record of another branch changed on its PC that refers to a record that left it
    (`refers_to_left`, said only of changes made here)."""
    if owner == LOCAL:
        return False
    if role != SiteRole.COMMITTEE and refers_to_left and owner not in MARKS:
        return own_branch is not None
    if role == SiteRole.COMMITTEE:
        if owner == SHARED:
            return True
        return (owner == peer_branch or (peer_branch is not None and peer_branch in also)
                or (left_recently and left_owner == peer_branch))
    # a branch sends only its own records (and the one that just left it) up to the committee
    if own_branch is None:
        return False
    return owner == own_branch or own_branch in also or (left_recently and left_owner == own_branch)


def may_receive(role: str, own_branch: str | None, peer_branch: str | None, incoming_owner: str,
                local_owner: str | None, local_left_owner: str | None = None, also: Collection[str] = (),
                refers_to_senders: bool = False, heard_of_ours: bool = False) -> bool:
    """May a record arriving from the peer be merged here? A record is the sender's to send when
    it belongs (or belonged, before this change moved it) to the branch both sides share, or that
    branch also keeps it (`also`: the branches the incoming copy or ours names); a branch also hears
    once more about a record that has moved away from it. The committee takes from a branch a
    record that left that branch, or that refers to a record that is or was the sender's
    (`refers_to_senders`): what the branch entered of a member who left it.

    A branch changes only what is its own at the committee (trial R, TR-2): a record the committee
    holds in another branch (`local_owner`) is not the sender's because the package names the
    sender's branch for it — a move between branches is a 支部调整, made by the 党委 and sent down.
    Such a copy is taken only when the branch changed it before it heard of ours
    (`heard_of_ours` False: both sides changed it, and the merge keeps the package's copy as a
    conflict for the 党委 to decide, never written over ours)."""
    if role == SiteRole.COMMITTEE:
        if peer_branch is None:
            return False
        if peer_branch == local_owner or peer_branch in also:
            return True
        if incoming_owner == peer_branch:
            return local_owner is None or not heard_of_ours
        return peer_branch == local_left_owner or (refers_to_senders and incoming_owner not in MARKS)
    if incoming_owner == SHARED:
        return True
    return own_branch is not None and (own_branch in (incoming_owner, local_owner, local_left_owner)
                                       or own_branch in also)
