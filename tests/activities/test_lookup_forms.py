"""Forms that do the looking up: a new edition starts from its series, and a
namesake in a list of people to sign up is offered as a choice."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tongxin.activities import services
from tongxin.activities.models import Event, Signup


def test_a_new_edition_is_prefilled_from_its_series(act, client_as):
    series = services.series_create(
        by=act.staff, organization=act.org.edu, name="大连国际徒步大会", kind="walking"
    )
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=365)
    services.event_create(
        by=act.staff,
        organization=act.org.edu,
        title="第23届大连国际徒步大会暨环保健步行",
        kind="walking",
        start_at=start,
        end_at=start + dt.timedelta(hours=4),
        place="星海广场",
        series=series,
        edition=23,
    )
    staff = client_as("staff")
    form = staff.get(reverse("activities:event_create") + f"?series={series.pk}")
    html = form.content.decode()
    assert 'value="第24届大连国际徒步大会暨环保健步行"' in html
    assert 'name="edition" value="24"' in html
    assert 'value="星海广场"' in html
    assert f'<option value="{act.org.edu.pk}" selected' in html
    assert '<option value="walking" selected' in html
    assert f'<option value="{series.pk}" selected' in html
    # Submitted as prefilled (with the new dates), it is the 24th edition.
    nxt = timezone.localtime(start + dt.timedelta(days=365))
    response = staff.post(
        reverse("activities:event_create"),
        {
            "organization": act.org.edu.pk,
            "title": "第24届大连国际徒步大会暨环保健步行",
            "kind": "walking",
            "start_at": nxt.strftime("%Y-%m-%dT%H:%M"),
            "end_at": (nxt + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
            "place": "星海广场",
            "series": series.pk,
            "edition": 24,
            "allows_signup": "on",
        },
    )
    assert response.status_code == 302
    assert Event.objects.get(edition=24).series == series


def test_a_namesake_to_sign_up_is_a_choice(act, make_event, client_as, make_member):
    event = make_event()
    other = make_member(act.org.edu2, "王芳", female=True)
    url = reverse("activities:signup_others", args=[event.pk])
    staff = client_as("staff")
    first = staff.post(url, {"members": "张传吉 王芳"})
    html = first.content.decode()
    assert "“王芳”对应多名会员，请在下面选出是哪一位。" in html
    assert "“王芳”是哪一位？" in html
    assert f'name="choice-2" value="{other.pk}"' in html
    assert not Signup.objects.exists()
    done = staff.post(url, {"members": "张传吉 王芳", "choice-2": other.pk})
    assert done.status_code == 302
    assert set(Signup.objects.values_list("member", flat=True)) == {
        act.zhang_record.pk,
        other.pk,
    }
