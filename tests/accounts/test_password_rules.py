"""Password rules: length, character classes, not the user name, not common."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.conftest import PASSWORD
from tongxin.accounts.models import User
from tongxin.accounts.services import generate_password, user_create
from tongxin.accounts.validators import character_classes


def messages_for(password: str, username: str = "zhangsan") -> list[str]:
    try:
        validate_password(password, User(username=username, email=""))
    except ValidationError as e:
        return e.messages
    return []


@pytest.mark.parametrize(
    "password", ["Tongxin@2026", PASSWORD, "Qiche-Lun-88", "lowerUPPER123"]
)
def test_it_accepts_good_passwords(password):
    """The demo password and the tests' password pass every rule."""
    assert messages_for(password) == []


def test_it_refuses_a_short_password_in_chinese():
    assert "密码太短，至少需要 8 个字符。" in messages_for("Ab1!x")


def test_the_minimum_length_is_configurable(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "tongxin.accounts.validators.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        }
    ]
    assert messages_for("Abcdefg1!x")  # 10 characters
    assert messages_for("Abcdefg1!xyz") == []


@pytest.mark.parametrize(
    ("password", "classes"),
    [
        ("abcdefghij", {"lower"}),
        ("abcdefgh12", {"lower", "digit"}),
        ("ABCDEFGH!!", {"upper", "symbol"}),
    ],
)
def test_it_needs_three_character_classes(password, classes):
    assert character_classes(password) == classes
    assert "密码须包含小写字母、大写字母、数字和符号这四类中的至少 3 类。" in (
        messages_for(password)
    )


def test_three_classes_are_enough():
    assert messages_for("abcdefgh12!") == []
    assert messages_for("ABCDEFGH12a") == []


def test_it_refuses_a_password_containing_the_user_name():
    assert "密码不能包含用户名。" in messages_for("Xx-Zhangsan-2026", "zhangsan")


def test_it_refuses_a_password_similar_to_the_user_name():
    """Django's similarity validator, with its Chinese message."""
    found = messages_for("Zhangsan1!", "zhangsan1")
    assert "密码跟 用户名 太相似了。" in found


def test_it_refuses_a_common_password():
    found = messages_for("Password1!")
    assert "这个密码太常见了。" in found


def test_it_refuses_an_all_numeric_password():
    found = messages_for("8273649150")
    assert "密码只包含数字。" in found


def test_generated_passwords_pass_the_rules():
    for _i in range(20):
        password = generate_password()
        assert len(password) == 16
        assert character_classes(password) == {"lower", "upper", "digit", "symbol"}
        assert messages_for(password) == []


def test_the_service_reports_password_errors_by_field(db):
    with pytest.raises(ValidationError) as e:
        user_create(by=None, username="lisi", password="lisi12345")
    assert "password" in e.value.message_dict
    assert not User.objects.filter(username="lisi").exists()
