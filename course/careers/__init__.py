"""The careers track (lessons 01 and 08): the two jobs, and the road into them.

- `course.careers.tasks`: which everyday tasks belong to the coder, the biller, or both (lesson 01's sorter).
- `course.careers.path`: training routes, certifications, labour-market figures with their sources, the planner (lesson 08; never graded).
"""
