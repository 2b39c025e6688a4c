"""The economy: the ledger (`ledger`, facts from SIE and spreadsheets, row sets, the
economic tables) and the registers people keep beside it (`registers`: forecasts,
savings measures, workforce, investments). Two Django apps in one package; their
app labels (`finance`, `economy`) keep the database tables and migrations as they were.
"""
