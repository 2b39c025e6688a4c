"""Operations, personnel and accessibility statistics (domain guide §9).

A statistics series is an indicator series with named dimensions: its values carry their
own measurement period and may be missing with a reason; derived figures (change,
share, the sum of a dimension, year-to-date and rolling 12 months from months) are
computed by `styra.stats.derive`, never stored twice. Series, dimensions, comparison
areas and wide-file mappings are configuration (YAML, `styra stats config load`).
"""
