"""Tenancy's use cases for a local authority's administrator beyond its agencies and people
(careplan.tenancy.service): its local rules, and its professionals' roles."""
