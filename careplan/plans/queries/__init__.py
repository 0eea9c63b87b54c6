"""Plans' reads for pages: read-only functions that answer what one page or block shows, in
a fixed number of queries whatever the history (`blocks`: the plan editor's blocks, one read
each; `progress`: the latest check-in of each objective; `goals`: a family member's goals,
with the live progress of their threads; `history`: who last changed a record; `people`: the
agencies and professionals a record names)."""
