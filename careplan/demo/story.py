"""The demo's fictional people and families. Every name, place and number is invented.

Phone numbers are from Ofcom's range kept for drama (01632 960xxx); e-mail addresses use the
reserved `.example` domain.
"""

from __future__ import annotations

from dataclasses import dataclass

LOCAL_AUTHORITY = {"name": "Northmere Council", "code": "NMC", "out_of_hours_phone": "01632 960999"}


@dataclass(frozen=True)
class DemoAgency:
    key: str
    name: str
    kind: str
    phone: str


AGENCIES = (
    DemoAgency("csc", "Northmere Children's Social Care", "childrens_social_care", "01632 960100"),
    DemoAgency("early_help", "Northmere Family Help", "early_help", "01632 960110"),
    DemoAgency("hv", "Northmere Health Visiting", "health_visiting", "01632 960120"),
    DemoAgency("school", "Riverside Primary School", "school", "01632 960130"),
    DemoAgency("police", "Northmere Police Safeguarding Unit", "police", "01632 960140"),
    DemoAgency("gp", "Hawthorn Lane Surgery", "gp", "01632 960150"),
    DemoAgency("amh", "Northmere Adult Mental Health Team", "adult_mental_health", "01632 960160"),
)


@dataclass(frozen=True)
class DemoProfessional:
    key: str
    name: str
    agency: str
    job_title: str
    roles: tuple[str, ...] = ("practitioner",)

    @property
    def email(self) -> str:
        first, last = self.name.lower().replace("dr ", "").split()[-2:]
        return f"{first}.{last}@{self.agency.replace('_', '-')}.northmere.example"


PROFESSIONALS = (
    DemoProfessional("priya", "Priya Raman", "csc", "Social worker"),
    DemoProfessional("tom", "Tom Fletcher", "early_help", "Family support worker"),
    DemoProfessional("grace", "Grace Okafor", "hv", "Health visitor"),
    DemoProfessional("daniel", "Daniel Price", "school", "Designated safeguarding lead"),
    DemoProfessional("laura", "Laura Bennett", "police", "Police sergeant"),
    DemoProfessional("amir", "Dr Amir Haddad", "gp", "GP"),
    DemoProfessional("nadia", "Nadia Kowalski", "amh", "Community psychiatric nurse"),
    DemoProfessional("helen", "Helen Marsh", "csc", "Team manager", ("practitioner", "manager")),
    DemoProfessional("robert", "Robert Ellis", "csc", "Independent chair", ("chair",)),
    DemoProfessional("sam", "Sam Adeyemi", "csc", "Service administrator", ("administrator",)),
    DemoProfessional("chloe", "Chloe Dunn", "csc", "Social worker (not on these teams)"),
)
