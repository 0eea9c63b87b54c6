"""Oversight: the reads across slices a professional works from (their caseload, a family's
page, the statutory dates due). It sits above every slice it reads and writes nothing."""
