"""The patient-facing track (lesson 06): talking with patients about their bills.

- `course.patients.conversations`: the branching phone-call scenarios (data: course/data/conversations.json),
  their feedback and score.
- `course.patients.payment_plans`: instalment plans to the cent.
"""
