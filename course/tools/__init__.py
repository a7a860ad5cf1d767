"""Instructor and maintainer tools: authoring notebooks, regenerating release/."""
