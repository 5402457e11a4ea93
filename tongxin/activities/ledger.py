"""台账导入 of past activities with their attendance (kind ``activities``).

One row is one activity, as a secretary's activity ledger (活动台账) lists
them: its date, name, type, organizer, place and the names of those who took
part in one cell.  The event is created with :func:`event_create` (the
organizer must have existed on the day) and the attendance recorded with
:func:`attendance_record_many`; each attendee must have been a member on the
day.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.activities.models import Attendance, Event, EventKind
from tongxin.activities.policies import policy
from tongxin.activities.services.events import attendance_record_many, event_create
from tongxin.core.ledger import Column, LedgerError, LedgerKind, Row
from tongxin.members.ledger import members_on, organization_named

KINDS = {str(label): value for value, label in EventKind.choices}
START = dt.time(9, 0)
END = dt.time(11, 30)


class ActivitiesLedger(LedgerKind):
    name = "activities"
    label = gettext_lazy("活动台账")
    row_is = gettext_lazy("一项已经举办的活动，参加人员写在同一格中。")
    columns = (
        Column(
            "date", gettext_lazy("日期"), True, "2024-05-18", synonyms=("活动日期",)
        ),
        Column("title", gettext_lazy("活动名称"), True, "学习贯彻全会精神座谈会"),
        Column(
            "kind",
            gettext_lazy("活动类型"),
            True,
            "座谈会",
            note="、".join(KINDS),
        ),
        Column(
            "organization",
            gettext_lazy("主办组织"),
            True,
            "",
            gettext_lazy("组织全称、简称或组织代码；须在活动当天存在。"),
        ),
        Column("place", gettext_lazy("地点"), False, "机关三楼会议室"),
        Column("start", gettext_lazy("开始时间"), False, "9:00", "默认 9:00"),
        Column("end", gettext_lazy("结束时间"), False, "11:30", "默认 11:30"),
        Column(
            "attendees",
            gettext_lazy("参加人员"),
            False,
            "",
            gettext_lazy(
                "姓名或会员证号，用顿号、逗号或空格分隔；每人须在活动当天在册，"
                "同名时填会员证号。"
            ),
            synonyms=("参加人", "出席人员"),
        ),
        Column("description", gettext_lazy("内容摘要"), False, ""),
    )
    field_columns = {
        "organization": "organization",
        "co_organizers": "organization",
        "kind": "kind",
        "title": "title",
        "start_at": "date",
        "end_at": "end",
        "place": "place",
    }
    main_column = "title"

    def may_import(self, user) -> bool:
        return policy.can(user, "manage")

    def import_row(self, *, by, row: Row) -> Event:
        day = row.date(self, "date", required=True)
        title = row.required_text(self, "title")
        kind = row.choice(self, "kind", KINDS)
        organization = organization_named(
            row.required_text(self, "organization"), column="organization"
        )
        start = row.time(self, "start", START)
        end = row.time(self, "end", END)
        start_at = timezone.make_aware(dt.datetime.combine(day, start))
        end_at = timezone.make_aware(dt.datetime.combine(day, end))
        if end_at <= start_at:
            raise LedgerError(
                _("结束时间应晚于开始时间。"), column="end", value=row.cells.get("end")
            )
        if start_at > timezone.now():
            raise LedgerError(
                _("活动尚未开始，台账只登记已经举办的活动。"),
                column="start",
                value=row.cells.get("start"),
            )
        if Event.objects.filter(
            organization=organization, title=title, start_at__date=day
        ).exists():
            raise LedgerError(
                _("该活动已登记（同一主办组织、同一天、同名），不再重复导入。"),
                column="title",
                value=title,
            )
        attendees = members_on(
            by=by, names=row.names("attendees"), on=day, column="attendees"
        )
        event = event_create(
            by=by,
            organization=organization,
            title=title,
            kind=kind,
            start_at=start_at,
            end_at=end_at,
            place=row.text("place"),
            description=row.text("description"),
        )
        if attendees:
            attendance_record_many(
                event=event, members=attendees, by=by, method=Attendance.Method.IMPORT
            )
        return event


ledger_kind = ActivitiesLedger()
