"""Every real SIE file in shared/sie-samples is read with the right counts, or rejected.

The expected numbers were counted independently of the reader, with grep and awk on
the files (e.g. `grep -c '^[[:space:]]*#TRANS'`, distinct `#KONTO` numbers, and an awk
sum of each voucher's #TRANS amounts for the balance).
"""

from collections import Counter

import pytest

from styra.economy.ledger.sie import SieError, read_sie
from tests.paths import SIE_SAMPLES

SAMPLES = SIE_SAMPLES
NOT_SAMPLES = {"README.md", "LICENSE-jsisie.txt"}

# file: (sietyp, import file, accounts, dimensions, objects, vouchers, transactions,
#        period balances, fiscal years)
EXPECTED = {
    "BL0001_typ4.SE": (4, False, 117, 3, 23, 84, 405, 24, 2),
    "BokslutSIE1.se": (1, False, 594, 0, 0, 0, 0, 0, 2),
    "MAMUT_SIE4_EXPORT.SE": (4, False, 412, 5, 33, 168, 458, 0, 2),
    "SIE4_Exempelfil_med_underdim.SE": (4, False, 530, 4, 39, 295, 1330, 0, 2),
    "SIE_exempelfil.se": (4, False, 540, 0, 0, 26, 148, 0, 2),
    "Sie4.se": (4, False, 291, 2, 41, 70, 260, 0, 1),
    "Sie4.si": (4, True, 133, 2, 3, 165, 869, 0, 1),
    "arsaldo_ovnbolag.se": (1, False, 567, 0, 0, 0, 0, 0, 2),
    "objektsaldo_ovnbolag.se": (3, False, 567, 3, 14, 0, 0, 2223, 2),
    "periodsaldo_ovnbolag.se": (2, False, 567, 0, 0, 0, 0, 1953, 2),
    "transaktioner_ovnbolag.se": (4, False, 567, 3, 14, 163, 671, 1953, 2),
    "typ1.se": (1, False, 299, 0, 0, 0, 0, 0, 2),
    "typ2.se": (2, False, 299, 0, 0, 0, 0, 368, 2),
    "typ3.se": (3, False, 299, 2, 6, 0, 0, 557, 2),
    "typ4.se": (4, False, 299, 2, 6, 81, 287, 0, 2),
    "typ4si.si": (4, True, 299, 2, 6, 81, 287, 0, 2),
    "urval_ovnbolag.si": (4, True, 567, 3, 14, 16, 51, 0, 2),
}
NOT_SIE = {"BokSald.SE"}

# The warnings a valid file may carry: each names a real quirk of that file.
EXPECTED_WARNINGS = {
    # Björn Lundén numbers every monthly depreciation voucher "# 1": a reused number with
    # another date is a warning, a copy (same number and date) an error.
    "BL0001_typ4.SE": [
        (469, "verifikationsnummer i serie # återkommer med olika datum (t.ex. # 1)")
    ],
    "SIE4_Exempelfil_med_underdim.SE": [
        (6, "filen är UTF-8-kodad fast SIE kräver PC8; texterna läses som UTF-8")
    ],
    "Sie4.se": [(721, "kontot FEL saknas i kontoplanen (#KONTO)")],
    "objektsaldo_ovnbolag.se": [
        (
            1740,
            "#PSALDO har rader med flera objekt; de summeras per objekt i dimension 1, "
            "kontrollera att raderna inte överlappar",
        )
    ],
}


def test_every_sample_file_is_covered():
    files = {path.name for path in SAMPLES.iterdir()} - NOT_SAMPLES
    assert files == set(EXPECTED) | NOT_SIE


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_is_read_with_the_right_counts_and_balanced_vouchers(name):
    result = read_sie(SAMPLES / name)

    sietyp, is_import, accounts, dimensions, objects, vouchers, transactions, balances, years = (
        EXPECTED[name]
    )
    assert (result.sietyp, result.is_import_file) == (sietyp, is_import)
    assert len(result.accounts) == accounts
    assert len(result.dimensions) == dimensions
    assert len(result.objects) == objects
    assert result.counts == {
        "vouchers": vouchers,
        "transactions": transactions,
        "period_balances": balances,
    }
    assert len(result.fiscal_years) == years
    assert result.unbalanced_vouchers == []
    assert result.errors == []
    assert [(w.line, w.message) for w in result.warnings] == EXPECTED_WARNINGS.get(name, [])


