"""Local authorities, agencies, people and their roles."""
