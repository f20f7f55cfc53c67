"""党费 (Party dues), domain.md §5: the bracket tables as data with effective dates, a member's base
and its history, the months a member owes, the computed amounts, arrears and runs of unpaid months,
and the findings of the rules DUES-RATE, DUES-BASE-CHANGE, DUES-TIMING and DUES-LAPSE.

Plain data and pure functions: no Qt, no SQL. The services read the database into these dataclasses.
"""

AREA = "党费"
