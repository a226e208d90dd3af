"""Word lists for demo people and places: names with their pinyin, merchants, banks, phones.

Email domains are subdomains of the reserved example.com/.net/.org, so a demo reply
sent by mistake can never reach a real mailbox.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """ "王:wang 李:li" → (("王", "wang"), ("李", "li"))."""
    return tuple((word.partition(":")[0], word.partition(":")[2]) for word in text.split())


SURNAMES = _pairs(
    "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu "
    "孙:sun 马:ma 朱:zhu 胡:hu 郭:guo 何:he 林:lin 高:gao 罗:luo 郑:zheng 梁:liang 谢:xie "
    "宋:song 唐:tang 许:xu 韩:han 冯:feng 邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian "
    "董:dong 潘:pan 袁:yuan 蔡:cai 蒋:jiang 余:yu 于:yu 杜:du 叶:ye 程:cheng 魏:wei 苏:su "
    "吕:lv 丁:ding 任:ren 卢:lu 姚:yao 沈:shen 钟:zhong 姜:jiang 崔:cui 谭:tan 陆:lu 范:fan "
    "汪:wang 廖:liao 石:shi 金:jin 贾:jia 夏:xia 方:fang 邹:zou 熊:xiong 白:bai 孟:meng "
    "秦:qin 邱:qiu 侯:hou 江:jiang 薛:xue 雷:lei 龙:long 黎:li 史:shi 陶:tao 贺:he 顾:gu "
    "毛:mao 郝:hao 龚:gong 邵:shao 万:wan 钱:qian 严:yan 莫:mo 孔:kong 常:chang 汤:tang "
    "康:kang 易:yi 乔:qiao 欧阳:ouyang 司马:sima 上官:shangguan"
)

GIVEN_CHARACTERS = _pairs(
    "伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong "
    "艳:yan 杰:jie 娟:juan 涛:tao 明:ming 超:chao 秀:xiu 霞:xia 平:ping 刚:gang 桂:gui "
    "英:ying 华:hua 文:wen 晓:xiao 红:hong 玲:ling 建:jian 国:guo 志:zhi 海:hai 宇:yu "
    "浩:hao 欣:xin 怡:yi 婷:ting 雪:xue 梅:mei 琳:lin 鹏:peng 辉:hui 俊:jun 凯:kai 子:zi "
    "轩:xuan 梓:zi 涵:han 睿:rui 佳:jia 嘉:jia 思:si 雨:yu 萱:xuan 博:bo 一:yi 诺:nuo "
    "晨:chen 阳:yang 鑫:xin 瑶:yao 然:ran 宁:ning 安:an 泽:ze 天:tian 亮:liang 斌:bin "
    "丹:dan 慧:hui 颖:ying 小:xiao 家:jia 美:mei 春:chun 秋:qiu"
)

FIRST_NAMES = _words(
    "Emma Olivia Ava Sophia Mia Amelia Grace Chloe Lucy Hannah Emily Charlotte Jessica "
    "Sarah Rachel Laura Kate Natalie Zoe Isabel James Oliver Jack Harry George Noah Liam "
    "Ethan Daniel Michael David Thomas William Samuel Ryan Matthew Andrew Chris Kevin Jason "
    "Priya Arjun Wing Mei Hiroshi Carlos Sofia Ahmed Fatima Kenneth Winnie Ivan Peter Alan "
    "Ben Joyce Raymond Vivian Eric Tiffany Marcus Aisha"
)

LAST_NAMES = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis Harris Martin "
    "Cooper King Lee Chan Wong Cheung Lau Ng Leung Tsang Miller Garcia Martinez Anderson "
    "Murphy Kelly Nguyen Kim Singh Tanaka Fernandes Okafor Rossi"
)

WEIBO_HOBBIES = ("爱旅行", "的日常", "爱吃火锅", "在路上", "不加班", "学摄影", "爱喝茶", "跑步中")

EMAIL_DOMAINS_ZH = (
    "qq.example.com",
    "163.example.com",
    "126.example.net",
    "sina.example.org",
    "outlook.example.com",
)
EMAIL_DOMAINS_EN = (
    "gmail.example.com",
    "outlook.example.com",
    "yahoo.example.net",
    "icloud.example.com",
    "proton.example.org",
)

MERCHANTS_CN = (
    "美团外卖",
    "星巴克(南京西路店)",
    "滴滴出行",
    "京东商城",
    "盒马鲜生",
    "全家便利店",
    "中国移动话费充值",
    "国家电网电费",
    "携程旅行",
    "瑞幸咖啡",
    "拼多多",
    "大众点评",
)
MERCHANTS_HK = (
    "7-Eleven 旺角",
    "百佳超级市场",
    "港铁 MTR",
    "HKTVmall",
    "大家乐",
    "屈臣氏",
    "Starbucks IFC",
)
MERCHANTS_EN = (
    "Starbucks",
    "Uber",
    "Amazon",
    "Apple Services",
    "Netflix",
    "Tesco",
    "Deliveroo",
    "Pret A Manger",
    "Airbnb",
    "Shell",
)
BANKS_ZH = ("招商银行 尾号{}", "工商银行 尾号{}", "建设银行 尾号{}", "中国银行(香港) 尾号{}")
BANKS_EN = ("HSBC ****{}", "Standard Chartered ****{}", "Chase ****{}", "Barclays ****{}")

DEVICES_ZH: tuple[tuple[str, str], ...] = (
    ("华为 Mate 60", "HarmonyOS 4.2"),
    ("小米 14", "Android 14"),
    ("iPhone 15", "iOS 17.5"),
    ("OPPO Reno 11", "Android 14"),
    ("vivo X100", "Android 14"),
    ("荣耀 Magic6", "Android 14"),
    ("iPhone 13", "iOS 16.7"),
    ("红米 Note 12", "Android 13"),
)
DEVICES_EN: tuple[tuple[str, str], ...] = (
    ("iPhone 15 Pro", "iOS 17.5"),
    ("Samsung Galaxy S24", "Android 14"),
    ("Pixel 8", "Android 14"),
    ("iPhone 12", "iOS 16.7"),
    ("OnePlus 12", "Android 14"),
    ("Samsung Galaxy A54", "Android 13"),
)
APP_VERSIONS = ("3.8.0", "3.8.2", "3.9.1", "4.0.0", "4.0.3", "4.1.2", "4.2.0")

CITIES_ZH = ("深圳", "成都", "杭州", "武汉", "西安", "哈尔滨", "昆明", "新加坡", "曼谷")
CITIES_EN = ("Frankfurt", "Singapore", "Toronto", "Bangkok", "Dubai", "Madrid", "Sydney")

# Mobile number ranges that `phonenumbers` accepts as valid (checked in the tests).
CN_MOBILE_PREFIXES = _words(
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "166 176 177 178 180 181 182 183 184 185 186 187 188 189 198 199"
)
HK_MOBILE_PREFIXES = ("61", "63", "64", "65", "69", "94", "96", "97")
US_AREA_CODES = ("212", "415", "646", "917", "312", "206", "617", "213", "303", "404", "512")
UK_MOBILE_PREFIXES = ("740", "745", "750", "755", "771", "775", "780", "785", "790", "795")
