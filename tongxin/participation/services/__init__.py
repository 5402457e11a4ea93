"""Every write to political participation.

Services are keyword-only and atomic, check the policy and validate before
writing (a refused request writes nothing): items and their workflow
transitions and attachments (:mod:`.items`), proposal units, awards and the
conversion of a suggestion (:mod:`.proposals`), opinion report adoptions and
instructions (:mod:`.opinions`), drives, sessions and clearances
(:mod:`.setup`).
"""

from tongxin.participation.services.items import (
    attachment_add,
    item_transition,
    item_update,
    micro_suggestion_submit,
    opinion_create,
    proposal_create,
    research_create,
    suggestion_create,
)
from tongxin.participation.services.opinions import adoption_add, instruction_add
from tongxin.participation.services.proposals import (
    proposal_award_add,
    proposal_unit_add,
    suggestion_to_proposal,
)
from tongxin.participation.services.setup import (
    clearance_grant,
    drive_create,
    session_create,
)

__all__ = [
    "adoption_add",
    "attachment_add",
    "clearance_grant",
    "drive_create",
    "instruction_add",
    "item_transition",
    "item_update",
    "micro_suggestion_submit",
    "opinion_create",
    "proposal_award_add",
    "proposal_create",
    "proposal_unit_add",
    "research_create",
    "session_create",
    "suggestion_create",
    "suggestion_to_proposal",
]
