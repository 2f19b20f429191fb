"""Read a ClinicalTrials.gov API v2 study record (the documented JSON) into `TrialFacts`.

Only documented fields are used (https://clinicaltrials.gov/data-api/about-api/study-data-structure):
``protocolSection.identificationModule``, ``statusModule``, ``designModule``,
``sponsorCollaboratorsModule``, ``conditionsModule``, ``armsInterventionsModule`` and
``contactsLocationsModule``. A record that cannot support a scenario (withdrawn, not a drug trial,
a web page saved instead of the JSON) is refused with a problem that says what to do instead;
everything the record cannot know (is the medicine authorised already? orphan designation?) is a
question with a safe default, never a guess presented as a fact.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from typing import Any

from .countries import NAMES
from .formatting import count_text, decimal_text
from .i18n import N_, _, ngettext
from .problems import PathwayError, Problem
from .trial_facts import Fact, Stage, Status, TrialFacts

#: Largest record accepted. Study records with posted results are usually well under 2 MB.
MAX_RECORD_BYTES = 10_000_000

_PHASES: dict[tuple[str, ...], Stage] = {
    ("EARLY_PHASE1",): "phase1",
    ("PHASE1",): "phase1",
    ("PHASE1", "PHASE2"): "phase1_2",
    ("PHASE2",): "phase2",
    ("PHASE2", "PHASE3"): "phase2_3",
    ("PHASE3",): "phase3",
}
_KNOWN_PHASES = {"EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"}
_RUNNING = {"RECRUITING", "ACTIVE_NOT_RECRUITING", "ENROLLING_BY_INVITATION", "SUSPENDED", "UNKNOWN"}
_STATUS: dict[str, Status] = {"NOT_YET_RECRUITING": "not_started", "COMPLETED": "finished"}
_STATUS.update(dict.fromkeys(_RUNNING, "running"))
_REFUSED_STATUS = {
    "WITHDRAWN": N_("the study was withdrawn before its first participant enrolled, so there is no trial to project from"),
    "TERMINATED": N_("the study stopped early"),
    "WITHHELD": N_("the registry withholds this record"),
}
_EXPANDED = {"AVAILABLE", "NO_LONGER_AVAILABLE", "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING"}
#: Intervention types that are medicines (the library models medicines, not devices or procedures).
_MEDICINE_TYPES = {"DRUG", "BIOLOGICAL", "GENETIC", "COMBINATION_PRODUCT"}
_CONTROL = re.compile(r"\b(placebo|sham|vehicle|saline|standard of care|usual care)\b", re.IGNORECASE)
_CANCER = re.compile(
    r"(cancer|carcinoma|tumou?r|neoplasm|lymphoma|leuka?emia|myeloma|melanoma|sarcoma|glioma|glioblastoma|"
    r"blastoma|mesothelioma|metasta)",
    re.IGNORECASE,
)
#: Country names as the registry writes them, for the few that differ from our own short names.
_ALIASES = {
    "United States": "US",
    "United Kingdom": "GB",
    "Netherlands": "NL",
    "Czech Republic": "CZ",
    "Korea, Republic of": "KR",
}
_CODE_BY_NAME = {name.removeprefix("the "): code for code, name in NAMES.items()} | _ALIASES


def parse_record(raw: bytes | str, file: str = "record.json") -> dict[str, Any]:
    """The study object of a saved record, or a problem saying what the file is instead."""
    check_size(len(raw), file)
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if head.startswith("<"):
        raise _fail(
            file,
            "",
            _("this is a web page (HTML), not the study's JSON record"),
            _("on the study page choose 'Download' and the JSON format, or give the NCT number instead"),
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise _fail(
            file,
            "",
            _("not valid JSON (line {line}, column {column}: {reason})").format(
                line=err.lineno, column=err.colno, reason=err.msg
            ),
            _("save the record again as JSON"),
        ) from None
    if isinstance(data, dict) and isinstance(data.get("studies"), list):
        studies = data["studies"]
        if len(studies) != 1:
            raise _fail(
                file,
                "studies",
                ngettext("the file holds {n} study", "the file holds {n} studies", len(studies)).format(n=len(studies)),
                _("save the record of one study"),
            )
        data = studies[0]
    if not isinstance(data, dict) or not isinstance(data.get("protocolSection"), dict):
        raise _fail(
            file,
            "protocolSection",
            _("this JSON is not a ClinicalTrials.gov v2 study record (it has no protocolSection)"),
            _("download the record from clinicaltrials.gov (API v2 / 'Download' → JSON)"),
        )
    return data


def check_size(size: int, file: str) -> None:
    """Refuse a file too large to be one study record, before anything reads it whole."""
    if size > MAX_RECORD_BYTES:
        raise _fail(
            file,
            "",
            _("the file is {size} MB; one study record is at most {limit} MB").format(
                size=decimal_text(size / 1e6, 1), limit=count_text(round(MAX_RECORD_BYTES / 1e6))
            ),
            _("save a single study (the 'Download' → JSON button on the study page), not a bulk export"),
        )


def facts_from_record(study: dict[str, Any], file: str = "record.json", today: dt.date | None = None) -> TrialFacts:
    """Every value the record supports, each naming its field; what it cannot support, as questions."""
    protocol = study["protocolSection"]
    problems: list[Problem] = []
    remarks: list[str] = []
    ident = _module(protocol, "identificationModule", file, problems)
    status_mod = _module(protocol, "statusModule", file, problems)
    design = _module(protocol, "designModule", file, problems)
    sponsors = protocol.get("sponsorCollaboratorsModule")
    conditions_mod = protocol.get("conditionsModule")
    arms = protocol.get("armsInterventionsModule")
    locations_mod = protocol.get("contactsLocationsModule")
    nct = str(ident.get("nctId") or "")
    _check_identity(ident, design, nct, file, problems)
    stage = _stage(design, file, problems)
    status = _status(status_mod, file, problems, remarks)
    if problems:
        raise PathwayError(problems)
    assert stage is not None and status is not None

    start = _date(status_mod, "startDateStruct")
    completion = _date(status_mod, "primaryCompletionDateStruct")
    estimated = str((status_mod.get("primaryCompletionDateStruct") or {}).get("type") or "ESTIMATED") != "ACTUAL"
    enrollment = None
    info = design.get("enrollmentInfo")
    if isinstance(info, dict) and isinstance(info.get("count"), int):
        kind = str(info.get("type") or "").lower() or "planned"
        enrollment = Fact(info["count"], f"designModule.enrollmentInfo.count ({kind})")
    sponsor, industry = _sponsor(sponsors if isinstance(sponsors, dict) else {})
    condition, oncology = _condition(conditions_mod if isinstance(conditions_mod, dict) else {}, ident, nct)
    medicine, genetic = _medicine(arms if isinstance(arms, dict) else {}, nct)
    sites = _sites(locations_mod if isinstance(locations_mod, dict) else {}, remarks)
    updated = status_mod.get("lastUpdatePostDateStruct")
    return TrialFacts(
        stage=stage,
        status=status,
        medicine=medicine,
        condition=condition,
        industry_sponsor=industry,
        site_countries=sites,
        authorised=Fact(
            [],
            "default: not known from a trial record",
            "Is the medicine already authorised, for this same disease or for another one (where)? For another disease, "
            "doctors may prescribe it off-label; for this same disease, only launch and reimbursement remain there.",
        ),
        orphan=Fact(
            False,
            "default: a trial record does not say",
            "Does the medicine have an orphan designation for this disease (rare disease, EU: at most 5 in 10,000 people)?",
        ),
        off_patent=Fact(
            False, "default: a trial record does not say", "Is the medicine off patent (generics or biosimilars exist)?"
        ),
        registry_id=nct,
        registry_url=f"https://clinicaltrials.gov/study/{nct}",
        title=str(ident.get("acronym") or ident.get("briefTitle") or nct)[:120],
        sponsor=sponsor,
        start=Fact(start, "statusModule.startDateStruct.date") if start else None,
        primary_completion=Fact(
            completion, "statusModule.primaryCompletionDateStruct.date" + (" (estimated)" if estimated else " (actual)")
        )
        if completion
        else None,
        completion_estimated=estimated,
        enrollment=enrollment,
        genetic=genetic,
        oncology=oncology,
        record_updated=str(updated.get("date")) if isinstance(updated, dict) and updated.get("date") else None,
        remarks=remarks,
    )


def _module(protocol: dict[str, Any], name: str, file: str, problems: list[Problem]) -> dict[str, Any]:
    """A module the facts cannot do without; its absence is a problem that says how to get a full record."""
    found = protocol.get(name)
    if isinstance(found, dict):
        return found
    problems.append(
        Problem(
            file,
            None,
            None,
            f"protocolSection.{name}",
            _("the record has no such module"),
            _("download the full record (all modules)"),
        )
    )
    return {}


def _check_identity(ident: dict[str, Any], design: dict[str, Any], nct: str, file: str, problems: list[Problem]) -> None:
    """A record that is not a registered interventional trial cannot describe a medicine's way to patients."""
    if ident and not re.fullmatch(r"NCT\d{8}", nct):
        problems.append(
            Problem(
                file,
                None,
                None,
                "identificationModule.nctId",
                _("{id!r} is not an NCT number").format(id=nct),
                _("use a record from clinicaltrials.gov"),
            )
        )

    study_type = design.get("studyType")
    if study_type and study_type != "INTERVENTIONAL":
        problems.append(
            Problem(
                file,
                None,
                None,
                "designModule.studyType",
                _("this is an {kind} study, not an interventional trial of a medicine").format(
                    kind=str(study_type).lower().replace("_", " ")
                ),
                _("choose the record of the trial that tests the medicine"),
            )
        )


