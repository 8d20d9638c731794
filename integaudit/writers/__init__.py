"""Writers of files that are not reports: the template, demo data, extracts, deterministic xlsx."""
