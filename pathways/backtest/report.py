"""The back-test report as a readable text table."""

from __future__ import annotations

from typing import Any


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _num(value: float | None, spec: str, suffix: str = "") -> str:
    return "—" if value is None else format(value, spec) + suffix


_HEAD = f"{'milestone':34s} {'n':>3s} {'in P10-P90':>10s} {'in P25-P75':>10s} {'|err| P50':>9s} {'bias':>6s} {'Brier':>6s} {'n out':>5s}"


def _line(name: str, s: dict[str, Any]) -> str:
    return (
        f"{name:34s} {s['n_scored']:>3d} {_pct(s['coverage_p10_p90']):>10s} {_pct(s['coverage_p25_p75']):>10s} "
        f"{_num(s['median_abs_error_days'], '.0f', ' d'):>9s} {_num(None if s['bias_days'] is None else round(s['bias_days']), '+d'):>6s} "
        f"{_num(s['brier'], '.3f'):>6s} {s['n_outcomes']:>5d}"
    )


def _held(s: dict[str, Any] | None) -> str:
    return "" if not s else f"   held out: {_pct(s['coverage_p10_p90'])} of {s['n_scored']}"


def _tracks_and_countries(report: dict[str, Any]) -> list[str]:
    """One table per track, then each country's national events per track (held-out part beside)."""
    lines: list[str] = []
    for name, track in (report.get("tracks") or {}).items():
        lines += [f"Track {name} — {track['label']}:", _HEAD, "-" * len(_HEAD)]
        lines += [_line(m, s) for m, s in track["milestones"].items()]
        lines += ["-" * len(_HEAD), _line("all", track["overall"]) + _held(track["held_out"]), ""]
    countries = report.get("countries") or {}
    if countries:
        lines += ["By country (national events; track in brackets):", _HEAD, "-" * len(_HEAD)]
        for cc, per_track in countries.items():
            for track, scores in per_track.items():
                if track == "label":
                    continue
                for m, s in scores["milestones"].items():
                    lines.append(
                        _line(f"{m} [{track}]", s) + _held(scores["held_out"] if len(scores["milestones"]) == 1 else None)
                    )
                if len(scores["milestones"]) > 1 and scores["held_out"]:
                    lines.append(
                        f"{'':24s} {cc} [{track}] held out: {_pct(scores['held_out']['coverage_p10_p90'])} of {scores['held_out']['n_scored']}"
                    )
        lines.append("")
    return lines


def format_report(report: dict[str, Any]) -> str:
    """A readable table of the report."""
    lines = [
        report["header"],
        "",
        f"cases: {report['n_cases']} in {report['cases_file']}, {report['n_cases_scored']} with a scored milestone; "
        f"{report['n_excluded']} milestone(s) excluded; {report['samples']:,} samples, seed {report['seed']}",
        "",
    ]
    lines += ["EU and US tracks by milestone; overall = every scored prediction of every track:", _HEAD, "-" * len(_HEAD)]
    lines += [_line(name, s) for name, s in report["milestones"].items()]
    lines += ["-" * len(_HEAD), _line("overall", report["overall"])]
    ci = report["overall"]["coverage_p10_p90_ci95"]
    lines += [
        "",
        "in P10-P90 should be about 80% and in P25-P75 about 50%"
        + (f" (overall 95% interval for P10-P90 coverage: {ci[0]:.0%}-{ci[1]:.0%})" if ci else "")
        + "; bias = median(actual - P50), positive = the model is too early; Brier over outcomes "
        "(1 = happened, 0 = negative/withdrawn), for a CHMP opinion of the chance it is positive.",
        "",
    ]
    lines += _tracks_and_countries(report)
    held = report.get("held_out")
    if held:
        parts = ", ".join(f"{name} {_pct(v['coverage_p10_p90'])} (n={v['n_scored']})" for name, v in held["milestones"].items())
        lines += [
            f"Held out ({held['n_cases']} scored cases added after the last library change): in P10-P90 "
            f"{_pct(held['overall']['coverage_p10_p90'])} of {held['overall']['n_scored']}; {parts}",
            "",
        ]
    curve = report.get("calibration") or []
    if curve and curve[0]["n"]:
        lines += [
            "Calibration (central range -> share of actual dates inside it; calibrated = equal): "
            + ", ".join(f"{c['level']:.0%} -> {c['share']:.0%}" for c in curve),
            "",
        ]
    lines.append("Per case (dates: cut-off, actual, P10 / P50 / P90):")
    for r in report["rows"]:
        mark = "n/a" if r["inside80"] is None else ("in " if r["inside80"] else "OUT")
        err = f"{r['error_days']:+5d} d" if r["error_days"] is not None else "   no date"
        lines.append(
            f"  {mark} {r['case'][:30]:30s} {r['milestone']:22s} {r['track'][:3]:3s} cut {r['cutoff']}  actual {r['actual']}  "
            f"{r['p10'] or '—'} / {r['p50'] or '—'} / {r['p90'] or '—'}  {err}  p={r['p_reached']:.2f}"
            + (f" [{r['result']}]" if r["result"] else "")
        )
    if report["worst"]:
        lines += ["", "Largest misses of P50:"]
        for r in report["worst"]:
            lines.append(f"  {r['case']} {r['milestone']}: actual {r['actual']}, P50 {r['p50']} ({r['error_days']:+d} days)")
            if r.get("why"):
                lines.append(f"      {r['why']}")
    if report["excluded"]:
        lines += ["", f"Excluded ({report['n_excluded']}):"]
        reasons: dict[str, list[str]] = {}
        for e in report["excluded"]:
            reasons.setdefault(e["reason"], []).append(f"{e['case']}:{e['milestone']}")
        for reason, items in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"  {len(items):3d} × {reason}: {', '.join(items)}")
    if report["warnings"]:
        lines += ["", f"Notes from the engine ({len(report['warnings'])}):"] + [f"  {w}" for w in report["warnings"][:20]]
    return "\n".join(lines)
