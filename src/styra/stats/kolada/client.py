"""A small client for Kolada's REST API v3 (domain guide §9).

- metadata `/kpi/{id}`, `/municipality/{id}`; data
  `/data/kpi/{kpi}/municipality/{ids}/year/{years}` with at most 25 ids (and years) per
  request, `per_page` up to 5 000, and the pages followed through `next_url`;
- a row is `{kpi, municipality, period, values: [{gender: T|K|M, value, status}]}`, a
  missing value is `value: null`;
- responses are cached on disk (by URL, for `cache_ttl`), so a second sync within the
  day asks Kolada nothing;
- without a network the client raises `KoladaUnavailable` with a clear Swedish message
  and nothing is changed.

The transport is httpx's: tests and the demo replay recorded responses through
`recording.RecordedTransport`; nothing in the tests reaches the network.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import httpx
from django.utils.translation import gettext as _

BASE_URL = "https://api.kolada.se/v3"
MAX_IDS = 25
PER_PAGE = 5000
MAX_PAGES = 1000
DEFAULT_TTL = 24 * 3600
GENDERS = ("T", "K", "M")


class KoladaError(Exception):
    """Kolada answered, but not with what Styra can use; the message is Swedish."""


class KoladaUnavailable(KoladaError):
    """Kolada could not be reached (no network, a timeout, the service down)."""


@dataclass(frozen=True)
class KoladaValue:
    kpi: str
    municipality: str
    period: int
    gender: str  # T (totalt), K (kvinnor), M (män)
    value: Decimal | None
    status: str = ""


def batches(items: list[str], size: int = MAX_IDS) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class KoladaClient:
    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        transport: httpx.BaseTransport | None = None,
        cache_dir: Path | None = None,
        cache_ttl: int = DEFAULT_TTL,
        timeout: float = 20.0,
    ):
        self.base_url = base_url.rstrip("/")
        self.cache_dir = cache_dir
        self.cache_ttl = cache_ttl
        self.requests = 0  # requests that went to Kolada (not answered from the cache)
        self._http = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": "Styra (kolada-klient)"},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- requests -------------------------------------------------------------------

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")

    def get(self, url: str) -> dict:
        cached = self._cache_path(url)
        if cached is not None and cached.exists():
            if time.time() - cached.stat().st_mtime < self.cache_ttl:
                return json.loads(cached.read_text(encoding="utf-8"))
        try:
            response = self._http.get(url)
        except (httpx.TransportError, OSError) as exc:
            raise KoladaUnavailable(
                _(
                    "Kolada kunde inte nås (%(reason)s). Kontrollera nätverksanslutningen "
                    "och försök igen; ingenting har ändrats."
                )
                % {"reason": exc.__class__.__name__}
            ) from None
        self.requests += 1
        if response.status_code != 200:
            raise KoladaError(
                _("Kolada svarade %(status)s för %(url)s; ingenting har ändrats.")
                % {"status": response.status_code, "url": url}
            )
        try:
            data = response.json()
        except ValueError:
            raise KoladaError(
                _("Kolada svarade med något annat än JSON för %(url)s.") % {"url": url}
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            raise KoladaError(_("Oväntat svar från Kolada för %(url)s.") % {"url": url})
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return data

    def pages(self, url: str) -> Iterator[dict]:
        """Every page of a listing, following `next_url`."""
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen or len(seen) >= MAX_PAGES:
                raise KoladaError(_("Kolada:s sidor tar inte slut (%(url)s).") % {"url": next_url})
            seen.add(next_url)
            page = self.get(next_url)
            yield page
            next_url = page.get("next_url") or None

    # --- metadata and data --------------------------------------------------------------

    def kpi(self, kpi_id: str) -> dict:
        values = self.get(f"{self.base_url}/kpi/{kpi_id}")["values"]
        if not values:
            raise KoladaError(_("Kolada har inget nyckeltal %(kpi)s.") % {"kpi": kpi_id})
        return values[0]

    def data(self, kpi: str, municipalities: list[str], years: list[int]) -> Iterator[KoladaValue]:
        """The values of `kpi` for `municipalities` and `years`, ids and years in batches."""
        for ids in batches(sorted(set(municipalities))):
            for year_batch in batches([str(y) for y in sorted(set(years))]):
                url = (
                    f"{self.base_url}/data/kpi/{kpi}/municipality/{','.join(ids)}"
                    f"/year/{','.join(year_batch)}?per_page={PER_PAGE}"
                )
                for page in self.pages(url):
                    yield from _rows(page)


def _rows(page: dict) -> Iterator[KoladaValue]:
    for row in page["values"]:
        try:
            kpi, municipality, period = (
                str(row["kpi"]),
                str(row["municipality"]),
                int(row["period"]),
            )
            cells = row["values"]
        except (KeyError, TypeError, ValueError):
            raise KoladaError(_("Oväntad rad från Kolada: %(row)s") % {"row": row}) from None
        for cell in cells:
            gender = str(cell.get("gender", "T"))
            if gender not in GENDERS:
                continue
            raw = cell.get("value")
            try:
                value = None if raw is None else Decimal(str(raw))
            except InvalidOperation:
                raise KoladaError(_("Oväntat värde från Kolada: %(v)s") % {"v": raw}) from None
            yield KoladaValue(
                kpi, municipality, period, gender, value, str(cell.get("status") or "")
            )
