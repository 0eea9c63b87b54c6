"""Live co-editing's use cases, one module per job; the pages and the plugin import these only.

- `hub`: the live hub of one process (its channels and its picture of presence), and the
  bridge from committed events to the channels;
- `stream`: a plan's event stream, and who may see which event;
- `presence`: who else is in a plan, and which block each is editing.

Their reads of plans and people are careplan.live.queries.
"""
