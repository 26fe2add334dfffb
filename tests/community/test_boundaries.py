"""The community is a channel: it calls the FAQ and tickets; neither imports it (the FAQ's
search learns of community answers through faq.sources, registered at start-up)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("package", ["faq", "tickets", "accounts", "catalog", "outbox"])
def test_lower_apps_never_import_the_community(package):
    importers = []
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name == "community" or name.startswith("community.") for name in names):
                importers.append(str(path.relative_to(ROOT)))
    assert importers == []


def test_the_faq_search_knows_the_community_source_once_the_app_is_ready():
    from community.selectors import search_answers
    from faq import sources

    assert search_answers in sources._sources
