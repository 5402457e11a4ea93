"""Pages of admission, training classes, card photos and certificates."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.audit.services import audit_record
from tongxin.core import files
from tongxin.core.web import REFUSALS, report
from tongxin.lifecycle import forms, selectors, services
from tongxin.lifecycle.models import (
    AdmissionStatus,
    Attendee,
)
from tongxin.lifecycle.policies import policy
from tongxin.lifecycle.services.admission import allowed_actions
from tongxin.members.models import Member
from tongxin.members.selectors import active_on_q, member_queryset
from tongxin.orgs.forms import closed_label
from tongxin.orgs.models import Organization

NOT_FOUND = _("对象不存在或您无权查看。")


def _require(request: HttpRequest, action: str) -> None:
    if not policy.scopes(request.user, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _orgs(request: HttpRequest, action: str, *, include_closed: bool = False):
    orgs = Organization.objects.filter(
        policy.scope_q(request.user, action, field="path")
    )
    if not include_closed:
        orgs = orgs.filter(closed_on__isnull=True)
    return orgs.order_by("path")


def _get(getter, request, pk, action=None):
    try:
        obj = getter(user=request.user, pk=pk)
    except ObjectDoesNotExist:
        raise Http404(NOT_FOUND) from None
    if action and not policy.can(request.user, action, obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return obj


def _form_errors(request: HttpRequest, form) -> None:
    """Show a small inline form's errors as messages, each with its field's label."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        for message in errors:
            messages.error(request, f"{label}：{message}" if label else message)


