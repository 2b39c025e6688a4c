"""The planning pages: plans' budget frames and investment plans, investment objects'
histories, and the units' inspel. Thin views over `styra.planning` services and
selectors; the inspel's text sections come from its report template."""
