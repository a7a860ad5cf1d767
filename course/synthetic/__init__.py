"""A seeded synthetic medical practice: patients, encounters, claims and remittances for lessons 04-05.

Everything here is fictitious: SSNs in area 666, phones 555-0100..0199, e-mail at example.com/.org/.net,
NPIs made up with valid check digits (labelled fictitious), tax IDs with the never-issued prefix 00.
`practice(seed)` gives the same practice for the same seed.
"""

from course.synthetic.practice import Practice, flawed_claims, practice

__all__ = ["Practice", "flawed_claims", "practice"]
