"""Closed/open intervals on the real line: what a text says about a value, and what a threshold covers.

A reading "99.99%" is the point [99.99, 99.99]; "≤ 50 µm" is (-inf, 50]; a threshold "> 99.9%" is
(99.9, +inf). Comparing them has three answers: the reading lies inside the threshold (meets),
outside it (does not meet), or straddles it (unknown: "≤ 60 µm" against "≤ 50 µm").
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Interval:
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False

    @classmethod
    def point(cls, value: float) -> Interval:
        return cls(value, value)

    @classmethod
    def from_op(cls, op: str, value: float) -> Interval:
        """An interval from a comparison: ('>=', 97) -> [97, inf)."""
        return {
            ">=": cls(value, math.inf),
            ">": cls(value, math.inf, low_open=True),
            "<=": cls(-math.inf, value),
            "<": cls(-math.inf, value, high_open=True),
            "=": cls(value, value),
        }[op]

    def is_empty(self) -> bool:
        if self.low > self.high:
            return True
        return self.low == self.high and (self.low_open or self.high_open)

    def intersect(self, other: Interval) -> Interval:
        if self.low > other.low or (self.low == other.low and self.low_open):
            low, low_open = self.low, self.low_open
        else:
            low, low_open = other.low, other.low_open
        if self.high < other.high or (self.high == other.high and self.high_open):
            high, high_open = self.high, self.high_open
        else:
            high, high_open = other.high, other.high_open
        return Interval(low, high, low_open, high_open)

    def within(self, other: Interval) -> bool:
        """Every value of self is in other."""
        if self.is_empty():
            return True
        low_ok = self.low > other.low or (self.low == other.low and (self.low_open or not other.low_open))
        high_ok = self.high < other.high or (self.high == other.high and (self.high_open or not other.high_open))
        return low_ok and high_ok

    def text(self, unit: str = "") -> str:
        """'≥ 99.99 %', '≤ 50 µm', '50–500 µm', '= 30 µm'."""
        u = f" {unit}" if unit else ""
        if self.low == self.high:
            return f"{_num(self.low)}{u}"
        if self.low == -math.inf:
            return f"{'<' if self.high_open else '≤'} {_num(self.high)}{u}"
        if self.high == math.inf:
            return f"{'>' if self.low_open else '≥'} {_num(self.low)}{u}"
        left = ">" if self.low_open else "≥"
        right = "<" if self.high_open else "≤"
        return f"{left} {_num(self.low)} and {right} {_num(self.high)}{u}"


def _num(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.6g}"
