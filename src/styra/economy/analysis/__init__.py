"""The economy page: the ledger's economic table with the units' forecasts beside it,
its drill-down (units, cost centres, accounts) and its Excel export.

It sits above both `economy.ledger` (the facts) and `economy.registers` (the forecasts
the units enter), which may not read each other in that direction.
"""
