import pytest

from .conftest import check_accessibility


@pytest.mark.django_db(transaction=True)
def test_help_center_speaks_korean_and_switches_to_english(page, reference_data):
    delivery = reference_data.categories["delivery"]
    delivery.description_ko = "배송 지연, 배송지 변경, 배송 조회"
    delivery.description_en = "Late parcels, address changes, tracking"
    delivery.save()
    page.goto(page.base + "/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", level=1).inner_text() == "무엇을 도와드릴까요?"
    assert page.get_by_role("link", name="배송 배송 지연, 배송지 변경, 배송 조회").is_visible()
    check_accessibility(page, "home-ko")

    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "How can we help you?"
    assert page.get_by_text("Late parcels, address changes, tracking").is_visible()
    check_accessibility(page, "home-en")
