"""Plans' use cases, one module per aggregate: `plans` (a plan as a whole, and its life with
its episode), `items`, `objectives`, `progress`, `threads`, `scaling`, `versions` and
`sharing`; with `checking` (access and what a body names) and `presenting` (rows as they are
given out) beside them.

Each use case checks access through `careplan.access.permissions` and runs its writes as one
change of the unit of work (`careplan.lib.uow`): the revision check, the audit event, the
family's revision and the live event after commit. Callers use the package as one service:
`from careplan.plans import service` then `service.add_item(...)`.
"""

from careplan.plans.queries.history import last_change
from careplan.plans.service.checking import require_open_plan
from careplan.plans.service.items import add_item, get_item, move_item, patch_item, remove_item
from careplan.plans.service.objectives import add_objective, get_objective, patch_objective
from careplan.plans.service.plans import (
    decide_objectives,
    get_plan,
    get_plan_of_episode,
    open_objectives_of_episode,
    plan_id_of_episode,
    start_plan,
)
from careplan.plans.service.presenting import (
    item_out,
    objective_out,
    progress_out,
    scaling_out,
    version_out,
)
from careplan.plans.service.progress import CheckIn, add_progress, check_in, latest_progress
from careplan.plans.service.scaling import add_scaling
from careplan.plans.service.sharing import (
    my_view,
    share_preview,
    share_refusal,
    share_version,
    view_changes,
)
from careplan.plans.service.states import (
    follow_meeting,
    move,
    move_in,
    state_of,
    state_page,
)
from careplan.plans.service.threads import get_thread, threads_of_family
from careplan.plans.service.versions import (
    current_document,
    diff_versions,
    get_version,
    take_version,
)

__all__ = [
    "CheckIn",
    "add_item",
    "add_objective",
    "add_progress",
    "add_scaling",
    "check_in",
    "current_document",
    "decide_objectives",
    "diff_versions",
    "follow_meeting",
    "get_item",
    "get_objective",
    "get_plan",
    "get_plan_of_episode",
    "get_thread",
    "get_version",
    "item_out",
    "last_change",
    "latest_progress",
    "move",
    "move_in",
    "move_item",
    "my_view",
    "objective_out",
    "open_objectives_of_episode",
    "patch_item",
    "patch_objective",
    "plan_id_of_episode",
    "progress_out",
    "remove_item",
    "require_open_plan",
    "scaling_out",
    "share_preview",
    "share_refusal",
    "share_version",
    "start_plan",
    "state_of",
    "state_page",
    "take_version",
    "threads_of_family",
    "version_out",
    "view_changes",
]
