"""Medical coding and billing: the course toolkit."""
