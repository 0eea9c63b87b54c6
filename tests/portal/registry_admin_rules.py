"""Registry entries for a local authority's local rules and its professionals' roles (issue
17, item 8; see test_page_access): its administrators only; any other professional is told
only an administrator can (403), a parent is told nothing is there (404). What the pages do,
and that Southby's administrator gets 404 on Northmere's records: tests/tenancy/
test_local_rules_pages.py."""

from __future__ import annotations

from careplan.demo.builder import demo_id
from tests.portal.registry import Page
from tests.portal.registry_workspace import ADMIN_PAGE, ADMIN_POST

RULES = "/workspace/admin/rules"
CLOCK = f"{RULES}/clocks/{{clock_id:str}}"
KIND = f"{RULES}/episode-kinds/{{kind_id:str}}"
RULE = f"{RULES}/authority/{{action:str}}/{{kind:str}}"
APPROVAL = f"{RULES}/approvals/{{action:str}}/{{kind:str}}"
PERSON = "/workspace/admin/professionals/{person_id:str}"
REVOKE = f"{PERSON}/roles/{{grant_id:str}}/revoke"

INITIAL_CONFERENCE = demo_id("clock:initial_conference")
EARLY_HELP = demo_id("kind:early_help")
NADIA = demo_id("person:nadia")
NADIA_PRACTITIONER = demo_id("role:nadia:practitioner")
CP_CLOSE = "episode.close/child_protection"


def _get(route: str, path: str) -> tuple[tuple[str, str], Page]:
    return ("GET", route), Page("GET", path, ADMIN_PAGE, secret_words=())


def _post(route: str, path: str, form: dict[str, object]) -> tuple[tuple[str, str], Page]:
    return ("POST", route), Page("POST", path, ADMIN_POST, form=form, secret_words=())


PAGES: dict[tuple[str, str], Page] = dict(
    [
        _get(RULES, RULES),
        _get(CLOCK, CLOCK.replace("{clock_id:str}", str(INITIAL_CONFERENCE))),
        _post(CLOCK, CLOCK.replace("{clock_id:str}", str(INITIAL_CONFERENCE)), {"length": "20"}),
        _get(f"{RULES}/episode-kinds/new", f"{RULES}/episode-kinds/new"),
        _post(
            f"{RULES}/episode-kinds/new",
            f"{RULES}/episode-kinds/new",
            {"code": "family_support", "label": "Family support", "plan_kind": "wellbeing_plan"},
        ),
        _get(KIND, KIND.replace("{kind_id:str}", str(EARLY_HELP))),
        _post(KIND, KIND.replace("{kind_id:str}", str(EARLY_HELP)), {"label": "Early support"}),
        _get(f"{KIND}/deactivate", f"{RULES}/episode-kinds/{EARLY_HELP}/deactivate"),
        _post(f"{KIND}/deactivate", f"{RULES}/episode-kinds/{EARLY_HELP}/deactivate", {}),
        _post(f"{KIND}/activate", f"{RULES}/episode-kinds/{EARLY_HELP}/activate", {}),
        _get(f"{RULES}/bank-holidays", f"{RULES}/bank-holidays"),
        _post(f"{RULES}/bank-holidays", f"{RULES}/bank-holidays", {"region": "SCT"}),
        _get(f"{RULES}/disagreement-stages", f"{RULES}/disagreement-stages"),
        _post(
            f"{RULES}/disagreement-stages",
            f"{RULES}/disagreement-stages",
            {
                "practitioners": "3",
                "managers": "5",
                "senior_managers": "5",
                "safeguarding_partnership": "10",
            },
        ),
        _get(f"{RULES}/authority", f"{RULES}/authority"),
        _get(RULE, f"{RULES}/authority/{CP_CLOSE}"),
        _post(
            RULE,
            f"{RULES}/authority/{CP_CLOSE}",
            {"agency_kinds": ["childrens_social_care", "police"], "who": ["team", "managers"]},
        ),
        _get(APPROVAL, f"{RULES}/approvals/{CP_CLOSE}"),
        _post(APPROVAL, f"{RULES}/approvals/{CP_CLOSE}", {"needed": "no"}),
        _get(PERSON, PERSON.replace("{person_id:str}", str(NADIA))),
        _post(
            f"{PERSON}/roles", f"/workspace/admin/professionals/{NADIA}/roles", {"role": "chair"}
        ),
        _get(
            REVOKE,
            f"/workspace/admin/professionals/{NADIA}/roles/{NADIA_PRACTITIONER}/revoke",
        ),
        _post(
            REVOKE,
            f"/workspace/admin/professionals/{NADIA}/roles/{NADIA_PRACTITIONER}/revoke",
            {},
        ),
    ]
)
