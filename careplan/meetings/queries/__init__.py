"""Meetings' reads: what the pages read of meetings, and what the use cases read of the slices
below (plans, families, tenancy). Read only: nothing here writes.

- `family`: what a family member reads in the portal (their next meeting, their answers);
- `caseload`: batch reads over many families for a caseload;
- `plans`: the plan's access, its versions and its family views;
- `people`: the family's members and key worker, the professionals who may attend.

Another slice's tables are read here and nowhere else in the meetings slice.
"""
