"""Plans, items, objectives and their threads, progress, scaling, versions and family views."""
