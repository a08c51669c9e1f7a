"""Donor names as the Ukraine Support Tracker spells them -> warledger actor codes.

The tracker names donors in plain English ("Czechia", "South Korea", "Turkiye") and counts the
EU's own institutions as one donor. Countries resolve through pycountry when exactly one
country carries the name (as its name, common name or official name); everything else is in
:data:`EXPLICIT`, which is checked first so a spelling that pycountry would read differently
can never win. A name neither resolves is an error, never a silent skip: dropping a donor
would quietly shrink every total built from the release.
"""

from __future__ import annotations

from functools import cache

import pycountry

#: names pycountry cannot resolve unambiguously (or at all), and group donors
EXPLICIT: dict[str, str] = {
    # the tracker's "EU" is the Commission and Council (incl. EPF, MFA loans): the `EU` group
    "EU (Commission and Council)": "EU",
    "EU Institutions": "EU",
    "European Union": "EU",
    "European Commission": "EU",
    # pycountry spells it "Türkiye"; older releases say "Turkey"
    "Turkiye": "TUR",
    "Turkey": "TUR",
    # pycountry: "Korea, Republic of" (and a North Korea alias nearby)
    "South Korea": "KOR",
    "Republic of Korea": "KOR",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Slovakia": "SVK",
    "Slovak Republic": "SVK",
    "United Kingdom": "GBR",
    "UK": "GBR",
    "United States": "USA",
    "United States of America": "USA",
    "USA": "USA",
    "US": "USA",
    "Taiwan": "TWN",
    "Netherlands": "NLD",
    "The Netherlands": "NLD",
}


@cache
def _country_names() -> dict[str, tuple[str, ...]]:
    """Lower-cased country name -> the alpha-3 codes of every country carrying it."""
    names: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(value.casefold(), set()).add(country.alpha_3)
    return {name: tuple(sorted(codes)) for name, codes in names.items()}


def donor_code(name: str) -> str | None:
    """The actor code for a tracker donor name, or None when it does not resolve.

    >>> donor_code("EU (Commission and Council)"), donor_code("Turkiye"), donor_code("Japan")
    ('EU', 'TUR', 'JPN')
    """
    cleaned = " ".join(name.split())
    if cleaned in EXPLICIT:
        return EXPLICIT[cleaned]
    codes = _country_names().get(cleaned.casefold(), ())
    # two countries sharing a name is exactly the ambiguity an explicit entry must settle
    return codes[0] if len(codes) == 1 else None


def unknown_donor_message(name: str) -> str:
    return (
        f"unknown donor '{name}': not a country name pycountry resolves and not in the "
        "explicit table of warledger.importers.donors; add it there with its actor code"
    )
