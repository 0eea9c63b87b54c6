"""Live updates for co-editors: events published after commit, carrying ids only."""
