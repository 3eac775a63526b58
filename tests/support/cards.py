"""Reading Adaptive Cards the way Teams does: every typed element, wherever it is nested."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def elements(card: Any) -> Iterator[dict[str, Any]]:
    """Every element with a ``type`` (blocks, inputs, actions, …) in ``card``, depth first."""
    if isinstance(card, dict):
        if "type" in card:
            yield card
        for value in card.values():
            yield from elements(value)
    elif isinstance(card, list):
        for value in card:
            yield from elements(value)


def submit_data(card: Any) -> list[dict[str, Any]]:
    """The ``data`` of every Action.Submit in ``card``: what pressing each button sends."""
    return [
        node["data"]
        for node in elements(card)
        if node["type"] == "Action.Submit" and isinstance(node.get("data"), dict)
    ]


def inputs(card: Any) -> dict[str, dict[str, Any]]:
    """The Input.* elements of ``card`` by id."""
    return {
        node["id"]: node
        for node in elements(card)
        if str(node["type"]).startswith("Input.") and node.get("id")
    }