def _pdf(request, data: bytes, filename: str, what: str, rows: int) -> HttpResponse:
    audit_record(
        action="export",
        object_type="lifecycle.certificate",
        detail={"what": what, "format": "pdf", "rows": rows},
        actor=request.user,
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- admission ---------------------------------------------------------------------


@login_required
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    """Applications by status, newest first."""
    _require(request, "view")
    status = request.GET.get("status", "")
    if status not in AdmissionStatus.values:
        status = ""
    return render(
        request,
        "lifecycle/applications.html",
        {
            "app": "lifecycle",
            "page": "applications",
            "applications": selectors.application_list(
                user=request.user, status=status
            )[:200],
            "status": status,
            "statuses": AdmissionStatus.choices,
            "can_apply": bool(policy.scopes(request.user, "apply")),
        },
    )


def _past_day(form, name: str) -> dt.date | None:
    """The form's date ``name`` as sent, when it lies in the past."""
    raw = form.data.get(form.add_prefix(name)) if form.is_bound else None
    try:
        day = dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None
    return day if day < timezone.localdate() else None


def _application_form(request, data=None):
    """An application's form: its introducers are the members of its date (a
    past application names one who has left since; the service checks the
    date), searched on that date."""
    form = forms.ApplicationForm(data)
    form.fields["organization"].queryset = _orgs(request, "apply")
    members = member_queryset(user=request.user)
    if _past_day(form, "applied_on") is None:
        members = members.filter(status=Member.Status.ACTIVE)
    for name in ("introducer_1", "introducer_2"):
        form.fields[name].queryset = members
        form.fields[name].widget.date_field = "applied_on"
    return form


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    """Register an application with its two introducers."""
    _require(request, "apply")
    form = _application_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            app = services.application_submit(by=request.user, **data)
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已登记入会申请。"))
            return redirect("lifecycle:application", app.pk)
    return render(
        request,
        "lifecycle/form.html",
        {"app": "lifecycle", "form": form, "title": _("登记入会申请")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def application(request: HttpRequest, pk: int) -> HttpResponse:
    """One application: applicant, introducers, its dated steps, the next moves."""
    app = _get(selectors.application_get, request, pk)
    return render(
        request,
        "lifecycle/application.html",
        {
            "app": "lifecycle",
            "page": "applications",
            "a": app,
            "steps": selectors.application_steps(app),
            "actions": allowed_actions(request.user, app),
            "form": forms.TransitionForm(initial={"version": app.version}),
        },
    )


@login_required
@require_GET
def application_scan(request: HttpRequest, pk: int) -> FileResponse:
    """The scanned registration form of an online application, for who may see it."""
    app = _get(selectors.application_get, request, pk)
    missing = _("没有申请表扫描件。")
    if not app.scan:
        raise Http404(missing)
    record = SimpleNamespace(
        stored_name=app.scan,
        title=_("%(name)s入会申请表") % {"name": app.name},
        content_type=app.scan_type or "application/octet-stream",
    )
    response = files.serve_file(record, missing)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an application: review, approve, reject or withdraw."""
    app = _get(selectors.application_get, request, pk)
    if not any(
        policy.can(request.user, r, app) for r in ("apply", "review", "approve")
    ):
        raise PermissionDenied(_("您没有权限办理此申请。"))
    form = forms.TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.application_transition(
                by=request.user, application=app, **form.cleaned_data
            )
        except REFUSALS as exc:
            report(request, exc)
        else:
            messages.success(request, _("已办理。"))
    elif "action" in form.errors:
        messages.error(request, _("请选择操作。"))
    else:
        _form_errors(request, form)
    return redirect("lifecycle:application", app.pk)


# --- training classes --------------------------------------------------------------


@login_required
@require_GET
def classes(request: HttpRequest) -> HttpResponse:
    _require(request, "view")
    return render(
        request,
        "lifecycle/classes.html",
        {
            "app": "lifecycle",
            "page": "classes",
            "classes": selectors.class_list(user=request.user),
            "can_add": bool(policy.scopes(request.user, "manage_classes")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_new(request: HttpRequest) -> HttpResponse:
    _require(request, "manage_classes")
    form = forms.ClassForm(request.POST or None)
    # A past class names the organization of its day, closed since or not.
    form.fields["organization"].queryset = _orgs(
        request, "manage_classes", include_closed=True
    )
    form.fields["organization"].label_from_instance = closed_label
    form.fields["organization"].widget.date_field = "start_on"
    if request.method == "POST" and form.is_valid():
        try:
            klass = services.class_create(by=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            return redirect("lifecycle:class_detail", klass.pk)
    return render(
        request,
        "lifecycle/form.html",
        {"app": "lifecycle", "form": form, "title": _("开设培训班")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _get(selectors.class_get, request, pk)
    return render(
        request,
        "lifecycle/class_detail.html",
        {
            "app": "lifecycle",
            "page": "classes",
            "c": klass,
            "sessions": klass.sessions.all(),
            "attendees": selectors.class_attendees(klass),
            "certificates": selectors.class_certificates(klass),
            "can_manage": policy.can(request.user, "manage_classes", klass),
            "session_form": forms.SessionForm(),
            "attendees_form": forms.AttendeesForm(),
            "complete_form": forms.CompleteForm(),
            "certify_form": forms.CertifyForm(),
        },
    )


def _class_post(request, pk, form_class, act) -> HttpResponse:
    klass = _get(selectors.class_get, request, pk, "manage_classes")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = act(klass, form.cleaned_data)
        except REFUSALS as exc:
            report(request, exc)
        else:
            messages.success(request, message)
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("lifecycle:class_detail", klass.pk)


@login_required
@require_POST
def class_session(request: HttpRequest, pk: int) -> HttpResponse:
    def act(klass, data):
        services.session_add(by=request.user, training_class=klass, **data)
        return _("已添加课次。")

    return _class_post(request, pk, forms.SessionForm, act)


def _members_named(request, text: str, on: dt.date | None = None) -> list[Member]:
    """The members ``text`` names: those in the association on ``on`` (a
    past class's first day: one who has left since is found), else today."""
    names = [n for n in re.split(r"[、,，;；\s]+", text) if n]
    everyone = member_queryset(user=request.user)
    if on is not None and on < timezone.localdate():
        visible = everyone.filter(active_on_q(on))
    else:
        visible = everyone.filter(status=Member.Status.ACTIVE)
    found = []
    for name in names:
        matches = list(visible.filter(name=name)[:2])
        if not matches:
            # One who was no member then: the service says since when.
            matches = list(everyone.filter(name=name)[:2])
        if not matches:
            raise ValidationError({"names": _("找不到在册会员“%s”。") % name})
        if len(matches) > 1:
            raise ValidationError(
                {"names": _("有多位会员名为“%s”，请到会员页面确认。") % name}
            )
        found.append(matches[0])
    return found


@login_required
@require_POST
def class_attendees(request: HttpRequest, pk: int) -> HttpResponse:
    def act(klass, data):
        members = _members_named(request, data["names"], on=klass.start_on)
        added = services.attendee_add(
            by=request.user, training_class=klass, members=members
        )
        return _("已添加 %d 名学员。") % len(added)

    return _class_post(request, pk, forms.AttendeesForm, act)


@login_required
@require_POST
def class_complete(request: HttpRequest, pk: int) -> HttpResponse:
    def act(klass, data):
        ids = [int(x) for x in request.POST.getlist("attendee") if x.isdigit()]
        chosen = Attendee.objects.filter(training_class=klass, pk__in=ids)
        done = services.attendee_complete(
            by=request.user, training_class=klass, attendees=chosen, on=data["on"]
        )
        return _("%d 名学员已结业。") % len(done)

    return _class_post(request, pk, forms.CompleteForm, act)


@login_required
@require_POST
def class_certify(request: HttpRequest, pk: int) -> HttpResponse:
    def act(klass, data):
        issued = services.certificates_issue_for_class(
            by=request.user, training_class=klass, issued_on=data["issued_on"]
        )
        return _("已颁发 %d 本会员证。") % len(issued)

    return _class_post(request, pk, forms.CertifyForm, act)


@login_required
@require_GET
def class_cards(request: HttpRequest, pk: int) -> HttpResponse:
    """The class's valid certificates as printable cards, one PDF."""
    klass = _get(selectors.class_get, request, pk, "issue")
    certs = list(selectors.class_certificates(klass))
    if not certs:
        raise Http404(_("此培训班还没有颁发会员证。"))
    data = services.render_cards(certs)
    return _pdf(request, data, f"cards-{klass.pk}.pdf", "class_cards", len(certs))


# --- a member's photo and certificates ---------------------------------------------


@login_required
@require_GET
def member(request: HttpRequest, pk: int) -> HttpResponse:
    m = _get(selectors.member_get, request, pk)
    return render(
        request,
        "lifecycle/member.html",
        {
            "app": "lifecycle",
            "page": "member",
            "m": m,
            "photo": selectors.member_photo(m),
            "certificates": selectors.member_certificates(m),
            "can_photo": policy.can(request.user, "upload_photo", m),
            "can_issue": policy.can(request.user, "issue", m),
            "photo_form": forms.PhotoForm(),
            "issue_form": forms.IssueForm(),
            "replace_form": forms.ReplaceForm(),
        },
    )


@login_required
@require_POST
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    m = _get(selectors.member_get, request, pk, "upload_photo")
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_upload(
                by=request.user, member=m, upload=form.cleaned_data["photo"]
            )
        except REFUSALS as exc:
            report(request, exc)
        else:
            messages.success(request, _("照片已保存（已裁切为证件照比例）。"))
    else:
        messages.error(request, _("请选择照片文件。"))
    return redirect("lifecycle:member", m.pk)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """The stored card photo, handed out after the policy agrees."""
    m = _get(selectors.member_get, request, pk)
    p = selectors.member_photo(m)
    if p is None:
        raise Http404(_("没有照片。"))
    try:
        response = FileResponse(
            files.resolve(p.file).open("rb"), content_type="image/jpeg"
        )
    except (FileNotFoundError, OSError):
        raise Http404(_("没有照片。")) from None
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    m = _get(selectors.member_get, request, pk, "issue")
    form = forms.IssueForm(request.POST)
    if form.is_valid():
        try:
            cert = services.certificate_issue(
                by=request.user, member=m, **form.cleaned_data
            )
        except REFUSALS as exc:
            report(request, exc)
        else:
            messages.success(request, _("已颁发会员证 %s。") % cert.number)
    else:
        messages.error(request, _("请填写颁发日期。"))
    return redirect("lifecycle:member", m.pk)


@login_required
@require_POST
def certificate_replace(request: HttpRequest, pk: int) -> HttpResponse:
    cert = _get(selectors.certificate_get, request, pk, "issue")
    form = forms.ReplaceForm(request.POST)
    if form.is_valid():
        try:
            new = services.certificate_replace(
                by=request.user, certificate=cert, **form.cleaned_data
            )
        except REFUSALS as exc:
            report(request, exc)
        else:
            messages.success(
                request,
                _("原证 %(old)s 已作废，补发新证 %(new)s。")
                % {"old": cert.number, "new": new.number},
            )
    else:
        messages.error(request, _("请填写补发日期。"))
    return redirect("lifecycle:member", cert.member_id)


@login_required
@require_GET
def certificate_card(request: HttpRequest, pk: int) -> HttpResponse:
    cert = _get(selectors.certificate_get, request, pk)
    data = services.render_cards([cert])
    return _pdf(request, data, f"card-{cert.number}.pdf", "card", 1)
