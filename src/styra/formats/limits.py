"""Every limit on what Styra accepts, in one place (docs/security.md lists them).

A file or a text past one of these is refused with a Swedish message that names the
file (and line) and the limit, before it can cost more memory or time than a real
one would. The figures are far above what a region's real files hold (the demo's plan
files are 30 kB, a year's SIE file of a large region some hundred MB, a chart of
accounts a few thousand accounts); they are there to stop a broken or hostile file,
not to ration honest work. Code reads them through this module at call time
(`limits.TABLE_MAX_ROWS`), so a test can lower one with `monkeypatch.setattr`.
"""

from __future__ import annotations

MIB = 1024 * 1024

# --- free text -------------------------------------------------------------------------
#: An assessment's or a register row's comment, and any other free text of one item.
COMMENT_MAX_CHARS = 10_000
#: A section text of a unit's report (Sammanfattning, Händelser av väsentlig betydelse …).
SECTION_TEXT_MAX_CHARS = 50_000

# --- tables: CSV and XLSX (styra.formats.tabular) ---------------------------------------
#: The file as uploaded or read from disk (for XLSX: the compressed file).
TABLE_MAX_FILE_BYTES = 50 * MIB
#: Data rows, not counting the header; empty rows count too (a sheet can declare a
#: million of them).
TABLE_MAX_ROWS = 1_000_000
#: Columns of the header or of any row.
TABLE_MAX_COLUMNS = 200
#: Characters in one cell (also Python's csv field size limit while reading).
TABLE_MAX_CELL_CHARS = 10_000
#: Characters in one line of a CSV file.
TABLE_MAX_LINE_CHARS = 100_000
#: An XLSX file is a zip archive: the sum of its parts' uncompressed sizes (a zip bomb
#: of a few hundred kB unpacks to gigabytes) and the ratio to the compressed size.
XLSX_MAX_UNCOMPRESSED_BYTES = 512 * MIB
XLSX_MAX_COMPRESSION_RATIO = 200
#: The shared-strings part is read into memory whole by openpyxl.
XLSX_MAX_SHARED_STRINGS_BYTES = 64 * MIB

# --- SIE (styra.economy.ledger.sie) -------------------------------------------------------
SIE_MAX_FILE_BYTES = 4 * 1024 * MIB
#: Characters in one line; real lines are under 300.
SIE_MAX_LINE_CHARS = 8_192
#: Accounts (#KONTO) and objects (#OBJEKT) in one file.
SIE_MAX_ACCOUNTS = 100_000
SIE_MAX_OBJECTS = 1_000_000
#: Voucher numbers that are not plain running integers ("A12"), kept to find duplicates;
#: running numbers cost one bit each and are not limited.
SIE_MAX_OTHER_VOUCHER_NUMBERS = 2_000_000

# --- YAML: plan files, report templates, row sets ---------------------------------------
#: The file; ruamel.yaml's round-trip reader needs about 4 s per MB (longer for long runs
#: of comment lines), so this also bounds the time a file can take.
YAML_MAX_FILE_BYTES = 2 * MIB
#: Nesting of mappings and lists.
YAML_MAX_DEPTH = 64
#: Nodes after aliases are expanded (`*a` counts as everything `&a` holds): an alias
#: bomb of 500 bytes expands to billions.
YAML_MAX_NODES = 1_000_000
#: Aliases (`*name`) in one file.
YAML_MAX_ALIASES = 10_000
