"""Pages of the talent pool: counts and people on a date, a person's file, the roster."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST

from tongxin.core.web import REFUSALS, report
from tongxin.members.models import Member
from tongxin.members.selectors import search_q
from tongxin.orgs.forms import closed_label
from tongxin.orgs.models import Organization
from tongxin.talent import forms, selectors, services
from tongxin.talent.models import Recommendation, ReserveEntry, Tier
from tongxin.talent.policies import policy


def _require_view(request: HttpRequest) -> None:
    if not policy.can(request.user, "view"):
        raise PermissionDenied(_("代表人物队伍信息仅限组织部和领导查看。"))


def _date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _person(request: HttpRequest, pk: int) -> Member:
    try:
        return selectors.person_get(user=request.user, pk=pk)
    except Member.DoesNotExist:
        raise Http404(_("对象不存在或您无权查看。")) from None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Counts per tier and the people in the pool on a date; find a member to add."""
    _require_view(request)
    on = _date(request.GET.get("on"))
    tier = request.GET.get("tier", "")
    people = selectors.person_list(user=request.user, on=on, tier=tier)
    found = []
    q = (request.GET.get("q") or "").strip()
    if q and policy.can(request.user, "manage"):
        found = list(
            Member.objects.filter(
                policy.scope_q(request.user, "manage", field="org_path")
            ).filter(search_q(q), status=Member.Status.ACTIVE)[:20]
        )
    return render(
        request,
        "talent/index.html",
        {
            "app": "talent",
            "page": "index",
            "on": on,
            "tier": tier,
            "tier_label": dict(Tier.choices).get(tier, ""),
            "counts": selectors.counts(user=request.user, on=on),
            "people": people,
            "q": q,
            "found": found,
            "can_manage": policy.can(request.user, "manage"),
        },
    )


FORMS = {
    "placement": forms.PlacementForm,
    "step": forms.StepForm,
    "training": forms.TrainingForm,
    "recommendation": forms.RecommendationForm,
    "review": forms.ReviewForm,
    "reserve": forms.ReserveForm,
}
TITLES = {
    "placement": _l("入库/调整类别"),
    "step": _l("培养环节"),
    "training": _l("培养记录"),
    "recommendation": _l("推荐使用"),
    "review": _l("年度评议"),
    "reserve": _l("列入后备干部名册"),
}


def _form(request: HttpRequest, kind: str, data=None):
    form = FORMS[kind](data, prefix=kind)
    if kind == "reserve":
        # A past entry names the leadership of its day, closed since or not
        # (the service checks it existed then); the search offers that day's.
        form.fields["organization"].queryset = Organization.objects.filter(
            policy.scope_q(request.user, "manage", field="path"),
        ).order_by("path")
        form.fields["organization"].widget.date_field = form.add_prefix("start_on")
        form.fields["organization"].label_from_instance = closed_label
    return form


def _add(user, member: Member, kind: str, data: dict):
    if kind == "placement":
        return services.placement_add(by=user, member=member, **data)
    if kind == "step":
        return services.step_add(by=user, member=member, **data)
    if kind == "training":
        return services.training_add(by=user, member=member, **data)
    if kind == "recommendation":
        return services.recommendation_add(by=user, member=member, **data)
    if kind == "review":
        return services.review_add(by=user, member=member, **data)
    return services.reserve_add(by=user, member=member, **data)


def _file_page(request, member, bound=None, status=200) -> HttpResponse:
    can_manage = policy.can(request.user, "manage", member)
    forms_ = {k: _form(request, k) for k in FORMS} if can_manage else {}
    if bound is not None:
        forms_[bound[0]] = bound[1]
    return render(
        request,
        "talent/person.html",
        {
            "app": "talent",
            "page": "person",
            "file": selectors.person_file(user=request.user, member=member),
            "forms": [(k, TITLES[k], f) for k, f in forms_.items()],
            "outcome_form": forms.OutcomeForm(prefix="outcome"),
            "reserve_form": forms.ReserveReviewForm(prefix="rr"),
            "can_manage": can_manage,
            "current": services.current_placement(member, timezone.localdate()),
        },
        status=status,
    )


@login_required
@require_GET
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's file: placements, steps, trainings, recommendations, reviews."""
    return _file_page(request, _person(request, pk))


@login_required
@require_POST
def add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add a record of ``kind`` to a person's file."""
    member = _person(request, pk)
    if kind not in FORMS:
        raise Http404
    if not policy.can(request.user, "manage", member):
        raise PermissionDenied(_("您没有权限维护代表人物档案。"))
    form = _form(request, kind, request.POST)
    if form.is_valid():
        try:
            _add(request.user, member, kind, form.cleaned_data)
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已保存：%s") % TITLES[kind])
            return redirect("talent:person", member.pk)
    return _file_page(request, member, bound=(kind, form), status=400)


@login_required
@require_POST
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the outcome of a recommendation."""
    try:
        rec = selectors.recommendation_get(user=request.user, pk=pk)
    except Recommendation.DoesNotExist:
        raise Http404(_("对象不存在或您无权查看。")) from None
    if not policy.can(request.user, "manage", rec):
        raise PermissionDenied(_("您没有权限维护代表人物档案。"))
    form = forms.OutcomeForm(request.POST, prefix="outcome")
    if form.is_valid():
        try:
            services.recommendation_outcome(
                by=request.user,
                recommendation=rec,
                outcome=form.cleaned_data["outcome"],
                on=form.cleaned_data["on"],
            )
        except REFUSALS as exc:
            report(request, exc)
        else:
            messages.success(request, _("已记录推荐结果。"))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("talent:person", rec.member_id)


@login_required
@require_GET
def reserve(request: HttpRequest) -> HttpResponse:
    """The reserve roster for leadership teams on a date."""
    _require_view(request)
    on = _date(request.GET.get("on"))
    entries = selectors.reserve_list(user=request.user, on=on)
    org = request.GET.get("org")
    if org and org.isdigit():
        entries = entries.filter(Q(organization_id=int(org)))
    return render(
        request,
        "talent/reserve.html",
        {"app": "talent", "page": "reserve", "on": on, "entries": entries},
    )


@login_required
@require_POST
def reserve_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a review of a roster entry: readiness now, or removal."""
    try:
        entry = selectors.reserve_get(user=request.user, pk=pk)
    except ReserveEntry.DoesNotExist:
        raise Http404(_("对象不存在或您无权查看。")) from None
    if not policy.can(request.user, "manage", entry):
        raise PermissionDenied(_("您没有权限维护代表人物档案。"))
    form = forms.ReserveReviewForm(request.POST, prefix="rr")
    if form.is_valid():
        try:
            services.reserve_review(by=request.user, entry=entry, **form.cleaned_data)
        except REFUSALS as exc:
            report(request, exc)
        else:
            messages.success(request, _("已记录审核结果。"))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("talent:person", entry.member_id)
