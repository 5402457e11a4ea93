"""The broadcast, preference and subscription pages."""

from __future__ import annotations

from django.test import Client

from tongxin.publicity import services
from tongxin.publicity.models import Broadcast, ChannelPreference, Subscription


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


FORM = {
    "title": "学习通知",
    "body": "{姓名}同志：{组织}周六学习。",
    "send_sms": "on",
}


def test_it_previews_for_one_recipient_without_sending(pub):
    c = _client(pub.publicity)
    r = c.post(
        "/publicity/broadcasts/new/",
        {**FORM, "organization": pub.org.edu1.pk, "preview": "1"},
    )
    assert r.status_code == 200
    text = r.content.decode()
    assert "同志：教育一支部周六学习。" in text
    assert "共 2 位收件人" in text
    assert not Broadcast.objects.exists()


def test_it_refuses_an_unknown_placeholder_on_the_form(pub):
    c = _client(pub.publicity)
    r = c.post(
        "/publicity/broadcasts/new/",
        {**FORM, "body": "{称呼}您好", "organization": pub.org.edu1.pk},
    )
    assert r.status_code == 200
    assert "未知的占位符：{称呼}" in r.content.decode()
    assert not Broadcast.objects.exists()


def test_it_sends_and_shows_the_progress(
    pub, provider, run_worker, django_capture_on_commit_callbacks
):
    c = _client(pub.publicity)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            "/publicity/broadcasts/new/",
            {**FORM, "organization": pub.org.edu1.pk, "gender": "F", "age": "46-55"},
        )
    b = Broadcast.objects.get()
    assert r.status_code == 302 and r["Location"] == b.get_absolute_url()
    assert b.filters == {"gender": "F", "age": "46-55"}
    progress = c.get(f"/publicity/broadcasts/{b.pk}/progress/")
    assert 'data-progress="0"' in progress.content.decode()
    assert 'hx-trigger="every 2s"' in progress.content.decode()
    run_worker()
    progress = c.get(f"/publicity/broadcasts/{b.pk}/progress/")
    assert 'data-progress="100"' in progress.content.decode()
    assert "hx-trigger" not in progress.content.decode()
    page = c.get(b.get_absolute_url()).content.decode()
    assert "王芳" in page and "1*********2" in page and "张传吉" not in page
    assert c.get("/publicity/broadcasts/").status_code == 200


def test_the_retry_button_requeues_failures(
    pub, provider, run_worker, django_capture_on_commit_callbacks
):
    provider.modes = {"+8613800000001": "error"}
    c = _client(pub.publicity)
    with django_capture_on_commit_callbacks(execute=True):
        c.post("/publicity/broadcasts/new/", {**FORM, "organization": pub.org.edu1.pk})
    b = Broadcast.objects.get()
    run_worker()
    assert "重发失败的" in c.get(b.get_absolute_url()).content.decode()
    provider.modes = {}
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"/publicity/broadcasts/{b.pk}/retry/")
    assert r.status_code == 302
    run_worker()
    assert set(b.deliveries.values_list("status", flat=True)) == {"sent"}


def test_outsiders_and_heads_cannot_broadcast(pub):
    for user in (pub.head, pub.outsider, pub.member):
        c = _client(user)
        assert c.get("/publicity/broadcasts/new/").status_code == 403
        assert c.get("/publicity/broadcasts/").status_code == 403


def test_a_member_sets_their_own_preferences(pub):
    c = _client(pub.member)
    own = c.get(f"/members/{pub.member_record.pk}/").content.decode()
    assert "/publicity/preferences/" in own and "消息接收设置" in own
    assert "接收设置" in c.get("/publicity/preferences/").content.decode()
    r = c.post("/publicity/preferences/", {"sms_opt_out": "on"})
    assert r.status_code == 302
    pref = ChannelPreference.objects.get(member=pub.member_record)
    assert (pref.sms_opt_out, pref.email_opt_out) == (True, False)
    assert _client(pub.staff).get("/publicity/preferences/").status_code == 403


def test_subscriptions_page_shows_subtree_totals(pub):
    for organization, copies in (
        (pub.org.edu1, 10),
        (pub.org.edu2, 5),
        (pub.org.direct, 7),
    ):
        services.subscription_set(
            by=pub.root, organization=organization, year=2025, copies=copies
        )
    head = _client(pub.head).get("/publicity/subscriptions/?year=2025").content.decode()
    assert "教育一支部" in head and "教育二支部" not in head
    assert ">10<" in head
    staff = (
        _client(pub.staff).get("/publicity/subscriptions/?year=2025").content.decode()
    )
    assert ">22<" in staff
    c = _client(pub.publicity)
    r = c.post(
        "/publicity/subscriptions/set/",
        {"organization": pub.org.edu1.pk, "year": 2025, "copies": 12},
    )
    assert r.status_code == 302
    assert Subscription.objects.get(organization=pub.org.edu1, year=2025).copies == 12
    r = _client(pub.staff).post(
        "/publicity/subscriptions/set/",
        {"organization": pub.org.edu1.pk, "year": 2025, "copies": 1},
    )
    assert r.status_code == 403
    assert Subscription.objects.get(organization=pub.org.edu1, year=2025).copies == 12


def test_moving_a_branch_moves_its_subscriptions_and_broadcasts(pub):
    """After edu1 moves under a new grassroots committee, its records follow."""
    from tongxin.orgs.services import org_create, org_move

    new_parent = org_create(
        by=pub.root,
        name="文化基层委员会",
        kind="grassroots",
        code="G2",
        parent=pub.org.city,
    )

    sub = services.subscription_set(
        by=pub.root, organization=pub.org.edu1, year=2025, copies=4
    )
    b = services.broadcast_create(
        by=pub.root,
        title="t",
        body="{姓名}",
        send_sms=True,
        send_email=False,
        organization=pub.org.edu1,
    )
    org_move(by=pub.root, org=pub.org.edu1, new_parent=new_parent)
    pub.org.edu1.refresh_from_db()
    sub.refresh_from_db()
    b.refresh_from_db()
    assert sub.path == pub.org.edu1.path == b.path
    assert pub.org.edu1.path.startswith(new_parent.path)
