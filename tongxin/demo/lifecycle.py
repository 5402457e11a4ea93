"""The demo committee's admissions and its 2014 new-member training class.

Applications in every state (submitted, reviewed, approved, rejected,
withdrawn), and two made online (``_build_online``): one waiting for the demo
member ``huiyuan`` to confirm as introducer (it shows on their 我的), one
confirmed by both introducers and waiting for review; three applicants admitted in spring 2014 join the members who
joined that year in the 2014 training class, and every attendee receives a
certificate at the closing ceremony.  Written through the lifecycle services.
"""

from __future__ import annotations

import datetime as dt
import random

from tongxin.accounts.models import User
from tongxin.demo.people import id_check_digit
from tongxin.lifecycle import services
from tongxin.lifecycle.models import Attendee
from tongxin.members.models import Member
from tongxin.orgs.models import Organization

CLASS_START = dt.date(2014, 6, 18)
CLASS_END = dt.date(2014, 6, 20)
APPLICANTS = [
    # name, gender, birth, work unit, (applied, reviewed, decided), final status
    ("林晓彤", "F", dt.date(1985, 4, 12), "大连理工大学", "approved", 2014),
    ("郭振宇", "M", dt.date(1979, 9, 3), "大连市第二十四中学", "approved", 2014),
    ("何静怡", "F", dt.date(1988, 1, 27), "大连市中心医院", "approved", 2014),
    ("高俊杰", "M", dt.date(1983, 6, 30), "辽宁师范大学", "rejected", 0),
    ("罗雅琴", "F", dt.date(1990, 11, 5), "大连出版社", "withdrawn", 0),
    ("梁文博", "M", dt.date(1981, 2, 14), "大连海事大学", "reviewed", 0),
    ("宋佳慧", "F", dt.date(1992, 7, 19), "大连市沙河口区实验小学", "reviewed", 0),
    ("唐志远", "M", dt.date(1986, 3, 8), "大连医科大学", "submitted", 0),
    ("韩雪", "F", dt.date(1994, 12, 1), "大连外国语大学", "submitted", 0),
]


def _id_number(birth: dt.date, gender: str, seq: int) -> str:
    order = (seq * 2 + (1 if gender == "M" else 0)) % 1000
    body = f"210204{birth:%Y%m%d}{order:03d}"
    return body + id_check_digit(body)


def build_lifecycle(*, rng: random.Random, ref: dt.date) -> dict[str, int]:
    """Build the demo admissions and training class through the services, audited as one event.

    Each row keeps its history; the audit trail gets one summary event, as
    bulk imports do (``one_event_per_batch``).
    """
    from tongxin.audit.services import audit_record, one_event_per_batch

    with one_event_per_batch():
        counts = _build_lifecycle(rng=rng, ref=ref)
    audit_record(
        action="import",
        object_type="demo",
        detail={"what": "admissions and training class", **counts},
    )
    return counts