def _status(status_mod: dict[str, Any], file: str, problems: list[Problem], remarks: list[str]) -> Fact[Status] | None:
    """The trial's status; a stopped trial or an access programme is refused with what to do instead."""
    overall = str(status_mod.get("overallStatus") or "")
    status: Fact[Status] | None = None
    if overall in _REFUSED_STATUS:
        why = status_mod.get("whyStopped")
        problems.append(
            Problem(
                file,
                None,
                None,
                "statusModule.overallStatus",
                f"{overall}: {_(_REFUSED_STATUS[overall])}"
                + (_(" (reason given: {reason})").format(reason=str(why)[:200]) if why else ""),
                _("if a new trial is planned, describe it with the plain questions instead (python -m pathways new --phase ...)"),
            )
        )
    elif overall in _EXPANDED:
        problems.append(
            Problem(
                file,
                None,
                None,
                "statusModule.overallStatus",
                _("{status} is an expanded-access status: this record is an access programme, not a trial").format(
                    status=overall
                ),
                _("use the record of the trial that tests the medicine"),
            )
        )
    elif overall in _STATUS:
        status = Fact(_STATUS[overall], f"statusModule.overallStatus = {overall}")
        if overall == "UNKNOWN":
            remarks.append("The registry marks the status as UNKNOWN: the sponsor has not verified it for two years or more.")
        if overall == "SUSPENDED":
            remarks.append("The trial is SUSPENDED: recruitment is paused; the dates below may move.")
    elif status_mod:
        problems.append(
            Problem(
                file,
                None,
                None,
                "statusModule.overallStatus",
                _("unknown status {status!r}").format(status=overall) if overall else _("the record gives no status"),
                _("expected one of {choices}").format(choices=", ".join(sorted(_STATUS))),
            )
        )
    return status


