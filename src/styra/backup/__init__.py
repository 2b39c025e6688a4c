"""`styra dump` / `styra restore`: the organisation's data as one file, and back.

One file holds everything Styra keeps about the organisation in its database: the
organisation tree and cost centres, plans, rounds, assessments and texts with their
history, the ledger and its mappings, the registers, statistics, users and their
roles, and the region's own report templates. It is plain JSON lines (gzip), written
model by model in dependency order, so it moves between SQLite and PostgreSQL in both
directions and a dump of a restored database is the same file again.
"""
