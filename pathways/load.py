"""YAML → typed model, with every problem located by file, line and column.

Why not ``yaml.safe_load``: PyYAML follows YAML 1.1, where ``NO`` (Norway) means *false*, ``1.10``
becomes ``1.1`` and ``2026-01-15`` becomes a ``datetime.date``; duplicate keys silently keep the
last value. Here the YAML layer never guesses a type: every plain scalar stays the text that was
written, and the pydantic model, which knows that ``countries`` holds codes and ``typical`` holds a
number, does the conversion. Only ``null``/``~``/empty become ``None``. Explicit tags other than the
standard ones (``!!python/object`` ...) are refused, duplicate keys are refused, and the size of the
file, its nesting and its alias expansion are capped so a hostile upload fails fast.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar, Union

import yaml
from babel.numbers import format_decimal
from pydantic import BaseModel, ValidationError

from .formatting import count_text, decimal_text
from .i18n import DEFAULT, N_, _, babel_locale, language, ngettext
from .model import AccessDetails, Fragment, Scenario, Step
from .problems import PathwayError, Problem

#: Largest YAML text accepted (bytes). The whole library is about 0.3 MB; uploads rarely exceed 50 kB.
MAX_BYTES = 2_000_000
#: Largest number of YAML values (after alias expansion: a billion-laughs file stops here). The
#: largest real file, the back-test cases, holds about 5,000; reading a hostile file stops here.
MAX_NODES = 50_000
#: Deepest nesting of mappings and lists.
MAX_DEPTH = 40

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_NULLS = {"", "~", "null", "Null", "NULL"}

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class _TextOnlyLoader(_Base):
    """A safe loader with no implicit type resolution: plain scalars are text."""

    yaml_implicit_resolvers: ClassVar[dict[str, Any]] = {}


@dataclass
class Parsed:
    """Plain Python data from YAML, with the line/column of every value (1-based)."""

    data: Any
    locations: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Loc) -> tuple[int | None, int | None]:
        best: tuple[int, int] | None = self.locations.get(())
        path: Loc = ()
        for part in loc:
            candidate = path + (part,)
            if candidate in self.locations:
                path = candidate
                best = self.locations[candidate]
        return (best[0], best[1]) if best else (None, None)


@dataclass
class Loaded(typing.Generic[M]):
    """A validated model with where it came from, so later checks can cite lines too."""

    model: M
    file: str
    parsed: Parsed

    def problem(self, loc: Loc, key: str, message: str, fix: str = "", severity: str = "error") -> Problem:
        line, column = self.parsed.locate(loc)
        return Problem(self.file, line, column, key, message, fix, severity)


class _Convert:
    def __init__(self, file: str):
        self.file = file
        self.count = 0
        self.seen: set[int] = set()
        self.aliases = 0
        self.locations: dict[Loc, tuple[int, int]] = {}

    def fail(self, node: yaml.Node | None, key: str, message: str, fix: str) -> PathwayError:
        line = node.start_mark.line + 1 if node is not None else None
        col = node.start_mark.column + 1 if node is not None else None
        return PathwayError([Problem(self.file, line, col, key, message, fix)])

    def __call__(self, node: yaml.Node, path: Loc, depth: int) -> Any:
        self.count += 1
        if id(node) in self.seen:
            self.aliases += 1
        self.seen.add(id(node))
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                _dotted(path),
                (
                    _("the file expands to more than {limit} values through aliases (*name)")
                    if self.aliases
                    else _("the file expands to more than {limit} values")
                ).format(limit=count_text(MAX_NODES)),
                _("remove aliases that repeat large blocks, or split the file"),
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, _dotted(path), _deep(), _("flatten the structure"))
        self.locations.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _STANDARD_TAGS:
            raise self.fail(
                node,
                _dotted(path),
                _("the tag {tag} is not allowed").format(tag=repr(node.tag.replace("tag:yaml.org,2002:", "!!"))),
                _("remove the tag; write plain values only"),
            )
        if isinstance(node, yaml.ScalarNode):
            if node.style in (None, "") and node.value in _NULLS:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, _dotted(path), _("a key must be plain text"), _("write `name: value`"))
            key = key_node.value
            if key == "<<":
                raise self.fail(key_node, _dotted(path), _("merge keys (<<) are not supported"), _("write the keys out"))
            if key in out:
                first = self.locations.get(path + (key,), (None, None))[0]
                raise self.fail(
                    key_node,
                    _dotted(path + (key,)),
                    _("duplicate key {key} (first written on line {first})").format(key=repr(key), first=first),
                    _("keep one of them; YAML would otherwise silently drop the first"),
                )
            self.locations[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self(value_node, path + (key,), depth + 1)
        return out


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_yaml(text: str | bytes, file: str = "<text>") -> Parsed:
    """Parse one YAML document into text-only Python data, or raise `PathwayError` with its location."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise PathwayError([_too_big(file, len(text))])
        if b"\x00" in text[:8192]:
            raise PathwayError(
                [Problem(file, None, None, "", _("this is a binary file, not YAML text"), _("upload a .yaml text file"))]
            )
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise PathwayError(
                [
                    Problem(
                        file,
                        None,
                        None,
                        "",
                        _("the file is not UTF-8 text (byte {byte})").format(byte=err.start),
                        _("save it as UTF-8"),
                    )
                ]
            ) from None
    if len(text) > MAX_BYTES:
        raise PathwayError([_too_big(file, len(text))])
    if "\x00" in text:
        raise PathwayError([Problem(file, None, None, "", _("the text contains NUL characters"), _("upload a YAML text file"))])
    try:
        _check_depth(text, file)
        node = yaml.compose(text, Loader=_TextOnlyLoader)
    except yaml.composer.ComposerError as err:
        raise PathwayError([_yaml_problem(file, err, _("one document per file: remove the `---` separators"))]) from None
    except yaml.MarkedYAMLError as err:
        raise PathwayError([_yaml_problem(file, err, _("check the indentation, colons and quotes on this line"))]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as err:
        raise PathwayError(
            [
                Problem(
                    file,
                    None,
                    None,
                    "",
                    _("not readable as YAML ({error})").format(error=type(err).__name__),
                    _("check the file"),
                )
            ]
        ) from None
    if node is None:
        raise PathwayError(
            [Problem(file, 1, 1, "", _("the file is empty"), _("start from an example in seeds/ or pathways/library/"))]
        )
    convert = _Convert(file)
    try:
        data = convert(node, (), 0)
    except RecursionError:
        raise PathwayError([Problem(file, None, None, "", _("nesting is too deep"), _("flatten the structure"))]) from None
    return Parsed(data, convert.locations)


def _check_depth(text: str, file: str) -> None:
    """Refuse deep nesting and too many values from the event stream, before anything is composed.

    The (recursive) composer could overflow the stack on deep nesting, and composing a huge file
    only to refuse it afterwards costs seconds; the event stream stops at the first value over a limit.
    Aliases are counted later, where they are expanded.
    """
    depth = 0
    values = 0
    for event in yaml.parse(text, Loader=_TextOnlyLoader):
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            values += 1
            if values > MAX_NODES:
                mark = event.start_mark
                raise PathwayError(
                    [
                        Problem(
                            file,
                            mark.line + 1 if mark else None,
                            mark.column + 1 if mark else None,
                            "",
                            _("the file holds more than {limit} values; reading stopped here").format(
                                limit=count_text(MAX_NODES)
                            ),
                            _("split it into several fragments, or remove unused parts"),
                        )
                    ]
                )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line = mark.line + 1 if mark else None
                column = mark.column + 1 if mark else None
                raise PathwayError(
                    [
                        Problem(
                            file,
                            line,
                            column,
                            "",
                            _deep(),
                            _("flatten the structure"),
                        )
                    ]
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _too_big(file: str, size: int) -> Problem:
    return Problem(
        file,
        None,
        None,
        "",
        _("the file is {size} MB; the limit is {limit} MB").format(
            size=decimal_text(size / 1e6, 1), limit=count_text(MAX_BYTES // 1_000_000)
        ),
        _("split it or remove unused parts"),
    )


def _deep() -> str:
    return _("nesting is deeper than {limit} levels").format(limit=MAX_DEPTH)


def _yaml_problem(file: str, err: yaml.MarkedYAMLError, fix: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    message = _yaml_reason(err)
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    return Problem(file, line, col, "", message, fix)


def validate(model: type[M], parsed: Parsed, file: str) -> Loaded[M]:
    """Validate parsed YAML against a model; every pydantic error becomes a located `Problem`."""
    if not isinstance(parsed.data, dict):
        required = [f"`{info.alias or name}:`" for name, info in model.model_fields.items() if info.is_required()]
        fix = _("start with {keys}").format(keys=", ".join(required)) if required else _("write `key: value` lines")
        raise PathwayError([Problem(file, 1, 1, "", _("the top level must be a set of `key: value` lines"), fix)])
    try:
        obj = model.model_validate(parsed.data)
    except ValidationError as err:
        raise PathwayError([_problem_from(err_item, model, parsed, file) for err_item in err.errors()]) from None
    return Loaded(obj, file, parsed)


#: What to write instead, for the errors the model raises itself (`pydantic_core.PydanticCustomError`);
#: translated where used.
CUSTOM_FIXES = {
    "date_out_of_range": N_("write a real date between 1900 and 2100 as YYYY-MM-DD, e.g. 2026-11-25"),
    "repeated_entry": N_("remove the repeated entry; each may be listed once"),
    "duration_too_long": N_("check the `unit` (days, weeks, months, years) and the numbers; write at most 100 years"),
    "not_a_file_name": N_("write only the file's name, e.g. resetme-discussion.txt; it is read from the scenario's own folder"),
}


def _problem_from(error: Any, model: type[BaseModel], parsed: Parsed, file: str) -> Problem:
    loc: Loc = tuple(part for part in error["loc"] if _is_data_key(part, parsed))
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "repeated_entry":
        loc = (*loc, int(ctx["index"]))
    line, column = parsed.locate(loc)
    key = _dotted(loc)
    msg = str(error["msg"])
    fix = _(CUSTOM_FIXES[kind]) if kind in CUSTOM_FIXES else ""
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        name = str(loc[-1]) if loc else ""
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        msg = _("unknown key {key}").format(key=repr(name))
        fix = did_you_mean(close) if close else _("allowed keys here: {keys}").format(keys=", ".join(sorted(allowed)))
    elif kind == "missing":
        description = _key_help(model, loc)
        msg = _("this key is required but missing")
        fix = _("add `{key}:`").format(key=loc[-1]) + (f" — {description}" if description else "")
    elif kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        msg = _("expected a number, got {given}").format(given=repr(given))
        fix = _("write a number such as 30 or 0.25")
    elif kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        msg = _("expected a date, got {given}").format(given=repr(given))
        fix = _("write the date as YYYY-MM-DD, e.g. 2026-11-25")
    elif kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        msg = _("{given} is not a valid value here").format(given=repr(given))
        if "A-Z]{2}" in pattern:
            fix = _("write a two-letter ISO 3166-1 country code in capitals, e.g. NO, SE, DE")
        elif "a-z]" in pattern:
            fix = _(
                "use lower-case letters, digits and underscores, e.g. ec_decision; refer to other fragments as namespace.step"
            )
        else:
            fix = _("it must match {pattern}").format(pattern=pattern)
    elif kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        msg = _("{given} is not one of {expected}").format(
            given=repr(given), expected=expected.replace(" or ", " " + _("or") + " ")
        )
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",")]
        close = difflib.get_close_matches(str(given), options, n=1, cutoff=0.5)
        fix = _("did you mean {value}?").format(value=repr(close[0])) if close else _("use one of the listed values")
    elif kind in ("value_error", "assertion_error"):
        msg = msg.removeprefix("Value error, ")
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        msg = _bound_message(kind, ctx, given, msg)
        fix = _("durations are in days between 0 and {limit} (100 years)").format(limit=count_text(36_500))
    elif kind in ("string_too_long", "too_long"):
        msg = _length_message(kind, ctx, msg)
        fix = _("shorten it")
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        msg = _("expected `key: value` lines here, got {given}").format(given=_short(given))
        description = _key_help(model, loc)
        fix = description or _("see docs/yaml-reference.md")
    elif kind in ("list_type",):
        msg = _("expected a list here, got {given}").format(given=_short(given))
        fix = _("write the items as `- item` lines or [a, b]")
    elif kind in ("string_type",):
        msg = _("expected text, got {given}").format(given=_short(given))
        fix = _("write plain text")
    elif kind == "bool_parsing":
        msg = _("expected true or false, got {given}").format(given=repr(given))
        fix = _("write true or false")
    if not fix:
        description = _key_help(model, loc)
        fix = (
            _("expected: {description}").format(description=description)
            if description
            else _("see docs/yaml-reference.md for this key")
        )
    return Problem(file, line, column, key, msg, fix)


def outcomes_sum_message(total: float) -> str:
    """Outcome probabilities that do not add up to 1 (the fragment check and the library check say it alike)."""
    return _("outcome probabilities add up to {total}, not 1").format(total=format_decimal(total, locale=babel_locale()))


def did_you_mean(close: list[str]) -> str:
    return _("did you mean `{name}`?").format(name=close[0])


def _bound_message(kind: str, ctx: dict[str, Any], given: Any, english: str) -> str:
    """A limit that a number broke, written whole in the reader's language (pydantic's own English is kept for English)."""
    templates = {
        "greater_than_equal": _("the value must be at least {limit}, got {given}"),
        "less_than_equal": _("the value must be at most {limit}, got {given}"),
        "greater_than": _("the value must be greater than {limit}, got {given}"),
        "less_than": _("the value must be less than {limit}, got {given}"),
    }
    limit = next((ctx[k] for k in ("ge", "le", "gt", "lt") if k in ctx), None)
    if limit is None or language() == DEFAULT:
        return f"{english.lower()}, got {given!r}"
    return templates[kind].format(limit=limit, given=repr(given))


def _length_message(kind: str, ctx: dict[str, Any], english: str) -> str:
    """Too long a text or list, with the limit, in the reader's language."""
    limit = ctx.get("max_length")
    if limit is None or language() == DEFAULT:
        return english.replace("String", "text").replace("List", "list")
    if kind == "string_too_long":
        return ngettext(
            "the text may be at most {n} character long", "the text may be at most {n} characters long", int(limit)
        ).format(n=count_text(int(limit)))
    return ngettext("the list may hold at most {n} item", "the list may hold at most {n} items", int(limit)).format(
        n=count_text(int(limit))
    )


def _yaml_reason(err: yaml.MarkedYAMLError) -> str:
    """What the YAML reader could not read. Its own words are English: other languages get the common
    problems in their own words, and a plain "not valid YAML" for the rare ones."""
    english = (err.problem or err.context or "not valid YAML").strip()
    if err.context and err.problem:
        english = f"{err.context} {err.problem}".strip()
    if language() == DEFAULT:
        return english
    problem = err.problem or ""
    if "mapping values are not allowed" in problem:
        return _("a colon (:) where YAML does not expect one; put text with a colon in quotes")
    if "could not find expected ':'" in problem:
        return _("a key without its colon (:)")
    if "cannot start any token" in problem:
        return _("a character that cannot start a value here (a tab? indent with spaces)")
    if problem.startswith("expected <block end>") or "did not find expected key" in problem:
        return _("the indentation does not line up with the lines above")
    return _("this line is not valid YAML")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_data_key(part: Any, parsed: Parsed) -> bool:
    """Pydantic adds union member names to error locations; keep only keys that are in the data."""
    if isinstance(part, int):
        return True
    return not any(marker in str(part) for marker in ("[", "function-", "union", "tagged")) and part not in (
        "str",
        "float",
        "int",
        "dict",
        "list",
        "ParamRef",
        "dict[str,str]",
    )


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = next((f for name, f in current.model_fields.items() if (f.alias or name) == part or name == part), None)
            if info is None:
                return None
            current = info.annotation
        else:
            args = typing.get_args(current)
            origin = typing.get_origin(current)
            if origin in (list, tuple) and args:
                current = args[0]
            elif origin is dict and len(args) == 2:
                current = args[1]
            else:
                return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (Union, types.UnionType):
        for arg in typing.get_args(tp):
            arg = _unwrap(arg)
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
            if typing.get_origin(arg) in (list, dict):
                return arg
    return tp


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    found = _model_at(model, loc)
    return [f.alias or name for name, f in found.model_fields.items()] if found else []


def _key_help(model: type[BaseModel], loc: Loc) -> str:
    """The key's description from the model in the reader's language.

    The English in `model.py` stays the one source (it is also the JSON Schema and the YAML reference); it is
    marked with `N_` there, so the catalogue carries its Bokmål and the message looks it up here.
    """
    description = _description_at(model, loc)
    return _(description) if description else ""


def _description_at(model: type[BaseModel], loc: Loc) -> str:
    parent = _model_at(model, loc[:-1]) if loc else None
    if parent is None:
        return ""
    for name, info in parent.model_fields.items():
        if (info.alias or name) == loc[-1]:
            return info.description or ""
    return ""


# --------------------------------------------------------------------------- fragments and scenarios


def load_fragment_text(text: str | bytes, file: str) -> Loaded[Fragment]:
    """Parse, validate and check one library fragment; raise `PathwayError` with all its problems."""
    loaded = validate(Fragment, parse_yaml(text, file), file)
    problems = check_fragment(loaded)
    if any(p.severity == "error" for p in problems):
        raise PathwayError(problems)
    return loaded


def load_scenario_text(text: str | bytes, file: str) -> Loaded[Scenario]:
    loaded = validate(Scenario, parse_yaml(text, file), file)
    problems = _check_source_keys(loaded, loaded.model.sources, _scenario_source_uses(loaded.model))
    if problems:
        raise PathwayError(problems)
    return loaded


def scenario_file(loaded: Loaded[Scenario], name: str, key: str = "discussion") -> Path:
    """A file that a scenario names, inside the scenario's own folder and never outside it (not even
    through a symbolic link), so a shared scenario cannot make Pathways read other files."""
    folder = Path(loaded.file).resolve().parent
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise PathwayError(
            [
                loaded.problem(
                    (key,),
                    key,
                    _("{name} leads outside the scenario's folder").format(name=repr(name)),
                    _("put the file beside the scenario and write only its name"),
                )
            ]
        )
    if not path.is_file():
        raise PathwayError(
            [
                loaded.problem(
                    (key,),
                    key,
                    _("there is no file {name} beside the scenario").format(name=repr(name)),
                    _("check the name, or remove the key"),
                )
            ]
        )
    return path


def discussion_text(loaded: Loaded[Scenario]) -> str | None:
    """The discussion that motivated a scenario, read from the scenario's folder (None if it names none)."""
    name = loaded.model.discussion
    if name is None:
        return None
    return _read(scenario_file(loaded, name)).decode("utf-8", errors="replace")


def load_fragment(path: str | Path) -> Loaded[Fragment]:
    return load_fragment_text(_read(path), str(path))


def load_scenario(path: str | Path) -> Loaded[Scenario]:
    return load_scenario_text(_read(path), str(path))


def _read(path: str | Path) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise PathwayError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    "",
                    _("cannot read the file ({reason})").format(reason=err.strerror),
                    _("check the path"),
                )
            ]
        ) from None
    if size > MAX_BYTES:
        raise PathwayError([_too_big(str(path), size)])
    return path.read_bytes()


