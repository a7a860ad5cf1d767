"""The security track (lesson 07): HIPAA for a remote coder or biller.

- `course.security.hipaa`: Privacy vs Security Rule, the 18 Safe Harbor identifiers, safeguards, breach notices.
- `course.security.home_office`: the home-office safeguards audit.
- `course.security.phishing`: the phishing spotter's emails (data: course/data/phishing_emails.json) and verdicts.
"""
