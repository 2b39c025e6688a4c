"""The SIE ledger file format: a streaming reader and a small writer, pure Python.

Other apps use only what is exported here:

    from styra.economy.ledger.sie import read_sie, SieError
    result = read_sie(path, dimension=1, aggregate=True)
"""

from .model import FiscalYear, Issue, SieError, SieResult, UnbalancedVoucher
from .reader import read_sie
from .writer import SieWriter, VoucherRow

__all__ = [
    "FiscalYear",
    "Issue",
    "SieError",
    "SieResult",
    "SieWriter",
    "UnbalancedVoucher",
    "VoucherRow",
    "read_sie",
]
