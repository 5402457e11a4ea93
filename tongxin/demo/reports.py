"""Records of the demo's reference year that its annual report describes.

The lifecycle and regulations demos follow the 2014 report (a 2014 training
class, rules adopted 2009–2014); the annual report of the current year also
has a new-member class with its certificate ceremony and a rule revised that
year. Written through the lifecycle and campaigns services.
"""

from __future__ import annotations

import datetime as dt

from tongxin.accounts.models import User
from tongxin.campaigns import services as campaigns
from tongxin.campaigns.models import Regulation
from tongxin.core.errors import ServiceError
from tongxin.demo.campaigns import _pdf
from tongxin.lifecycle.models import Attendee
from tongxin.lifecycle.services import certificates, training
from tongxin.members.models import Member
from tongxin.orgs.models import Organization


def build_report_year(*, ref: dt.date) -> dict:
    by = User.objects.filter(is_superuser=True).order_by("pk").first()
    root = Organization.objects.filter(depth=0).order_by("path").first()
    start = ref - dt.timedelta(days=45)
    end = start + dt.timedelta(days=2)
    klass = training.class_create(
        by=by,
        organization=root,
        name=f"{ref.year}年新会员培训班",
        start_on=start,
        end_on=end,
        place="市委会机关会议室",
    )
    for on, title, speaker in [
        (start, "民进会史与优良传统", "市委会主委"),
        (start + dt.timedelta(days=1), "参政议政与社情民意信息工作", "参政议政部"),
        (end, "结业式暨会员证颁发仪式", "市委会领导班子"),
    ]:
        training.session_add(
            by=by, training_class=klass, on=on, title=title, speaker=speaker
        )
    newcomers = list(
        Member.objects.filter(joined_on__year=ref.year, status=Member.Status.ACTIVE)
        .exclude(certificates__status="valid")
        .order_by("pk")[:40]
    )
    result = {"attendees": 0, "certificates": 0}
    if newcomers:
        training.attendee_add(by=by, training_class=klass, members=newcomers)
        attendees = list(Attendee.objects.filter(training_class=klass).order_by("pk"))
        # One could not stay to the end.
        training.attendee_complete(
            by=by, training_class=klass, attendees=attendees[:-1], on=end
        )
        try:
            issued = certificates.certificates_issue_for_class(
                by=by, training_class=klass, issued_on=end
            )
        except ServiceError:
            issued = []
        result = {"attendees": len(attendees), "certificates": len(issued)}
    rules = Regulation.objects.filter(title="基层组织工作细则").first()
    if rules is not None:
        campaigns.version_add(
            regulation=rules,
            by=by,
            upload=_pdf("基层组织工作细则（修订）.pdf"),
            label=f"{ref.year}年修订",
            effective_on=dt.date(ref.year, 3, 1),
        )
    return result


def build_report_texts(*, ref: dt.date) -> None:
    """The sections the secretary wrote for last year's report of the committee."""
    from tongxin.core.periods import Period
    from tongxin.reports.texts import report_text_save
    from tongxin.stats.scope import resolve_scope

    by = (
        User.objects.filter(username="zuzhibu").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    year = ref.year - 1
    report_text_save(
        by=by,
        scope=resolve_scope(),
        period=Period.for_year(year, today=ref),
        problems=(
            "一是基层组织工作开展还不平衡，少数支部全年组织生活不足四次，"
            "会员参与度有待提高。\n"
            "二是参政议政成果的质量和转化率还不够高，社情民意信息被采用的数量偏少。\n"
            "三是代表人物队伍年龄结构偏大，后备干部培养的梯次还不够合理。"
        ),
        plans=(
            f"一是以{year + 1}年度创先争优活动为抓手，推动基层组织活动常态化、规范化。\n"
            "二是围绕市委市政府中心工作，精选调研课题，提高建言献策质量。\n"
            "三是加强代表人物队伍和后备干部队伍建设，做好新会员培训工作。"
        ),
    )
