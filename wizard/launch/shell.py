"""Turn shell text into the commands bash would run, without running anything.

Launch lines come from READMEs, issues and scripts, so the reader has to see them the way bash
does, including the ways they break: a `\\ ` (backslash, space, newline) ends the command there and
every flag below it never reaches vLLM; a file ending in `\\` is harmless; `$VAR` comes from an
earlier `export`; `$1` stays unknown. Supported: quotes, escapes, `\\`-newline continuations,
comments, `;` `&&` `||` `|` `&` and newlines as separators, redirects (`> log 2>&1`),
`VAR=x cmd` prefixes, `export`/`unset`, `$VAR` `${VAR}` `${VAR:-default}`, word splitting of
unquoted expansions, and `$(printf … {0..3})` (the generated `--device` list); any other `$(…)`
is kept as written. Lexing lives in `shell_lex.py`; this module evaluates the token stream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wizard.findings import InputError
from wizard.launch.shell_lex import Chunk, ShellSyntaxError, Token, Word, lex

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BRACE_RANGE = re.compile(r"^(.*)\{(-?\d+)\.\.(-?\d+)\}(.*)$")
_PRINTF_SPEC = re.compile(r"%(%|[-+ 0#]*\d*(?:\.\d+)?[disuxXfgc])")
_SEPARATORS = {"\n", ";", ";;", "&", "&&", "||", "|", "|&", "(", ")"}
#: `time` is not here: it is read as a wrapper (wrappers.py), with its `-p` option
_KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}"}
#: shells whose `-c SCRIPT` is read as a script (see `shell_c_script`)
C_SHELLS = {"bash", "sh", "dash", "zsh", "ash", "ksh"}

#: bounds on variable expansion, shared by every reader that expands variables (shell, Dockerfile,
#: Kubernetes `$(VAR)`): `A=$A$A` forty times is 700 bytes of input and 12 GB of text. A single
#: value may grow to 64 KiB (or the input's own size), all expansions of one input together to
#: 4 MiB (or 4× the input): beyond that it is a self-doubling definition, not a launch config.
MAX_VALUE_CHARS = 64 * 1024
MAX_TOTAL_CHARS = 4 * 1024 * 1024
#: exported-variable entries all command snapshots of one script may copy (a launch script with
#: 50 exports and 200 commands copies 10k; 5000 `export`+`echo` pairs copied 12.5M and took 5 s)
MAX_EXPORT_COPIES = 2_000_000


class ExpansionError(InputError):
    """A variable grew past the bounds of `ExpansionBudget`."""


class ExpansionBudget:
    """Counts the characters variable expansion produces for one input; raises InputError when
    one value or the total grows past the bounds, so every reader stays linear in its input."""

    def __init__(self, source_chars: int = 0):
        self.value_limit = max(MAX_VALUE_CHARS, source_chars)
        self.total_limit = max(MAX_TOTAL_CHARS, 4 * source_chars)
        self.total = 0

    def charge(self, name: str, value: str) -> str:
        """`value` (what `name` expands to) when it is within the bounds."""
        size = len(value)
        if size > self.value_limit:
            raise ExpansionError(
                f"variable {name} expands to more than {self.value_limit} characters (a self-doubling definition?)"
            )
        self.total += size
        if self.total > self.total_limit:
            raise ExpansionError(
                f"variable expansion (last: {name}) adds up to more than {self.total_limit} characters "
                "(a self-doubling definition?)"
            )
        return value


@dataclass
class ShellCommand:
    """One simple command after expansion: `words[i]` was written on line `lines[i]`."""

    words: list[str]
    lines: list[int]
    line: int
    end_line: int
    prefix_env: dict[str, str] = field(default_factory=dict)
    exported: dict[str, str] = field(default_factory=dict)  # env exported when it runs
    background: bool = False
    #: the line whose `\\ ` + newline ended this command early (bash ends it there)
    broken_line: int | None = None


@dataclass
class ShellScript:
    commands: list[ShellCommand]
    variables: dict[str, str]
    exported: dict[str, str]


# --------------------------------------------------------------------------------------------
# grouping tokens into simple commands
# --------------------------------------------------------------------------------------------
@dataclass
class _RawCommand:
    words: list[Word]
    background: bool = False
    broken_line: int | None = None
    end_line: int = 0


def _group(tokens: list[Token]) -> list[_RawCommand]:
    commands: list[_RawCommand] = []
    current = _RawCommand([])
    skip_target = False
    for token in tokens:
        if token.kind == "word":
            if skip_target:
                skip_target = False
                continue
            current.words.append(token.word)
            current.end_line = token.line
            continue
        if token.kind == "redir":
            # `2>&1` / `>&2` carry their target inline; everything else takes the next word
            skip_target = token.inline_target is None
            continue
        if token.text in _SEPARATORS:
            current.background = token.text == "&"
            current.broken_line = token.broken_line
            if current.words:
                commands.append(current)
            current = _RawCommand([])
    if current.words:
        commands.append(current)
    return commands


# --------------------------------------------------------------------------------------------
# expansion
# --------------------------------------------------------------------------------------------
def _lookup(expr: str, variables: dict[str, str], budget: ExpansionBudget) -> str | None:
    """Value of `${expr}`, or None when bash would need something we do not know."""
    if _NAME.match(expr) or expr.isdigit():
        value = variables.get(expr)
        return None if value is None else budget.charge(expr, value)
    match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)(:?[-=+?])(.*)$", expr, re.S)
    if not match:
        return None
    name, op, word = match.groups()
    value = variables.get(name)
    is_set = value is not None and (value != "" or ":" not in op)
    word = _expand_plain(word, variables, budget)
    if op.endswith("+"):
        return word if is_set else ""
    if is_set:
        return budget.charge(name, value)  # type: ignore[arg-type]
    if op.endswith("-") or op.endswith("="):
        return word
    return None


def _expand_plain(text: str, variables: dict[str, str], budget: ExpansionBudget) -> str:
    """`$NAME` / `${NAME}` inside a default value; unknown names stay as written."""

    def repl(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        value = variables.get(name)
        return match.group(0) if value is None else budget.charge(name, value)

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", repl, text)


def _brace_expand(word: str) -> list[str]:
    match = _BRACE_RANGE.match(word)
    if not match:
        return [word]
    head, lo, hi, tail = match.groups()
    lo_i, hi_i = int(lo), int(hi)
    step = 1 if hi_i >= lo_i else -1
    if abs(hi_i - lo_i) > 4096:
        return [word]
    return [f"{head}{k}{tail}" for k in range(lo_i, hi_i + step, step)]


def _printf(args: list[str]) -> str | None:
    """bash's printf for the `$(printf -- '--device /dev/davinci%d ' {0..3})` idiom."""
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        return None
    fmt, rest = args[0].replace("\\n", "\n").replace("\\t", "\t"), args[1:]
    specs = [m for m in _PRINTF_SPEC.finditer(fmt) if m.group(1) != "%"]
    per_round = max(len(specs), 1)
    out, index = [], 0
    while True:
        values = rest[index : index + per_round]
        index += per_round
        pieces, pos, k = [], 0, 0
        for match in _PRINTF_SPEC.finditer(fmt):
            pieces.append(fmt[pos : match.start()])
            pos = match.end()
            if match.group(1) == "%":
                pieces.append("%")
                continue
            raw = values[k] if k < len(values) else ""
            k += 1
            conv = match.group(1)
            try:
                pieces.append(("%" + conv) % (int(raw or 0) if conv[-1] in "diuxXc" else raw))
            except (TypeError, ValueError):
                pieces.append(raw)
        pieces.append(fmt[pos:])
        out.append("".join(pieces))
        if index >= len(rest) or not specs:
            break
    return "".join(out)


