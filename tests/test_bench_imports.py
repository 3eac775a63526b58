"""The benchmarks (`make bench`, not part of `make test`) import the code they measure by name:
every such import must still resolve, and none may reach a private name, so a restructuring
that moves a module cannot leave a benchmark broken until someone next runs it."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tests.support.paths import ROOT

OURS = ("bot", "handlers", "scheduler", "tests", "bench")
BENCHES = sorted((ROOT / "bench").glob("*.py"))


def our_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every ``from <our package> import name`` in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in OURS
        for alias in node.names
    ]


def resolves(module: str, name: str) -> bool:
    found = importlib.import_module(module)
    if hasattr(found, name):
        return True
    try:
        importlib.import_module(f"{module}.{name}")
    except ModuleNotFoundError:
        return False
    return True


def test_there_are_benchmarks() -> None:
    assert len(BENCHES) >= 10


@pytest.mark.parametrize("path", BENCHES, ids=lambda p: p.name)
def test_a_benchmark_imports_only_public_names_that_exist(path: Path) -> None:
    imports = our_imports(path)
    assert [f"{m}.{n}" for m, n in imports if n.startswith("_")] == []
    assert [f"{m}.{n}" for m, n in imports if not resolves(m, n)] == []
