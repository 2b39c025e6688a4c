"""The planning half of the year (domain guide §1 steps 1–3).

Inspel (the units' planning input, a round of its own kind with the follow-up's review
workflow), budget frames per unit with their changes, investment requests with a life
cycle across years, the internal-control plan, the follow-up plan and meeting calendar,
the plan's own texts, and the data-quality checks of a plan before it is printed.
"""
