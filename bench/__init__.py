"""`make bench`: every performance figure next to its baseline, measured in the same run."""