def _figures(step: Step, index: int) -> list[tuple[Loc, Any, str]]:
    """Every number-bearing object of a step with its location: these must be sourced."""
    out: list[tuple[Loc, Any, str]] = []
    base: Loc = ("steps", index)
    if step.duration is not None and step.duration.fixed != 0:
        out.append((base + ("duration",), step.duration, f"{step.id}.duration"))
    for r, rule in enumerate(step.rules):
        out.append((base + ("rules", r, "duration"), rule.duration, f"{step.id}.rules[{r}]"))
    for o, outcome in enumerate(step.outcomes):
        if isinstance(outcome.probability, float):
            out.append((base + ("outcomes", o), outcome, f"{step.id}.outcomes.{outcome.id}"))
    return out + access_figures(step, base, step.id)


def access_figures(details: Step | AccessDetails, base: Loc, label: str) -> list[tuple[Loc, Any, str]]:
    """The figures of a route's window and place (on a library access step or a scenario's `access` entry)."""
    out: list[tuple[Loc, Any, str]] = []
    if details.window is not None:
        if details.window.closes is not None:
            out.append((base + ("window",), details.window, f"{label}.window"))
        if details.window.open_for is not None:
            out.append((base + ("window", "open_for"), details.window.open_for, f"{label}.window.open_for"))
    if details.place is not None and isinstance(details.place.probability, float):
        out.append((base + ("place",), details.place, f"{label}.place"))
    return out