def _substitute(inner: str, variables: dict[str, str], budget: ExpansionBudget) -> str | None:
    """Output of `$(inner)` when it is a printf we can reproduce, else None (kept as written)."""
    try:
        script = parse_script(inner, variables=variables, budget=budget)
    except ExpansionError:
        raise
    except InputError:
        return None
    if len(script.commands) != 1:
        return None
    words = script.commands[0].words
    if not words or words[0] != "printf":
        return None
    expanded: list[str] = []
    for word in words[1:]:
        expanded.extend(_brace_expand(word))
    out = _printf(expanded)
    return None if out is None else budget.charge("$(printf …)", out)


def _chunk_text(chunk: Chunk, variables: dict[str, str], budget: ExpansionBudget) -> tuple[str, bool]:
    """(text, may be word-split): unknown expansions come back as written and unsplit."""
    if chunk.kind == "lit":
        return chunk.text, False
    if chunk.kind == "var":
        value = _lookup(chunk.text, variables, budget)
        return (chunk.raw, False) if value is None else (value, not chunk.quoted)
    value = _substitute(chunk.text, variables, budget)
    return (chunk.raw, False) if value is None else (value, not chunk.quoted)


def expand_word(
    word: Word, variables: dict[str, str], split: bool = True, budget: ExpansionBudget | None = None
) -> list[str]:
    """bash expansion of one word: variables, printf substitution, splitting of unquoted results."""
    budget = budget if budget is not None else ExpansionBudget()
    words: list[str] = []
    current: list[str] | None = None  # pieces of the word being built; None = no word started yet
    for chunk in word.chunks:
        text, splittable = _chunk_text(chunk, variables, budget)
        if not (split and splittable):
            if current is None:
                current = []
            current.append(text)
            continue
        pieces = text.split()
        if not pieces:
            if text and current is not None:
                words.append("".join(current))
                current = None
            continue
        if text[0].isspace() and current is not None:
            words.append("".join(current))
            current = None
        for k, piece in enumerate(pieces):
            if k > 0:
                words.append("".join(current))  # type: ignore[arg-type]
                current = None
            if current is None:
                current = []
            current.append(piece)
        if text[-1].isspace():
            words.append("".join(current))  # type: ignore[arg-type]
            current = None
    if current is not None:
        words.append("".join(current))
    if not words and word.quoted:
        words.append("")
    return words


