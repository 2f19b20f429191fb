"""Command line: ``python -m pathways check | answer | export | new | audit | backtest | bench | schema``.

Every command reports problems as ``file:line:col: error: key: what — fix`` and exits 1; no Python
traceback reaches a user (``--debug`` shows one for developers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from . import api
from .formatting import chance_short, count_text, day_text, decimal_text, month
from .i18n import DEFAULT, LANGUAGES, _, language, ngettext, set_language
from .problems import PathwayError
from .trial_record import check_size
from .wording import ROUTE_TEXT

ROOT = Path(__file__).resolve().parent.parent


def _language_parser() -> argparse.ArgumentParser:
    """`--lang` for every command: the messages, the help and the answers in one language."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default=DEFAULT,
        help=_("language of the answers, messages and help: en (default) or nb (Norsk bokmål)"),
    )
    return parent


def language_asked(argv: list[str]) -> str:
    """The language a command line asks for, read before parsing so that the help and argparse's errors use it.

    >>> language_asked(["answer", "x.yaml", "--lang", "nb"]), language_asked(["check", "--lang=nb"]), language_asked([])
    ('nb', 'nb', 'en')
    """
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return DEFAULT


def build_parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The command line, and the export sub-command's parser (its --format is checked against --what after parsing).

    Built in the active language: `main` sets it from `--lang` first.
    """
    common = [_language_parser()]
    parser = argparse.ArgumentParser(
        prog="python -m pathways", description=_("Pathways: when could patients get a medicine, and what has to happen first?")
    )
    parser.add_argument("--debug", action="store_true", help=_("show Python tracebacks (for developers)"))
    sub = parser.add_subparsers(dest="command", required=True)
    _add_check_and_answer(sub, common)
    export_parser = _add_export(sub, common)
    _add_new(sub, common)
    _add_tools(sub, common)
    return parser, export_parser


def _add_check_and_answer(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser("check", parents=common, help=_("validate the library and scenarios; exit 1 with located errors"))
    p.add_argument("files", nargs="*", help=_("scenario or fragment files (default: the library and all seeds)"))
    p.add_argument("--library", help=_("library folder (default: pathways/library)"))

    p = sub.add_parser("answer", parents=common, help=_("when could patients get it? (per country and route)"))
    p.add_argument("scenario")
    p.add_argument("--country", action="append", help=_("country code; repeat for several (default: the scenario's)"))
    p.add_argument("--all-countries", action="store_true", help=_("answer for every country in the library"))
    p.add_argument("--samples", type=int, default=api.DEFAULT_SAMPLES)
    p.add_argument("--seed", type=int, default=api.DEFAULT_SEED)
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help=_("override a parameter"))
    p.add_argument("--json", action="store_true", help=_("print the answer as JSON"))
    p.add_argument(
        "--track-record",
        action="store_true",
        help=_("add each country's back-test record of its route to reimbursed access (runs the back-test, ~15 s)"),
    )
    p.add_argument("--library")


def _add_export(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: list[argparse.ArgumentParser]
) -> argparse.ArgumentParser:
    from .export_formats import FORMATS_BY_WHAT

    formats = "; ".join(f"{what}: {', '.join(fmts)}" for what, fmts in FORMATS_BY_WHAT.items())
    export_parser = p = sub.add_parser(
        "export",
        parents=common,
        help=_("diagram or timeline as DOT, SVG, PNG or PDF; the answer as JSON or CSV"),
        description=_("Formats by --what ({formats}); the first is the default.").format(formats=formats),
    )
    p.add_argument("scenario", nargs="?")
    p.add_argument(
        "--format",
        choices=sorted({f for fmts in FORMATS_BY_WHAT.values() for f in fmts}),
        help=_("output format; each --what has its own ({formats}). Default: the first of them").format(formats=formats),
    )
    p.add_argument("--country")
    p.add_argument("--route", choices=list(api.ROUTES))
    p.add_argument("--what", choices=list(FORMATS_BY_WHAT), default="diagram", help=_("what to export (default: diagram)"))
    p.add_argument("--scale", type=float, default=2.0, help=_("PNG scale factor (2 = print quality)"))
    p.add_argument("-o", "--output", help=_("output file (default: standard output for text formats)"))
    p.add_argument("--all", metavar="DIR", help=_("write every format of every seed into DIR"))
    p.add_argument("--samples", type=int, default=api.DEFAULT_SAMPLES)
    p.add_argument("--seed", type=int, default=api.DEFAULT_SEED)
    p.add_argument("--library")
    return export_parser


def _add_new(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "new", parents=common, help=_("start a scenario from a trial record (NCT number or saved JSON) or plain answers")
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--trial", metavar="NCT", help=_("fetch this ClinicalTrials.gov record (needs the network)"))
    src.add_argument("--trial-file", metavar="FILE", help=_("a saved ClinicalTrials.gov v2 JSON record"))
    src.add_argument("--phase", choices=list(PHASES), help=_("no record: the trial's phase"))
    p.add_argument("--status", choices=["not_started", "running", "finished"], help=_("no record: is the trial running?"))
    p.add_argument("--run-by", choices=["company", "academic"], help=_("who runs the trial"))
    p.add_argument("--approved-in", metavar="EU,US", help=_("where the medicine is already approved for another use"))
    p.add_argument("--approved-for", metavar="TEXT", help=_("what it is approved for there"))
    p.add_argument(
        "--approved-same-in", metavar="US", help=_("where the medicine is already approved for this same disease (the trial's)")
    )
    p.add_argument("--approved-same-since", metavar="YYYY-MM-DD", help=_("the date of that approval"))
    p.add_argument("--rare", choices=["yes", "no"], help=_("is the disease rare (orphan designation)?"))
    p.add_argument("--off-patent", choices=["yes", "no"], help=_("do generics or biosimilars exist?"))
    p.add_argument("--countries", metavar="NO,SE", help=_("countries with trial sites (and to answer for)"))
    p.add_argument("--medicine", help=_("the medicine's name"))
    p.add_argument("--condition", help=_("the disease"))
    p.add_argument("--start", metavar="YYYY-MM-DD", help=_("no record: when the trial started"))
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help=_("the date the scenario describes (default: today)"))
    p.add_argument("-o", "--output", help=_("write the YAML here (default: standard output)"))
    p.add_argument("--registry-url", default=None, help=argparse.SUPPRESS)
    p.add_argument("--library")


def _add_tools(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("audit", parents=common, help=_("what the library covers and how well it is sourced"))
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--bokmal-gaps",
        action="store_true",
        help=_(
            "list the library's and the seed scenarios' texts that have no Norwegian Bokmål (shown in English); "
            "docs/bokmal-gaps.md is this list"
        ),
    )
    p.add_argument("--library")

    p = sub.add_parser("backtest", parents=common, help=_("predict real medicines' dates from what was known then, and score"))
    p.add_argument(
        "--cases",
        nargs="+",
        help=_("one or more case files (default: validation/cases.yaml, validation/national-*.yaml and validation/us-*.yaml)"),
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--samples", type=int, default=4000)
    p.add_argument("--library")

    p = sub.add_parser("bench", parents=common, help=_("benchmarks: medians and ratios measured in one run"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--quick", action="store_true", help=_("fewer repetitions"))

    p = sub.add_parser("schema", parents=common, help=_("write the JSON Schemas and the YAML reference into docs/"))
    p.add_argument("--check", action="store_true", help=_("exit 1 if the files in docs/ are out of date"))


def main(argv: list[str] | None = None) -> int:
    from .export_formats import FORMATS_BY_WHAT

    set_language(language_asked(sys.argv[1:] if argv is None else argv))
    parser, export_parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.lang)
    if args.command == "export":
        allowed = FORMATS_BY_WHAT[args.what]
        if args.format is None:
            args.format = allowed[0]
        elif args.format not in allowed:
            export_parser.error(
                _("argument --format: a {what} exports as {formats}, not {format}").format(
                    what=args.what, formats=", ".join(allowed), format=args.format
                )
            )
    try:
        return int(_COMMANDS[args.command](args))
    except BrokenPipeError:
        # The reader went away (`... | head`): a normal end. Point stdout at nothing so the interpreter's
        # final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except PathwayError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(ngettext("{n} problem found.", "{n} problems found.", count).format(n=count), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:
        if args.debug:
            raise
        print(
            _("internal error: {kind}: {error} (run with --debug for details)").format(kind=type(err).__name__, error=err),
            file=sys.stderr,
        )
        return 2


def _library(args: argparse.Namespace) -> api.Library:
    return api.load_library(getattr(args, "library", None))


def _check(args: argparse.Namespace) -> int:
    set_language(args.lang)
    library = _library(args)
    files = [Path(f) for f in args.files] or sorted((ROOT / "seeds").glob("*.yaml"))
    problems = []
    count = 0
    loaded_files = {Path(f.file).resolve() for f in library.fragments}
    extra = []
    for path in files:
        try:
            if api.looks_like_fragment(path):
                fragment = api.load_fragment(path)
                if path.resolve() not in loaded_files:
                    extra.append(fragment)  # a new fragment: check its references against the library too
            else:
                loaded = api.load_scenario(path)
                api.prepare(library, loaded)
                api.discussion_text(loaded)  # a named discussion must exist beside the scenario
            count += 1
        except PathwayError as err:
            problems += err.problems
    if extra and not problems:
        from .graph import Library, check_library

        replaced = {f.model.namespace + ":" + Path(f.file).name for f in extra}
        base = [f for f in library.fragments if f.model.namespace + ":" + Path(f.file).name not in replaced]
        problems += [p for p in check_library(Library(base + extra)) if p.severity == "error"]
    if problems:
        raise PathwayError(problems)
    for warning in library.warnings:
        print(warning, file=sys.stderr)
    print(
        ngettext(
            "ok: {fragments} library fragments and {n} file are valid",
            "ok: {fragments} library fragments and {n} files are valid",
            count,
        ).format(fragments=len(library.fragments), n=count)
    )
    return 0


def _parameters(pairs: list[str]) -> dict[str, float]:
    out = {}
    for pair in pairs:
        name, _equals, value = pair.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise PathwayError(
                [api.Problem("--set", None, None, name, _("{value!r} is not a number").format(value=value), _("write NAME=0.3"))]
            ) from None
    return out


def _every_country(library: api.Library, own: list[str]) -> list[str]:
    """Every country of the library, the scenario's own first and in its order: the questions are answered
    for the first country asked about (`answer.assemble`), which must be the scenario's, not Austria's."""
    mine = [cc for cc in own if cc in library.countries()]
    return mine + sorted(set(library.countries()) - set(mine))


def _answer(args: argparse.Namespace) -> int:
    set_language(args.lang)
    library = _library(args)
    loaded = api.load_scenario(args.scenario)
    loaded.model.parameters.update(_parameters(args.set))
    composition = api.prepare(library, loaded)
    countries = _every_country(library, composition.scenario.countries) if args.all_countries else args.country
    started = time.perf_counter()
    answer = api.answer_question(composition, countries, samples=args.samples, seed=args.seed)
    elapsed = time.perf_counter() - started
    records: dict[str, Any] = {}
    if args.track_record:
        from .backtest import default_case_files, run_backtest, track_record

        report = run_backtest(library, default_case_files(ROOT / "validation"), samples=2000)
        records = {cc: track_record(report, cc) for cc in answer.countries}
    if args.json:
        data = answer.to_json()
        if records:
            data["track_record"] = records
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(
        _("{scenario} — as of {date}  ({samples} samples, seed {seed}, {seconds} s)").format(
            scenario=answer.scenario,
            date=day_text(answer.as_of),
            samples=count_text(answer.samples),
            seed=answer.seed,
            seconds=decimal_text(elapsed, 2),
        )
        + "\n"
    )
    width = max((len(_route_label(r)) for c in answer.countries.values() for r in c.routes), default=13)
    for cc in answer.countries:
        print(api.headline(answer, cc))
        if cc in records:
            print(f"  {records[cc]['text']}")
        for route, ra in answer.countries[cc].routes.items():
            e = ra.estimate
            span = f"{month(e.p10)} … {month(e.p50)} … {month(e.p90)}" if e.p10 and e.p50 and e.p90 else _("not reached")
            print(
                f"  {_route_label(route):{width}s} "
                + _("chance {chance}   P10 … P50 … P90: {span}").format(chance=f"{chance_short(e.p_reached):>4}", span=span)
            )
            if ra.who_must_act:
                print(f"  {'':{width}s} " + _("who must act: {actors}").format(actors="; ".join(ra.who_must_act)))
        print()
    for q in answer.questions:
        print(_("Q: {question}\nA: {answer}\n").format(question=q.ask, answer=q.answer))
    for warning in answer.warnings:
        print(_("note: {warning}").format(warning=warning), file=sys.stderr)
    return 0


def _route_label(route: str) -> str:
    """The route as the answer's table names it: its id in English (as `--route` takes it), its name otherwise."""
    return route if language() == DEFAULT else ROUTE_TEXT[route]["short"]


