"""A small plan file that exercises every part of the format."""

import pytest

ORG_YAML = """\
format: styra-org/1
unit_types:
  - code: region
    name: Region
  - code: namnd
    name: Nämnd
  - code: avdelning
    name: Avdelning
units:
  - code: REG
    versions:
      - name: Region Test
        type: region
        valid_from: 2020-01-01
  - code: RS
    versions:
      - name: Regionstyrelsen
        parent: REG
        type: namnd
        valid_from: 2020-01-01
  - code: RUN
    versions:
      - name: Regionala utvecklingsnämnden
        parent: REG
        type: namnd
        valid_from: 2020-01-01
  - code: RS-EKO
    versions:
      - name: Ekonomiavdelningen
        parent: RS
        type: avdelning
        valid_from: 2020-01-01
cost_centres:
  - code: "1200"
    name: Ekonomi
    units:
      - unit: RS-EKO
        valid_from: 2020-01-01
"""

PLAN_YAML = """\
format: styra-plan/1
plan:
  code: test-2026
  name: Testplan 2026
  unit: RS
  period:
    start: 2026-01-01
    end: 2026-12-31
  tolerance:
    kind: relative
    value: 15
  scales:
    indicator: test-mal
    assignment: test-uppdrag
levels:
  - code: omrade
    name: Målområde
    plural: Målområden
    kinds: [area]
  - code: nyckeltal
    name: Nyckeltal
    parent: omrade
    kinds: [indicator]
  - code: uppdrag
    name: Uppdrag
    parent: omrade
    kinds: [assignment]
scales:
  - code: test-mal
    name: Måluppfyllelse
    levels:
      - {code: helt, label: Helt uppfyllt, colour: "#2e7d32", symbol: "●", meaning: fulfilled}
      - {code: delvis, label: Delvis uppfyllt, colour: "#f9a825", symbol: "◐", meaning: partly}
      - {code: ej, label: Ej uppfyllt, colour: "#c62828", symbol: "○", meaning: not_fulfilled}
      - {code: ejrapp, label: Ej rapporterat, colour: "#757575", symbol: "–", meaning: not_reported}
  - code: test-uppdrag
    name: Uppdragsstatus
    levels:
      - {code: gron, label: Grön, colour: "#2e7d32", symbol: "●", meaning: fulfilled}
      - {code: rod, label: Röd, colour: "#c62828", symbol: "○", meaning: not_fulfilled}
items:
  - code: LED
    kind: area
    level: omrade
    number: "1"
    title: Ledning
    subtitle: God styrning
    children:
      - code: N01
        kind: indicator
        level: nyckeltal
        title: Soliditet
        owner: RS-EKO
        co_owners: [RUN]
        indicator:
          unit: "%"
          decimals: 1
          direction: higher
        targets:
          - kind: threshold
            value: -33.2
            text: "-33,2 %"
      - code: N02
        kind: indicator
        level: nyckeltal
        title: Utsläpp
        frequency: yearly
        indicator:
          unit: "%"
          decimals: 0
          direction: lower
        targets:
          - kind: relative_baseline
            value: -41
            direction: lower
            baseline:
              year: 2019
      - code: U01
        kind: assignment
        level: uppdrag
        title: Ett uppdrag
        description: |
          Första raden.
          Andra raden.
rounds:
  - code: test-T1
    name: Tertial 1
    kind: tertial
    period:
      start: 2026-01-01
      end: 2026-04-30
    deadlines:
      reporting: 2026-05-08
    state: open
"""


@pytest.fixture
def org_yaml():
    return ORG_YAML


@pytest.fixture
def plan_yaml():
    return PLAN_YAML