def _sponsor(sponsors: dict[str, Any]) -> tuple[Fact[str] | None, Fact[bool]]:
    """The lead sponsor, and whether a company runs the trial (asked when the record does not say)."""
    found_lead = sponsors.get("leadSponsor")
    lead: dict[str, Any] = found_lead if isinstance(found_lead, dict) else {}
    sponsor_class = str(lead.get("class") or "")
    sponsor = Fact(str(lead["name"]), "sponsorCollaboratorsModule.leadSponsor.name") if lead.get("name") else None
    if sponsor_class:
        industry = Fact(sponsor_class == "INDUSTRY", f"sponsorCollaboratorsModule.leadSponsor.class = {sponsor_class}")
    else:
        industry = Fact(
            False,
            "default: not known from the record",
            "Is the trial run by a company (true) or by a hospital, university or public funder (false)?",
        )

    return sponsor, industry


def _condition(conditions_mod: dict[str, Any], ident: dict[str, Any], nct: str) -> tuple[Fact[str], Fact[bool]]:
    """The disease (the title stands in, with a question, when no condition is listed) and whether it is a cancer."""
    condition_list = [str(c) for c in conditions_mod.get("conditions") or [] if str(c).strip()]
    if condition_list:
        condition = Fact("; ".join(condition_list)[:300], "conditionsModule.conditions")
    else:
        condition = Fact(
            str(ident.get("briefTitle") or nct)[:300], "identificationModule.briefTitle", "Which disease does the trial treat?"
        )
    oncology = Fact(
        bool(_CANCER.search(" ".join(condition_list))),
        "conditionsModule.conditions (a cancer word in the condition names)",
    )

    return condition, oncology


