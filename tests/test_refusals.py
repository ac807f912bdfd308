"""core.refusals: which refusals become page messages and which still propagate."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from core.errors import InvalidState
from core.permissions import StepRefused
from core.refusals import form_messages, refusals, refuse


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def shown(request):
    return [str(m) for m in get_messages(request)]


def test_validation_error_messages_are_joined(request_):
    with refusals(request_) as outcome:
        raise ValidationError(["甲不对", "乙不对"])
    assert isinstance(outcome.error, ValidationError)
    assert shown(request_) == ["甲不对；乙不对"]


def test_invalid_state_becomes_a_message(request_):
    with refusals(request_) as outcome:
        raise InvalidState("只有草稿可以发布。")
    assert isinstance(outcome.error, InvalidState)
    assert shown(request_) == ["只有草稿可以发布。"]


def test_step_refused_becomes_a_message(request_):
    with refusals(request_):
        raise StepRefused("须由另一名工作人员公布。")
    assert shown(request_) == ["须由另一名工作人员公布。"]


def test_plain_permission_denied_propagates(request_):
    with pytest.raises(PermissionDenied), refusals(request_):
        raise PermissionDenied("无权操作。")
    assert shown(request_) == []


def test_plain_permission_denied_is_shown_when_the_page_asks(request_):
    with refusals(request_, denied=True) as outcome:
        raise PermissionDenied("无权操作。")
    assert isinstance(outcome.error, PermissionDenied)
    assert shown(request_) == ["无权操作。"]


def test_other_exceptions_propagate(request_):
    with pytest.raises(KeyError), refusals(request_, denied=True):
        raise KeyError("x")
    assert shown(request_) == []


def test_nothing_raised_leaves_no_error(request_):
    with refusals(request_) as outcome:
        pass
    assert outcome.error is None
    assert shown(request_) == []


def test_refuse_shows_a_permission_denied_text(request_):
    refuse(request_, PermissionDenied("不在辖区内。"))
    assert shown(request_) == ["不在辖区内。"]


def test_form_messages_joins_every_error():
    class Form(forms.Form):
        a = forms.IntegerField()
        b = forms.IntegerField()

    form = Form({"a": "x"})
    assert not form.is_valid()
    assert form_messages(form) == "；".join([*form.errors["a"], *form.errors["b"]])


def test_only_narrows_what_is_caught(request_):
    with pytest.raises(StepRefused), refusals(request_, only=ValidationError):
        raise StepRefused("须由另一名工作人员审核。")
    with refusals(request_, only=ValidationError):
        raise InvalidState("已公布。")
    assert shown(request_) == ["已公布。"]


def test_joined_messages_never_read_full_stop_then_separator(request_):
    with refusals(request_):
        raise ValidationError(["请填写职责单位。", "请填写联系方式。"])
    assert shown(request_) == ["请填写职责单位；请填写联系方式。"]


def test_about_names_what_the_refusal_concerns(request_):
    with refusals(request_, about="TS-0001"):
        raise InvalidState("已派单。")
    assert shown(request_) == ["TS-0001：已派单。"]


def test_form_puts_the_refusal_among_the_form_errors(request_):
    class Form(forms.Form):
        a = forms.IntegerField()

    form = Form({"a": "1"})
    assert form.is_valid()
    with refusals(request_, denied=True, form=form) as outcome:
        raise PermissionDenied("无权记录约谈。")
    assert form.non_field_errors() == ["无权记录约谈。"] and outcome.text == "无权记录约谈。"
    assert shown(request_) == []


def test_show_false_only_keeps_the_refusal(request_):
    with refusals(request_, show=False) as outcome:
        raise ValidationError(["甲不对。", "乙不对。"])
    assert outcome.text == "甲不对；乙不对。" and shown(request_) == []
    with refusals(request_, show=False) as outcome:
        pass
    assert outcome.text == ""