def check_fragment(loaded: Loaded[Fragment]) -> list[Problem]:
    """Checks inside one file: unique ids, known source keys, every figure sourced or an assumption."""
    frag = loaded.model
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    uses: list[tuple[Loc, str]] = []
    for i, step in enumerate(frag.steps):
        if step.id in seen and (step.applies_when is None or frag.steps[seen[step.id]].applies_when is None):
            problems.append(
                loaded.problem(
                    ("steps", i, "id"),
                    f"steps[{i}].id",
                    _("step id {id} is used twice in this file").format(id=repr(step.id)),
                    _(
                        "rename one of them (the first is steps[{first}]), or give both `applies_when` conditions that exclude each other"
                    ).format(first=seen[step.id]),
                )
            )
        seen.setdefault(step.id, i)
        uses += [(("steps", i, "sources", k), key) for k, key in enumerate(step.sources)]
        for loc, figure, label in _figures(step, i):
            uses += [(loc + ("sources", k), key) for k, key in enumerate(figure.sources)]
            if not figure.sources and not figure.assumption:
                problems.append(
                    loaded.problem(
                        loc,
                        label,
                        _("this figure has no source"),
                        _("add `sources: [key]` from the sources table, or `assumption: <why this value>`"),
                    )
                )
        if step.kind == "decision" and all(isinstance(o.probability, float) for o in step.outcomes):
            total = sum(o.probability for o in step.outcomes if isinstance(o.probability, float))
            if abs(total - 1.0) > 1e-6:
                problems.append(
                    loaded.problem(
                        ("steps", i, "outcomes"),
                        f"{step.id}.outcomes",
                        outcomes_sum_message(total),
                        _("adjust them so they sum to 1"),
                    )
                )
    for name, param in frag.parameters.items():
        uses += [(("parameters", name, "sources", k), key) for k, key in enumerate(param.sources)]
        if not param.sources and not param.assumption:
            problems.append(
                loaded.problem(
                    ("parameters", name),
                    f"parameters.{name}",
                    _("this default has no source"),
                    _("add `sources: [key]` or `assumption: <why this value>`"),
                )
            )
    problems += _check_source_keys(loaded, frag.sources, uses)
    return problems


def _scenario_source_uses(scenario: Scenario) -> list[tuple[Loc, str]]:
    uses: list[tuple[Loc, str]] = [
        (("notes", i, "sources", k), key) for i, note in enumerate(scenario.notes) for k, key in enumerate(note.sources)
    ]
    for ref, duration in scenario.durations.items():
        uses += [(("durations", ref, "sources", k), key) for k, key in enumerate(duration.sources)]
    for ref, details in scenario.access.items():
        for loc, figure, _label in access_figures(details, ("access", ref), f"access.{ref}"):
            uses += [(loc + ("sources", k), key) for k, key in enumerate(figure.sources)]
    return uses


def _check_source_keys(loaded: Loaded[Any], table: dict[str, Any], uses: list[tuple[Loc, str]]) -> list[Problem]:
    problems = []
    for loc, key in uses:
        if key not in table:
            close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.5)
            problems.append(
                loaded.problem(
                    loc,
                    _dotted(loc),
                    _("source {key} is not in this file's `sources` table").format(key=repr(key)),
                    _("did you mean {value}?").format(value=repr(close[0]))
                    if close
                    else _("add it under `sources:` with title, url, supports and read"),
                )
            )
    return problems
