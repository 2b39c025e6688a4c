"""Uploads in the browser (issue 13): plan files, statistics, registers and assessments.

Each upload is checked (a dry run that shows what would change) or imported as a
background job that runs the same import service as the command line, as the person who
uploaded the file; all or nothing. The ledger's upload is `finance:upload`.
"""
