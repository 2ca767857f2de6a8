"""The demo's invented motions: a few years of an organisation's work beside
the real seed case, so that the case list, the inboxes, the report and the
statistics show something real.

Each case is planned first, as data (`plan_invented_cases`: its texts, movers,
case number and dated steps), then recorded through the same services as a
secretary's steps (`build_invented_cases`), so that its records are as
consistent as any. Every case is marked invented (Motion.illustrative holds
motions.models.INVENTED) and its meetings' minutes say that they have no
original.

The plan is the same for the same organisation, register and day: the words
and choices come from a random generator seeded with the organisation's
name and the day. The dates are placed back from `today`, so that whenever the demo is
loaded some referrals are overdue and some cases are past the one-year mark.
"""

from cases.invented.plan import PlannedCase, Step, plan_invented_cases
from cases.invented.record import NO_ORIGINAL, SIGNING_TAKES, build_invented_cases

__all__ = ["NO_ORIGINAL", "SIGNING_TAKES", "PlannedCase", "Step", "build_invented_cases", "plan_invented_cases"]
