"""Families' reads: what a family member reads of their own family in the portal, and what
the use cases read of the slices below (tenancy's professionals, agencies and episode kinds).
Read only: nothing here writes.

- `portal`: the member's family (their home) and who to call;
- `tenancy`: a professional, where an agency works, a local authority's episode kinds.
- `names`: a family's members and team by name, for the plan editor (through access).

Another slice's tables are read here and nowhere else in the families slice.
"""
