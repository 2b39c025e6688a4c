"""The demo region "Region Exempel": YAML files in `data/` and the code that loads them."""
