"""Where a case's national events sit in the library, for every country the library models.

A case file records two national dates (see ``docs/backtest.md``): ``<cc>.reimbursed_access``, the
national body's *decision* (Beslutningsforum, NICE, the G-BA, HAS's transparency committee, TLV or the NT
council, Medicinrådet, AIFA ...), and optionally ``<cc>.available``, the day patients could get the
medicine. The library's ``<cc>.reimbursed_access`` node is the later of the two clocks, so each event is
read off the node that means the same thing:

- the decision is the start of the country's *implementation steps* (the weeks between a yes and
  treatment: NHS funding, hospital introduction, a listing coming into force; for Italy the regional
  uptake after the Gazzetta Ufficiale publication, so the decision is that publication), or, where the decision is
  a step of its own off the access path (Germany's benefit resolution, France's transparency opinion),
  that step's finish;
- the access is the library's ``<cc>.reimbursed_access`` node, or where the case file's "available" means
  something else (Germany: the negotiated price applies; France: the price published in the Journal
  officiel), that step's finish.

No list of countries is kept here: every country whose fragment has a reimbursed-access route is scored,
and one without an implementation step simply has its decision at its access.
"""

from __future__ import annotations

#: Steps between a positive national decision and treatment: the decision is their start.
IMPLEMENTATION_STEPS = frozenset(
    {
        "at.hospital_formulary",
        "au.pbs_listing",
        "be.listing",
        "ca.provincial_listing",
        "ch.sl_in_force",
        "dk.regional_implementation",
        "es.nomenclator",
        "fi.hila_effective",
        "fi.hospital_introduction",
        "gb.nhs_funding",
        "ie.listing",
        "is.price_catalogue",
        "it.regional_uptake",
        "nl.hospital_uptake",
        "no.hospital_introduction",
        "pl.list_in_force",
        "pt.hospital_uptake",
        "se.regional_introduction",
    }
)
#: Countries whose recorded decision is a step of its own, not on the path to access.
DECISION_STEPS = {"de": "de.gba_assessment", "fr": "fr.ct_opinion"}
#: Countries whose recorded "available" date is a step other than the library's access node.
AVAILABLE_STEPS = {"de": "de.negotiated_price", "fr": "fr.jo_publication"}
#: The national event kinds of a case file.
NATIONAL_EVENTS = ("reimbursed_access", "available")


def national_country(key: str) -> str | None:
    """The country code (upper case) of a national event key, else None.

    >>> national_country("no.available"), national_country("eu.ec_decision")
    ('NO', None)
    """
    cc, _, kind = key.partition(".")
    return cc.upper() if kind in NATIONAL_EVENTS and len(cc) == 2 and cc != "eu" else None


def access_node(key: str) -> str:
    """The library's reimbursed-access node of the country of a national event key."""
    return f"{key.split('.')[0]}.reimbursed_access"


def scored_countries(library_countries: dict[str, set[str]]) -> list[str]:
    """Every country of the library with a reimbursed-access route, in code order."""
    return sorted(cc for cc, routes in library_countries.items() if "reimbursed" in routes)


def library_steps(key: str) -> list[str]:
    """The library steps a national event key is read from (all must be simulated)."""
    cc = key.split(".")[0]
    steps = [access_node(key)]
    extra = (DECISION_STEPS if key.endswith(".reimbursed_access") else AVAILABLE_STEPS).get(cc)
    return [*steps, extra] if extra else steps
