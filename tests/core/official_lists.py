"""Name lists published "按姓氏笔画为序" (in 姓氏笔画 order), as published.

Each list keeps its source. Annotations such as （女） or （满族） are left
out; names are as printed (the 2014 list in traditional characters).
"""

OFFICIAL_LISTS = {
    "cpc20-politburo": {
        "source": (
            "新华社北京2022年10月23日电《中国共产党第二十届中央委员会第一次全体会议"
            "公报》：中央政治局委员（按姓氏笔画为序）"
        ),
        "names": (
            "丁薛祥 习近平 马兴瑞 王毅 王沪宁 尹力 石泰峰 刘国中 李希 李强 李干杰 "
            "李书磊 李鸿忠 何卫东 何立峰 张又侠 张国清 陈文清 陈吉宁 陈敏尔 赵乐际 "
            "袁家军 黄坤明 蔡奇"
        ),
    },
    "cpc20-delegates": {
        "source": (
            "新华社北京2022年9月25日电《中国共产党第二十次全国代表大会代表名单》"
            "（共2296名，按姓氏笔画为序排列），其开头 40 名"
        ),
        "names": (
            "丁宁 丁纯 丁炜 丁铭 丁小强 丁中平 丁仁彧 丁月牙 丁向群 丁兴农 丁赤飚 "
            "丁学东 丁荣浩 丁海燕 丁绣峰 丁雄军 丁薛祥 于波 于洋 于勇 于川雅 于立军 "
            "于吉红 于江涛 于秀明 于绍良 于砚华 于洪涛 才让太 万伟 万敏 万立骏 万芝利 "
            "万相兰 万超岐 么永波 习近平 马龙 马伟 马丽"
        ),
    },
    "hebtu-committee": {
        "source": "河北师范大学“治理架构”：中共河北师范大学第八届委员会委员（按姓氏笔画为序），2019",
        "names": (
            "于海涛 史秉强 付建军 刘英 刘敬泽 闫东利 关守义 苏玉民 杨士彬 张士欢 "
            "陈小雷 陈嘉兴 邵军永 武志英 郑振峰 赵小兰 胡景敏 樊翠英 霍丙泉 戴建兵"
        ),
    },
    "hebtu-discipline": {
        "source": (
            "河北师范大学“治理架构”：中共河北师范大学第八届纪律检查委员会委员"
            "（按姓氏笔画为序），2019"
        ),
        "names": "于华龙 习永凯 王新平 李双进 李庆祥 杨轶 杨士彬 杨彦辉 周春江 赵德勇 魏世亮",
    },
    "cppcc12-sports": {
        "source": (
            "http://sports.people.com.cn/BIG5/n/2014/0303/c22155-24515035.html "
            "人民网 2014-03-03：全国政协十二届二次会议体育界委员"
        ),
        "names": (
            "馬繼龍 王勇峰 王戀英 卞志良 劉翔 劉敬民 李永波 李國平 楊樺 楊靜之 吳侔天 "
            "鄒凱 陳立人 周繼紅 胡揚 段世杰 姚明 姚濱 錢利民 黃玉斌 韓愛萍"
        ),
    },
}


def names(key: str) -> list[str]:
    return OFFICIAL_LISTS[key]["names"].split()


def kendall_tau(order: list, reference: list) -> float:
    """Kendall's τ between two orders of the same items."""
    position = {item: i for i, item in enumerate(reference)}
    ranks = [position[item] for item in order]
    n = len(ranks)
    concordant = discordant = 0
    for i in range(n):
        for j in range(i + 1, n):
            if ranks[i] < ranks[j]:
                concordant += 1
            else:
                discordant += 1
    return (concordant - discordant) / (n * (n - 1) / 2)
