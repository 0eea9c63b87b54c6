"""Plans' reads for pages: read-only functions that answer what one page or block shows, in
a fixed number of queries whatever the history (`goals`: a family member's goals, with the
live progress of their threads; `history`: who last changed a record; `people`: the agencies
and professionals a record names)."""
