"""Parameters: read them from a description (`extract`) and compare them with an entry's thresholds (`thresholds`)."""
