"""While a person writes, the form suggests the category the classifier picks."""

URL = "/tickets/new/category-suggestion/"


def _ask(client, **params):
    return client.get(URL, params, HTTP_HX_REQUEST="true")


def test_korean_text_suggests_its_category(reference_data, client):
    response = _ask(client, subject="택배가 안 와요", body="배송지연 문의")
    assert response.status_code == 200
    assert 'data-pick-category="delivery"' in response.text
    assert "배송" in response.text


def test_english_text_suggests_its_category(reference_data, client):
    response = client.get(
        URL,
        {"subject": "I want a refund", "body": ""},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert 'data-pick-category="refund"' in response.text
    assert "Refund" in response.text


def test_nothing_is_suggested_for_too_little_or_unknown_text(reference_data, client):
    assert _ask(client, subject="abc").text.strip() == ""
    assert _ask(client, subject="hello there, a question").text.strip() == ""


def test_the_category_already_chosen_is_confirmed_not_offered(reference_data, client):
    response = _ask(client, subject="refund please", category="refund")
    assert "data-pick-category" not in response.text


def test_seller_categories_are_not_suggested_to_buyers(people, client):
    client.force_login(people["buyer"])
    assert "data-pick-category" not in _ask(client, subject="입점 문의").text
    client.force_login(people["seller"])
    assert 'data-pick-category="seller-registration"' in _ask(client, subject="입점 문의").text


def test_without_htmx_the_form_opens_with_the_category(reference_data, client):
    response = client.get(URL, {"subject": "환불 해주세요"})
    assert response.status_code == 302 and response["Location"] == "/tickets/new/?category=refund"


def test_the_form_asks_for_the_suggestion_while_typing(reference_data, client):
    page = client.get("/tickets/new/").text
    assert f'hx-get="{URL}"' in page and "delay:600ms" in page
    assert "js/askonce" in page
