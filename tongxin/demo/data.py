"""Name pools and the organization plan of the demo committee.

The demo is modelled on a real city committee (民进大连市委, 103 base
organizations, 1,738 members in 2014): grassroots committees by sector and by
district with their branches, branches directly under the city committee, a
few groups and two branches closed when their universities were renamed. The
people are invented: names are drawn from surname frequencies of north-east
China (with the Shandong surnames common in Dalian) and from given-name
characters typical of each generation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- the committee -----------------------------------------------------------

COMMITTEE_NAME = "民进大连市委员会"
COMMITTEE_SHORT_NAME = "民进大连市委"
COMMITTEE_FOUNDED = "1987-06-18"

#: The office's departments: (kind, name).
DEPARTMENTS = [
    ("office", "办公室"),
    ("organization", "组织部"),
    ("publicity", "宣传部"),
    ("participation", "参政议政部"),
    ("social_service", "社会服务部"),
]

#: Terms of the city committee: (term, start, end or "").
COMMITTEE_TERMS = [
    ("第十一届", "2017-05-19", "2022-05-20"),
    ("第十二届", "2022-05-20", ""),
]
#: When the base organizations last elected their leaders (换届).
BASE_TERM = ("2022-09-01", "2017-09-01")


@dataclass(frozen=True)
class OrgSpec:
    """One organization of the demo tree.

    ``profile`` names an entry of :data:`PROFILES` (who works where); ``units``
    overrides the profile's work units; ``weight`` scales the number of
    members; ``ages`` is ``"old"`` or ``"young"`` for the retirees' and the
    young members' branches. A closed branch hands its members to
    ``successor`` (a sibling's code) on ``closed``.
    """

    code: str
    name: str
    kind: str
    founded: str
    profile: str = "mixed"
    district: str = ""
    units: tuple[str, ...] = ()
    weight: float = 1.0
    ages: str = ""
    closed: str = ""
    successor: str = ""
    children: tuple[OrgSpec, ...] = field(default=())


def _branches(prefix: str, names: list[tuple], **common) -> tuple[OrgSpec, ...]:
    """Return branch specs ``prefix-01``, ``prefix-02`` ... from short tuples.

    Each tuple is ``(name, founded)`` or ``(name, founded, {overrides})``.
    """
    specs = []
    for i, row in enumerate(names, start=1):
        extra = dict(common)
        if len(row) > 2:
            extra.update(row[2])
        specs.append(
            OrgSpec(
                code=extra.pop("code", f"{prefix}-{i:02d}"),
                name=row[0],
                kind="branch",
                founded=row[1],
                **extra,
            )
        )
    return tuple(specs)


GRASSROOTS = (
    OrgSpec(
        "DL-J01",
        "教育基层委员会",
        "grassroots",
        "1987-09-10",
        profile="school",
        children=_branches(
            "DL-J01",
            [
                ("中学第一支部", "1987-09-10"),
                ("中学第二支部", "1988-05-20"),
                ("中学第三支部", "1998-05-12"),
                ("小学支部", "1991-09-10"),
                ("学前教育支部", "2006-03-18", {"weight": 0.7}),
                ("职业教育支部", "1995-11-02", {"profile": "vocational"}),
                (
                    "教育科研支部",
                    "2003-06-25",
                    {
                        "units": (
                            "大连市教育科学研究院",
                            "大连教育学院",
                            "大连市中山区教师进修学校",
                            "大连市沙河口区教师进修学校",
                        ),
                        "weight": 0.8,
                    },
                ),
            ],
            profile="school",
        ),
    ),
    OrgSpec(
        "DL-J02",
        "高校基层委员会",
        "grassroots",
        "1988-04-16",
        profile="university",
        children=_branches(
            "DL-J02",
            [
                (
                    "大连理工大学支部",
                    "1988-04-16",
                    {"units": ("大连理工大学",), "weight": 1.6},
                ),
                (
                    "大连海事大学支部",
                    "1990-06-08",
                    {"units": ("大连海事大学",), "weight": 1.3},
                ),
                (
                    "辽宁师范大学支部",
                    "1988-11-20",
                    {"units": ("辽宁师范大学",), "weight": 1.5},
                ),
                (
                    "东北财经大学支部",
                    "1991-04-16",
                    {"units": ("东北财经大学",), "weight": 1.2},
                ),
                ("大连大学支部", "1993-10-09", {"units": ("大连大学",)}),
                ("大连交通大学支部", "2004-07-01", {"units": ("大连交通大学",)}),
                (
                    "大连工业大学支部",
                    "2008-01-01",
                    {"units": ("大连工业大学",), "weight": 0.9},
                ),
                ("大连外国语大学支部", "1996-05-22", {"units": ("大连外国语大学",)}),
                (
                    "大连铁道学院支部",
                    "1992-03-12",
                    {
                        "code": "DL-J02-91",
                        "units": ("大连铁道学院",),
                        "weight": 0.7,
                        "closed": "2004-07-01",
                        "successor": "DL-J02-06",
                    },
                ),
                (
                    "大连轻工业学院支部",
                    "1994-09-26",
                    {
                        "code": "DL-J02-92",
                        "units": ("大连轻工业学院",),
                        "weight": 0.6,
                        "closed": "2008-01-01",
                        "successor": "DL-J02-07",
                    },
                ),
            ],
            profile="university",
        ),
    ),
    OrgSpec(
        "DL-J03",
        "医卫基层委员会",
        "grassroots",
        "1989-06-12",
        profile="medical",
        children=_branches(
            "DL-J03",
            [
                (
                    "大医一院支部",
                    "1989-06-12",
                    {"units": ("大连医科大学附属第一医院",), "weight": 1.3},
                ),
                (
                    "大医二院支部",
                    "1992-06-15",
                    {"units": ("大连医科大学附属第二医院",), "weight": 1.2},
                ),
                ("市中心医院支部", "1994-12-06", {"units": ("大连市中心医院",)}),
                (
                    "市中医医院支部",
                    "1997-08-19",
                    {"units": ("大连市中医医院",), "weight": 0.8},
                ),
                (
                    "市友谊医院支部",
                    "2001-05-10",
                    {"units": ("大连市友谊医院", "大连市第三人民医院")},
                ),
                (
                    "公共卫生支部",
                    "2009-04-07",
                    {
                        "units": (
                            "大连市疾病预防控制中心",
                            "大连市卫生监督所",
                            "大连市血液中心",
                            "大连市妇女儿童医疗中心",
                        ),
                        "weight": 0.8,
                    },
                ),
            ],
            profile="medical",
        ),
    ),
    OrgSpec(
        "DL-J04",
        "文化出版基层委员会",
        "grassroots",
        "1991-07-01",
        profile="culture",
        children=_branches(
            "DL-J04",
            [
                (
                    "出版支部",
                    "1991-07-01",
                    {
                        "units": (
                            "大连出版社",
                            "大连理工大学出版社",
                            "辽宁师范大学出版社",
                            "东北财经大学出版社",
                        )
                    },
                ),
                (
                    "新闻传媒支部",
                    "1996-10-18",
                    {
                        "units": (
                            "大连新闻传媒集团",
                            "大连日报社",
                            "大连广播电视台",
                            "半岛晨报社",
                        )
                    },
                ),
                (
                    "文化艺术支部",
                    "1993-05-23",
                    {
                        "units": (
                            "大连京剧院",
                            "大连话剧团",
                            "大连市歌舞团",
                            "大连市文化馆",
                        )
                    },
                ),
                (
                    "图书馆博物馆支部",
                    "2002-09-12",
                    {
                        "units": (
                            "大连图书馆",
                            "大连现代博物馆",
                            "旅顺博物馆",
                            "大连自然博物馆",
                        )
                    },
                ),
                (
                    "美术书法支部",
                    "2010-06-06",
                    {
                        "units": ("大连画院", "大连市群众艺术馆", "大连书画院"),
                        "weight": 0.7,
                    },
                ),
            ],
            profile="culture",
        ),
    ),
    OrgSpec(
        "DL-J05",
        "科技基层委员会",
        "grassroots",
        "1992-11-11",
        profile="science",
        children=_branches(
            "DL-J05",
            [
                (
                    "化物所支部",
                    "1992-11-11",
                    {"units": ("中国科学院大连化学物理研究所",), "weight": 1.3},
                ),
                (
                    "软件信息支部",
                    "2005-08-16",
                    {
                        "units": (
                            "东软集团（大连）有限公司",
                            "大连华信计算机技术股份有限公司",
                            "大连软件园股份有限公司",
                            "海辉软件（国际）集团公司",
                        )
                    },
                ),
                (
                    "工程技术支部",
                    "1999-04-21",
                    {
                        "units": (
                            "中国船舶集团第七六〇研究所",
                            "大连华锐重工集团股份有限公司",
                            "大连冰山集团有限公司",
                            "中车大连机车车辆有限公司",
                        )
                    },
                ),
                (
                    "科研院所支部",
                    "2012-03-15",
                    {
                        "units": (
                            "大连市科学技术研究院",
                            "国家海洋环境监测中心",
                            "大连市农业科学研究院",
                            "中国科学院大连化学物理研究所",
                        ),
                        "weight": 0.8,
                    },
                ),
            ],
            profile="science",
        ),
    ),
    OrgSpec(
        "DL-J06",
        "经济基层委员会",
        "grassroots",
        "1994-06-30",
        profile="economy",
        children=_branches(
            "DL-J06",
            [
                (
                    "金融第一支部",
                    "1994-06-30",
                    {
                        "units": (
                            "中国银行大连市分行",
                            "中国工商银行大连分行",
                            "大连银行",
                            "中国建设银行大连市分行",
                        )
                    },
                ),
                (
                    "金融第二支部",
                    "2008-10-09",
                    {
                        "units": (
                            "大连商品交易所",
                            "大连农商银行",
                            "中国人寿保险股份有限公司大连市分公司",
                            "国信证券大连分公司",
                        )
                    },
                ),
                ("企业第一支部", "1997-03-03"),
                ("企业第二支部", "2013-11-26", {"profile": "private"}),
                ("财会支部", "2004-05-18", {"profile": "accounting"}),
            ],
            profile="economy",
        ),
    ),
    OrgSpec(
        "DL-J07",
        "法律基层委员会",
        "grassroots",
        "1998-12-04",
        profile="law",
        children=_branches(
            "DL-J07",
            [
                ("律师第一支部", "1998-12-04"),
                ("律师第二支部", "2007-07-17"),
                ("律师第三支部", "2016-04-12", {"weight": 0.8}),
                ("政法支部", "2001-09-05", {"profile": "judiciary"}),
            ],
            profile="law",
        ),
    ),
    *(
        OrgSpec(
            code,
            f"{district}基层委员会",
            "grassroots",
            founded,
            district=district,
            children=_branches(
                code,
                [(f"{district}第{cn}支部", date) for cn, date in branches],
                district=district,
            ),
        )
        for code, district, founded, branches in (
            (
                "DL-J08",
                "中山区",
                "1990-12-20",
                [
                    ("一", "1990-12-20"),
                    ("二", "1990-12-20"),
                    ("三", "1996-05-08"),
                    ("四", "2003-10-14"),
                    ("五", "2015-06-02"),
                ],
            ),
            (
                "DL-J09",
                "西岗区",
                "1991-03-15",
                [
                    ("一", "1991-03-15"),
                    ("二", "1993-09-01"),
                    ("三", "1999-11-23"),
                    ("四", "2006-04-17"),
                    ("五", "2018-03-29"),
                ],
            ),
            (
                "DL-J10",
                "沙河口区",
                "1989-09-09",
                [
                    ("一", "1989-09-09"),
                    ("二", "1989-09-09"),
                    ("三", "1995-04-11"),
                    ("四", "2000-06-16"),
                    ("五", "2008-12-02"),
                    ("六", "2019-05-21"),
                ],
            ),
            (
                "DL-J11",
                "甘井子区",
                "1992-05-26",
                [
                    ("一", "1992-05-26"),
                    ("二", "1995-08-30"),
                    ("三", "2001-03-07"),
                    ("四", "2007-09-25"),
                    ("五", "2012-11-13"),
                    ("六", "2020-10-27"),
                ],
            ),
            (
                "DL-J12",
                "金州区",
                "1996-08-08",
                [
                    ("一", "1996-08-08"),
                    ("二", "2002-04-19"),
                    ("三", "2010-07-06"),
                    ("四", "2014-09-16"),
                    ("五", "2021-06-23"),
                ],
            ),
        )
    ),
)


def _direct(code, name, founded, **extra) -> OrgSpec:
    return OrgSpec(code, name, "direct_branch", founded, **extra)


DIRECT_BRANCHES = (
    _direct(
        "DL-Z01",
        "瓦房店市支部",
        "1993-07-12",
        district="瓦房店市",
        weight=1.2,
    ),
    _direct("DL-Z02", "普兰店区支部", "1997-10-10", district="普兰店区"),
    _direct(
        "DL-Z03",
        "庄河市支部",
        "1995-05-16",
        district="庄河市",
        weight=0.8,
        children=(
            OrgSpec(
                "DL-Z03-X1",
                "城区小组",
                "group",
                "2011-03-22",
                district="庄河市",
                weight=0.5,
            ),
            OrgSpec(
                "DL-Z03-X2",
                "乡镇小组",
                "group",
                "2011-03-22",
                district="庄河市",
                weight=0.4,
            ),
        ),
    ),
    _direct(
        "DL-Z04",
        "长海县支部",
        "2002-08-19",
        district="长海县",
        weight=0.5,
        children=(
            OrgSpec(
                "DL-Z04-X1",
                "獐子岛小组",
                "group",
                "2016-07-01",
                district="长海县",
                weight=0.3,
            ),
        ),
    ),
    _direct("DL-Z05", "旅顺口区支部", "1994-04-05", district="旅顺口区"),
    _direct(
        "DL-Z06", "高新园区支部", "2001-11-28", profile="science", district="高新园区"
    ),
    _direct(
        "DL-Z07",
        "大连医科大学支部",
        "1990-10-24",
        profile="university",
        units=("大连医科大学",),
        weight=1.2,
    ),
    _direct(
        "DL-Z08",
        "大连海洋大学支部",
        "1998-06-18",
        profile="university",
        units=("大连海洋大学",),
    ),
    _direct(
        "DL-Z09",
        "大连民族大学支部",
        "2005-05-25",
        profile="university",
        units=("大连民族大学",),
        weight=0.8,
    ),
    _direct(
        "DL-Z10",
        "大连东软信息学院支部",
        "2011-10-13",
        profile="university",
        units=("大连东软信息学院",),
        weight=0.7,
    ),
    _direct(
        "DL-Z11",
        "大连艺术学院支部",
        "2012-12-05",
        profile="university",
        units=("大连艺术学院",),
        weight=0.6,
    ),
    _direct("DL-Z12", "市直机关支部", "1999-01-26", profile="government", weight=0.8),
    _direct("DL-Z13", "民营企业家支部", "2006-11-08", profile="private"),
    _direct("DL-Z14", "文学艺术支部", "2000-05-30", profile="arts"),
    _direct("DL-Z15", "社会服务支部", "2014-03-05", profile="welfare", weight=0.7),
    _direct("DL-Z16", "离退休会员支部", "1997-12-16", ages="old", weight=1.6),
    _direct("DL-Z17", "青年会员支部", "2017-04-28", ages="young", weight=1.1),
    _direct("DL-Z18", "体育支部", "2009-08-08", profile="sports", weight=0.6),
    _direct(
        "DL-Z19", "农业与环境支部", "2008-05-14", profile="environment", weight=0.7
    ),
    _direct("DL-Z20", "机关支部", "1987-12-08", profile="party_office", weight=0.5),
)

# --- work, by profile ----------------------------------------------------------

#: Sector codes (tongxin.core.codes.SECTOR) of each profile, with weights.
#: Titles are ``(title, level)`` with level ``senior``, ``intermediate`` or
#: ``junior``; jobs are drawn at random.
PROFILES: dict[str, dict] = {
    "school": {
        "sectors": {"01": 1},
        "units": (
            "大连市第二十四中学",
            "大连育明高级中学",
            "大连市第八中学",
            "大连市第一中学",
            "大连市第十二中学",
            "大连市第三十四中学",
            "大连理工大学附属高级中学",
            "大连市第四十四中学",
            "大连市第十六中学",
            "大连市第三中学",
            "大连市第四十八中学",
            "大连市金州高级中学",
            "大连市实验小学",
            "大连市中山区中心小学",
            "大连市西岗区新石小学",
            "大连市沙河口区中心小学",
            "大连市甘井子区育才小学",
            "大连市中山区实验幼儿园",
            "大连市第三十七中学",
            "大连开发区第一中学",
        ),
        "titles": (
            ("正高级教师", "senior"),
            ("高级教师", "senior"),
            ("一级教师", "intermediate"),
            ("二级教师", "junior"),
        ),
        "jobs": (
            "教师",
            "教师",
            "教师",
            "教研组长",
            "年级组长",
            "班主任",
            "教务处主任",
            "副校长",
        ),
        "education": {"11": 2, "14": 30, "21": 60, "31": 8},
    },
    "vocational": {
        "sectors": {"01": 1},
        "units": (
            "大连市轻工业学校",
            "大连电子学校",
            "大连市商业学校",
            "大连职业技术学院",
            "大连市旅游学校",
        ),
        "titles": (
            ("正高级讲师", "senior"),
            ("高级讲师", "senior"),
            ("讲师", "intermediate"),
            ("助理讲师", "junior"),
        ),
        "jobs": ("教师", "教师", "专业部主任", "实训中心主任", "副校长"),
        "education": {"14": 35, "21": 55, "31": 10},
    },
    "university": {
        "sectors": {"01": 6, "05": 3, "13": 1},
        "units": ("大连理工大学",),
        "titles": (
            ("教授", "senior"),
            ("副教授", "senior"),
            ("研究员", "senior"),
            ("讲师", "intermediate"),
            ("助教", "junior"),
        ),
        "jobs": (
            "教师",
            "教师",
            "教师",
            "系主任",
            "研究所所长",
            "博士生导师",
            "副院长",
            "实验室主任",
        ),
        "education": {"11": 55, "14": 30, "21": 15},
    },
    "medical": {
        "sectors": {"06": 1},
        "units": ("大连医科大学附属第一医院",),
        "titles": (
            ("主任医师", "senior"),
            ("副主任医师", "senior"),
            ("主任护师", "senior"),
            ("副主任药师", "senior"),
            ("主治医师", "intermediate"),
            ("主管护师", "intermediate"),
            ("主管药师", "intermediate"),
            ("医师", "junior"),
        ),
        "jobs": (
            "医生",
            "医生",
            "医生",
            "科主任",
            "科副主任",
            "护士长",
            "副院长",
            "药剂科主任",
        ),
        "education": {"11": 25, "14": 40, "21": 30, "31": 5},
    },
    "culture": {
        "sectors": {"02": 3, "03": 3, "04": 2, "10": 2},
        "units": ("大连出版社",),
        "titles": (
            ("编审", "senior"),
            ("副编审", "senior"),
            ("高级记者", "senior"),
            ("研究馆员", "senior"),
            ("国家一级演员", "senior"),
            ("编辑", "intermediate"),
            ("记者", "intermediate"),
            ("馆员", "intermediate"),
            ("国家三级演员", "intermediate"),
            ("助理编辑", "junior"),
        ),
        "jobs": (
            "编辑",
            "记者",
            "主任编辑",
            "副总编辑",
            "部门主任",
            "演员",
            "馆长助理",
            "策展人",
        ),
        "education": {"11": 5, "14": 30, "21": 55, "31": 10},
    },
    "arts": {
        "sectors": {"10": 3, "02": 1},
        "units": (
            "大连市作家协会",
            "大连市美术家协会",
            "大连市书法家协会",
            "大连市音乐家协会",
            "大连画院",
        ),
        "titles": (
            ("一级美术师", "senior"),
            ("一级作家", "senior"),
            ("二级美术师", "senior"),
            ("三级美术师", "intermediate"),
            ("三级作家", "intermediate"),
        ),
        "jobs": ("画家", "作家", "书法家", "副主席", "秘书长", "专职画家"),
        "education": {"14": 20, "21": 60, "31": 20},
    },
    "science": {
        "sectors": {"05": 1},
        "units": ("中国科学院大连化学物理研究所",),
        "titles": (
            ("研究员", "senior"),
            ("副研究员", "senior"),
            ("正高级工程师", "senior"),
            ("高级工程师", "senior"),
            ("助理研究员", "intermediate"),
            ("工程师", "intermediate"),
            ("助理工程师", "junior"),
        ),
        "jobs": (
            "研究员",
            "项目负责人",
            "课题组长",
            "总工程师",
            "技术总监",
            "研发工程师",
            "室主任",
        ),
        "education": {"11": 45, "14": 35, "21": 20},
    },
    "economy": {
        "sectors": {"07": 1},
        "units": (
            "大连港集团有限公司",
            "大连万达集团股份有限公司",
            "大连市国有资产投资经营集团有限公司",
            "大连圣亚旅游控股股份有限公司",
            "大连大商集团有限公司",
            "大连重工装备集团有限公司",
        ),
        "titles": (
            ("正高级经济师", "senior"),
            ("高级经济师", "senior"),
            ("高级会计师", "senior"),
            ("经济师", "intermediate"),
            ("会计师", "intermediate"),
            ("助理经济师", "junior"),
        ),
        "jobs": (
            "部门经理",
            "副总经理",
            "总经理",
            "财务总监",
            "风险管理部经理",
            "客户经理",
            "行长助理",
        ),
        "education": {"11": 5, "14": 40, "21": 50, "31": 5},
    },
    "private": {
        "sectors": {"07": 1},
        "units": (
            "大连恒信达科技有限公司",
            "大连海川实业有限公司",
            "大连金石滩置业有限公司",
            "大连北方华联贸易有限公司",
            "大连星海湾文化传播有限公司",
            "大连汇丰达国际物流有限公司",
            "大连瑞康医药有限公司",
            "大连长兴岛海洋工程有限公司",
        ),
        "titles": (
            ("高级经济师", "senior"),
            ("高级工程师", "senior"),
            ("经济师", "intermediate"),
            ("工程师", "intermediate"),
        ),
        "jobs": (
            "董事长",
            "总经理",
            "副总经理",
            "执行董事",
            "总经理",
            "董事长兼总经理",
        ),
        "education": {"11": 5, "14": 35, "21": 45, "31": 15},
    },
    "accounting": {
        "sectors": {"07": 1},
        "units": (
            "大连华连会计师事务所",
            "中审华会计师事务所大连分所",
            "国家税务总局大连市税务局",
            "大连市财政局",
            "辽宁中和资产评估有限公司",
        ),
        "titles": (
            ("正高级会计师", "senior"),
            ("高级会计师", "senior"),
            ("会计师", "intermediate"),
            ("助理会计师", "junior"),
        ),
        "jobs": ("注册会计师", "合伙人", "审计经理", "科长", "所长", "项目经理"),
        "education": {"14": 35, "21": 60, "31": 5},
    },
    "law": {
        "sectors": {"08": 1},
        "units": (
            "辽宁华夏律师事务所",
            "辽宁恒信律师事务所",
            "北京大成（大连）律师事务所",
            "辽宁同方律师事务所",
            "辽宁法大律师事务所",
            "北京德恒（大连）律师事务所",
            "辽宁卓政律师事务所",
        ),
        "titles": (
            ("一级律师", "senior"),
            ("二级律师", "senior"),
            ("三级律师", "intermediate"),
            ("四级律师", "junior"),
        ),
        "jobs": ("律师", "律师", "合伙人", "高级合伙人", "主任", "副主任"),
        "education": {"11": 8, "14": 52, "21": 40},
    },
    "judiciary": {
        "sectors": {"08": 1},
        "units": (
            "大连市中级人民法院",
            "大连市人民检察院",
            "大连仲裁委员会",
            "大连市司法局",
            "大连海事法院",
        ),
        "titles": (
            ("三级高级法官", "senior"),
            ("四级高级检察官", "senior"),
            ("一级法官", "intermediate"),
            ("二级检察官", "intermediate"),
        ),
        "jobs": ("审判员", "检察官", "庭长", "副庭长", "仲裁员", "处长"),
        "education": {"11": 10, "14": 55, "21": 35},
    },
    "government": {
        "sectors": {"16": 1},
        "units": (
            "大连市人民政府办公室",
            "大连市教育局",
            "大连市卫生健康委员会",
            "大连市统计局",
            "大连市民族和宗教事务局",
            "大连市政协机关",
            "大连市科学技术局",
        ),
        "titles": (("高级经济师", "senior"), ("经济师", "intermediate")),
        "jobs": (
            "一级调研员",
            "二级调研员",
            "副处长",
            "处长",
            "一级主任科员",
            "四级调研员",
        ),
        "education": {"11": 5, "14": 45, "21": 50},
        "untitled": 0.6,
    },
    "welfare": {
        "sectors": {"09": 3, "17": 1},
        "units": (
            "大连市社会福利院",
            "大连市第一社会福利院",
            "大连市慈善总会",
            "大连市残疾人联合会",
            "大连星星乐园孤独症康复中心",
            "大连市老年公寓",
        ),
        "titles": (
            ("高级社会工作师", "senior"),
            ("社会工作师", "intermediate"),
            ("助理社会工作师", "junior"),
        ),
        "jobs": ("院长", "副院长", "社工", "项目主管", "秘书长"),
        "education": {"14": 25, "21": 60, "31": 15},
    },
    "sports": {
        "sectors": {"11": 1},
        "units": (
            "大连市体育运动学校",
            "大连市体育中心",
            "大连市体育科学研究所",
            "辽宁师范大学体育学院",
        ),
        "titles": (
            ("国家级教练", "senior"),
            ("高级教练", "senior"),
            ("一级教练", "intermediate"),
            ("二级教练", "junior"),
        ),
        "jobs": ("教练员", "主教练", "体育教师", "副校长", "科研人员"),
        "education": {"14": 30, "21": 60, "31": 10},
    },
    "environment": {
        "sectors": {"12": 1, "14": 2},
        "units": (
            "大连市农业科学研究院",
            "大连市生态环境事务服务中心",
            "国家海洋环境监测中心",
            "大连市现代农业生产发展服务中心",
            "大连市林业和草原事务服务中心",
        ),
        "titles": (
            ("研究员", "senior"),
            ("推广研究员", "senior"),
            ("高级工程师", "senior"),
            ("农艺师", "intermediate"),
            ("工程师", "intermediate"),
        ),
        "jobs": ("研究员", "站长", "科长", "室主任", "工程师"),
        "education": {"11": 20, "14": 40, "21": 40},
    },
    "party_office": {
        "sectors": {"15": 1},
        "units": ("民进大连市委员会机关",),
        "titles": (("副研究员", "senior"), ("助理研究员", "intermediate")),
        "jobs": ("一级主任科员", "二级主任科员", "副部长", "部长", "副秘书长"),
        "education": {"14": 60, "21": 40},
        "untitled": 0.5,
    },
}

#: Profiles a district's members are drawn from (teachers, doctors, business).
DISTRICT_MIX = {
    "school": 40,
    "medical": 18,
    "economy": 14,
    "private": 10,
    "government": 6,
    "culture": 6,
    "law": 6,
}

# --- people --------------------------------------------------------------------

#: Surnames with relative frequencies (per ten thousand, north-east China with
#: the Shandong surnames common in Dalian), and some that pypinyin misreads.
SURNAMES: dict[str, float] = {
    "王": 760, "李": 740, "张": 720, "刘": 640, "陈": 380, "杨": 300,
    "赵": 290, "黄": 150, "周": 190, "吴": 150, "徐": 150, "孙": 230,
    "胡": 110, "朱": 120, "高": 150, "林": 110, "何": 70, "郭": 130,
    "马": 130, "罗": 50, "于": 210, "姜": 120, "曲": 60, "宋": 110,
    "郑": 90, "谢": 60, "韩": 110, "唐": 60, "冯": 80, "董": 90,
    "曹": 70, "袁": 50, "邓": 40, "许": 60, "傅": 30, "沈": 40,
    "曾": 25, "彭": 30, "吕": 50, "苏": 50, "卢": 40, "蒋": 40,
    "蔡": 35, "贾": 50, "丁": 50, "魏": 60, "薛": 40, "叶": 30,
    "阎": 30, "余": 20, "潘": 35, "杜": 50, "戴": 25, "夏": 25,
    "钟": 20, "汪": 25, "田": 60, "任": 50, "姚": 40, "范": 40,
    "方": 30, "石": 40, "谭": 20, "廖": 10, "邹": 25, "熊": 15,
    "金": 50, "陆": 25, "郝": 40, "孔": 30, "白": 40, "崔": 60,
    "康": 25, "毛": 25, "邱": 20, "秦": 25, "江": 20, "史": 30,
    "顾": 20, "侯": 40, "邵": 25, "孟": 50, "龙": 10, "万": 15,
    "段": 25, "雷": 15, "钱": 15, "汤": 15, "尹": 30, "黎": 5,
    "易": 10, "常": 35, "武": 35, "乔": 25, "贺": 20, "赖": 5,
    "龚": 10, "文": 15, "隋": 30, "宫": 30, "丛": 25, "鞠": 25,
    "矫": 15, "栾": 20, "迟": 25, "初": 20, "衣": 15, "毕": 25,
    "修": 10, "战": 10, "由": 10, "牟": 15, "宁": 15, "关": 30,
    "单": 12, "解": 10, "仇": 8, "区": 4, "查": 5, "盖": 10,
    "朴": 8, "欧阳": 6, "司马": 3, "上官": 2, "诸葛": 2,
}  # fmt: skip

#: Given-name characters by gender and by the decade people were born in.
# fmt: off
GIVEN_CHARS: dict[tuple[str, str], str] = {
    ("M", "old"): "国建华明文志德福军忠义庆春永宝贵成林山海全兴振学良荣玉树信才仁平发祥",
    ("M", "mid"): "伟强军勇杰涛斌波明磊刚峰辉东亮健宏新立平晓庆光伟锋毅鹏松涛斌龙彬",
    ("M", "new"): "浩宇博晨鹏凯昊然阳俊杰轩睿航哲楠铭泽宁远翔林威帆鑫磊旭东飞超",
    ("F", "old"): "秀英淑兰桂芝玉凤珍华敏荣琴素梅丽芳云霞娟红萍静玲洁翠莲慧",
    ("F", "mid"): "丽敏静艳红燕霞娟芳玲颖梅莉萍丹晶雪琳洁慧虹岩杰宁华波蕾",
    ("F", "new"): "婷雪琳佳悦欣怡瑶萱璐倩颖妍晨冰楠琪曦雯婧蕊迪琦菲娜丹薇月",
}
# fmt: on

#: Native places with weights, and the region code an ID number issued there
#: starts with (most members hold Dalian numbers whatever their origin).
NATIVE_PLACES: dict[str, tuple[float, str]] = {
    "辽宁大连": (30, "210202"),
    "辽宁金州": (4, "210213"),
    "辽宁瓦房店": (3, "210281"),
    "辽宁庄河": (3, "210283"),
    "辽宁普兰店": (2, "210282"),
    "山东蓬莱": (3, "370684"),
    "山东烟台": (4, "370602"),
    "山东威海": (2, "371002"),
    "山东荣成": (2, "371082"),
    "山东文登": (2, "371081"),
    "山东莱阳": (2, "370682"),
    "山东龙口": (2, "370681"),
    "辽宁沈阳": (4, "210102"),
    "辽宁丹东": (3, "210602"),
    "辽宁鞍山": (3, "210302"),
    "辽宁营口": (2, "210802"),
    "辽宁锦州": (2, "210702"),
    "辽宁抚顺": (2, "210402"),
    "吉林长春": (2, "220102"),
    "黑龙江哈尔滨": (2, "230102"),
    "河北唐山": (1, "130202"),
    "河南郑州": (1, "410102"),
    "江苏南京": (1, "320102"),
    "浙江宁波": (1, "330203"),
    "上海": (1, "310101"),
    "北京": (1, "110101"),
    "湖南长沙": (1, "430102"),
    "四川成都": (1, "510104"),
    "安徽合肥": (1, "340102"),
    "陕西西安": (1, "610102"),
}

#: Dalian's districts and counties: (ID region code, street names).
DISTRICTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "中山区": (
        "210202",
        ("人民路", "中山路", "解放路", "鲁迅路", "七一街", "长江路", "五五路"),
    ),
    "西岗区": ("210203", ("八一路", "黄河路", "长春路", "新开路", "北京街", "胜利路")),
    "沙河口区": (
        "210204",
        ("西安路", "五一路", "黄河路", "中山路", "兴工街", "马栏南街"),
    ),
    "甘井子区": (
        "210211",
        ("山东路", "华北路", "泉水路", "红旗西路", "虹港路", "金南路"),
    ),
    "高新园区": ("210211", ("黄浦路", "软件园路", "七贤岭路", "火炬路", "数码路")),
    "旅顺口区": ("210212", ("黄河路", "长江路", "登峰路", "得胜街")),
    "金州区": ("210213", ("斯大林路", "友谊街", "南山路", "先进街", "五一路")),
    "长海县": (
        "210224",
        ("大长山岛镇鲍鱼肚路", "大长山岛镇四块石路", "獐子岛镇沙包路"),
    ),
    "瓦房店市": ("210281", ("共济街", "岭东街", "祝华街", "新华路", "西长春路")),
    "普兰店区": ("210282", ("丰荣街道中长街", "铁西街道新华大街", "南山街道南山路")),
    "庄河市": ("210283", ("黄海大街", "新华路", "北山路", "昌盛街", "青堆子镇黄海路")),
}
#: Where people of the city-wide organizations live.
CITY_DISTRICTS = ("中山区", "西岗区", "沙河口区", "甘井子区", "高新园区")

ETHNICITIES = {"01": 890, "11": 65, "03": 15, "02": 12, "10": 10, "38": 3}

MOBILE_PREFIXES = (
    "139", "138", "137", "136", "135", "134", "150", "151", "152", "157", "158",
    "159", "182", "183", "187", "188", "130", "131", "132", "155", "156", "185",
    "186", "133", "153", "180", "181", "189", "177", "199", "198", "166",
)  # fmt: skip

EMAIL_DOMAINS = ("163.com", "126.com", "qq.com", "sina.com", "sohu.com", "139.com")

#: Where members who transferred out went.
OTHER_COMMITTEES = (
    "民进沈阳市委",
    "民进北京市委",
    "民进上海市委",
    "民进青岛市委",
    "民进深圳市委",
    "民进杭州市委",
    "民进鞍山市委",
    "民进丹东市委",
)
WITHDRAWAL_NOTES = (
    "本人申请退会",
    "出国定居，本人申请退会",
    "加入中国共产党",
    "长期未参加组织生活，本人申请退会",
)

#: Public offices: (kind, level, body, term, role, start, end).
PUBLIC_OFFICES = {
    "cppcc_city": ("cppcc", "city", "大连市政协", "第十四届", "2023-01-08", ""),
    "cppcc_city_prev": (
        "cppcc",
        "city",
        "大连市政协",
        "第十三届",
        "2018-01-20",
        "2023-01-08",
    ),
    "cppcc_province": (
        "cppcc",
        "provincial",
        "辽宁省政协",
        "第十三届",
        "2023-01-14",
        "",
    ),
    "npc_city": ("npc", "city", "大连市人民代表大会", "第十七届", "2022-12-28", ""),
    "npc_province": (
        "npc",
        "provincial",
        "辽宁省人民代表大会",
        "第十四届",
        "2023-01-13",
        "",
    ),
    "cppcc_district": ("cppcc", "district", "区政协", "第十五届", "2021-12-20", ""),
}
SPECIAL_OFFICES = (
    ("大连市监察委员会", "特约监察员"),
    ("大连市人民检察院", "特约检察员"),
    ("大连市审计局", "特约审计员"),
    ("大连市中级人民法院", "特约监督员"),
    ("国家税务总局大连市税务局", "特约监督员"),
    ("大连市公安局", "特邀监督员"),
)
