"""The suggestion form offers only drives that are taking suggestions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tongxin.participation import services
from tongxin.participation.models import Suggestion


def test_a_closed_drive_is_not_offered(part, org, client_for):
    today = timezone.localdate()
    closed = services.drive_create(
        by=part.staff,
        organization=org.city,
        theme="去年的征集",
        start_on=today - dt.timedelta(days=400),
        end_on=today - dt.timedelta(days=300),
    )
    open_ = services.drive_create(
        by=part.staff,
        organization=org.city,
        theme="我为软环境建设献一策",
        start_on=today - dt.timedelta(days=10),
        end_on=today + dt.timedelta(days=10),
    )
    client = client_for(part.wang_user)
    html = client.get("/participation/suggestions/new/").content.decode()
    assert f'<option value="{open_.pk}"' in html and "我为软环境建设献一策" in html
    assert f'<option value="{closed.pk}"' not in html and "去年的征集" not in html
    response = client.post(
        "/participation/suggestions/new/",
        {"title": "一策", "text": "内容", "drive": open_.pk},
    )
    assert response.status_code == 302
    assert Suggestion.objects.get().drive == open_
