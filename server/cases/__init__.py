"""The case inbox: a bad answer becomes a case with an owner, deadlines, notes, a timeline and a reply.

Pure decisions (rules.py, routing.py, sla.py, metrics.py) are kept apart from
what touches the database (workflow.py, opening.py, overdue.py, queries.py).
"""
