"""Changes to the organisation tree, each checked against the acting user's roles.

`styra.org` holds the tree (models, reads) and sits below `styra.access`, whose roles
are given on its units; the writes need those roles, so they live here, one layer
above access (docs/decisions/0004-organisation-writes.md).
"""
