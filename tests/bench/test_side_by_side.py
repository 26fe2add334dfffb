"""The benchmark's own logic: the signed-in floor it measures pages against, the alternating
rounds, and a target met only when its worst round meets it."""

import argparse

import pytest
from django.test import override_settings

from accounts.models import User
from bench import FLOOR_PATH
from bench.__main__ import Comparison, Page, Result, Target, run_rounds, targets


@pytest.fixture
def floor_urls():
    with override_settings(ROOT_URLCONF="bench.urls"):
        yield


def test_the_signed_in_floor_needs_a_session(people, client, floor_urls):
    response = client.get(FLOOR_PATH)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_agents_floor_is_the_workspace_frame(people, client, floor_urls):
    client.force_login(User.objects.get(username="agent"))
    html = client.get(FLOOR_PATH).content.decode()
    assert 'class="workspace-bar"' in html
    assert 'id="main"' in html


def test_a_buyers_floor_is_the_page_frame_alone(people, client, floor_urls):
    client.force_login(User.objects.get(username="buyer"))
    response = client.get(FLOOR_PATH)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="main"' in html and "workspace-bar" not in html


class Scripted(Target):
    """A target whose slices answer with the given requests a second, in turn."""

    def __init__(self, label, rates, log):
        super().__init__(label)
        self.rates, self.log = list(rates), log

    def measure(self, args):
        self.log.append(self.label)
        result = Result(rps=self.rates.pop(0), p99=10.0)
        self.samples.append(result)
        return result


def test_rounds_alternate_and_each_ratio_pairs_neighbours():
    log = []
    page = Scripted("page", [100, 120, 90], log)
    floor = Scripted("floor", [200, 240, 300], log)
    (comparison,) = run_rounds(page, [(floor, "signed-in floor")], argparse.Namespace(rounds=3))
    assert log == ["page", "floor", "floor", "page", "page", "floor"]
    assert comparison.ratios == [0.5, 0.5, 0.3]
    assert comparison.median == 0.5 and comparison.low == 0.3


def _checked(ratios, *, kind="list", peer=None, column="signed-in floor"):
    page = Target("agent queue", page=Page("agent queue", "agent", "/agent/", kind=kind, peer=peer))
    page.samples = [Result(rps=100, p99=20)]
    page.queries = {"small": 7, "large": 7}
    comparison = Comparison(page, Target("floor"), column, ratios)
    sweep = {"seconds": 0.1}
    return targets([page], [comparison], sweep)


def test_a_target_is_met_only_when_its_worst_round_meets_it():
    assert "- [x] agent queue: 40% (34%\N{EN DASH}45%) of the signed-in floor" in "\n".join(
        _checked([0.40, 0.45, 0.34])
    )
    assert "- [ ] agent queue: 40% (30%\N{EN DASH}45%) of the signed-in floor" in "\n".join(
        _checked([0.40, 0.45, 0.30])
    )


def test_filing_must_beat_the_peer_in_every_round():
    lines = "\n".join(
        _checked([1.5, 1.3, 1.19], kind="write", peer="public submit", column="django-helpdesk")
    )
    assert "- [ ] agent queue: 1.3x (1.2x\N{EN DASH}1.5x) django-helpdesk's public submit" in lines


def test_queries_must_stay_flat_from_small_to_large():
    page = Target("list", page=Page("list", "buyer", "/tickets/", kind="list"))
    page.samples = [Result(rps=100, p99=20)]
    page.queries = {"small": 3, "large": 4}
    lines = targets([page], [], {"seconds": 0.1})
    assert "- [ ] list: 3 / 4 queries at 1k / 1M tickets (≤ 12, equal)" in lines
