"""Practice widgets: thin ipywidgets views over the toolkit's pure functions.

Each module builds widgets with a `make_...()` function; the feedback a widget shows comes from a
pure function that the tests call directly.
"""
