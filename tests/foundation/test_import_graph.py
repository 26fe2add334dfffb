"""The ticket and outbox modules import one way: services never import the modules that
define tasks (they queue tasks by name, helpdesk.queueing), so there is no import cycle."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("tickets", "outbox", "catalog", "accounts", "helpdesk", "health", "demo", "mail")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or "management" in path.parts:
                continue
            found[module_name(path)] = path
    return found


def imports_of(name, path, modules):
    """Every project module that ``name`` imports, at the top or inside a function."""
    is_package = path.name == "__init__.py"
    base = name.split(".") if is_package else name.split(".")[:-1]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                origin = ".".join(
                    base[: len(base) - node.level + 1] + ([node.module] if node.module else [])
                )
            else:
                origin = node.module or ""
            names = [origin] + [f"{origin}.{alias.name}" for alias in node.names]
        else:
            continue
        for candidate in names:
            if candidate in modules and candidate != name:
                targets.add(candidate)
    # "from .core import x" imports the package first: that edge is Python's, not a cycle.
    return {t for t in targets if not name.startswith(t + ".")}


def find_cycle(graph):
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def graph():
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def test_ticket_and_outbox_modules_import_without_a_cycle():
    assert find_cycle(graph()) is None


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize(
    "service", ["tickets.sla", "outbox.services", "tickets.services.core", "mail.services"]
)
def test_services_name_their_tasks_instead_of_importing_them(service):
    edges = graph()[service]
    assert not {"tickets.tasks", "outbox.tasks", "mail.tasks"} & edges


def test_tickets_never_import_the_mail_channel():
    """A channel is an app that calls tickets.services; tickets know nothing of it."""
    edges = {(name, target) for name, targets in graph().items() for target in targets}
    assert not {(a, b) for a, b in edges if a.startswith("tickets") and b.startswith("mail")}
