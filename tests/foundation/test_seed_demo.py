import ast
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from catalog.models import Category
from claims.models import Claim
from community.models import Answer, Question
from demo.content import TICKET_SCRIPTS
from faq.models import Article
from tickets.models import Ticket

SLUGS = {
    "delivery",
    "stock",
    "return-exchange",
    "payment",
    "refund",
    "seller-registration",
    "sales-statistics",
    "marketing-ads",
    "feedback",
    "other",
}


def test_seed_demo_fills_every_part_and_running_it_twice_changes_nothing(db):
    call_command("seed_demo")
    counts = (Ticket.objects.count(), User.objects.count(), Article.objects.count())
    call_command("seed_demo")
    assert (Ticket.objects.count(), User.objects.count(), Article.objects.count()) == counts
    assert set(Category.objects.values_list("slug", flat=True)) == SLUGS
    # Demo people are not new accounts: the community's new-account limit does not stop a
    # visitor trying the demo.
    joined = User.objects.get(username="buyer").date_joined
    assert timezone.now() - joined >= timedelta(days=settings.COMMUNITY_NEW_ACCOUNT_DAYS)
    assert {"admin", "agent", "agent2", "buyer", "buyer2", "seller"} <= set(
        User.objects.values_list("username", flat=True)
    )
    assert User.objects.get(username="agent").check_password("demo-pass-1234")
    assert Ticket.objects.count() == len(TICKET_SCRIPTS) == 12
    assert Ticket.objects.filter(requester__isnull=True).exists()  # guests too
    assert set(Ticket.objects.values_list("language", flat=True)) == {"ko", "en"}
    # Claims in different states, each beside a demo inquiry about its order.
    assert set(Claim.objects.values_list("state", flat=True)) == {"requested", "return_shipped"}
    # The community: answered questions, one answer verified, one on the seller board.
    assert Question.objects.count() == 3
    assert Answer.objects.filter(verified_at__isnull=False).count() == 1
    assert Question.objects.filter(audience="seller").count() == 1


def test_seed_demo_if_empty_leaves_an_existing_database_alone(db):
    call_command("seed_demo")
    Category.objects.filter(slug="other").update(name_en="Changed")
    call_command("seed_demo", "--if-empty")
    assert Category.objects.get(slug="other").name_en == "Changed"


def test_no_part_of_the_product_imports_the_demo():
    """The demo app loads data through the product's apps; they never depend on it."""
    root = Path(__file__).resolve().parents[2]
    product = [p for p in root.iterdir() if (p / "apps.py").exists() and p.name != "demo"]
    assert {"tickets", "catalog", "faq", "contacts", "accounts"} <= {p.name for p in product}
    importers = []
    for path in (f for package in [*product, root / "helpdesk"] for f in package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            if any(name == "demo" or name.startswith("demo.") for name in names):
                importers.append(str(path.relative_to(root)))
    assert importers == []