def _export(args: argparse.Namespace) -> int:
    from . import export

    library = _library(args)
    if args.all:
        return export.export_all(library, ROOT / "seeds", Path(args.all), samples=args.samples, seed=args.seed)
    if not args.scenario:
        raise PathwayError([api.Problem("export", None, None, "", _("name a scenario file, or use --all DIR"), "")])
    data = export.export_one(
        library,
        Path(args.scenario),
        fmt=args.format,
        what=args.what,
        country=args.country,
        route=args.route,
        scale=args.scale,
        samples=args.samples,
        seed=args.seed,
    )
    if args.output:
        Path(args.output).write_bytes(data)
        print(_("wrote {file} ({size} bytes)").format(file=args.output, size=count_text(len(data))), file=sys.stderr)
    elif args.format in ("png", "pdf"):
        raise PathwayError(
            [api.Problem("export", None, None, "", _("{format} is binary").format(format=args.format), _("add -o FILE"))]
        )
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


PHASES: dict[str, str] = {"1": "phase1", "1/2": "phase1_2", "2": "phase2", "2/3": "phase2_3", "3": "phase3"}


def _date_arg(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PathwayError(
            [api.Problem(flag, None, None, flag, _("{value!r} is not a date").format(value=value), _("write YYYY-MM-DD"))]
        ) from None


def _yes(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v for v in value.split(",") if v.strip()]


def _new(args: argparse.Namespace) -> int:
    library = _library(args)
    as_of = _date_arg(args.as_of, "--as-of")
    answers = api.PlainAnswers(
        phase=PHASES[args.phase] if args.phase else "phase2",  # type: ignore[arg-type]
        status=args.status or "running",
        company=None if args.run_by is None else args.run_by == "company",
        approved_in=_split(args.approved_in),
        approved_for=args.approved_for,
        approved_same_in=_split(args.approved_same_in),
        approved_same_since=_date_arg(args.approved_same_since, "--approved-same-since"),
        rare=_yes(args.rare),
        countries=_split(args.countries),
        medicine=args.medicine,
        condition=args.condition,
        start=_date_arg(args.start, "--start"),
        off_patent=_yes(args.off_patent),
    )
    if args.phase:
        if not args.status:
            raise PathwayError(
                [
                    api.Problem(
                        "new",
                        None,
                        None,
                        "--status",
                        _("say whether the trial is running"),
                        _("add --status running (or not_started, finished)"),
                    )
                ]
            )
        text = api.new_scenario_from_answers(answers, library, as_of)
    else:
        if args.trial:
            raw = api.fetch_trial_record(args.trial, args.registry_url or api.BASE_URL)
            name = args.trial
        else:
            path = Path(args.trial_file)
            try:
                check_size(path.stat().st_size, str(path))
                raw = path.read_bytes()
            except OSError as err:
                raise PathwayError(
                    [
                        api.Problem(
                            str(path),
                            None,
                            None,
                            "",
                            _("cannot read the file ({reason})").format(reason=err.strerror),
                            _("check the path"),
                        )
                    ]
                ) from None
            name = str(path)
        text = api.new_scenario_from_record(raw, library, as_of, answers, file=name)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(_("wrote {file}; check it with: python -m pathways check {file}").format(file=args.output), file=sys.stderr)
    else:
        sys.stdout.write(text)
    marker = "Open question (a safe default is used until you answer it): "
    for line in text.splitlines():
        if marker in line:
            print(_("question: {question}").format(question=line.split(marker, 1)[1].rstrip('"')), file=sys.stderr)
    return 0


def _audit(args: argparse.Namespace) -> int:
    from .audit import audit_library, bokmal_gaps_markdown, format_audit

    if args.bokmal_gaps:
        seeds = [api.load_scenario(path) for path in api.seed_files().values()]
        print(bokmal_gaps_markdown(_library(args), seeds), end="")
        return 0
    report = audit_library(_library(args))
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_audit(report))
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from .backtest import default_case_files, format_report, run_backtest

    cases = [Path(c) for c in args.cases] if args.cases else default_case_files(ROOT / "validation")
    report = run_backtest(_library(args), cases, samples=args.samples)
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_report(report))
    return 0


def _bench(args: argparse.Namespace) -> int:
    from .bench import format_bench, run_bench

    report = run_bench(quick=args.quick)
    print(json.dumps(report, indent=2) if args.json else format_bench(report))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from .schema import write_schema

    stale = write_schema(ROOT / "docs", check=args.check)
    if args.check and stale:
        print("out of date: " + ", ".join(stale) + " — run `python -m pathways schema`", file=sys.stderr)
        return 1
    print("schema files are up to date" if args.check else "wrote docs/schema/*.json and docs/yaml-reference.md")
    return 0


_COMMANDS: dict[str, Any] = {
    "check": _check,
    "answer": _answer,
    "export": _export,
    "new": _new,
    "audit": _audit,
    "backtest": _backtest,
    "bench": _bench,
    "schema": _schema,
}
