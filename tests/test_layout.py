"""The layout rules, read from the source: no import cycles (counting imports inside functions),
no private names imported across modules, no re-export lines, no registries that swallow a
missing module, imports inside functions only for optional or heavy dependencies (with a
comment), and domain packages that never import storage, transports, the web or the clock.

Run ``python tests/test_layout.py`` for the figures (modules, cycles, private imports, …).
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "scheduler")
# domain packages: pure rules, no storage, I/O, transports or web
DOMAIN = ("bot.duty.model", "bot.duty.rotation", "bot.duty.staffing", "bot.duty.timeline",
          "bot.duty.calendar", "bot.plan.model", "bot.plan.recurrence", "bot.plan.when",
          "bot.plan.dayshifts", "bot.moderation.classify", "bot.moderation.words",
          "bot.moderation.surge", "bot.moderation.rules", "bot.moderation.autohide",
          "bot.privacy", "bot.workdays",
          "bot.metrics", "bot.digest.daily", "bot.digest.weekly", "bot.digest.figmap",
          "bot.sources.exports.vocabulary", "bot.sources.meta.versions")  # fmt: skip
FORBIDDEN_FOR_DOMAIN = ("bot.store", "bot.transports", "bot.web", "bot.runtime", "bot.delivery",
                        "sqlalchemy", "aiohttp", "httpx", "slack_sdk", "slack_bolt", "botbuilder",
                        "bot.clock")  # fmt: skip


@dataclass
class Module:
    name: str
    path: Path
    lines: int
    imports: set[str] = field(default_factory=set)  # every import, also inside functions
    private: list[str] = field(default_factory=list)
    reexports: list[str] = field(default_factory=list)
    late: list[tuple[int, str, bool]] = field(default_factory=list)  # line, module, commented
    swallow: list[int] = field(default_factory=list)


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(current: str, is_pkg: bool, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = current.split(".")
    if not is_pkg:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def read() -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = module_name(path)
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
            lines = source.splitlines()
            mod = Module(name, path, len(lines))
            is_pkg = path.name == "__init__.py"
            top_level = {id(n) for n in tree.body}
            type_checking = set()
            for node in tree.body:
                if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                    type_checking |= {id(n) for n in ast.walk(node)}
            for node in ast.walk(tree):
                if isinstance(node, ast.ExceptHandler) and node.type is not None:
                    if "ModuleNotFoundError" in ast.unparse(node.type):
                        mod.swallow.append(node.lineno)
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                if isinstance(node, ast.ImportFrom):
                    target = resolve(name, is_pkg, node.level, node.module)
                    targets = [target]
                    for alias in node.names:
                        if alias.asname is not None and alias.asname == alias.name:
                            mod.reexports.append(f"{target}.{alias.name}")
                        if alias.name.startswith("_") and not alias.name.startswith("__"):
                            mod.private.append(f"{target}.{alias.name}")
                        targets.append(f"{target}.{alias.name}")
                else:
                    targets = [a.name for a in node.names]
                for tgt in targets:  # TYPE_CHECKING imports count: they are dependencies too
                    if tgt.split(".")[0] in PACKAGES:
                        mod.imports.add(tgt)
                if id(node) not in top_level and id(node) not in type_checking:
                    line = lines[node.lineno - 1]
                    commented = "#" in line or "#" in lines[node.lineno - 2]
                    mod.late.append((node.lineno, targets[0], commented))
            modules[name] = mod
    # an import of "pkg.mod.Name" means module pkg.mod; keep only names that are modules
    for mod in modules.values():
        resolved = set()
        for tgt in mod.imports:
            while tgt and tgt not in modules:
                tgt = tgt.rpartition(".")[0]
            if tgt and tgt != mod.name:
                resolved.add(tgt)
        mod.imports = resolved
    return modules


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan).

    A package's ``__init__`` importing its own submodules is not a cycle of ideas but of files;
    it is counted like any other edge."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(modules[v].imports):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(modules):
        if v not in index:
            visit(v)
    return out


def figures(modules: dict[str, Module]) -> dict[str, object]:
    longest = max(modules.values(), key=lambda m: m.lines)
    return {
        "modules": len(modules),
        "cycles": len(cycles(modules)),
        "private imports": sum(len(m.private) for m in modules.values()),
        "re-export lines": sum(len(m.reexports) for m in modules.values()),
        "imports inside functions": sum(len(m.late) for m in modules.values()),
        "  of them without a comment": sum(
            1 for m in modules.values() for _, _, c in m.late if not c
        ),
        "except ModuleNotFoundError": sum(len(m.swallow) for m in modules.values()),
        "longest module": f"{longest.name} ({longest.lines} lines)",
    }


MODULES = read()


def test_the_reader_sees_the_whole_code() -> None:
    assert "bot.app" in MODULES and "handlers" in MODULES and "scheduler.runner" in MODULES
    assert any(m.imports for m in MODULES.values())


def test_no_import_cycles() -> None:
    assert cycles(MODULES) == []


def test_no_private_names_across_modules() -> None:
    assert [f"{m.name}: {p}" for m in MODULES.values() for p in m.private] == []


def test_no_reexport_lines() -> None:
    assert [f"{m.name}: {r}" for m in MODULES.values() for r in m.reexports] == []


def test_no_registry_swallows_a_missing_module() -> None:
    assert [f"{m.name}:{line}" for m in MODULES.values() for line in m.swallow] == []


def test_imports_inside_functions_say_why() -> None:
    bare = [f"{m.name}:{line} {t}" for m in MODULES.values() for line, t, c in m.late if not c]
    assert bare == []


def test_domain_never_imports_storage_io_or_transports() -> None:
    leaks = []
    for m in MODULES.values():
        if not any(m.name == d or m.name.startswith(d + ".") for d in DOMAIN):
            continue
        source = m.path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for n in names:
                if any(n == f or n.startswith(f + ".") for f in FORBIDDEN_FOR_DOMAIN):
                    leaks.append(f"{m.name} imports {n}")
    assert leaks == []


def test_domain_modules_exist() -> None:
    missing = [d for d in DOMAIN if d not in MODULES]
    assert missing == []


if __name__ == "__main__":
    for key, value in figures(MODULES).items():
        print(f"{key:32} {value}")
    for c in cycles(MODULES):
        print("cycle:", " ".join(c))
