"""A demo municipal property-service standard: 13 categories, 144 items ([S4]: 《物业服务指导标准》
细化 13 类、144 项). Items apply to every project type except decoration management, which
schools, hospitals and universities do not have; the totals per type follow from that."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from projects.choices import ProjectType

from .choices import StandardStatus
from .models import InspectionStandard, StandardCategory, StandardItem, StandardTotal

NAME = "物业服务指导标准（示范）"
NO_DECORATION = {ProjectType.SCHOOL, ProjectType.HOSPITAL, ProjectType.UNIVERSITY}

CATEGORIES = [
    (
        "综合管理",
        [
            "服务中心设置规范，公示营业执照和服务标准",
            "建立健全管理制度和岗位职责",
            "工作人员持证上岗、统一着装、佩戴标识",
            "服务合同签订规范，承接查验资料齐全",
            "物业服务档案完整，分类归档",
            "按规定公示收费项目、标准和依据",
            "每年开展业主满意度调查，满意率达标",
            "按时报送统计报表和自查自评",
            "建立应急联络人和值班制度",
            "公共收益单独列账并定期公示",
            "依法配合业主大会和业主委员会工作",
        ],
    ),
    (
        "客户服务",
        [
            "服务热线 24 小时畅通",
            "报修受理及时，登记完整",
            "一般报修 24 小时内处理",
            "投诉 2 个工作日内答复",
            "回访率不低于 80%",
            "节假日开展社区文化活动",
            "提供便民服务项目并公示",
            "特殊群体上门服务",
            "装修、入住等手续一次告知",
            "意见建议有记录、有反馈",
            "公告通知及时规范张贴",
        ],
    ),
    (
        "房屋管理",
        [
            "房屋外观完好、整洁",
            "定期巡查房屋共用部位",
            "违章搭建及时劝阻并报告",
            "屋面防水定期检查",
            "楼道门窗完好",
            "单元门禁功能正常",
            "公共区域标识完整清晰",
            "空置房屋定期检查",
            "房屋安全隐患及时报告",
            "维修资金使用程序规范",
            "共用部位维修记录完整",
        ],
    ),
    (
        "共用设施设备",
        [
            "供水设施定期巡检，二次供水水箱每半年清洗消毒",
            "供配电设施运行正常",
            "排水管道畅通",
            "公共照明完好率 95% 以上",
            "监控设施运行正常并保存录像",
            "设备房整洁、标识清楚",
            "设备台账完整",
            "水泵房运行记录完整",
            "化粪池定期清掏",
            "雨污分流设施完好",
            "设备维保合同齐全",
        ],
    ),
    (
        "电梯",
        [
            "电梯使用登记和定期检验合格",
            "维保单位资质合格、合同有效",
            "每 15 日维保一次并记录",
            "困人救援 30 分钟内到达",
            "轿厢内张贴安全注意事项和检验合格证",
            "电梯机房整洁、通风良好",
            "应急电话畅通",
            "电梯安全管理员持证",
            "电梯故障及时报修并记录",
            "年度应急演练",
            "电梯运行监控正常",
        ],
    ),
    (
        "消防安全",
        [
            "消防设施完好有效",
            "消防通道畅通无占用",
            "微型消防站配置到位",
            "每月消防巡查并记录",
            "灭火器定期检查更换",
            "消防控制室 24 小时双人值班",
            "每年组织消防演练",
            "电动车集中充电管理",
            "楼道无堆物",
            "消防安全宣传到户",
            "动火作业审批管理",
        ],
    ),
    (
        "秩序维护",
        [
            "出入口 24 小时值守",
            "外来人员和车辆登记",
            "每 2 小时巡逻一次并记录",
            "重点部位监控覆盖",
            "突发事件及时报告处置",
            "秩序维护员定期培训",
            "夜间照明巡查",
            "快递外卖管理有序",
            "高空抛物防范宣传",
            "群租和安全隐患及时报告",
            "配合公安开展治安防范",
        ],
    ),
    (
        "环境卫生",
        [
            "道路、广场每日清扫",
            "楼道每周拖洗",
            "生活垃圾日产日清",
            "垃圾分类设施配置到位",
            "垃圾桶定期清洗消毒",
            "公共卫生间整洁",
            "定期消杀除四害",
            "雨雪天气及时清理",
            "水景和游乐设施清洁",
            "建筑垃圾定点堆放及时清运",
            "外墙和公共设施无乱贴乱画",
        ],
    ),
    (
        "绿化养护",
        [
            "绿地完好无裸露",
            "定期修剪草坪和绿篱",
            "及时浇水施肥",
            "病虫害防治及时",
            "枯死苗木及时补植",
            "绿地无侵占毁坏",
            "树木防风加固",
            "绿化垃圾及时清理",
            "季节性花卉布置",
            "绿化养护记录完整",
            "古树名木保护",
        ],
    ),
    (
        "车辆管理",
        [
            "停车场标识清晰",
            "车辆停放有序",
            "消防通道禁停管理",
            "停车收费公示",
            "非机动车集中停放",
            "充电设施安全管理",
            "地下车库照明通风良好",
            "车辆出入登记",
            "僵尸车清理",
            "停车场巡查记录",
            "车位租售公示",
        ],
    ),
    (
        "装饰装修",
        [
            "装修登记备案",
            "装修告知书签订",
            "装修巡查每日一次",
            "违规装修及时制止并报告",
            "装修垃圾定点清运",
            "装修施工时间管理",
            "承重结构保护",
            "装修保证金管理规范",
            "装修验收记录",
            "装修噪音投诉处理",
            "装修人员出入管理",
        ],
    ),
    (
        "应急管理",
        [
            "制定各类应急预案",
            "应急物资储备充足",
            "防汛设施完好",
            "极端天气提前预警",
            "停水停电提前通知",
            "应急演练每年不少于两次",
            "突发事件处置记录",
            "应急队伍建设",
            "疫情等公共卫生事件防控",
            "燃气安全宣传",
            "应急联络畅通",
        ],
    ),
    (
        "党建引领",
        [
            "建立物业企业党组织",
            "党员亮身份、作表率",
            "参与社区“红色物业”联席会议",
            "党建活动阵地建设",
            "开展志愿服务",
            "党员示范岗设置",
            "纳入社区治理体系",
            "参加街道社区议事协商",
            "党建宣传栏规范",
            "党组织书记培训",
            "党员服务承诺公示",
            "党建与服务融合案例",
        ],
    ),
]
# Category weights: 1000 points for a project type with every category.
WEIGHTS = [Decimal(w) for w in (90, 80, 70, 90, 80, 90, 80, 90, 60, 60, 55, 70, 85)]


def _items():
    for order, ((name, titles), weight) in enumerate(zip(CATEGORIES, WEIGHTS, strict=True), start=1):
        each = (weight / len(titles)).quantize(Decimal("0.1"))
        points = [each] * len(titles)
        points[-1] += weight - sum(points)  # rounding goes to the last item
        types = sorted(set(ProjectType.values) - NO_DECORATION) if name == "装饰装修" else list(ProjectType.values)
        yield (
            order,
            name,
            [
                (f"{order:02d}.{i:02d}", t, "查阅资料、现场查看", p, types)
                for i, (t, p) in enumerate(zip(titles, points, strict=True), start=1)
            ],
        )


def install_demo_standard() -> InspectionStandard:
    """Create and publish the demo standard once (idempotent)."""
    existing = InspectionStandard.objects.filter(name=NAME).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        standard = InspectionStandard.objects.create(name=NAME, version=1)
        totals = {t: Decimal(0) for t in ProjectType.values}
        for order, name, items in _items():
            category = StandardCategory.objects.create(standard=standard, order=order, name=name)
            StandardItem.objects.bulk_create(
                [
                    StandardItem(category=category, code=c, title=t, method=m, points=p, project_types=ty)
                    for c, t, m, p, ty in items
                ]
            )
            for *_rest, p, ty in items:
                for t in ty:
                    totals[t] += p
        StandardTotal.objects.bulk_create(
            [StandardTotal(standard=standard, project_type=t, points=p) for t, p in totals.items()]
        )
        InspectionStandard.objects.filter(pk=standard.pk).update(status=StandardStatus.PUBLISHED)
    standard.refresh_from_db()
    return standard
