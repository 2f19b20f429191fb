"""Fetch one study record from the ClinicalTrials.gov API v2, and recognise EU trial numbers.

Kept small on purpose: the standard library's urllib, a timeout, a size cap, and messages that say
what to do when the machine is offline (save the record's JSON and use it instead). EU CTIS numbers
are recognised but not fetched: no documented public CTIS interface is used yet, so the message
says which values to enter by hand.
"""

from __future__ import annotations

import re

from .problems import PathwayError, Problem
from .trial_record import MAX_RECORD_BYTES

BASE_URL = "https://clinicaltrials.gov/api/v2"
TIMEOUT_SECONDS = 15.0
_NCT = re.compile(r"^NCT\d{8}$")
_CTIS = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}$")
_EUDRACT = re.compile(r"^\d{4}-\d{6}-\d{2}$")


def normalise_trial_id(text: str) -> str:
    """An NCT number in canonical form, or a problem explaining what the text is and what to do."""
    raw = text.strip().upper().replace(" ", "")
    if _NCT.match(raw):
        return raw
    if re.fullmatch(r"NCT\d{1,7}", raw):
        return "NCT" + raw[3:].zfill(8)
    if _CTIS.match(raw) or _EUDRACT.match(raw):
        kind = "an EU CT number (CTIS)" if _CTIS.match(raw) else "a EudraCT number"
        raise PathwayError(
            [
                Problem(
                    "trial number",
                    None,
                    None,
                    "",
                    f"{raw} is {kind}; Pathways reads ClinicalTrials.gov records only (no documented public CTIS "
                    "interface is used yet)",
                    "look the trial up at https://euclinicaltrials.eu/ctis-public/search (or its NCT number, if it has "
                    "one) and answer the plain questions by hand: phase, running or finished, who runs it, approved "
                    "elsewhere, rare disease, countries (python -m pathways new --phase 2 --status running ...)",
                )
            ]
        )
    raise PathwayError(
        [Problem("trial number", None, None, text[:40], "not a trial number", "write an NCT number such as NCT01234567")]
    )


def fetch_study(
    trial_id: str, base_url: str = BASE_URL, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_RECORD_BYTES
) -> bytes:
    """The raw JSON of one study; network and server failures become problems that say what to do."""
    # Imported here: urllib.request pulls in http.client and ssl (~20 ms), which every command and
    # the app would otherwise pay at start-up although only a fetch needs them.
    import urllib.error
    import urllib.request

    nct = normalise_trial_id(trial_id)
    url = f"{base_url.rstrip('/')}/studies/{nct}?format=json"
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "pathways (python urllib)"})
    offline_fix = f"save the record from https://clinicaltrials.gov/study/{nct} ('Download' → JSON) and use --trial-file"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as err:
        if err.code == 404:
            raise PathwayError(
                [Problem(url, None, None, nct, "the registry has no study with this number", "check the number")]
            ) from None
        raise PathwayError([Problem(url, None, None, nct, f"the registry answered HTTP {err.code}", offline_fix)]) from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise PathwayError([Problem(url, None, None, nct, f"could not reach the registry ({reason})", offline_fix)]) from None
    if len(data) > max_bytes:
        raise PathwayError(
            [Problem(url, None, None, nct, f"the answer is larger than {max_bytes / 1e6:.0f} MB; stopped reading", offline_fix)]
        )
    return data
