"""Forms of the participation pages: they parse input; services decide and write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.members.pickers import MemberChoiceField as MemberChoice
from tongxin.members.pickers import MembersChoiceField as MembersChoice
from tongxin.members.selectors import member_queryset
from tongxin.orgs.pickers import OrgSelect, org_label
from tongxin.participation import limits
from tongxin.participation.models import (
    Level,
    Proposal,
    ProposalUnit,
)
from tongxin.participation.policies import policy
from tongxin.participation.selectors import drive_list, session_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _members(user, on: dt.date | None = None):
    """The members a form may name: active ones; with ``on`` (the item's date,
    in the past) also those who have left since, so that the service checks
    each against the item's date and says why one is refused. The pickers
    offer the members active on that date (``members.selectors.member_pick``)."""
    members = member_queryset(user=user)
    if on is None:
        members = members.filter(status="active")
    return members.order_by("stroke_key", "id")


def _orgs(user):
    """The organizations a form may name: open ones and those closed since,
    labelled with their closing day, for history entered with its date; the
    service checks the organization against the item's date."""
    from tongxin.orgs.selectors import org_list

    orgs = org_list(user=user, include_closed=True)
    return orgs.filter(policy.scope_q(user, "manage")).order_by("path")


def _org_label(org) -> str:
    if org.closed_on is None:
        return org_label(org)
    return _("%(org)s，%(day)s撤销") % {
        "org": org_label(org),
        "day": org.closed_on.isoformat(),
    }


def _dated(form, *names: str) -> None:
    """Let the pickers of ``names`` search the records of the form's date."""
    for name in names:
        if name in form.fields:
            form.fields[name].widget.date_field = "date"
            if hasattr(form.fields[name], "label_from_instance") and name in (
                "organization",
            ):
                form.fields[name].label_from_instance = _org_label


class ItemForm(forms.Form):
    """The fields every item has; kinds add theirs."""

    title = forms.CharField(
        label=_("标题"),
        max_length=limits.TITLE_MAX,
        help_text=_("不超过 %s 字。") % limits.TITLE_MAX,
    )
    text = forms.CharField(
        label=_("正文"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    date = forms.DateField(label=_("日期"), widget=DATE, required=False)
    confidential = forms.BooleanField(label=_("涉密"), required=False)
    kind = ""

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.editing = editing
        limit = limits.TEXT_MAX[self.kind]
        self.fields["text"].help_text = _("不超过 %s 字。") % limit
        self.fields["text"].max_length = None
        self.staff = bool(policy.scopes(user, "manage"))
        self.on = self._sent_day()

    def _sent_day(self) -> dt.date | None:
        """The item's date as sent, when it lies in the past: the day whose
        members and organizations the form offers."""
        raw = self.data.get("date") if self.is_bound else self.initial.get("date")
        try:
            day = forms.DateField().clean(raw) if raw else None
        except forms.ValidationError:
            return None
        return day if day and day < timezone.localdate() else None

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        limit = limits.TEXT_MAX[self.kind]
        if len(text) > limit:
            raise forms.ValidationError(
                _("正文不能超过 %(limit)s 字（现为 %(n)s 字）。")
                % {"limit": limit, "n": len(text)}
            )
        return text

    def clean_date(self):
        return self.cleaned_data.get("date") or timezone.localdate()


class SuggestionForm(ItemForm):
    kind = "suggestions"
    author = MemberChoice(label=_("建议人"), queryset=None, required=False)
    drive = forms.ModelChoiceField(label=_("征集活动"), queryset=None, required=False)

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, user=user, editing=editing, **kwargs)
        self.fields["drive"].queryset = self._open_drives(user)
        self.fields["drive"].help_text = _("只列出正在征集的活动。")
        if self.staff and not editing:
            self.fields["author"].queryset = _members(user, self.on)
            self.fields["author"].help_text = _("留空则为本人。")
            _dated(self, "author")
        else:
            del self.fields["author"]

    def _open_drives(self, user):
        """Drives taking suggestions today (or on the date sent), and the
        item's own drive when editing: a closed drive is not offered."""
        days = [timezone.localdate()]
        try:
            sent = (
                forms.DateField().clean(self.data.get("date"))
                if self.is_bound
                else None
            )
        except forms.ValidationError:
            sent = None
        if sent:
            days.append(sent)
        keep = Q()
        for day in days:
            keep |= Q(start_on__lte=day, end_on__gte=day)
        current = self.initial.get("drive")
        if current:
            keep |= Q(pk=getattr(current, "pk", current))
        return drive_list(user=user).filter(keep).order_by("-start_on", "id")


class ProposalForm(ItemForm):
    kind = "proposals"
    proposal_kind = forms.ChoiceField(
        label=_("提案类别"), choices=Proposal.Kind.choices
    )
    session = forms.ModelChoiceField(label=_("会议"), queryset=None)
    organization = forms.ModelChoiceField(
        label=_("提案单位（团体提案）"), queryset=None, required=False, widget=OrgSelect
    )
    member = MemberChoice(
        label=_("提案委员（委员提案）"), queryset=None, required=False
    )
    cosigners = MembersChoice(label=_("联名人"), queryset=None, required=False)

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, user=user, editing=editing, **kwargs)
        self.fields["session"].queryset = session_list(user=user)
        members = _members(user, self.on)
        self.fields["cosigners"].queryset = members
        if editing:
            for name in ("proposal_kind", "organization", "member"):
                del self.fields[name]
            _dated(self, "cosigners")
            return
        self.fields["organization"].queryset = _orgs(user)
        self.fields["member"].queryset = members
        _dated(self, "cosigners", "member", "organization")
        if not self.staff:
            self.fields["proposal_kind"].choices = [("member", _("委员提案"))]
            del self.fields["organization"]
            self.fields["member"].help_text = _("留空则为本人（须担任政协委员）。")


