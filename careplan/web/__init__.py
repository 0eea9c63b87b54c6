"""HTTP plumbing shared by every slice and both front ends: headers, errors, templates."""
