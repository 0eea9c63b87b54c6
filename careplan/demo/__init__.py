"""The fictional demo: one local authority, its agencies and people, and four families."""
