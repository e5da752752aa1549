"""Cycling draws: each form of a category comes up in turn (in a shuffled order) before any
comes up again, so every form appears in a corpus of a few dozen documents."""

from __future__ import annotations

import random

_rng = random.Random(0)
_decks: dict[str, list] = {}


def init(rng: random.Random) -> None:
    global _rng
    _rng = rng
    _decks.clear()


def draw(key: str, options: list):
    d = _decks.get(key)
    if not d:
        d = list(options)
        _rng.shuffle(d)
        _decks[key] = d
    return d.pop()
