"""``AnnotationType``: the shape of what ``plot_annotations`` returns (FreqUI draws them)."""
from __future__ import annotations

from datetime import datetime
from typing import Literal, Required, TypedDict


class _Annotation(TypedDict, total=False):
    color: str
    label: str
    z_level: int


class _Annotation2D(_Annotation, total=False):
    start: str | datetime
    end: str | datetime
    y_start: float
    y_end: float


class AreaAnnotationType(_Annotation2D, total=False):
    type: Required[Literal["area"]]


class LineAnnotationType(_Annotation2D, total=False):
    type: Required[Literal["line"]]
    width: int
    line_style: Literal["solid", "dashed", "dotted"]


class PointAnnotationType(_Annotation, total=False):
    type: Required[Literal["point"]]
    x: str | datetime
    y: float
    size: int
    shape: Literal["circle", "rect", "roundRect", "triangle", "pin", "arrow", "none"]
    rotate: int


AnnotationType = AreaAnnotationType | LineAnnotationType | PointAnnotationType