def test_html_error_page_is_rejected_with_one_sentence():
    with pytest.raises(SieError) as raised:
        read_sie(SAMPLES / "BokSald.SE")
    assert str(raised.value) == (
        "BokSald.SE är ingen SIE-fil: ingen rad börjar med #FLAGGA, #SIETYP eller #VER"
    )


def test_cp437_names_are_decoded():
    result = read_sie(SAMPLES / "typ4.se")
    assert result.company == "Övningsföretaget AB"
    assert result.accounts["1060"] == "Hyresrätter, tomträtter, etc"
    assert result.program == "Edison Ekonomi Byrå"


def test_rtrans_rows_count_once_in_bl0001():
    # 405 #TRANS rows; each of the 6 #RTRANS rows is followed by its #TRANS copy and the
    # 3 #BTRANS rows are removed rows, so the count stays 405 and every voucher balances.
    result = read_sie(SAMPLES / "BL0001_typ4.SE")
    assert result.counts["transactions"] == 405
    # awk '$1=="#TRANS" && $2=="1930" && $5 ~ /^201001/ {s+=$4}': the #RTRANS rows of
    # January (1930: +500 and -1000) are in it once, through their #TRANS copies.
    assert result.facts[("outcome", 0, 201001, None, "1930")] == -2605433


def _outcome_per_account_month(result, year_index=0) -> dict:
    totals = Counter()
    for (kind, year, month, _code, account), ore in result.facts.items():
        if kind == "outcome" and year == year_index:
            totals[(month, account)] += ore
    return {key: ore for key, ore in totals.items() if ore}


def test_transactions_sum_to_the_period_balances_of_the_same_year():
    transactions = read_sie(SAMPLES / "transaktioner_ovnbolag.se")
    balances = read_sie(SAMPLES / "periodsaldo_ovnbolag.se")

    outcome = _outcome_per_account_month(transactions)
    psaldo = {
        (month, account): ore
        for (kind, year, month, code, account), ore in balances.facts.items()
        if kind == "outcome_psaldo" and year == 0 and code is None and ore
    }
    assert {key[1] for key in transactions.facts if key[0] == "outcome"} == {0}
    assert len(outcome) == 157  # account-months with a non-zero movement
    assert outcome == psaldo


def test_transactions_per_cost_centre_match_the_object_balances():
    # objektsaldo_ovnbolag.se has one #PSALDO row per exact object combination, so
    # summing the rows by their dimension-1 object gives each cost centre's movement.
    transactions = read_sie(SAMPLES / "transaktioner_ovnbolag.se")
    objects = read_sie(SAMPLES / "objektsaldo_ovnbolag.se")

    def per_object(result, kind):
        totals = Counter()
        for (fact_kind, year, month, code, account), ore in result.facts.items():
            if fact_kind == kind and year == 0 and code is not None:
                totals[(month, code, account)] += ore
        return {key: ore for key, ore in totals.items() if ore}

    outcome = per_object(transactions, "outcome")
    assert {code for (_, code, _) in outcome} == {"Nord", "Syd"}
    assert outcome == per_object(objects, "outcome_psaldo")


def test_empty_object_list_is_the_total_in_edison_files():
    # typ3.se (Edison) writes {} as the account's total next to per-object rows: the
    # reader keeps both, and the consumer can see that they agree.
    result = read_sie(SAMPLES / "typ3.se")
    per_object = Counter()
    for (kind, year, month, code, account), ore in result.facts.items():
        if kind == "outcome_psaldo" and code is not None:
            per_object[(year, month, account)] += ore
    assert len(per_object) == 5
    for (year, month, account), ore in per_object.items():
        assert result.facts[("outcome_psaldo", year, month, None, account)] == ore
