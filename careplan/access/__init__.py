"""Who may do what: the principal, the one access policy and audiences (DESIGN, Layout).

The one exemption of the layout: access reads the tables of tenancy, families and identity
(people, roles, teams, members, sessions), because deciding access needs them.
"""
