"""Korean phone numbers: the formats we call, how they are written and masked."""

import pytest
from django.core.exceptions import ValidationError

from callbacks.phones import masked_phone, normalize_phone


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("010-1234-5678", "010-1234-5678"),
        ("01012345678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("011-123-4567", "011-123-4567"),
        ("02-123-4567", "02-123-4567"),
        ("0212345678", "02-1234-5678"),
        ("031-123-4567", "031-123-4567"),
        ("064-712-3456", "064-712-3456"),
        ("070-1234-5678", "070-1234-5678"),
        ("1588-1234", "1588-1234"),
        ("16441234", "1644-1234"),
    ],
)
def test_korean_numbers_are_accepted_and_written_the_korean_way(raw, written):
    assert normalize_phone(raw) == written


@pytest.mark.parametrize(
    "raw",
    ["", "12345", "010-12-5678", "020-123-4567", "099-123-4567", "1234-5678", "010-1234-5678x"],
)
def test_other_numbers_are_refused_with_a_message(raw):
    with pytest.raises(ValidationError) as error:
        normalize_phone(raw)
    assert error.value.messages


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("010-1234-5678", "010-****-5678"),
        ("02-123-4567", "02-***-4567"),
        ("1588-1234", "1588-****"),
    ],
)
def test_masking_keeps_only_the_area_code_and_last_digits(phone, masked):
    assert masked_phone(phone) == masked
