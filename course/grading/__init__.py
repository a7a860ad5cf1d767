"""Grading a class: one command to collect, autograde (sandboxed, in parallel), feed back and export.

    python -m course.grading a01          # what `make grade ASSIGNMENT=a01` runs
    python -m course.grading.demo         # `make demo`: a simulated class through the whole workflow
"""
