"""Oversight's reads, each across slices and read only; the families are those
`careplan.access.permissions` lets the professional see:

- `caseload`: a professional's families, what needs attention, most overdue first;
- `family_page`: a family's members, team, story and portal access;
- `attention`: batch reads of the plans (and their answers) over many families at once.

Another slice's tables are read here and nowhere else in the oversight slice.
"""
