import pytest
from django.core.exceptions import ValidationError

from enterprises.models import Enterprise, validate_uscc

from .factories import EnterpriseFactory, valid_uscc

GOOD = "91110000600037341L"  # a real-format code with a correct check digit (GB 32100-2015)


def test_valid_uscc_passes():
    validate_uscc(GOOD)
    validate_uscc(valid_uscc())


def test_wrong_check_digit_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as exc:
        validate_uscc(GOOD[:-1] + "X")
    assert exc.value.code == "uscc_checksum"
    assert "校验位错误" in exc.value.messages[0]


@pytest.mark.parametrize("value", [GOOD[:-1], GOOD + "1", "9111"])
def test_wrong_length_is_refused_and_says_how_long_it_was(value):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(value)
    assert exc.value.code == "uscc_length"
    assert f"当前为 {len(value)} 位" in exc.value.messages[0]


def test_wrong_character_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("9111000060003734IL")  # I is not in the alphabet
    assert exc.value.code == "uscc_format"


def test_duplicate_uscc_is_refused_by_model_validation(tree):
    twin = Enterprise(
        name="另一家", uscc=tree.ent_a.uscc, legal_representative="李四", region=tree.a, address="某路 1 号"
    )
    with pytest.raises(ValidationError) as exc:
        twin.full_clean()
    assert "该统一社会信用代码已登记。" in exc.value.message_dict["uscc"]


def test_uscc_is_stored_compact_and_upper_case(tree):
    code = valid_uscc()
    e = EnterpriseFactory(region=tree.a, uscc=f" {code[:6]} {code[6:].lower()} ")
    e.refresh_from_db()
    assert e.uscc == code