class OpinionForm(ItemForm):
    kind = "opinions"
    authors = MembersChoice(label=_("作者"), queryset=None, required=False)

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, user=user, editing=editing, **kwargs)
        self.fields["authors"].queryset = _members(user, self.on)
        _dated(self, "authors")
        if not self.staff:
            self.fields["authors"].help_text = _("本人自动列为作者；可添加合作者。")


class ResearchForm(ItemForm):
    kind = "research"
    organization = forms.ModelChoiceField(
        label=_("申报组织"), queryset=None, required=False, widget=OrgSelect
    )
    members = MembersChoice(label=_("课题组成员"), queryset=None, required=False)
    target_body = forms.CharField(
        label=_("报送单位"), max_length=100, help_text=_("如民进省委会、市委统战部。")
    )
    deadline = forms.DateField(label=_("完成期限"), widget=DATE, required=False)
    funding = forms.DecimalField(
        label=_("经费（元）"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, user=user, editing=editing, **kwargs)
        self.fields["members"].queryset = _members(user, self.on)
        if editing or not self.staff:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = _orgs(user)
            self.fields["organization"].help_text = _("留空则为本人所在组织。")
        _dated(self, "members", "organization")


ITEM_FORMS = {
    "suggestions": SuggestionForm,
    "proposals": ProposalForm,
    "opinions": OpinionForm,
    "research": ResearchForm,
}


class TransitionForm(forms.Form):
    """A comment and the values a transition asks for."""

    comment = forms.CharField(
        label=_("意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.REASON_MAX,
    )

    def __init__(self, *args, item, transition, fields, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.multipart = False
        self.fields["comment"].required = transition.comment_required
        if "adoptions" not in fields:
            # The step's real day; the adoption has its own date.
            self.fields["occurred_on"] = forms.DateField(
                label=_("发生日期"),
                required=False,
                widget=DATE,
                help_text=_("该步骤实际发生的日期，留空为现在。"),
                error_messages={"invalid": _("发生日期应为有效日期，如 2013-12-31。")},
            )
        for name in fields:
            if name == "targets":
                self.fields[name] = forms.CharField(
                    label=_("报送单位"),
                    help_text=_("多个单位用逗号分隔，如：民进省委会，市委统战部"),
                )
            elif name == "adoptions":
                # Adopting records the first adoption: level, body and date.
                adoption = AdoptionForm(initial={"adopted_on": timezone.localdate()})
                for key, field in adoption.fields.items():
                    field.initial = adoption.initial.get(key, field.initial)
                    self.fields[key] = field
            elif name == "final_report":
                if item.final_report is None:
                    self.fields[name] = forms.FileField(
                        label=_("结题报告"),
                        help_text=_("PDF、Word 文件；结题须附结题报告。"),
                    )
                    self.multipart = True
            elif name == "merged_into":
                from tongxin.participation.selectors import item_list

                self.fields[name] = forms.ModelChoiceField(
                    label=_("并入提案"),
                    queryset=item_list(user=user, kind="proposals")
                    .filter(session_id=item.session_id)
                    .exclude(pk=item.pk)
                    .exclude(state__in=("draft", "merged", "not_filed")),
                )
            else:
                model_field = type(item)._meta.get_field(name)
                field = model_field.formfield()
                if isinstance(
                    model_field, type(item)._meta.get_field("date").__class__
                ):
                    field.widget = DATE
                field.required = name in transition.field_list
                self.fields[name] = field

    def values(self) -> dict:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("comment", "occurred_on")
        }


class ConvertForm(forms.Form):
    session = forms.ModelChoiceField(label=_("会议"), queryset=None)
    member = MemberChoice(
        label=_("提案委员"),
        queryset=None,
        required=False,
        help_text=_("留空则为建议人本人。"),
    )
    cosigners = MembersChoice(label=_("联名人"), queryset=None, required=False)
    comment = forms.CharField(
        label=_("意见"), required=False, max_length=limits.REASON_MAX
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = session_list(user=user)
        self.fields["member"].queryset = _members(user)
        self.fields["cosigners"].queryset = _members(user)


class UnitForm(forms.Form):
    name = forms.CharField(label=_("承办单位"), max_length=100)
    role = forms.ChoiceField(label=_("承办方式"), choices=ProposalUnit.Role.choices)


class AwardForm(forms.Form):
    name = forms.CharField(label=_("奖项"), max_length=100, initial=_("优秀提案"))
    body = forms.CharField(label=_("颁发单位"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=1950, max_value=2100)


class AdoptionForm(forms.Form):
    level = forms.ChoiceField(
        label=_("采用级别"), choices=[("", "---------"), *Level.choices]
    )
    body = forms.CharField(
        label=_("采用单位"),
        max_length=100,
        help_text=_("如民进中央、全国政协、省委统战部"),
    )
    adopted_on = forms.DateField(label=_("采用日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class InstructionForm(forms.Form):
    leader = forms.CharField(label=_("批示领导"), max_length=100)
    content = forms.CharField(
        label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 3})
    )
    given_on = forms.DateField(label=_("批示日期"), widget=DATE)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("文件"), help_text=_("PDF、Word、Excel、PowerPoint 或图片。")
    )
    title = forms.CharField(label=_("附件名称"), max_length=200, required=False)
    final_report = forms.BooleanField(label=_("结题报告"), required=False)


class DriveForm(forms.Form):
    theme = forms.CharField(label=_("主题"), max_length=100)
    organization = forms.ModelChoiceField(
        label=_("发起组织"), queryset=None, widget=OrgSelect
    )
    start_on = forms.DateField(label=_("开始日期"), widget=DATE)
    end_on = forms.DateField(label=_("结束日期"), widget=DATE)
    description = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _orgs(user)


class SessionForm(forms.Form):
    name = forms.CharField(
        label=_("会议名称"), max_length=100, help_text=_("如：市政协十三届二次会议")
    )
    body = forms.CharField(label=_("政协"), max_length=50)
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    year = forms.IntegerField(label=_("年度"), min_value=1950, max_value=2100)
    held_on = forms.DateField(label=_("会议日期"), widget=DATE, required=False)


def _year_choices():
    this = dt.date.today().year
    return [(y, str(y)) for y in range(this, this - 15, -1)]


class CompileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[
            ("proposals", _("提案及答复")),
            ("opinions", _("社情民意信息")),
            ("research", _("调研课题")),
            ("suggestions", _("建议")),
        ],
    )
    year = forms.TypedChoiceField(
        label=_("年度"), coerce=int, choices=(), required=False, empty_value=None
    )
    states = forms.MultipleChoiceField(
        label=_("状态"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则包括草稿以外的全部状态。"),
    )
    title = forms.CharField(label=_("标题"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        from tongxin.workflows.models import State

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *_year_choices()]
        seen = {}
        for code, name in (
            State.objects.filter(workflow__code__startswith="participation.")
            .exclude(code="draft")
            .values_list("code", "name")
        ):
            seen.setdefault(code, name)
        self.fields["states"].choices = sorted(seen.items())


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=DATE, required=False)
    end = forms.DateField(label=_("截止日期"), widget=DATE, required=False)
    org = forms.ModelChoiceField(
        label=_("组织（含下级）"), queryset=None, required=False, widget=OrgSelect
    )

    def __init__(self, *args, user, **kwargs):
        from tongxin.orgs.selectors import org_list

        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            org_list(user=user)
            .filter(policy.scope_q(user, "view_stats"))
            .order_by("path")
        )


class CoverageForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"), min_value=1950, max_value=2100, required=False
    )
    org = forms.ModelChoiceField(
        label=_("组织（含下级）"), queryset=None, required=False, widget=OrgSelect
    )
    show = forms.ChoiceField(
        label=_("会员"),
        required=False,
        choices=[("", _("全部")), ("done", _("已参与")), ("not_yet", _("尚未参与"))],
    )

    def __init__(self, *args, user, **kwargs):
        from tongxin.orgs.selectors import org_list

        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            org_list(user=user)
            .filter(policy.scope_q(user, "view_stats"))
            .order_by("path")
        )
