"""Line-oriented config text shared by the Dockerfile and systemd readers.

Both formats join a line ending in a backslash with the next one, skip comment lines (even
inside such a continuation), and split values into words with "…" / '…' quoting. The join keeps
where each character came from, so a flag found in a continued ExecStart= / CMD still points at
the line the user wrote it on.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass
class LogicalLine:
    text: str
    line: int  # 1-based first physical line
    #: (offset in `text`, physical line) where each joined piece starts
    starts: list[tuple[int, int]]

    def line_at(self, offset: int) -> int:
        index = bisect_right([s for s, _ in self.starts], offset) - 1
        return self.starts[max(index, 0)][1]


def logical_lines(text: str, comment_chars: str = "#", escape: str = "\\") -> list[LogicalLine]:
    """Non-empty, non-comment lines with `escape`-newline continuations joined (by a space)."""
    out: list[LogicalLine] = []
    current: LogicalLine | None = None
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        stripped = raw.strip()
        if current is None and (not stripped or stripped[0] in comment_chars):
            continue
        if current is not None and stripped[:1] and stripped[0] in comment_chars:
            continue  # a comment inside a continuation is dropped, the continuation goes on
        body = raw.rstrip()
        continued = body.endswith(escape) and not body.endswith(escape * 2)
        if continued:
            body = body[: -len(escape)]
        if current is None:
            body = body.lstrip()
            current = LogicalLine(body, number, [(0, number)])
        else:
            current.starts.append((len(current.text) + 1, number))
            current.text += " " + body
        if not continued:
            out.append(current)
            current = None
    if current is not None:
        out.append(current)
    return out


def split_words(text: str, *, c_escapes: bool = False) -> list[tuple[str, int, bool]]:
    """Whitespace-separated words with quotes removed: (word, offset, had_quotes).

    `c_escapes`: systemd's `\\n` / `\\t` inside quotes; otherwise a backslash just escapes the
    next character. An unbalanced quote runs to the end of the text (the caller's format
    would reject it; reading on gives the user the rest of their line)."""
    words: list[tuple[str, int, bool]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        start, buf, quoted = i, [], False
        while i < n and not text[i].isspace():
            c = text[i]
            if c in "\"'":
                quoted = True
                end = i + 1
                while end < n and text[end] != c:
                    if text[end] == "\\" and c == '"' and end + 1 < n:
                        nxt = text[end + 1]
                        buf.append({"n": "\n", "t": "\t"}.get(nxt, nxt) if c_escapes else nxt)
                        end += 2
                        continue
                    buf.append(text[end])
                    end += 1
                i = end + 1
                continue
            if c == "\\" and i + 1 < n:
                buf.append(text[i + 1])
                i += 2
                continue
            buf.append(c)
            i += 1
        words.append(("".join(buf), start, quoted))
    return words