def _assignment(word: Word) -> str | None:
    first = word.chunks[0] if word.chunks else None
    if first is None or first.kind != "lit" or first.quoted or "=" not in first.text:
        return None
    name = first.text.split("=", 1)[0]
    return name if _NAME.match(name) else None


def _assigned_value(word: Word, variables: dict[str, str], budget: ExpansionBudget) -> str:
    first = word.chunks[0]
    rest = Word([Chunk("lit", first.text.split("=", 1)[1], True, "")] + word.chunks[1:], word.line, True)
    return "".join(expand_word(rest, variables, split=False, budget=budget))


# --------------------------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------------------------
def parse_script(
    text: str, variables: dict[str, str] | None = None, budget: ExpansionBudget | None = None
) -> ShellScript:
    """All simple commands of `text`, expanded in order. Raises InputError on unbalanced quotes
    and on variables that expand past the shared bounds (`ExpansionBudget`)."""
    budget = budget if budget is not None else ExpansionBudget(len(text))
    try:
        tokens = lex(text)
    except ShellSyntaxError as exc:
        raise InputError(str(exc)) from None
    variables = dict(variables or {})
    exported: dict[str, str] = {}
    commands: list[ShellCommand] = []
    shared: list[dict[str, str]] = []  # the last copy of `exported`; emptied when it changes

    copied = [0]  # entries copied into snapshots so far

    def snapshot() -> dict[str, str]:
        # one copy per change of the exports, not per command (10k exports × 10k commands);
        # interleaved `export` and commands still copy N² entries: bounded, a real script is far below
        if not shared:
            copied[0] += len(exported)
            if copied[0] > MAX_EXPORT_COPIES:
                raise InputError(f"the script exports {len(exported)} variables between as many commands: "
                                 "too many to be a launch script")
            shared.append(dict(exported))
        return shared[0]

    for raw in _group(tokens):
        words, k = raw.words, 0  # an index, not pop(0): 100k `A=1` words on one line were quadratic
        while k < len(words) and len(words[k].chunks) == 1 and words[k].chunks[0].kind == "lit" \
                and not words[k].quoted and words[k].chunks[0].text in _KEYWORDS:
            k += 1
        prefix: dict[str, str] = {}
        while k < len(words) and (name := _assignment(words[k])):
            prefix[name] = _assigned_value(words[k], variables, budget)
            k += 1
        words = words[k:]
        if not words:
            for name, value in prefix.items():
                variables[name] = value
                if name in exported:
                    exported[name] = value
                    shared.clear()
            continue
        expanded: list[str] = []
        lines: list[int] = []
        for word in words:
            pieces = expand_word(word, variables, budget=budget)
            expanded.extend(pieces)
            lines.extend([word.line] * len(pieces))
        if not expanded:
            continue
        head = expanded[0]
        if head in ("export", "declare", "typeset", "readonly", "local"):
            exporting = head == "export" or any(w.startswith("-") and "x" in w for w in expanded[1:])
            for word in words[1:]:
                name = _assignment(word)
                if name:
                    variables[name] = _assigned_value(word, variables, budget)
                    if exporting:
                        exported[name] = variables[name]
                        shared.clear()
                else:
                    plain = "".join(expand_word(word, variables, split=False, budget=budget))
                    if exporting and _NAME.match(plain) and plain in variables:
                        exported[plain] = variables[plain]
                        shared.clear()
            continue
        if head == "unset":
            for name in expanded[1:]:
                variables.pop(name, None)
                exported.pop(name, None)
                shared.clear()
            continue
        commands.append(
            ShellCommand(
                words=expanded,
                lines=lines,
                line=words[0].line,
                end_line=max(raw.end_line, words[-1].line),
                prefix_env=prefix,
                exported=snapshot(),
                background=raw.background,
                broken_line=raw.broken_line,
            )
        )
    return ShellScript(commands, variables, exported)