def _build_lifecycle(*, rng: random.Random, ref: dt.date) -> dict[str, int]:
    """Add the applications and the 2014 class; return a few counts."""
    by = User.objects.filter(is_superuser=True).order_by("pk").first()
    branches = list(
        Organization.objects.filter(closed_on__isnull=True, depth__gte=1)
        .exclude(kind=Organization.Kind.COMMITTEE)
        .order_by("path")
    )
    admitted = []
    recent = ref - dt.timedelta(days=60)
    for index, (name, gender, birth, unit, final, year) in enumerate(APPLICANTS):
        org = branches[(index * 7) % len(branches)]
        intro = list(
            Member.objects.filter(
                organization=org,
                status=Member.Status.ACTIVE,
                joined_on__lt=dt.date(2010, 1, 1),
            ).order_by("pk")[:2]
        )
        if len(intro) < 2:
            continue
        applied = dt.date(2014, 3, 3) if year else recent + dt.timedelta(days=index)
        app = services.application_submit(
            by=by,
            organization=org,
            introducer_1=intro[0],
            introducer_2=intro[1],
            applied_on=applied,
            name=name,
            gender=gender,
            birth_date=birth,
            id_number=_id_number(birth, gender, 700 + index),
            work_unit=unit,
        )

        def move(action, days, comment="", app=app, applied=applied):
            services.application_transition(
                by=by,
                application=app,
                action=action,
                on=applied + dt.timedelta(days=days),
                comment=comment,
            )

        if final in ("approved", "reviewed"):
            move("review", 20, "支部大会讨论同意")
        if final == "approved":
            move("approve", 78, "市委会常委会批准")
            app.refresh_from_db()
            admitted.append(app.member)
        elif final == "rejected":
            move("reject", 25, "入会条件暂不具备")
        elif final == "withdrawn":
            move("withdraw", 10, "本人申请撤回")
    online = _build_online()
    root = Organization.objects.filter(depth=0).order_by("path").first()
    klass = services.class_create(
        by=by,
        organization=root,
        name="2014年新会员培训班",
        start_on=CLASS_START,
        end_on=CLASS_END,
        place="市委会机关会议室",
    )
    for on, title, speaker in [
        (CLASS_START, "会史与优良传统", "市委会主委"),
        (CLASS_START + dt.timedelta(days=1), "参政议政工作实务", "参政议政部"),
        (CLASS_END, "结业式暨会员证颁发仪式", "市委会领导班子"),
    ]:
        services.session_add(
            by=by, training_class=klass, on=on, title=title, speaker=speaker
        )
    joined_2014 = list(
        Member.objects.filter(
            joined_on__year=2014, status=Member.Status.ACTIVE
        ).order_by("pk")[:30]
    )
    services.attendee_add(by=by, training_class=klass, members=admitted + joined_2014)
    attendees = list(Attendee.objects.filter(training_class=klass).order_by("pk"))
    # Two could not attend the whole class.
    services.attendee_complete(
        by=by, training_class=klass, attendees=attendees[:-2], on=CLASS_END
    )
    issued = services.certificates_issue_for_class(
        by=by, training_class=klass, issued_on=CLASS_END
    )
    return {
        "attendees": len(attendees),
        "certificates": len(issued),
        "online_applications": online,
    }


#: A tiny PDF standing for the scanned registration form.
SCAN_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ONLINE = [
    # name, gender, birth, work unit, applicant's mobile, introducers' logins
    (
        "夏雨晴",
        "F",
        dt.date(1991, 8, 16),
        "大连软件园",
        "13904110051",
        ("zhuwei", "huiyuan"),
    ),
    (
        "邵明轩",
        "M",
        dt.date(1987, 10, 2),
        "大连市儿童医院",
        "13904110052",
        ("zhibu", "zhuwei"),
    ),
]


def _build_online() -> int:
    """Two applications made online; returns how many were written.

    The first is confirmed by 主委 and waits for ``huiyuan``; the second is
    confirmed by both introducers (now 待基层组织审核).  Skipped when a login
    it needs has no member with a mobile.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile

    users = {
        u.username: u
        for u in User.objects.select_related("member").filter(
            username__in=["huiyuan", "zhuwei", "zhibu"], member__isnull=False
        )
    }
    made = 0
    for index, (name, gender, birth, unit, mobile, logins) in enumerate(ONLINE):
        intro = [users.get(login) for login in logins]
        if any(u is None or not u.member.mobile for u in intro):
            continue
        app = services.application_apply_online(
            mobile=mobile,
            organization=users["huiyuan"].member.organization
            if "huiyuan" in users
            else intro[0].member.organization,
            introducers=[(u.member.name, u.member.mobile) for u in intro],
            scan=SimpleUploadedFile("入会申请表.pdf", SCAN_PDF, "application/pdf"),
            name=name,
            gender=gender,
            birth_date=birth,
            id_number=_id_number(birth, gender, 800 + index),
            work_unit=unit,
        )
        confirming = intro[:1] if index == 0 else intro
        for user in confirming:
            services.application_transition(by=user, application=app, action="confirm")
        made += 1
    return made