def _medicine(arms: dict[str, Any], nct: str) -> tuple[Fact[str], Fact[bool]]:
    """The medicine tested (experimental arms, not placebo) and whether it is a genetic therapy."""
    medicines, genetic_found = _medicines(arms)
    if medicines:
        medicine = Fact(" + ".join(medicines[:3])[:300], "armsInterventionsModule.interventions (experimental, not placebo)")
    else:
        medicine = Fact(
            f"the medicine tested in {nct}", "default: no medicine named in the record", "What is the medicine called?"
        )
    genetic = Fact(
        genetic_found, "armsInterventionsModule.interventions[].type = GENETIC" if genetic_found else "no GENETIC intervention"
    )

    return medicine, genetic


def _sites(locations_mod: dict[str, Any], remarks: list[str]) -> Fact[list[str]]:
    """Countries with trial sites, most sites first; names Pathways does not know are remarked on, not dropped silently."""
    codes: Counter[str] = Counter()
    unknown: set[str] = set()
    for site in locations_mod.get("locations") or []:
        name = str((site or {}).get("country") or "").strip()
        if not name:
            continue
        code = _CODE_BY_NAME.get(name)
        if code:
            codes[code] += 1
        else:
            unknown.add(name)
    if unknown:
        remarks.append("Sites in countries Pathways has no names for: " + ", ".join(sorted(unknown)) + ".")
    if codes:
        sites = Fact([c for c, _ in codes.most_common()], "contactsLocationsModule.locations[].country (most sites first)")
    else:
        sites = Fact(
            [],
            "the record lists no sites",
            "Which countries have trial sites? (none are listed in the record yet)",
        )
    return sites


def _stage(design: dict[str, Any], file: str, problems: list[Problem]) -> Fact[Stage] | None:
    phases = design.get("phases")
    if not design:
        return None
    if not isinstance(phases, list) or not phases:
        problems.append(
            Problem(
                file,
                None,
                None,
                "designModule.phases",
                _("the record gives no phase"),
                _("describe the trial with the plain questions (--phase)"),
            )
        )
        return None
    unknown = [str(p) for p in phases if p not in _KNOWN_PHASES]
    if unknown:
        problems.append(
            Problem(
                file,
                None,
                None,
                "designModule.phases",
                _("unknown phase {phases}").format(phases=", ".join(unknown)),
                _("the registry's phases are {choices}").format(choices=", ".join(sorted(_KNOWN_PHASES))),
            )
        )
        return None
    if "NA" in phases:
        problems.append(
            Problem(
                file,
                None,
                None,
                "designModule.phases",
                _("phase 'NA': not a phased trial of a medicine (devices, behaviour, procedures)"),
                _("Pathways models the road of a medicine to patients; choose a drug trial"),
            )
        )
        return None
    if "PHASE4" in phases:
        problems.append(
            Problem(
                file,
                None,
                None,
                "designModule.phases",
                _("phase 4: the medicine is already approved for this use; this study runs after approval"),
                _("for a new use of an approved medicine, choose the trial of that use, or use the plain questions"),
            )
        )
        return None
    key = tuple(sorted({str(p) for p in phases}, key=["EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3"].index))
    stage = _PHASES.get(key)
    if stage is None:
        problems.append(
            Problem(
                file,
                None,
                None,
                "designModule.phases",
                _("unusual combination of phases {phases}").format(phases=list(key)),
                _("use the plain questions (--phase)"),
            )
        )
        return None
    return Fact(stage, f"designModule.phases = {list(phases)}")


def _date(status: dict[str, Any], key: str) -> dt.date | None:
    """A registry date: YYYY-MM-DD, or YYYY-MM (read as the 15th, mid-month)."""
    raw = str((status.get(key) or {}).get("date") or "")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return dt.date.fromisoformat(raw)
        if re.fullmatch(r"\d{4}-\d{2}", raw):
            return dt.date.fromisoformat(raw + "-15")
    except ValueError:
        return None
    return None


def _medicines(arms: dict[str, Any]) -> tuple[list[str], bool]:
    """Names of the medicines under test: interventions of a medicine type that are not a control."""
    names: list[str] = []
    genetic = False
    for item in arms.get("interventions") or []:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("type") or "")
        name = str(item.get("name") or "").strip()
        if kind not in _MEDICINE_TYPES or not name or _CONTROL.search(name):
            continue
        genetic = genetic or kind == "GENETIC"
        if name not in names:
            names.append(name)
    return names, genetic


def _fail(file: str, key: str, message: str, fix: str) -> PathwayError:
    return PathwayError([Problem(file, None, None, key, message, fix)])
