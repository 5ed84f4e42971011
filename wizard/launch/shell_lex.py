"""Bash-style lexer for launch scripts: words (as chunks still to expand) and operators.

Kept apart from the evaluation in `shell.py` so each stays small. Words are not expanded here,
because bash expands each command with the variables set by the commands before it; a word is a
list of chunks: literal text, a `$VAR`/`${…}` reference or a `$(…)` substitution, each marked
quoted or not (only unquoted expansions are word-split).

The one subtle bash behaviour recorded here: a backslash before a space at the end of a line
(`--tensor-parallel-size 4 \\ `) escapes the space, not the newline, so the newline then ends
the command. The newline token carries `broken_line` so the caller can say which flags were lost.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

_OPERATOR_CHARS = set("|&;()<>")
#: runs of characters that need no special handling, consumed in one step: adding them one at a
#: time made a long argument (a 300 KB --chat-template) quadratic
_PLAIN_RUN = re.compile(r"[^\\'\"$`#\s|&;()<>]+")
_QUOTED_RUN = re.compile(r'[^"\\$`\n]+')
_BLANK_TO_EOL = re.compile(r"[ \t\r\f\v]*\Z")
_SPECIAL_PARAMS = set("@*#?$!-0123456789")


class ShellSyntaxError(ValueError):
    pass


@dataclass
class Chunk:
    kind: str  # "lit" | "var" | "cmd"
    text: str  # literal text, the `${…}` expression, or the `$(…)` command
    quoted: bool
    raw: str  # as written, used when the expansion is unknown


@dataclass
class Word:
    chunks: list[Chunk]
    line: int
    quoted: bool = False  # any quoting or escaping inside (an empty "" still makes a word)


@dataclass
class Token:
    kind: str  # "word" | "op" | "redir"
    text: str = ""
    line: int = 0
    word: Word | None = None
    broken_line: int | None = None
    inline_target: str | None = None


@dataclass
class _State:
    text: str
    i: int = 0
    line: int = 1
    tokens: list[Token] = field(default_factory=list)
    word: Word | None = None
    broken: int | None = None
    heredocs: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, chunk: Chunk, quoted: bool = False) -> None:
        if self.word is None:
            self.word = Word([], self.line)
        last = self.word.chunks[-1] if self.word.chunks else None
        if chunk.kind == "lit" and last is not None and last.kind == "lit" and last.quoted == chunk.quoted:
            last.text += chunk.text
            last.raw += chunk.raw
        else:
            self.word.chunks.append(chunk)
        self.word.quoted = self.word.quoted or quoted

    def flush(self) -> None:
        if self.word is not None:
            self.tokens.append(Token("word", line=self.word.line, word=self.word))
            self.word = None


def _matching(text: str, start: int, open_: str, close: str) -> int:
    """Index of the `close` that balances the `open_` just before `start` (quote-aware)."""
    depth, i, n = 1, start, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "'" and open_ == "(":
            end = text.find("'", i + 1)
            if end < 0:
                break
            i = end + 1
            continue
        if c == '"':
            i = _skip_double(text, i + 1)
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    line = text.count("\n", 0, start) + 1
    snippet = " ".join(text[max(0, start - 2) : start + 40].split())
    raise ShellSyntaxError(f"unbalanced `{open_}` on line {line}: `{snippet}`")


def _skip_double(text: str, i: int) -> int:
    """Index just after the `"` closing a double-quoted string whose body starts at i."""
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i + 1
        if c == "$" and text.startswith("$(", i):
            i = _matching(text, i + 2, "(", ")") + 1
            continue
        i += 1
    raise ShellSyntaxError("unbalanced double quote")


def _dollar(st: _State, quoted: bool) -> None:
    """`$…` at st.i: add a var / cmd chunk (or a literal `$`)."""
    text, i = st.text, st.i
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt == "(":
        if text.startswith("$((", i):
            end = _matching(text, i + 3, "(", ")")
            end = text.index(")", end + 1) if text.startswith(")", end + 1) else end
            raw = text[i : end + 1]
            st.add(Chunk("lit", raw, quoted, raw), quoted)
        else:
            end = _matching(text, i + 2, "(", ")")
            raw = text[i : end + 1]
            st.add(Chunk("cmd", text[i + 2 : end], quoted, raw), quoted)
        st.line += text.count("\n", i, end)
        st.i = end + 1
        return
    if nxt == "{":
        end = _matching(text, i + 2, "{", "}")
        raw = text[i : end + 1]
        st.add(Chunk("var", text[i + 2 : end], quoted, raw), quoted)
        st.i = end + 1
        return
    j = i + 1
    if nxt and (nxt.isalpha() or nxt == "_"):
        while j < len(text) and (text[j].isalnum() or text[j] == "_"):
            j += 1
    elif nxt in _SPECIAL_PARAMS and nxt:
        j += 1
    if j == i + 1:
        st.add(Chunk("lit", "$", quoted, "$"), quoted)
        st.i = i + 1
        return
    st.add(Chunk("var", text[i + 1 : j], quoted, text[i:j]), quoted)
    st.i = j


def _double_quoted(st: _State) -> None:
    text, n = st.text, len(st.text)
    start_line = st.line
    st.i += 1
    st.add(Chunk("lit", "", True, ""), True)
    while st.i < n:
        c = text[st.i]
        if c == '"':
            st.i += 1
            return
        if c == "\\" and st.i + 1 < n and text[st.i + 1] in '$`"\\\n':
            if text[st.i + 1] == "\n":
                st.line += 1
            else:
                st.add(Chunk("lit", text[st.i + 1], True, text[st.i : st.i + 2]), True)
            st.i += 2
            continue
        if c == "$":
            _dollar(st, True)
            continue
        if c == "`":
            _backtick(st, True)
            continue
        if c == "\n":
            st.line += 1
        run = _QUOTED_RUN.match(text, st.i)
        piece = run.group() if run else c
        st.add(Chunk("lit", piece, True, piece), True)
        st.i += len(piece)
    raise ShellSyntaxError(f"unbalanced double quote opened on line {start_line}")


def _backtick(st: _State, quoted: bool) -> None:
    end = st.text.find("`", st.i + 1)
    if end < 0:
        raise ShellSyntaxError(f"unbalanced backtick on line {st.line}")
    raw = st.text[st.i : end + 1]
    st.add(Chunk("cmd", st.text[st.i + 1 : end], quoted, raw), quoted)
    st.line += raw.count("\n")
    st.i = end + 1


def _operator(st: _State) -> None:
    text, i = st.text, st.i
    c = text[i]
    two = text[i : i + 2]
    if c in "<>" or two in ("&>",):
        fd = ""
        if c in "<>" and st.word is not None and len(st.word.chunks) == 1 and st.word.chunks[0].kind == "lit" \
                and st.word.chunks[0].text.isdigit() and not st.word.quoted:
            fd, st.word = st.word.chunks[0].text, None
        st.flush()
        j = i + 1
        while j < len(text) and text[j] in "<>&|-" and j - i < 3:
            j += 1
        op = text[i:j]
        st.i = j
        target = None
        if op.endswith("&"):
            k = j
            while k < len(text) and (text[k].isdigit() or text[k] == "-"):
                k += 1
            if k > j:
                target, st.i = text[j:k], k
        if op.startswith("<<") and op != "<<<":
            target = _heredoc_delimiter(st, strip_tabs=op.endswith("-"))
        st.tokens.append(Token("redir", fd + op, st.line, inline_target=target))
        return
    st.flush()
    op = two if two in ("&&", "||", ";;", "|&") else c
    st.tokens.append(Token("op", op, st.line))
    st.i = i + len(op)


def _heredoc_delimiter(st: _State, strip_tabs: bool) -> str:
    text, j = st.text, st.i
    while j < len(text) and text[j] in " \t":
        j += 1
    k = j
    while k < len(text) and not text[k].isspace() and text[k] not in ";|&<>()":
        k += 1
    delim = text[j:k].strip("'\"").replace("\\", "")
    st.i = k
    st.heredocs.append((delim, strip_tabs))
    return delim or "EOF"


def _skip_heredoc_bodies(st: _State) -> None:
    """After the newline that ends a `cmd <<EOF` line, skip each body up to its delimiter."""
    text = st.text
    for delim, strip_tabs in st.heredocs:
        while st.i < len(text):
            end = text.find("\n", st.i)
            end = len(text) if end < 0 else end
            body_line = text[st.i : end]
            st.i = end + 1
            st.line += 1
            if (body_line.lstrip("\t") if strip_tabs else body_line) == delim:
                break
    st.heredocs.clear()


def lex(text: str) -> list[Token]:
    """Tokens of a whole script. Raises ShellSyntaxError on unbalanced quotes or `$(`."""
    st = _State(text.replace("\r\n", "\n"))
    text, n = st.text, len(st.text)
    while st.i < n:
        c = text[st.i]
        if c == "\\":
            nxt = text[st.i + 1] if st.i + 1 < n else ""
            if nxt == "\n":  # continuation
                st.i += 2
                st.line += 1
                continue
            if nxt == "":  # a file ending in `\`: bash ignores it
                st.i += 1
                continue
            if nxt in " \t":
                eol = text.find("\n", st.i + 2)
                # only blanks up to the end of the line (no slice of the rest: `a\ b\ c…` was quadratic)
                if _BLANK_TO_EOL.match(text, st.i + 2, n if eol < 0 else eol):
                    st.broken = st.line
            st.add(Chunk("lit", nxt, True, text[st.i : st.i + 2]), True)
            st.i += 2
        elif c == "'":
            end = text.find("'", st.i + 1)
            if end < 0:
                raise ShellSyntaxError(f"unbalanced single quote opened on line {st.line}")
            body = text[st.i + 1 : end]
            st.add(Chunk("lit", body, True, f"'{body}'"), True)
            st.line += body.count("\n")
            st.i = end + 1
        elif c == '"':
            _double_quoted(st)
        elif c == "$":
            _dollar(st, False)
        elif c == "`":
            _backtick(st, False)
        elif c == "#" and st.word is None:
            end = text.find("\n", st.i)
            st.i = n if end < 0 else end
        elif c in " \t":
            st.flush()
            st.i += 1
        elif c == "\n":
            st.flush()
            st.tokens.append(Token("op", "\n", st.line, broken_line=st.broken))
            st.broken = None
            st.i += 1
            st.line += 1
            if st.heredocs:
                _skip_heredoc_bodies(st)
        elif c in _OPERATOR_CHARS:
            _operator(st)
        else:
            run = _PLAIN_RUN.match(text, st.i)
            piece = run.group() if run else c
            st.add(Chunk("lit", piece, False, piece))
            st.i += len(piece)
    st.flush()
    if st.broken is not None:
        st.tokens.append(Token("op", "\n", st.line, broken_line=st.broken))
    return st.tokens
