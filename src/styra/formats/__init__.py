"""Shared formats at the bottom of Styra: Swedish numbers (`numbers`), amounts in
kr/tkr/mkr (`amounts`), the one CSV/XLSX reader (`tabular`) and the vocabulary every
import uses for its problems (`problems`). Nothing here imports another Styra module.
"""
