"""The error of a list file that cannot be read, shared by its readers (the MOFCOM text parser,
the transcribed layout) without importing either: the transcribed reader runs on every start,
the text parser (opencc, its patterns) only when an announcement's text is read."""

from __future__ import annotations


class ParseError(ValueError):
    """A text that cannot be read as the rules say; names the file and the line."""

    def __init__(self, source_file: str, line: int, problem: str) -> None:
        super().__init__(f"{source_file}, line {line}: {problem}")
        self.source_file = source_file
        self.line = line
        self.problem = problem
