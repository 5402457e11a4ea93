"""Chinese names of the figure keys of the campaigns, culture, team and
regulations sections (their ``label``), also used by the report's appendix
for keys a section does not name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SECTION_TITLES = {
    "overview": _("基本情况"),
    "campaigns": _("专项活动与组织领导"),
    "participation": _("参政议政"),
    "service": _("社会服务"),
    "culture": _("文化教育"),
    "team": _("队伍建设"),
    "regulations": _("制度建设"),
    "honors": _("表彰奖励"),
    "publicity": _("宣传工作"),
}

#: Names of keys, by the last part of the dotted key (or the whole key).
WORDS = {
    "total": _("合计"),
    "count": _("数量"),
    "done": _("已完成"),
    "open": _("未完成"),
    "overdue": _("逾期"),
    "cancelled": _("已取消"),
    "completion_rate": _("完成率（%）"),
    "coverage_rate": _("覆盖率（%）"),
    "campaign_count": _("专项活动"),
    "campaigns": _("专项活动"),
    "tasks": _("工作任务"),
    "inspections": _("督查"),
    "visits": _("督查走访次数"),
    "teams": _("督查组"),
    "organizations_visited": _("走访组织数"),
    "base_organizations": _("基层组织数"),
    "base_organizations_visited": _("走访基层组织数"),
    "not_visited": _("尚未走访的基层组织"),
    "host_party_talks": _("与所在单位党组织交流次数"),
    "followups": _("整改事项"),
    "events": _("活动场次"),
    "attendance": _("参加人次"),
    "participants": _("参加人数"),
    "talent": _("代表人物队伍"),
    "new_in_period": _("本期新入库"),
    "recommendations": _("推荐使用"),
    "appointed": _("已任用"),
    "reserve": _("后备干部名册"),
    "entries": _("人次"),
    "people": _("人数"),
    "classes": _("新会员培训班"),
    "attendees": _("学员"),
    "completed": _("结业"),
    "sessions": _("课次"),
    "certificates": _("会员证"),
    "issued": _("颁发"),
    "at_classes": _("培训班上颁发"),
    "voided": _("作废"),
    "adopted_count": _("制定制度"),
    "revised_count": _("修订制度"),
    "in_force": _("现行有效制度"),
    "liaison": _("联系基层组织"),
    "leaders": _("领导班子成员"),
    "departments": _("机关部室"),
    "assignments": _("联系安排"),
    "organizations": _("组织数"),
    "members": _("会员数"),
    "title": _("名称"),
    "name": _("名称"),
    "label": _("类别"),
    "department": _("负责部室"),
    "month": _("月份"),
    "date": _("日期"),
    "start_on": _("开始日期"),
    "end_on": _("结束日期"),
    "effective_on": _("施行日期"),
    "number": _("文号"),
    "issuing_body": _("制定机关"),
    "status_label": _("状态"),
    "version": _("版本"),
    "version_on": _("版本施行日期"),
    "organization": _("组织"),
    "kind_label": _("类型"),
    "series": _("系列"),
    "editions": _("届次"),
    "first_year": _("首次举办年份"),
    "streak_years": _("连续举办年数"),
    "place": _("地点"),
    "value": _("代码"),
    "target": _("目标数"),
    "achieved": _("已实现"),
    "met": _("是否实现"),
    "text": _("内容"),
    "id": _("编号"),
}


def label(key: str) -> str:
    """A readable Chinese name for a dotted key: "tasks.done" → "工作任务·已完成"."""
    parts = [p for p in key.split(".") if p]
    named = [str(WORDS.get(p, p)) for p in parts if not p.isdigit()]
    return "·".join(named) or key
