"""Hostile submissions for the grading sandbox (see cases.py)."""
