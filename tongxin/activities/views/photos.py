"""Pages of the photo archive (history wall): browse by decade and year, upload,
describe, and the images themselves, handed out only after the policy agrees."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.activities import services
from tongxin.activities.forms import PhotoEditForm, PhotoUploadForm
from tongxin.activities.models import Photo
from tongxin.activities.policies import policy
from tongxin.activities.selectors import (
    event_queryset,
    photo_get,
    photo_index,
    photo_list,
)
from tongxin.activities.views.common import (
    REFUSALS,
    managed_orgs,
    report,
    require_somewhere,
)
from tongxin.core import files
from tongxin.orgs.selectors import org_list

PAGE = 60


def _photo(request: HttpRequest, pk: int, action: str = "view_photos") -> Photo:
    try:
        photo = photo_get(user=request.user, pk=pk)
    except Photo.DoesNotExist:
        raise Http404(_("照片不存在或您无权查看。")) from None
    if action != "view_photos" and not policy.can(request.user, action, photo):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return photo


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) <= 4 else None


@login_required
@require_GET
def photo_list_view(request: HttpRequest) -> HttpResponse:
    """Browse the archive by decade, then by year."""
    if not policy.can(request.user, "view_photos"):
        raise PermissionDenied(_("您没有权限查看照片档案。"))
    index = photo_index(user=request.user)
    year = _int(request.GET.get("year"))
    decade = _int(request.GET.get("decade"))
    if decade is not None:
        decade = decade // 10 * 10
    if year is None and decade is None and index:
        decade = index[0].decade
    q = (request.GET.get("q") or "").strip()[:50] or None
    photos = list(photo_list(user=request.user, decade=decade, year=year, q=q)[:PAGE])
    return render(
        request,
        "activities/photo_list.html",
        {
            "index": index,
            "photos": photos,
            "decade": decade if year is None else year // 10 * 10,
            "year": year,
            "q": q or "",
            "can_add": bool(policy.scopes(request.user, "manage_photos")),
            "limit": PAGE,
        },
    )


def _form_kwargs(request: HttpRequest) -> dict:
    return {
        "user": request.user,
        "managed": managed_orgs(request, "manage_photos"),
        "organizations": org_list(user=request.user),
        "events": event_queryset(user=request.user).order_by("-start_at"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def photo_add(request: HttpRequest) -> HttpResponse:
    """Upload a photo; the file is checked by content."""
    require_somewhere(request, "manage_photos")
    if request.method == "POST":
        form = PhotoUploadForm(request.POST, request.FILES, **_form_kwargs(request))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                photo = services.photo_add(
                    by=request.user,
                    upload=data.pop("image"),
                    **data,
                )
            except REFUSALS as e:
                report(request, e, form)
            else:
                messages.success(request, _("已上传照片。"))
                return redirect(photo)
    else:
        initial = {}
        if (eid := request.GET.get("event", "")).isdigit():
            initial["event"] = int(eid)
        form = PhotoUploadForm(initial=initial, **_form_kwargs(request))
    return render(
        request,
        "activities/simple_form.html",
        {
            "form": form,
            "title": _("上传照片"),
            "back": reverse("activities:photo_list"),
            "multipart": True,
        },
    )


@login_required
@require_GET
def photo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _photo(request, pk)
    return render(
        request,
        "activities/photo_detail.html",
        {
            "photo": photo,
            "can_manage": policy.can(request.user, "manage_photos", photo),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def photo_edit(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _photo(request, pk, "manage_photos")
    if request.method == "POST":
        form = PhotoEditForm(request.POST, **_form_kwargs(request))
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.photo_update(
                    photo=photo, by=request.user, version=version, **data
                )
            except REFUSALS as e:
                report(request, e, form)
            else:
                messages.success(request, _("已保存。"))
                return redirect(photo)
    else:
        form = PhotoEditForm(
            initial={
                "caption": photo.caption,
                "organization": photo.organization_id,
                "year": photo.year,
                "taken_on": photo.taken_on,
                "event": photo.event_id,
                "people": "、".join(m.name for m in photo.people.all()),
                "people_text": photo.people_text,
                "organizations": list(photo.organizations.all()),
                "version": photo.version,
            },
            **_form_kwargs(request),
        )
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("修改照片信息"), "back": photo.get_absolute_url()},
    )


@login_required
@require_POST
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _photo(request, pk, "manage_photos")
    try:
        services.photo_delete(photo=photo, by=request.user)
    except REFUSALS as e:
        report(request, e)
        return redirect(photo)
    messages.success(request, _("已删除照片。"))
    return redirect("activities:photo_list")


def _serve(photo: Photo, name: str, content_type: str) -> FileResponse:
    try:
        handle = files.resolve(name).open("rb")
    except OSError:
        raise Http404(_("照片文件已丢失，请联系管理员。")) from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def photo_image(request: HttpRequest, pk: int) -> FileResponse:
    """The photo itself, for users who may see it."""
    photo = _photo(request, pk)
    return _serve(photo, photo.stored_name, photo.content_type)


@login_required
@require_GET
def photo_thumb(request: HttpRequest, pk: int) -> FileResponse:
    """A small JPEG of the photo, for the archive's grid."""
    photo = _photo(request, pk)
    return _serve(photo, photo.thumb_name, "image/jpeg")
