"""The scheduled jobs a new installation starts with, installed into django-celery-beat's tables
by a data migration (``core/migrations/0002_scheduled_jobs.py``). From then on the database is
the schedule: administrators pause and re-time jobs in the admin, and a later ``migrate`` never
overwrites what they changed.

Tasks are named by string, so the framework layer names upper apps' tasks without importing
them. Times are Asia/Shanghai; the crontab fields are minute, hour, day of month, month, day of
week.
"""

TIMEZONE = "Asia/Shanghai"

# name → (task, crontab, description)
JOBS = {
    "complaints-sweep-overdue": (
        "complaints.tasks.sweep_overdue", "*/10 * * * *",
        "标记并上报超期投诉（SLA 以工作时计，需及时发现）",
    ),
    "complaints-auto-close": (
        "complaints.tasks.auto_close_without_feedback", "30 1 * * *",
        "每日凌晨关闭超过评价期限未评价的投诉",
    ),
    "notifications-sweep": (
        "notifications.tasks.sweep_notifications", "*/2 * * * *",
        "补发未送达的通知（Redis 中断或投递失败后）",
    ),
    "inspections-overdue-orders": (
        "inspections.tasks.sweep_overdue_orders", "5 * * * *",
        "每小时标记逾期未整改的整改单",
    ),
    "inspections-self-report-cycle": (
        "inspections.tasks.self_report_cycle", "30 8 * * *",
        "每日上班时：生成上季度自查自评、提醒、标记逾期",
    ),
    "exports-sweep": (
        "core.tasks.sweep_exports", "*/10 * * * *",
        "重新排队待生成的导出、结束卡住的导出、删除过期文件",
    ),
    "purge-expired-sessions": (
        "accounts.tasks.purge_expired_sessions", "15 */6 * * *",
        "清除过期会话",
    ),
    "purge-old-login-records": (
        "accounts.tasks.purge_old_login_records", "45 3 * * *",
        "每日凌晨清除超过保留期的登录记录",
    ),
    # The day after the quarter's self-reports are due (15 days after the quarter ends).
    "ratings-score-last-quarter": (
        "ratings.tasks.score_last_quarter", "0 2 16 1,4,7,10 *",
        "每季度自查自评截止次日计算上季度考核得分",
    ),
    "ratings-requeue-stuck-scoring": (
        "ratings.tasks.requeue_stuck_runs", "*/10 * * * *",
        "重新排队卡在“计算中”的季度考核（超过 SCORING_STUCK_MINUTES 分钟未完成的分区）",
    ),
    "ratings-sync-credit": (
        "ratings.tasks.sync_credit", "20 2 * * *",
        "每日凌晨按红黑榜、有效投诉、整改逾期、约谈更新企业信用记录",
    ),
    "statistics-rollup": (
        "dashboards.tasks.rollup_statistics", "*/5 * * * *",
        "汇总投诉统计（只处理上次汇总以来变化的投诉）",
    ),
    "dashboards-weekly-bulletin": (
        "dashboards.tasks.weekly_bulletins", "0 8 * * 1",
        "每周一 8:00 生成上周全市及各区县简报（草稿）",
    ),
    "dashboards-open-data": (
        "dashboards.tasks.refresh_open_data", "40 3 * * *",
        "每日凌晨重新生成开放数据文件",
    ),
}  # fmt: skip


def install(periodic_task_model, crontab_model) -> int:
    """Create the jobs of :data:`JOBS` that do not exist yet; return how many were created.
    Takes the model classes so that a migration can pass its historical ones."""
    created = 0
    for name, (task, cron, description) in JOBS.items():
        minute, hour, day_of_month, month_of_year, day_of_week = cron.split()
        crontab, _ = crontab_model.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year,
            day_of_week=day_of_week, timezone=TIMEZONE,
        )  # fmt: skip
        _, is_new = periodic_task_model.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "description": description}
        )
        created += is_new
    return created
