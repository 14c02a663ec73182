//! Every user-visible string of the app, in one place.
//!
//! The app reads its texts through [`t()`]; a second language is another `static` of type
//! [`Texts`] (and a way to choose it). Strings with values are plain `fn` pointers so that each
//! language can order the words its own way.

use yanpan_types::{
    AgendaCategory, Attendance, EscalationStatus, MeetingKind, MeetingStatus, MeetingTrigger, Role,
    UnitKind,
};

/// All texts of one language.
pub struct Texts {
    // --- app frame -------------------------------------------------------------------------
    pub app_name: &'static str,
    pub app_subtitle: &'static str,
    pub skip_to_content: &'static str,
    pub nav_main: &'static str,
    pub nav_home: &'static str,
    pub nav_me: &'static str,
    pub nav_admin: &'static str,
    pub nav_units: &'static str,
    pub nav_users: &'static str,
    pub nav_service_accounts: &'static str,
    pub nav_audit: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: fn(&str, &str) -> String,
    pub footer: &'static str,
    pub page_title: fn(&str) -> String,

    // --- generic states --------------------------------------------------------------------
    pub loading: &'static str,
    pub saving: &'static str,
    pub retry: &'static str,
    pub load_failed: &'static str,
    pub empty_list: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub page_load_failed_title: &'static str,
    pub page_load_failed_text: &'static str,
    pub reload_page: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub network_error: &'static str,
    pub server_error: fn(Option<&str>) -> String,
    pub session_expired: &'static str,
    pub stale_title: &'static str,
    pub stale_text: &'static str,
    pub stale_reload: &'static str,
    pub stale_reloaded: fn(i32) -> String,
    pub form_has_errors: &'static str,
    pub saved: &'static str,
    pub created: &'static str,
    pub required: &'static str,

    // --- buttons and common labels ----------------------------------------------------------
    pub save: &'static str,
    pub cancel: &'static str,
    pub create: &'static str,
    pub edit: &'static str,
    pub search: &'static str,
    pub reset: &'static str,
    pub all: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub actions: &'static str,
    pub status: &'static str,
    pub active: &'static str,
    pub inactive: &'static str,
    pub created_at: &'static str,
    pub updated_at: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub pagination: fn(u64, u64, u64) -> String,
    pub none: &'static str,

    // --- sign-in ------------------------------------------------------------------------------
    pub sign_in_title: &'static str,
    pub sign_in_lead: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub bad_credentials: &'static str,
    pub account_inactive: &'static str,
    pub too_many_attempts: fn(u64) -> String,
    pub signed_out_notice: &'static str,
    pub password_changed_notice: &'static str,

    // --- home ---------------------------------------------------------------------------------
    pub greeting: fn(u32, &str) -> String,
    pub your_role: fn(&str) -> String,
    pub today_is: fn(&str) -> String,
    pub this_month_meetings: &'static str,
    pub this_month_meetings_empty: fn(&str) -> String,
    pub annual_rhythm: &'static str,
    pub annual_rhythm_hint: fn(i32) -> String,
    pub month_name: fn(u32) -> String,
    pub no_meeting_yet: &'static str,
    pub todos: &'static str,
    pub todos_empty: &'static str,

    // --- administration -----------------------------------------------------------------------
    pub admin_title: &'static str,
    pub admin_lead: &'static str,
    pub units_title: &'static str,
    pub unit_new: &'static str,
    pub unit_edit: &'static str,
    pub unit_code: &'static str,
    pub unit_code_hint: &'static str,
    pub unit_name: &'static str,
    pub unit_kind: &'static str,
    pub unit_active: &'static str,
    pub search_units: &'static str,
    pub users_title: &'static str,
    pub user_new: &'static str,
    pub user_edit: &'static str,
    pub display_name: &'static str,
    pub role: &'static str,
    pub unit: &'static str,
    pub user_active: &'static str,
    pub initial_password: &'static str,
    pub password_hint: &'static str,
    pub reset_password: &'static str,
    pub reset_password_hint: &'static str,
    pub search_users: &'static str,
    pub no_unit: &'static str,
    pub service_accounts_title: &'static str,
    pub service_accounts_lead: &'static str,
    pub sa_name: &'static str,
    pub sa_client_id: &'static str,
    pub sa_scopes: &'static str,
    pub sa_scope_cases_write: &'static str,
    pub sa_scope_read_only: &'static str,
    pub sa_last_used: &'static str,
    pub sa_revoke: &'static str,
    pub sa_revoke_confirm: fn(&str) -> String,
    pub sa_secret_title: &'static str,
    pub sa_secret_hint: &'static str,
    pub sa_secret_label: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub dismiss: &'static str,
    pub audit_title: &'static str,
    pub audit_at: &'static str,
    pub audit_actor: &'static str,
    pub audit_entity: &'static str,
    pub audit_action: &'static str,
    pub audit_details: &'static str,
    pub audit_from: &'static str,
    pub audit_to: &'static str,
    pub audit_any_actor: &'static str,
    pub audit_before: &'static str,
    pub audit_after: &'static str,
    pub audit_system: &'static str,

    // --- my account ---------------------------------------------------------------------------
    pub me_title: &'static str,
    pub me_profile: &'static str,
    pub me_password: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub confirm_password: &'static str,
    pub passwords_differ: &'static str,
    pub change_password: &'static str,

    // --- field error messages, by the API's error code -----------------------------------
    pub err_length: fn(Option<u64>, Option<u64>) -> String,
    pub err_required: &'static str,
    pub err_pattern: &'static str,
    pub err_unknown_field: &'static str,
    pub err_incorrect_password: &'static str,
    pub err_unit_required: &'static str,
    pub err_unknown_unit: &'static str,
    pub err_not_for_people: &'static str,
    pub err_code_taken: &'static str,
    pub err_username_taken: &'static str,
    pub err_cannot_demote_self: &'static str,
    pub err_unit_in_use: &'static str,
    pub err_already_revoked: &'static str,
    pub err_forbidden: &'static str,
    pub err_not_found: &'static str,
}

/// Simplified Chinese.
pub static ZH_CN: Texts = Texts {
    app_name: "研判",
    app_subtitle: "平安365社会服务管理动态分析研判工作系统",
    skip_to_content: "跳到主要内容",
    nav_main: "主导航",
    nav_home: "首页",
    nav_me: "我的账户",
    nav_admin: "系统管理",
    nav_units: "单位",
    nav_users: "用户",
    nav_service_accounts: "服务账号",
    nav_audit: "审计日志",
    sign_out: "退出登录",
    signed_in_as: |name, role| format!("{name}（{role}）"),
    footer: "上城区联动指挥中心 · 分析研判工作室",
    page_title: |page| format!("{page} - 研判"),

    loading: "正在加载…",
    saving: "正在保存…",
    retry: "重试",
    load_failed: "加载失败",
    empty_list: "暂无记录",
    not_found_title: "页面不存在",
    not_found_text: "您访问的页面不存在或已被移除。",
    back_home: "返回首页",
    page_load_failed_title: "页面加载失败",
    page_load_failed_text: "网络中断或系统已更新，请刷新页面后重试。",
    reload_page: "刷新页面",
    forbidden_title: "无权访问",
    forbidden_text: "您的账户没有访问此页面的权限。如需开通，请联系系统管理员。",
    network_error: "无法连接服务器，请检查网络后重试。",
    server_error: |id| match id {
        Some(id) => format!("服务器出错，请稍后重试。报告问题时请提供请求编号：{id}"),
        None => "服务器出错，请稍后重试。".to_owned(),
    },
    session_expired: "登录已过期，请重新登录。",
    stale_title: "该记录已被他人修改",
    stale_text: "在您编辑期间，其他人保存了新的版本。您输入的内容仍然保留；请载入最新版本后再次保存。",
    stale_reload: "载入最新版本",
    stale_reloaded: |v| {
        format!("已载入最新版本（第 {v} 版），您输入的内容已保留。确认无误后请再次保存。")
    },
    form_has_errors: "请修正标出的字段后再提交。",
    saved: "已保存。",
    created: "已创建。",
    required: "必填",

    save: "保存",
    cancel: "取消",
    create: "新建",
    edit: "编辑",
    search: "查询",
    reset: "重置",
    all: "全部",
    yes: "是",
    no: "否",
    actions: "操作",
    status: "状态",
    active: "启用",
    inactive: "停用",
    created_at: "创建时间",
    updated_at: "更新时间",
    prev_page: "上一页",
    next_page: "下一页",
    pagination: |page, last, total| format!("第 {page} / {last} 页，共 {total} 条"),
    none: "—",

    sign_in_title: "登录",
    sign_in_lead: "请使用您的账户登录研判系统。",
    username: "用户名",
    password: "密码",
    sign_in: "登录",
    signing_in: "正在登录…",
    bad_credentials: "用户名或密码不正确。",
    account_inactive: "该账户已停用，请联系系统管理员。",
    too_many_attempts: |secs| {
        if secs >= 60 {
            format!("尝试次数过多，请在 {} 分钟后再试。", secs.div_ceil(60))
        } else {
            format!("尝试次数过多，请在 {secs} 秒后再试。")
        }
    },
    signed_out_notice: "您已退出登录。",
    password_changed_notice: "密码已修改，请使用新密码重新登录。",

    greeting: |hour, name| {
        let part = match hour {
            5..=10 => "上午好",
            11..=12 => "中午好",
            13..=17 => "下午好",
            _ => "晚上好",
        };
        format!("{part}，{name}")
    },
    your_role: |role| format!("当前角色：{role}"),
    today_is: |date| format!("今天是 {date}（北京时间）"),
    this_month_meetings: "本月例会",
    this_month_meetings_empty: |month| {
        format!("{month}尚未安排例会。例会每月至少召开一次，与二级督办联席会议合并召开。")
    },
    annual_rhythm: "年度例会节奏",
    annual_rhythm_hint: |year| format!("{year}年各月例会召开情况"),
    month_name: |m| format!("{m}月"),
    no_meeting_yet: "未召开",
    todos: "待办",
    todos_empty: "暂无待办事项。",

    admin_title: "系统管理",
    admin_lead: "管理单位、用户、服务账号，查看审计日志。",
    units_title: "单位管理",
    unit_new: "新建单位",
    unit_edit: "编辑单位",
    unit_code: "单位代码",
    unit_code_hint: "小写字母、数字、“-”“_”“.”，例如 street-qingbo；创建后不可修改。",
    unit_name: "单位名称",
    unit_kind: "单位类型",
    unit_active: "启用该单位",
    search_units: "名称或代码",
    users_title: "用户管理",
    user_new: "新建用户",
    user_edit: "编辑用户",
    display_name: "姓名",
    role: "角色",
    unit: "所属单位",
    user_active: "启用该账户",
    initial_password: "初始密码",
    password_hint: "至少 12 个字符。",
    reset_password: "重置密码",
    reset_password_hint: "留空则不修改；设置新密码后该用户的所有会话将失效。",
    search_users: "用户名或姓名",
    no_unit: "（无）",
    service_accounts_title: "服务账号",
    service_accounts_lead: "供平安365平台脚本调用接口使用的账号（角色：系统对接）。",
    sa_name: "名称",
    sa_client_id: "客户端 ID",
    sa_scopes: "权限",
    sa_scope_cases_write: "可推送平台案件",
    sa_scope_read_only: "只读",
    sa_last_used: "最近使用",
    sa_revoke: "吊销",
    sa_revoke_confirm: |name| {
        format!(
            "确定吊销服务账号“{name}”吗？吊销后该账号被删除，其密钥和令牌立即失效，且无法恢复。"
        )
    },
    sa_secret_title: "服务账号已创建",
    sa_secret_hint: "请立即复制并妥善保存以下密钥。密钥只显示这一次，关闭后无法再次查看。",
    sa_secret_label: "客户端密钥",
    copy: "复制",
    copied: "已复制到剪贴板。",
    copy_failed: "无法自动复制，请手动选中后复制。",
    dismiss: "我已保存，关闭",
    audit_title: "审计日志",
    audit_at: "时间",
    audit_actor: "操作人",
    audit_entity: "对象",
    audit_action: "动作",
    audit_details: "详情",
    audit_from: "开始日期",
    audit_to: "结束日期",
    audit_any_actor: "全部操作人",
    audit_before: "修改前",
    audit_after: "修改后",
    audit_system: "系统",

    me_title: "我的账户",
    me_profile: "基本信息",
    me_password: "修改密码",
    current_password: "当前密码",
    new_password: "新密码",
    confirm_password: "确认新密码",
    passwords_differ: "两次输入的新密码不一致。",
    change_password: "修改密码",

    err_length: |min, max| match (min, max) {
        (Some(a), Some(b)) => format!("长度应为 {a}–{b} 个字符。"),
        (Some(a), None) => format!("长度至少为 {a} 个字符。"),
        (None, Some(b)) => format!("长度不能超过 {b} 个字符。"),
        _ => "长度不符合要求。".to_owned(),
    },
    err_required: "此项为必填项。",
    err_pattern: "只能使用小写字母、数字、“.”“_”“-”，并以字母或数字开头。",
    err_unknown_field: "此项不能在这里修改。",
    err_incorrect_password: "当前密码不正确。",
    err_unit_required: "单位联络员必须指定所属单位。",
    err_unknown_unit: "所选单位不存在。",
    err_not_for_people: "“系统对接”角色只能用于服务账号。",
    err_code_taken: "该单位代码已被使用。",
    err_username_taken: "该用户名已被使用。",
    err_cannot_demote_self: "管理员不能停用自己的账户或修改自己的角色。",
    err_unit_in_use: "该单位仍被引用，无法删除；请改为停用。",
    err_already_revoked: "该服务账号已被吊销。",
    err_forbidden: "您没有执行此操作的权限。",
    err_not_found: "记录不存在或已被删除。",
};

/// The texts of the current language.
pub fn t() -> &'static Texts {
    &ZH_CN
}

/// The name of a role.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "系统管理员",
        Role::Convener => "召集人（区委办/区政府办）",
        Role::Analyst => "分析员（联动指挥中心）",
        Role::UnitRep => "单位联络员",
        Role::Inspector => "监察员（区纪委监察局）",
        Role::Integration => "系统对接",
    }
}

/// The name of a kind of unit.
pub fn unit_kind_name(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::PartyOffice => "区委办",
        UnitKind::GovernmentOffice => "区政府办",
        UnitKind::CommandCenter => "联动指挥中心",
        UnitKind::Street => "街道",
        UnitKind::Department => "职能部门",
        UnitKind::DisciplineCommission => "区纪委监察局",
        UnitKind::Enterprise => "企事业单位",
        UnitKind::SocialOrganization => "社会组织",
    }
}

/// The name of an audited kind of record.
pub fn entity_name(entity: yanpan_types::AuditEntity) -> &'static str {
    use yanpan_types::AuditEntity as E;
    match entity {
        E::Unit => "单位",
        E::User => "用户",
        E::ServiceAccount => "服务账号",
        E::Session => "登录会话",
        E::Meeting => "会议",
        E::MeetingParticipant => "参会单位",
        E::AgendaItem => "议题",
        E::Submission => "研判意见",
        E::Attachment => "附件",
        E::Conclusion => "结论",
        E::Escalation => "提请督办",
        E::CalendarDay => "节假日与调休",
        E::CalendarToken => "日历订阅",
        E::Case => "案件",
        E::CaseCategory => "案件类别",
        E::TopicProposal => "专题会议建议",
        E::Briefing => "简报",
        E::SupervisionTask => "督办任务",
        E::Referral => "责任查究",
        E::Inspection => "专项督查",
        E::Assessment => "年度考核",
        E::WebhookEndpoint => "推送地址",
    }
}

/// The name of an audited action.
pub fn action_name(action: yanpan_types::AuditAction) -> &'static str {
    use yanpan_types::AuditAction as A;
    match action {
        A::Create => "创建",
        A::Update => "修改",
        A::Delete => "删除",
        A::Redeliver => "重新推送",
        A::Add => "加入",
        A::Remove => "移出",
        A::Login => "登录",
        A::Logout => "退出",
        A::Refresh => "刷新令牌",
        A::RefreshReuseDetected => "令牌重用（会话已终止）",
        A::Token => "获取令牌",
        A::Revoke => "吊销",
        A::Issue => "签发",
        A::UpdateProfile => "修改个人信息",
        A::ChangePassword => "修改密码",
        A::Schedule => "确定会期",
        A::Start => "开始会议",
        A::Conclude => "结束会议",
        A::Report => "通报",
        A::Cancel => "取消",
        A::RecordAttendance => "登记出席",
        A::ReorderAgenda => "调整议题顺序",
        A::DecideEscalation => "决定是否提请督办",
        A::Accept => "同意提请",
        A::Reject => "不同意提请",
        A::ScheduleEscalation => "安排上会",
        A::Resolve => "办结",
        A::Upload => "上传",
        A::Submit => "报送",
        A::Adopt => "通过",
        A::Intake => "接收平台案件",
        A::Publish => "公布",
        A::Acknowledge => "已阅",
        A::Return => "退回",
        A::Verify => "核验",
        A::Withdraw => "撤销",
        A::Close => "办结",
    }
}

/// Texts of the meeting workflow.
pub struct MeetingTexts {
    pub nav_meetings: &'static str,
    pub nav_escalations: &'static str,
    pub nav_my_unit: &'static str,
    pub meetings_title: &'static str,
    pub meeting_new: &'static str,
    pub workspace: &'static str,
    pub view_list: &'static str,
    pub view_calendar: &'static str,
    pub prev_month: &'static str,
    pub next_month: &'static str,
    pub search_meetings: &'static str,
    pub meeting_title: &'static str,
    pub kind: &'static str,
    pub period: &'static str,
    pub trigger: &'static str,
    pub trigger_reason: &'static str,
    pub starts_at: &'static str,
    pub ends_at: &'static str,
    pub place: &'static str,
    pub chair: &'static str,
    pub submission_due: &'static str,
    pub cancel_reason: &'static str,
    pub convening_units: &'static str,
    pub invited_units: &'static str,
    pub default_place: &'static str,
    pub default_chair: &'static str,
    pub title_hint: &'static str,
    pub confirm_cancel: &'static str,
    pub readiness: &'static str,
    pub ready: &'static str,
    pub not_ready: &'static str,
    pub missing_prefix: &'static str,
    pub preparation: &'static str,
    pub minutes: &'static str,
    pub not_written: &'static str,
    pub agenda: &'static str,
    pub no_items: &'static str,
    pub add_item: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub from_escalation: &'static str,
    pub item_title: &'static str,
    pub summary: &'static str,
    pub figures: &'static str,
    pub figures_hint: &'static str,
    pub case_numbers: &'static str,
    pub cases_hint: &'static str,
    pub causes: &'static str,
    pub weak_links: &'static str,
    pub remedies: &'static str,
    pub escalate_q: &'static str,
    pub undecided: &'static str,
    pub escalate_yes: &'static str,
    pub escalate_no: &'static str,
    pub decision_reason: &'static str,
    pub save_decision: &'static str,
    pub choose: &'static str,
    pub escalation: &'static str,
    pub level1_meeting: &'static str,
    pub outcome: &'static str,
    pub source_meeting: &'static str,
    pub tracker: &'static str,
    pub submitted_at: &'static str,
    pub versions: &'static str,
    pub open: &'static str,
    pub sub_submitted: &'static str,
    pub sub_late: &'static str,
    pub sub_missing: &'static str,
    pub attendance: &'static str,
    pub attendance_hint: &'static str,
    pub participant_role: &'static str,
    pub attendance_reason: &'static str,
    pub convening: &'static str,
    pub invited: &'static str,
    pub conclusions: &'static str,
    pub no_conclusions: &'static str,
    pub conclusion_new: &'static str,
    pub conclusion_text: &'static str,
    pub recommendations: &'static str,
    pub measure: &'static str,
    pub responsible_unit: &'static str,
    pub deadline: &'static str,
    pub add_recommendation: &'static str,
    pub remove: &'static str,
    pub rec_incomplete: &'static str,
    pub adopted: &'static str,
    pub draft: &'static str,
    pub superseded: &'static str,
    pub correction: &'static str,
    pub adopt: &'static str,
    pub supersede: &'static str,
    pub raise_escalation: &'static str,
    pub escalation_reason: &'static str,
    pub escalation_raised: &'static str,
    pub escalations_lead: &'static str,
    pub no_escalations: &'static str,
    pub decision_note: &'static str,
    pub accept: &'static str,
    pub reject: &'static str,
    pub schedule: &'static str,
    pub resolve: &'static str,
    pub my_submission: &'static str,
    pub my_unit_lead: &'static str,
    pub no_meetings: &'static str,
    pub submit_opinion: &'static str,
    pub history: &'static str,
    pub opinion: &'static str,
    pub attachments: &'static str,
    pub upload: &'static str,
    pub upload_hint: &'static str,
    pub uploaded: &'static str,
    pub submitted: &'static str,
    pub submission_closed: &'static str,
    pub no_submissions: &'static str,
    pub submission: &'static str,
    pub cad_held: &'static str,
    pub cad_planned: &'static str,
    pub cad_open: &'static str,
    pub todo_submit: &'static str,
    pub todo_prepare: &'static str,
    pub todo_attend: &'static str,
    pub todo_decide: &'static str,
    pub err_cannot_conclude: &'static str,
    pub err_locked: &'static str,
    pub err_too_large: &'static str,
    pub err_bad_type: &'static str,
    pub err_before_start: &'static str,
    pub err_not_allowed: &'static str,
    pub err_period: &'static str,
    pub err_invalid_transition: fn(&str) -> String,
    pub err_not_ready: fn(&str) -> String,
    pub regular_title: fn(&str) -> String,
    pub version_no: fn(i32) -> String,
}

/// Simplified Chinese texts of the meeting workflow.
pub static MEETINGS_ZH_CN: MeetingTexts = MeetingTexts {
    nav_meetings: "会议",
    nav_escalations: "提请督办",
    nav_my_unit: "本单位",
    meetings_title: "会议",
    meeting_new: "新建会议",
    workspace: "会议工作台",
    view_list: "列表",
    view_calendar: "日历",
    prev_month: "上个月",
    next_month: "下个月",
    search_meetings: "会议名称",
    meeting_title: "会议名称",
    kind: "会议类型",
    period: "例会月份",
    trigger: "召开事由",
    trigger_reason: "召开原因",
    starts_at: "开始时间",
    ends_at: "结束时间",
    place: "地点",
    chair: "主持人",
    submission_due: "材料报送截止",
    cancel_reason: "取消原因",
    convening_units: "召集单位",
    invited_units: "参会单位",
    default_place: "区联动指挥中心三楼会议室",
    default_chair: "区委副书记",
    title_hint: "例会可留空，将按月份自动命名。",
    confirm_cancel: "确认取消会议",
    readiness: "会前准备情况",
    ready: "已就绪，可以开始",
    not_ready: "尚未就绪",
    missing_prefix: "缺：",
    preparation: "初步分析研判与主汇报人",
    minutes: "会议记录",
    not_written: "（尚未填写）",
    agenda: "议题",
    no_items: "暂无议题。",
    add_item: "＋ 添加议题",
    move_up: "上移",
    move_down: "下移",
    from_escalation: "提请督办事项",
    item_title: "议题名称",
    summary: "情况概述",
    figures: "数据",
    figures_hint: "每行一项，格式：名称：数值单位，例如 重复投诉：21件",
    case_numbers: "事件编号",
    cases_hint: "平安365平台联动处置事件编号，以空格、逗号或换行分隔",
    causes: "原因分析",
    weak_links: "薄弱环节",
    remedies: "整改措施",
    escalate_q: "是否提请一级督办",
    undecided: "尚未决定",
    escalate_yes: "提请一级督办",
    escalate_no: "不提请",
    decision_reason: "决定理由",
    save_decision: "保存决定",
    choose: "请选择",
    escalation: "提请督办",
    level1_meeting: "一级督办联席会议",
    outcome: "办理结果",
    source_meeting: "来源会议",
    tracker: "各单位研判意见报送情况",
    submitted_at: "报送时间",
    versions: "版本数",
    open: "查看",
    sub_submitted: "已报送",
    sub_late: "逾期报送",
    sub_missing: "未报送",
    attendance: "出席情况",
    attendance_hint: "会议进行中时可登记出席情况。",
    participant_role: "身份",
    attendance_reason: "说明（请假须填写）",
    convening: "召集单位",
    invited: "参会单位",
    conclusions: "分析研判结论",
    no_conclusions: "暂无结论。",
    conclusion_new: "＋ 起草结论",
    conclusion_text: "结论内容",
    recommendations: "对策建议",
    measure: "措施",
    responsible_unit: "责任单位",
    deadline: "完成期限",
    add_recommendation: "＋ 添加对策建议",
    remove: "删除",
    rec_incomplete: "每条对策建议都须填写措施、责任单位和完成期限。",
    adopted: "已通过",
    draft: "草稿",
    superseded: "已被更正",
    correction: "更正",
    adopt: "通过",
    supersede: "更正（取代）",
    raise_escalation: "提请一级督办",
    escalation_reason: "提请理由",
    escalation_raised: "已提请一级督办，等待召集人决定。",
    escalations_lead: "处置不力等突出问题提请一级督办联席会议研究：召集人决定是否受理，联动指挥中心安排进一级督办会议，会后记录办理结果。",
    no_escalations: "暂无提请督办事项。",
    decision_note: "决定意见",
    accept: "同意提请",
    reject: "不同意",
    schedule: "安排进会议",
    resolve: "办结",
    my_submission: "本单位研判意见",
    my_unit_lead: "本单位参加的会议：会前上传材料、报送研判意见，可多次修改报送。",
    no_meetings: "暂无本单位参加的会议。",
    submit_opinion: "报送研判意见",
    history: "报送记录",
    opinion: "研判意见",
    attachments: "相关材料",
    upload: "上传",
    upload_hint: "支持 PDF、OFD、Word、Excel、PowerPoint、PNG、JPEG、txt、csv，单个文件不超过 10 MB。",
    uploaded: "文件已上传，报送时一并提交。",
    submitted: "研判意见已报送。",
    submission_closed: "会议已开始，不能再报送或修改研判意见。",
    no_submissions: "本单位尚未报送。",
    submission: "研判意见",
    cad_held: "✓ 已召开",
    cad_planned: "已安排",
    cad_open: "待召开",
    todo_submit: "报送研判意见：",
    todo_prepare: "准备会议：",
    todo_attend: "参加会议：",
    todo_decide: "决定提请督办：",
    err_cannot_conclude: "会议尚不能结束：须填写会议记录、至少通过一项结论，并对每个处置不力议题作出是否提请一级督办的决定。",
    err_locked: "会议已结束或已取消，不能再修改。",
    err_too_large: "文件过大：单个文件不能超过 10 MB。",
    err_bad_type: "不支持该文件类型或文件内容与类型不符。请上传 PDF、OFD、Word、Excel、PowerPoint、PNG、JPEG、txt 或 csv 文件。",
    err_before_start: "结束时间须晚于开始时间。",
    err_not_allowed: "此类会议不填写此项。",
    err_period: "请按“年-月”填写月份。",
    err_invalid_transition: |allowed| {
        if allowed.is_empty() {
            "会议当前状态不允许此操作。".to_owned()
        } else {
            format!("会议当前状态不允许此操作。可变更为：{allowed}。")
        }
    },
    err_not_ready: |missing| format!("会议尚未准备就绪，不能开始。缺少：{missing}。"),
    regular_title: |period| {
        let (y, m) = period.split_once('-').unwrap_or((period, ""));
        format!(
            "{y}年{}月平安365社会服务管理动态分析研判例会",
            m.trim_start_matches('0')
        )
    },
    version_no: |n| format!("第 {n} 版"),
};

/// The meeting texts of the current language.
pub fn tm() -> &'static MeetingTexts {
    &MEETINGS_ZH_CN
}

/// The name of a meeting kind.
pub fn kind_name(k: MeetingKind) -> &'static str {
    match k {
        MeetingKind::Regular => "例会",
        MeetingKind::SpecialTopic => "专题分析研判会议",
        MeetingKind::Level1Supervision => "一级督办联席会议",
    }
}

/// The name of a meeting status.
pub fn status_name(s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Draft => "草稿",
        MeetingStatus::Scheduled => "已安排",
        MeetingStatus::InProgress => "进行中",
        MeetingStatus::Concluded => "已结束",
        MeetingStatus::Reported => "已通报",
        MeetingStatus::Cancelled => "已取消",
    }
}

/// The button that moves a meeting to `s`.
pub fn transition_name(s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Scheduled => "安排会议",
        MeetingStatus::InProgress => "开始会议",
        MeetingStatus::Concluded => "结束会议",
        MeetingStatus::Reported => "标记为已通报",
        MeetingStatus::Cancelled => "取消会议",
        MeetingStatus::Draft => "退回草稿",
    }
}

/// Why a special-topic meeting is called.
pub fn trigger_name(t: MeetingTrigger) -> &'static str {
    match t {
        MeetingTrigger::SensitivePeriod => "敏感时期",
        MeetingTrigger::MajorEvent => "重大活动",
        MeetingTrigger::HotIssue => "热点问题",
    }
}

/// The five agenda categories (Art. 5).
pub fn category_name(c: AgendaCategory) -> &'static str {
    match c {
        AgendaCategory::RepeatedDemands => "多发易发重复诉求和矛盾纠纷",
        AgendaCategory::PoorDisposal => "处置不力的联动事件",
        AgendaCategory::Satisfaction => "群众满意度评价",
        AgendaCategory::Suggestions => "工作建议及下阶段重点",
        AgendaCategory::Other => "其他事项",
    }
}

pub fn esc_status_name(s: EscalationStatus) -> &'static str {
    match s {
        EscalationStatus::Pending => "待决定",
        EscalationStatus::Accepted => "已同意",
        EscalationStatus::Rejected => "未同意",
        EscalationStatus::Scheduled => "已安排上会",
        EscalationStatus::Resolved => "已办结",
    }
}

pub fn attendance_name(a: Attendance) -> &'static str {
    match a {
        Attendance::Present => "出席",
        Attendance::Absent => "缺席",
        Attendance::Excused => "请假",
    }
}

/// What readiness may lack.
pub fn missing_name(item: yanpan_types::Preparation) -> &'static str {
    use yanpan_types::Preparation;
    match item {
        Preparation::Agenda => "议题",
        Preparation::MainReporter => "主汇报人",
        Preparation::PreliminaryAnalysis => "初步分析研判意见",
    }
}

/// Labels of the meeting's editable texts.
pub fn meeting_field_name(f: &str) -> &'static str {
    match f {
        "main_reporter" => "主汇报人",
        "preliminary_analysis" => "初步分析研判意见",
        _ => "会议记录",
    }
}

/// Texts of the meeting page's header, attendance, agenda and conclusion editing.
pub struct WorkspaceTexts {
    pub early_start_reason: &'static str,
    pub early_title: &'static str,
    pub early_before_day: fn(&str) -> String,
    pub early_before_deadline: fn(&str) -> String,
    pub early_counts_month: fn(&str) -> String,
    pub early_reason: &'static str,
    pub early_confirm: &'static str,
    pub edit_meeting: &'static str,
    pub meeting_title: &'static str,
    pub ends_at: &'static str,
    pub due_recomputed: &'static str,
    pub documents: &'static str,
    pub print: &'static str,
    pub all_present: &'static str,
    pub attendees: &'static str,
    pub attendees_hint: &'static str,
    pub save_attendance: &'static str,
    pub attendance_saved: &'static str,
    pub row_saved: &'static str,
    pub row_unsaved: &'static str,
    pub add_participant: &'static str,
    pub remove_participant: &'static str,
    pub participants_locked: &'static str,
    pub delete_item: &'static str,
    pub confirm_delete_item: &'static str,
    pub delete_draft: &'static str,
    pub confirm_delete_draft: &'static str,
    pub conflict_title: &'static str,
    pub conflict_field: &'static str,
    pub theirs: &'static str,
    pub mine: &'static str,
    pub use_theirs: &'static str,
    pub keep_mine: &'static str,
    pub conflict_resolved: &'static str,
}

pub static WORKSPACE_ZH_CN: WorkspaceTexts = WorkspaceTexts {
    early_start_reason: "提前开始原因",
    early_title: "现在开始会议属于提前召开，请确认：",
    early_before_day: |at| format!("会议原定于 {at} 召开；"),
    early_before_deadline: |at| {
        format!("研判意见报送截止时间为 {at}，开始会议将立即停止报送，尚未报送的单位将不能再报送；")
    },
    early_counts_month: |p| format!("{p} 的例会将计为已召开。"),
    early_reason: "提前开始的原因（记入会议和操作日志）",
    early_confirm: "确认提前开始",
    edit_meeting: "编辑会议信息",
    meeting_title: "会议名称",
    ends_at: "结束时间",
    due_recomputed: "修改开始时间后，报送截止时间将按工作日重新计算。",
    documents: "会议文书",
    print: "打印本页",
    all_present: "全部出席",
    attendees: "出席人员",
    attendees_hint: "多人以顿号或逗号分隔",
    save_attendance: "保存出席情况",
    attendance_saved: "出席情况已保存。",
    row_saved: "已保存",
    row_unsaved: "未保存",
    add_participant: "添加参会单位",
    remove_participant: "移除",
    participants_locked: "会议开始后参会单位不再变动。",
    delete_item: "删除",
    confirm_delete_item: "确定删除该议题？此操作不可撤销。",
    delete_draft: "删除草稿",
    confirm_delete_draft: "确定删除该结论草稿？",
    conflict_title: "他人已修改此议题。以下字段与你的输入不同，请逐项选择后再保存：",
    conflict_field: "字段",
    theirs: "他人的版本",
    mine: "你的输入",
    use_theirs: "采用他人的",
    keep_mine: "保留我的",
    conflict_resolved: "已载入最新版本；未列出的字段两者相同。",
};

pub fn tw() -> &'static WorkspaceTexts {
    &WORKSPACE_ZH_CN
}

// --- search, calendar, subscription, audit details, field labels --------------------------

/// Texts of the search, the working-day calendar, the calendar subscription and the audit
/// log's details.
pub struct FeatureTexts {
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_go: &'static str,
    pub search_title: &'static str,
    pub search_kind: &'static str,
    pub search_hint: &'static str,
    pub search_none: fn(&str) -> String,
    pub search_count: fn(&str, u64) -> String,
    pub nav_calendar: &'static str,
    pub calendar_title: &'static str,
    pub calendar_lead: &'static str,
    pub calendar_year: &'static str,
    pub calendar_prev_year: &'static str,
    pub calendar_next_year: &'static str,
    pub calendar_add: &'static str,
    pub calendar_date: &'static str,
    pub calendar_kind: &'static str,
    pub calendar_name: &'static str,
    pub calendar_name_hint: &'static str,
    pub calendar_weekday: &'static str,
    pub calendar_empty: fn(i32) -> String,
    pub calendar_added: &'static str,
    pub calendar_remove: &'static str,
    pub calendar_remove_confirm: fn(&str, &str) -> String,
    pub calendar_removed: &'static str,
    pub ics_title: &'static str,
    pub ics_lead: &'static str,
    pub ics_once: &'static str,
    pub ics_issue: &'static str,
    pub ics_rotate: &'static str,
    pub ics_rotate_confirm: &'static str,
    pub ics_revoke: &'static str,
    pub ics_revoke_confirm: &'static str,
    pub ics_revoked: &'static str,
    pub ics_none: &'static str,
    pub ics_issued: &'static str,
    pub ics_my: &'static str,
    pub ics_unit: &'static str,
    pub audit_field: &'static str,
    pub audit_object: &'static str,
    pub audit_no_changes: &'static str,
    pub audit_actor_kind_sa: &'static str,
    pub field_generic: &'static str,
    pub field_item: fn(usize) -> String,
    pub err_invalid_value: &'static str,
}

/// Simplified Chinese texts of the search, calendar, subscription and audit details.
pub static FEATURES_ZH_CN: FeatureTexts = FeatureTexts {
    search_label: "全文搜索",
    search_placeholder: "搜索会议、议题、结论、会议记录",
    search_go: "搜索",
    search_title: "搜索结果",
    search_kind: "类别",
    search_hint: "输入关键词，多个词以空格分隔，须全部出现。",
    search_none: |q| format!("没有找到与“{q}”相关的内容。"),
    // The server counts at most 1,000 hits (`MAX_COUNTED`): more than that reads "1000 条以上".
    search_count: |q, n| {
        if n >= 1000 {
            format!("“{q}”找到 1000 条以上结果，仅显示最新的 1000 条，可增加关键词缩小范围")
        } else {
            format!("“{q}”共找到 {n} 条结果")
        }
    },
    nav_calendar: "节假日与调休",
    calendar_title: "节假日与调休",
    calendar_lead: "法定节假日不计为工作日，调休工作日（周末上班）计为工作日；材料报送截止时间按此工作日历计算。",
    calendar_year: "年份",
    calendar_prev_year: "上一年",
    calendar_next_year: "下一年",
    calendar_add: "添加日期",
    calendar_date: "日期",
    calendar_kind: "类型",
    calendar_name: "名称",
    calendar_name_hint: "例如 国庆节、国庆节调休。",
    calendar_weekday: "星期",
    calendar_empty: |y| format!("{y}年尚未登记节假日或调休工作日。"),
    calendar_added: "已添加。",
    calendar_remove: "删除",
    calendar_remove_confirm: |date, name| format!("确定删除 {date}（{name}）吗？"),
    calendar_removed: "已删除。",
    ics_title: "日历订阅",
    ics_lead: "生成私有订阅地址后，可在 Outlook、苹果日历、手机日历等应用中订阅会议日程（iCalendar 格式）。",
    ics_once: "请立即复制订阅地址：它只显示这一次。重新生成后，旧地址立即失效。",
    ics_issue: "生成订阅地址",
    ics_rotate: "重新生成地址",
    ics_rotate_confirm: "重新生成后，旧的订阅地址立即失效，已订阅的日历应用需改用新地址。确定重新生成吗？",
    ics_revoke: "停用订阅",
    ics_revoke_confirm: "停用后，订阅地址立即失效。确定停用吗？",
    ics_revoked: "日历订阅已停用。",
    ics_none: "当前没有日历订阅。",
    ics_issued: "订阅地址已生成。",
    ics_my: "我的会议",
    ics_unit: "本单位的会议",
    audit_field: "字段",
    audit_object: "对象编号",
    audit_no_changes: "无字段变化",
    audit_actor_kind_sa: "服务账号",
    field_generic: "该字段",
    field_item: |i| format!("第{i}项"),
    err_invalid_value: "此项的值不符合要求。",
};

/// The search, calendar, subscription and audit-detail texts of the current language.
pub fn tf() -> &'static FeatureTexts {
    &FEATURES_ZH_CN
}

/// The name of a kind of calendar day.
pub fn calendar_kind_name(k: yanpan_types::CalendarDayKind) -> &'static str {
    match k {
        yanpan_types::CalendarDayKind::Holiday => "法定节假日",
        yanpan_types::CalendarDayKind::Workday => "调休工作日",
    }
}

/// What a search hit is.
pub fn search_entity_name(e: yanpan_types::SearchEntity) -> &'static str {
    use yanpan_types::SearchEntity as S;
    match e {
        S::Meeting => "会议",
        S::AgendaItem => "议题",
        S::Conclusion => "结论",
        S::Minutes => "会议记录",
    }
}

/// The Chinese label of one field name of the API (request bodies, and the records the audit
/// log shows); `None` when unknown.
pub fn field_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "title" => "标题",
        "name" => "名称",
        "code" => "单位代码",
        "kind" => "类型",
        "active" => "启用状态",
        "username" => "用户名",
        "password" => "密码",
        "display_name" => "姓名",
        "role" => "角色",
        "unit_id" => "所属单位",
        "unit" => "单位",
        "unit_name" => "单位名称",
        "current_password" => "当前密码",
        "new_password" => "新密码",
        "confirm_password" => "确认新密码",
        "refresh_token" => "刷新令牌",
        "grant_type" => "授权方式",
        "client_id" => "客户端 ID",
        "client_secret" => "客户端密钥",
        "place" => "地点",
        "chair" => "主持人",
        "starts_at" => "开始时间",
        "ends_at" => "结束时间",
        "period" => "例会月份",
        "trigger" => "召开事由",
        "trigger_reason" => "召开原因",
        "minutes" => "会议记录",
        "task_ids" => "督办任务",
        "findings" => "查究情况",
        "outcome_note" => "结果说明",
        "main_reporter" => "主汇报人",
        "preliminary_analysis" => "初步分析研判意见",
        "reason" => "原因",
        "cancel_reason" => "取消原因",
        "attendance" => "出席情况",
        "attendance_reason" => "请假说明",
        "attendees" => "出席人员",
        "category" => "议题类别",
        "content" => "内容",
        "summary" => "情况概述",
        "evidence" => "数据与事件",
        "figures" => "数据",
        "label" => "名称",
        "value" => "数值",
        "case_numbers" => "事件编号",
        "causes" => "原因分析",
        "weak_links" => "薄弱环节",
        "remedies" => "整改措施",
        "presenting_unit_id" => "汇报单位",
        "item_ids" => "议题顺序",
        "escalate" => "是否提请一级督办",
        "escalation_reason" => "决定理由",
        "escalation" => "提请督办",
        "opinion" => "研判意见",
        "attachment_ids" | "attachments" => "附件",
        "file" => "文件",
        "filename" => "文件名",
        "content_type" => "文件类型",
        "size" => "文件大小",
        "recommendations" => "对策建议",
        "measure" => "措施",
        "responsible_unit_id" => "责任单位",
        "deadline" => "完成期限",
        "text" => "结论内容",
        "conclusions" => "已通过的结论",
        "conclusion_id" => "结论",
        "agenda_item_id" | "agenda_items" | "agenda" => "议题",
        "supersedes_id" => "被更正的结论",
        "superseded_by_id" => "更正后的结论",
        "accept" => "是否同意",
        "note" | "decision_note" => "决定意见",
        "level1_meeting_id" => "一级督办联席会议",
        "level1_item_id" => "一级督办议题",
        "source_escalation_id" => "来源提请",
        "outcome" => "办理结果",
        "date" => "日期",
        "to" => "目标状态",
        "status" => "状态",
        "convening_unit_ids" => "召集单位",
        "invited_unit_ids" => "参会单位",
        "participants" => "参会单位",
        "meeting_id" | "meeting" => "会议",
        "submission_due_at" => "材料报送截止",
        "concluded_at" => "结束于",
        "position" => "顺序",
        "adopted_by" => "通过人",
        "adopted_at" => "通过时间",
        "decided_by" => "决定人",
        "decided_at" => "决定时间",
        "resolved_at" => "办结时间",
        "raised_by" => "提请人",
        "submitted_by" => "报送人",
        "submitted_at" => "报送时间",
        "version_no" => "版本号",
        "late" => "逾期报送",
        "last_used_at" => "最近使用",
        "created_at" => "创建时间",
        "updated_at" => "更新时间",
        "version" => "版本",
        "id" => "编号",
        "body" => "请求内容",
        "q" => "关键词",
        "year" => "年份",
        "entity" => "对象",
        "page" => "页码",
        "page_size" => "每页条数",
        "sort" => "排序",
        "scope" => "范围",
        _ => return None,
    })
}

/// The label of a field path of an error: `minutes` → 会议记录, `items[2].reason` → 第3项·原因,
/// `recommendations[0].measure` → 对策建议第1项·措施, `agenda_items.<id>` → 议题; never the raw
/// code (an unknown field is 「该字段」).
pub fn field_label(path: &str) -> String {
    let f = tf();
    let mut parts: Vec<String> = Vec::new();
    let mut last_known = false;
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        // An id in a path (`agenda_items.<uuid>`) names which one, not what.
        if seg.len() == 36 && seg.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            continue;
        }
        let (name, index) = match seg.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (seg, None),
        };
        let label = field_name(name);
        last_known = label.is_some() || (name.is_empty() && index.is_some());
        let mut out = label.unwrap_or_default().to_owned();
        if let Some(i) = index {
            out.push_str(&(f.field_item)(i + 1));
            last_known = true;
        }
        if !out.is_empty() {
            parts.push(out);
        }
    }
    if parts.is_empty() || !last_known {
        return f.field_generic.to_owned();
    }
    parts.join("·")
}

/// The Chinese name of an enum value in an audited record (`status`, `kind`, `role`, …), when
/// the app knows it.
pub fn audit_value_name(
    entity: yanpan_types::AuditEntity,
    key: &str,
    v: &str,
) -> Option<&'static str> {
    use yanpan_types::AuditEntity as E;
    match (key, entity) {
        ("status", E::Escalation) => v.parse().ok().map(esc_status_name),
        ("status", E::Conclusion) => match v {
            "adopted" => Some(tm().adopted),
            "draft" => Some(tm().draft),
            _ => None,
        },
        ("status" | "to", _) => v.parse().ok().map(status_name),
        ("kind", _) => v
            .parse()
            .ok()
            .map(unit_kind_name)
            .or_else(|| v.parse().ok().map(kind_name))
            .or_else(|| v.parse().ok().map(calendar_kind_name)),
        ("role", _) => v.parse().ok().map(role_name).or(match v {
            "convening" => Some(tm().convening),
            "invited" => Some(tm().invited),
            _ => None,
        }),
        ("category", _) => v.parse().ok().map(category_name),
        ("trigger", _) => v.parse().ok().map(trigger_name),
        ("attendance", _) => v.parse().ok().map(attendance_name),
        _ => None,
    }
}

/// A field error's text by its code, for the codes [`crate::api::field_message`] does not word
/// itself; the API's English message only for the app's own (client-side) errors.
pub fn field_code_message(e: &yanpan_types::FieldError) -> String {
    let s = match e.code.as_str() {
        "client" => return e.message.clone(),
        "unknown" => "所选的记录不存在。",
        "invalid" => "格式不正确。",
        "empty" => "文件为空。",
        "nul_character" => "不能包含空字符（U+0000）。",
        "not_weekend" => "调休工作日只能是周六或周日。",
        "not_failed" => {
            "该督办任务既未逾期、未逾期办结，也未被退回两次以上，不能作为责任查究的依据。"
        }
        "not_of_unit" => "该督办任务不属于被查究单位。",
        "duplicate" => "重复列出。",
        "not_level1" => "只能安排进一级督办联席会议。",
        "other_meeting" => "该议题属于其他会议。",
        "one_source" => "须且只能指定一个议题或一项结论。",
        "not_adopted" => "只能更正本会议已通过的结论。",
        "mismatch" => "须列出本会议的每个议题，且各列一次。",
        "escalation_undecided" => {
            // The item's title travels in the message: 「…」.
            let title = e
                .message
                .split_once('「')
                .and_then(|(_, r)| r.split_once('」'))
                .map(|(t, _)| t)
                .unwrap_or_default();
            return format!("须对「{title}」作出是否提请一级督办的决定。");
        }
        "date_range" | "range" => {
            return match (e.min, e.max) {
                (Some(a), Some(b)) => format!("应在 {a}–{b} 之间。"),
                _ => tf().err_invalid_value.to_owned(),
            };
        }
        "unknown_parameter" => "不支持该查询条件。",
        _ => tf().err_invalid_value,
    };
    s.to_owned()
}

/// A problem's sentence by its code, for the codes [`crate::api::AppError::message`] does not
/// word itself (never the API's English `detail`).
pub fn problem_message(code: yanpan_types::ProblemCode, status: u16) -> String {
    use yanpan_types::ProblemCode as P;
    let s = match code {
        P::AlreadyExists | P::DayExists => "该记录已存在。",
        P::AlreadyParticipant => "该单位已在参会名单中。",
        P::AlreadySuperseded => "该结论已被更正，不能再次更正。",
        P::ConclusionAdopted => "结论已通过，不能再修改；如需更正请起草更正结论。",
        P::ConcurrentSubmission => "本单位正在报送，请稍后刷新查看。",
        P::EscalationDecided => "该提请已有决定。",
        P::ProposalDecided => "该专题会议建议已处理。",
        P::EscalationExists => "该议题已提请一级督办。",
        P::BriefingIssued => "该简报已印发，不能修改；如需更正，请起草更正期。",
        P::BriefingNotIssued => "该简报尚未印发。",
        P::BriefingIncomplete => "简报尚不完整，不能印发。",
        P::NoIssuedBriefing => "该会议尚无已印发的简报，不能标记为已通报。",
        P::AlreadyCorrected => "该期简报已有更正期。",
        P::ReferralClosed => "该责任查究已办结，结果不能再更改。",
        P::AssessmentPublished => "该年度考核结果已公布，规则和结果不能再更改。",
        P::ItemEscalated => "该议题已提请一级督办，不能再修改决定。",
        P::ItemInUse => "该议题仍被引用，无法删除。",
        P::Level1NotHeld => "该事项所安排的一级督办联席会议尚未召开，暂不能办结。",
        P::NotInProgress => "会议未在进行中，不能登记出席情况。",
        P::ReferenceConflict => "所引用的记录不存在或已变化。",
        P::SubmissionsClosed => tm().submission_closed,
        P::AlreadyLevel1 => "一级督办联席会议的议题不能再提请。",
        P::NotPoorDisposal => "只有处置不力的联动事件议题需要作出提请决定。",
        P::IfMatchRequired | P::InvalidIfMatch => "缺少版本信息，请刷新页面后重试。",
        P::Unavailable | P::Busy => "服务器繁忙，请稍后重试。",
        P::MethodNotAllowed | P::HttpError | P::UndocumentedStatus => "请求未能完成。",
        P::MalformedJson | P::UnreadableBody | P::BadMultipart | P::InvalidQuery => {
            "请求内容有误，请检查后重试。"
        }
        _ if status == 401 => t().session_expired,
        _ => "操作未能完成，请稍后重试。",
    };
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(
            (t().too_many_attempts)(30),
            "尝试次数过多，请在 30 秒后再试。"
        );
        assert_eq!(
            (t().too_many_attempts)(61),
            "尝试次数过多，请在 2 分钟后再试。"
        );
        assert_eq!((t().greeting)(9, "王"), "上午好，王");
        assert_eq!(role_name(Role::UnitRep), "单位联络员");
    }

    #[test]
    fn field_labels() {
        assert_eq!(field_label("minutes"), "会议记录");
        assert_eq!(field_label("main_reporter"), "主汇报人");
        assert_eq!(field_label("items[2].reason"), "第3项·原因");
        assert_eq!(
            field_label("recommendations[0].responsible_unit_id"),
            "对策建议第1项·责任单位"
        );
        assert_eq!(
            field_label("agenda_items.0192f0c4-5b1e-7c7a-9d0e-3f2a1b4c5d6e"),
            "议题"
        );
        assert_eq!(field_label("no_such_field"), "该字段");
        assert_eq!(field_label("items[1].no_such_field"), "该字段");
    }
}

// --- flows: submitting with files, escalations, to-dos, readiness, the month of a new meeting ---

/// Texts of the submission, escalation, to-do, readiness and new-meeting flows.
pub struct FlowTexts {
    pub upload_on_submit: &'static str,
    pub chosen_files: fn(&str) -> String,
    pub submitting: &'static str,
    pub upload_failed: fn(&str) -> String,
    pub not_submitted_upload: fn(&str) -> String,
    pub submitted_version: fn(i32, usize) -> String,
    pub esc_done: fn(EscalationStatus, &str) -> String,
    pub no_level1: &'static str,
    pub new_level1: &'static str,
    pub level1_not_held: fn(&str) -> String,
    pub level1_cancelled: &'static str,
    pub meeting_created: fn(&str) -> String,
    pub period_taken: fn(&str) -> String,
    pub period_confirm: &'static str,
    pub state_in_progress: &'static str,
    pub state_concluded: &'static str,
    pub state_reported: &'static str,
    pub state_cancelled: &'static str,
    pub overdue: &'static str,
    pub units_missing: fn(usize) -> String,
    pub todo_chase: &'static str,
    pub todo_schedule_level1: &'static str,
}

/// Simplified Chinese texts of the flows.
pub static FLOWS_ZH_CN: FlowTexts = FlowTexts {
    upload_on_submit: "选好文件即可直接报送，文件随研判意见一并上传。",
    chosen_files: |names| format!("已选择，报送时上传：{names}"),
    submitting: "正在报送…",
    upload_failed: |list| format!("以下文件未能上传：{list}"),
    not_submitted_upload: |list| {
        format!("研判意见未报送：以下文件未能上传，请更换文件后重新报送。{list}")
    },
    submitted_version: |n, files| {
        if files == 0 {
            format!("研判意见已报送（第 {n} 版，无附件）。")
        } else {
            format!("研判意见已报送（第 {n} 版，附件 {files} 个）。")
        }
    },
    esc_done: |status, title| match status {
        EscalationStatus::Accepted => {
            format!("已同意提请“{title}”。下一步：由联动指挥中心安排进一级督办联席会议。")
        }
        EscalationStatus::Rejected => format!("已不同意提请“{title}”。"),
        EscalationStatus::Scheduled => {
            format!("已将“{title}”安排进一级督办联席会议；会议召开后由召集人办结。")
        }
        EscalationStatus::Resolved => format!("“{title}”已办结。"),
        EscalationStatus::Pending => format!("“{title}”待决定。"),
    },
    no_level1: "目前没有可安排的一级督办联席会议（草稿、已安排或进行中）。请先新建一次一级督办联席会议，再将本事项安排进去。",
    new_level1: "新建一级督办会议",
    level1_not_held: |state| {
        format!("一级督办联席会议尚未召开（当前：{state}），会议开始后方可办结。")
    },
    level1_cancelled: "一级督办联席会议已取消，不能在该会议办结。",
    meeting_created: |title| format!("已新建会议“{title}”。"),
    period_taken: |period| {
        let (y, m) = period.split_once('-').unwrap_or((period, ""));
        format!("{y}年{}月已有例会：", m.trim_start_matches('0'))
    },
    period_confirm: "确认在该月再安排一次例会",
    state_in_progress: "会议进行中",
    state_concluded: "已召开，会议已结束",
    state_reported: "已召开，已通报",
    state_cancelled: "会议已取消",
    overdue: "已逾期",
    units_missing: |n| format!("{n} 个单位未报送"),
    todo_chase: "催报研判意见：",
    todo_schedule_level1: "安排一级督办：",
};

/// The flow texts of the current language.
pub fn tfl() -> &'static FlowTexts {
    &FLOWS_ZH_CN
}

// --- the analysis room (研判分析) and the case list (案件) ------------------------------------

/// Texts of the analysis page, the case list and the case drawer.
pub struct AnalysisTexts {
    pub nav_analysis: &'static str,
    pub nav_cases: &'static str,
    pub analysis_lead: &'static str,
    pub cases_lead: &'static str,
    pub month: &'static str,
    pub filters_label: &'static str,
    pub street: &'static str,
    pub category: &'static str,
    pub kind: &'static str,
    pub overdue: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub text_q: &'static str,
    pub text_q_hint: &'static str,
    pub apply: &'static str,
    pub print: &'static str,
    pub period: fn(&str, &str) -> String,
    // figures
    pub figures_title: &'static str,
    pub fig_cases: &'static str,
    pub fig_resolution: &'static str,
    pub fig_on_time: &'static str,
    pub fig_redo: &'static str,
    pub fig_satisfaction: &'static str,
    pub mom: &'static str,
    pub yoy: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    pub flat: &'static str,
    pub no_base: &'static str,
    pub points: &'static str,
    pub fig_sample: fn(u64, u64) -> String,
    // charts
    pub by_category_title: &'static str,
    pub by_category_chart: &'static str,
    pub trend_title: &'static str,
    pub trend_chart: &'static str,
    pub show_table: &'static str,
    pub hide_table: &'static str,
    pub this_period: &'static str,
    pub previous_period: &'static str,
    pub year_ago_period: &'static str,
    pub cases_count: &'static str,
    pub actual: &'static str,
    pub forecast: &'static str,
    pub forecast_band: &'static str,
    pub forecast_interval: &'static str,
    pub trend_forecast: fn(&str, &str, &str, &str) -> String,
    pub trend_error: fn(u32, &str, &str) -> String,
    pub no_forecast: &'static str,
    // downloads
    pub download: &'static str,
    pub download_as: fn(&str, &str) -> String,
    pub by_street_table: &'static str,
    pub sat_unit_table: &'static str,
    pub sat_street_table: &'static str,
    pub sat_category_table: &'static str,
    // tables
    pub heat_title: &'static str,
    pub heat_caption: &'static str,
    pub total: &'static str,
    pub ranking_title: &'static str,
    pub rank: &'static str,
    pub unit: &'static str,
    pub score: &'static str,
    pub resolution_rate: &'static str,
    pub on_time_rate: &'static str,
    pub redo_rate: &'static str,
    pub satisfaction_rate: &'static str,
    pub repeated_title: &'static str,
    pub repeated_lead: fn(u32) -> String,
    /// When the period has more clusters than the answer lists.
    pub repeated_more: fn(u64, usize) -> String,
    pub show_all: fn(usize) -> String,
    pub show_fewer: &'static str,
    pub cluster: &'static str,
    pub basis: &'static str,
    pub first_last: &'static str,
    pub unresolved: &'static str,
    pub latest_status: &'static str,
    pub case_numbers: &'static str,
    pub poor_title: &'static str,
    pub handled: &'static str,
    pub overdue_count: &'static str,
    pub redone: &'static str,
    pub unsatisfied: &'static str,
    pub escalated: &'static str,
    pub poor: &'static str,
    pub more_cases: fn(usize) -> String,
    pub satisfaction_title: &'static str,
    pub sat_by_unit: &'static str,
    pub sat_by_street: &'static str,
    pub sat_by_category: &'static str,
    pub rated: &'static str,
    pub satisfied: &'static str,
    pub interval: &'static str,
    pub interval_hint: &'static str,
    pub most_unsatisfied: &'static str,
    pub comments: &'static str,
    pub hot_title: &'static str,
    pub hot_lead: fn(&str) -> String,
    pub week: &'static str,
    pub baseline: &'static str,
    pub p_value: &'static str,
    pub nothing: &'static str,
    // cases
    pub case_number: &'static str,
    pub received_at: &'static str,
    pub handling_unit: &'static str,
    pub no_cases: &'static str,
    pub open_case: fn(&str) -> String,
    // drawer
    pub drawer_title: fn(&str) -> String,
    pub close: &'static str,
    pub channel: &'static str,
    pub parent_category: &'static str,
    pub community: &'static str,
    pub address: &'static str,
    pub summary: &'static str,
    pub due_at: &'static str,
    pub resolved_at: &'static str,
    pub result: &'static str,
    pub redo_count: &'static str,
    pub supervision: &'static str,
    pub satisfaction: &'static str,
    pub satisfaction_comment: &'static str,
    pub rated_at: &'static str,
    pub platform_updated_at: &'static str,
    pub overdue_yes: &'static str,
    pub overdue_no: &'static str,
}

/// Simplified Chinese texts of the analysis room.
pub static ANALYSIS_ZH_CN: AnalysisTexts = AnalysisTexts {
    nav_analysis: "研判分析",
    nav_cases: "案件",
    analysis_lead: "平安365平台案件的月度分析：总体指标、分类与街道分布、重复诉求、处置不力、满意度与热点问题，供例会研判使用。",
    cases_lead: "平安365平台推送的民生诉求、矛盾纠纷和联动处置事件。",
    month: "月份",
    filters_label: "统计期间与筛选条件",
    street: "街道",
    category: "类别",
    kind: "类型",
    overdue: "超期",
    from: "受理日期自",
    to: "受理日期至",
    text_q: "关键词",
    text_q_hint: "案件编号、内容或地址",
    apply: "查询",
    print: "打印",
    period: |from, to| format!("统计期间：{from} 至 {to}"),
    figures_title: "总体指标",
    fig_cases: "案件数",
    fig_resolution: "办结率",
    fig_on_time: "按期办结率",
    fig_redo: "重办率",
    fig_satisfaction: "满意率",
    mom: "环比",
    yoy: "同比",
    up: "上升",
    down: "下降",
    flat: "持平",
    no_base: "无可比数据",
    points: "个百分点",
    fig_sample: |part, whole| format!("{part} / {whole} 件"),
    by_category_title: "各类别案件数",
    by_category_chart: "各类别案件数：本期、上期与去年同期",
    trend_title: "近12个月案件数与下月预测",
    trend_chart: "近12个月案件数走势与下月预测",
    show_table: "数据表",
    hide_table: "收起数据表",
    this_period: "本期",
    previous_period: "上期",
    year_ago_period: "去年同期",
    cases_count: "案件数",
    actual: "实际",
    forecast: "预测",
    forecast_band: "95% 预测区间",
    forecast_interval: "95% 预测区间",
    trend_forecast: |month, point, lower, upper| {
        format!("{month}预测 {point} 件（95% 预测区间 {lower}–{upper} 件）。")
    },
    trend_error: |n, mape, mae| {
        format!(
            "同一方法对近 {n} 个月逐月回测：平均绝对百分比误差（MAPE）{mape}，平均绝对误差（MAE）{mae} 件。"
        )
    },
    no_forecast: "历史数据不足 12 个月，暂不预测下月案件数。",
    download: "下载",
    // No brackets around the format: the name must contain the button's visible text, and
    // checkers drop parenthesised words (full-width ones too) before comparing.
    download_as: |table, format| format!("下载“{table}” {format}"),
    by_street_table: "各街道案件数",
    sat_unit_table: "满意度·按单位",
    sat_street_table: "满意度·按街道",
    sat_category_table: "满意度·按类别",
    heat_title: "街道 × 类别",
    heat_caption: "各街道各类别案件数（颜色越深，案件越多）",
    total: "合计",
    ranking_title: "单位排名",
    rank: "名次",
    unit: "单位",
    score: "综合得分",
    resolution_rate: "办结率",
    on_time_rate: "按期办结率",
    redo_rate: "重办率",
    satisfaction_rate: "满意率",
    repeated_title: "重复诉求",
    repeated_lead: |n| format!("同一诉求人或同一地址、同一类别在本期内反映 {n} 次及以上的诉求。"),
    repeated_more: |total, n| format!("本期共 {total} 组，按件数列出前 {n} 组。"),
    show_all: |n| format!("显示全部 {n} 组"),
    show_fewer: "收起",
    cluster: "诉求来源",
    basis: "依据",
    first_last: "首次 / 最近",
    unresolved: "未办结",
    latest_status: "最新状态",
    case_numbers: "案件编号",
    poor_title: "处置不力",
    handled: "承办数",
    overdue_count: "超期",
    redone: "重办",
    unsatisfied: "不满意",
    escalated: "督办",
    poor: "处置不力",
    more_cases: |n| format!("等 {n} 件"),
    satisfaction_title: "满意度",
    sat_by_unit: "按单位",
    sat_by_street: "按街道",
    sat_by_category: "按类别",
    rated: "样本量",
    satisfied: "满意",
    interval: "95% 置信区间",
    interval_hint: "满意率的 95% Wilson 置信区间；样本越少区间越宽，排名以区间下限为准。",
    most_unsatisfied: "不满意较多的类别",
    comments: "群众意见",
    hot_title: "热点问题",
    hot_lead: |d| format!("截至 {d} 的一周内，明显高于近十二周平均水平的街道类别问题。"),
    week: "统计周",
    baseline: "周均基线",
    p_value: "P 值",
    nothing: "本期无数据。",
    case_number: "案件编号",
    received_at: "受理时间",
    handling_unit: "承办单位",
    no_cases: "没有符合条件的案件。",
    open_case: |n| format!("查看案件 {n}"),
    drawer_title: |n| format!("案件 {n}"),
    close: "关闭",
    channel: "来源渠道",
    parent_category: "一级类别",
    community: "社区",
    address: "地址",
    summary: "诉求内容",
    due_at: "办理期限",
    resolved_at: "办结时间",
    result: "办理结果",
    redo_count: "退回重办次数",
    supervision: "督办级别",
    satisfaction: "满意度评价",
    satisfaction_comment: "评价意见",
    rated_at: "评价时间",
    platform_updated_at: "平台更新时间",
    overdue_yes: "已超期",
    overdue_no: "未超期",
};

/// The analysis texts of the current language.
pub fn ta() -> &'static AnalysisTexts {
    &ANALYSIS_ZH_CN
}

// --- special-topic proposals (专题会议提议) and the agenda drafted from data ------------------

/// Texts of the proposal queue and of the meeting page's agenda draft.
pub struct TopicTexts {
    pub nav_topics: &'static str,
    pub pending_badge: fn(u64) -> String,
    pub title: &'static str,
    pub lead: &'static str,
    pub status_label: &'static str,
    pub detect_now: &'static str,
    pub detecting: &'static str,
    pub detected: fn(u32, usize) -> String,
    pub heading: fn(&str, &str) -> String,
    pub week: &'static str,
    pub count: &'static str,
    pub baseline: &'static str,
    pub ratio: fn(f64) -> String,
    pub p_value: &'static str,
    pub case_numbers: &'static str,
    pub accept: &'static str,
    pub dismiss: &'static str,
    pub accept_title: &'static str,
    pub accept_hint: &'static str,
    pub accept_confirm: &'static str,
    pub dismiss_reason: &'static str,
    pub dismiss_confirm: &'static str,
    pub decided: fn(&str, &str) -> String,
    pub reason: &'static str,
    pub open_meeting: &'static str,
    pub none_pending: &'static str,
    pub none: &'static str,
    pub convener_only: &'static str,
    pub err_decided: &'static str,
    // the agenda draft of a meeting
    pub draft_generate: &'static str,
    pub draft_regenerate: &'static str,
    pub draft_close: &'static str,
    pub draft_hint: &'static str,
    pub draft_title: &'static str,
    pub draft_period: fn(&str, &str) -> String,
    pub draft_none: &'static str,
    pub adopt: &'static str,
    pub adopted: &'static str,
    pub draft_prelim: &'static str,
    pub copy_prelim: &'static str,
    pub prelim_copied: &'static str,
    pub confirm_replace_prelim: &'static str,
}

/// Simplified Chinese texts of the proposals and the agenda draft.
pub static TOPICS_ZH_CN: TopicTexts = TopicTexts {
    nav_topics: "专题提议",
    pending_badge: |n| format!("{n} 条待决定"),
    title: "专题会议提议",
    lead: "系统每小时检测热点问题（某街道某类诉求一周内明显高于近十二周平均水平），提议召开专题分析研判会议，由召集人决定采纳或不采纳。",
    status_label: "提议状态",
    detect_now: "立即检测",
    detecting: "正在检测…",
    detected: |hot, new| format!("检测完成：发现热点问题 {hot} 个，新增提议 {new} 条。"),
    heading: |street, category| format!("{street} · {category}"),
    week: "统计周",
    count: "本周案件数",
    baseline: "近十二周周均",
    ratio: |r| format!("为周均的 {r:.1} 倍"),
    p_value: "P 值",
    case_numbers: "案件编号",
    accept: "采纳",
    dismiss: "不采纳",
    accept_title: "采纳：新建专题分析研判会议",
    accept_hint: "将新建一次专题分析研判会议（草稿），邀请该街道及承办单位参加，并以该问题及其案件作为第一项议题。",
    accept_confirm: "采纳并新建会议",
    dismiss_reason: "不采纳的原因",
    dismiss_confirm: "确认不采纳",
    decided: |who, when| format!("{who}于 {when} 决定"),
    reason: "原因",
    open_meeting: "查看专题会议",
    none_pending: "没有待决定的提议。",
    none: "没有提议。",
    convener_only: "是否采纳由召集人决定。",
    err_decided: "该提议已由他人处理，列表已刷新。",
    draft_generate: "从数据生成议题草稿",
    draft_regenerate: "重新生成",
    draft_close: "收起草稿",
    draft_hint: "根据会议所属期间的平台案件，起草重复诉求、处置不力、满意度三类议题和初步分析研判意见。采用前不会保存，采用时可先修改。",
    draft_title: "议题草稿",
    draft_period: |from, to| format!("数据期间：{from} 至 {to}"),
    draft_none: "该期间未发现需要提交会议的重复诉求、处置不力或满意度问题。",
    adopt: "采用",
    adopted: "已采用",
    draft_prelim: "初步分析研判意见（草稿）",
    copy_prelim: "填入初步分析研判意见",
    prelim_copied: "已填入“初步分析研判意见”，请核对后保存。",
    confirm_replace_prelim: "“初步分析研判意见”已有内容，确定用草稿替换？",
};

/// The proposal texts of the current language.
pub fn tp() -> &'static TopicTexts {
    &TOPICS_ZH_CN
}

pub fn proposal_status_name(s: yanpan_types::TopicProposalStatus) -> &'static str {
    use yanpan_types::TopicProposalStatus as S;
    match s {
        S::Pending => "待决定",
        S::Accepted => "已采纳",
        S::Dismissed => "不采纳",
    }
}

pub fn case_kind_name(k: yanpan_types::CaseKind) -> &'static str {
    use yanpan_types::CaseKind as K;
    match k {
        K::Demand => "民生诉求",
        K::Dispute => "矛盾纠纷",
        K::Incident => "联动处置事件",
    }
}

pub fn case_status_name(s: yanpan_types::CaseStatus) -> &'static str {
    use yanpan_types::CaseStatus as S;
    match s {
        S::Received => "已受理",
        S::Dispatched => "已派单",
        S::InProgress => "办理中",
        S::Resolved => "已办结",
        S::Closed => "已归档",
    }
}

pub fn case_channel_name(c: yanpan_types::CaseChannel) -> &'static str {
    use yanpan_types::CaseChannel as C;
    match c {
        C::Hotline => "热线电话",
        C::Web => "网站",
        C::App => "移动应用",
        C::WalkIn => "来访",
        C::GridPatrol => "网格巡查",
        C::Other => "其他",
    }
}

pub fn supervision_name(s: yanpan_types::SupervisionLevel) -> &'static str {
    use yanpan_types::SupervisionLevel as L;
    match s {
        L::None => "无",
        L::Level2 => "二级督办",
        L::Level1 => "一级督办",
    }
}

pub fn satisfaction_name(s: yanpan_types::Satisfaction) -> &'static str {
    use yanpan_types::Satisfaction as S;
    match s {
        S::Satisfied => "满意",
        S::BasicallySatisfied => "基本满意",
        S::Unsatisfied => "不满意",
        S::NotReached => "未回访成功",
    }
}

pub fn cluster_basis_name(b: yanpan_types::ClusterBasis) -> &'static str {
    use yanpan_types::ClusterBasis as B;
    match b {
        B::Reporter => "同一诉求人",
        B::Address => "同一地址",
    }
}

// --- supervision (督办任务), referrals (责任查究), the annual assessment (年度考核), notifications ---

/// Texts of the supervision tasks, the accountability referrals, the annual assessment, the
/// notification centre and their to-dos.
pub struct SupervisionTexts {
    pub nav_tasks: &'static str,
    pub nav_referrals: &'static str,
    pub nav_assessment: &'static str,
    // supervision tasks
    pub tasks_lead: &'static str,
    pub measure: &'static str,
    pub unit: &'static str,
    pub meeting: &'static str,
    pub due_on: &'static str,
    pub due_moved: fn(&str) -> String,
    pub returned_count: &'static str,
    pub overdue: &'static str,
    pub done_late: &'static str,
    pub overdue_filter: &'static str,
    pub only_overdue: &'static str,
    pub not_overdue: &'static str,
    pub no_tasks: &'static str,
    pub task_title: &'static str,
    pub report: &'static str,
    pub reported_at: &'static str,
    pub return_reason: &'static str,
    pub verified_at: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub system: &'static str,
    pub step_assigned: &'static str,
    pub step_started: &'static str,
    pub step_reported: &'static str,
    pub step_returned: &'static str,
    pub step_verified: &'static str,
    pub step_withdrawn: &'static str,
    pub take_up: &'static str,
    pub report_done: &'static str,
    pub report_label: &'static str,
    pub report_hint: &'static str,
    pub send_report: &'static str,
    pub report_files: &'static str,
    pub report_files_hint: &'static str,
    pub attachments: &'static str,
    pub verify: &'static str,
    pub return_task: &'static str,
    pub return_label: &'static str,
    pub confirm_return: &'static str,
    pub started: &'static str,
    pub reported: &'static str,
    pub verified: &'static str,
    pub returned: &'static str,
    pub task_moved: &'static str,
    pub waiting_unit: &'static str,
    pub waiting_verify: &'static str,
    pub failed_note: &'static str,
    // referring a unit
    pub refer: &'static str,
    pub refer_title: fn(&str) -> String,
    pub refer_hint: &'static str,
    pub refer_this_task: &'static str,
    pub refer_other_tasks: &'static str,
    pub refer_reason: &'static str,
    pub refer_submit: &'static str,
    pub failed_why: fn(bool, bool, u32) -> String,
    // referrals
    pub referrals_lead: &'static str,
    pub referred_unit: &'static str,
    pub reason: &'static str,
    pub referred_at: &'static str,
    pub referred_by: &'static str,
    pub accepted_at: &'static str,
    pub closed_at: &'static str,
    pub outcome: &'static str,
    pub outcome_note: &'static str,
    pub findings: &'static str,
    pub no_referrals: &'static str,
    pub referral_title: fn(&str) -> String,
    pub tasks: &'static str,
    pub evidence: &'static str,
    pub evidence_hint: &'static str,
    pub fingerprint: &'static str,
    pub evidence_intact: &'static str,
    pub evidence_broken: &'static str,
    pub accept_referral: &'static str,
    pub accepted: &'static str,
    pub close_title: &'static str,
    pub close_referral: &'static str,
    pub closed: &'static str,
    pub choose_outcome: &'static str,
    pub referral_moved: &'static str,
    pub findings_hidden: &'static str,
    pub referral_created: &'static str,
    // the annual assessment
    pub assessment_lead: &'static str,
    pub year: &'static str,
    pub year_name: fn(i32) -> String,
    pub quarter: &'static str,
    pub whole_year: &'static str,
    pub quarter_name: fn(u8) -> String,
    pub period_range: fn(&str, &str) -> String,
    pub published: fn(&str) -> String,
    pub live: &'static str,
    pub not_published: &'static str,
    pub download_xlsx: &'static str,
    pub download_csv: &'static str,
    pub ranking: &'static str,
    pub ranking_hint: &'static str,
    pub rank: &'static str,
    pub attendance_rate: &'static str,
    pub submission_rate: &'static str,
    pub task_rate: &'static str,
    pub case_on_time_rate: &'static str,
    pub satisfaction_rate: &'static str,
    pub base: &'static str,
    pub deductions: &'static str,
    pub score: &'static str,
    pub no_rows: &'static str,
    pub show_detail: fn(&str) -> String,
    pub detail_title: fn(&str) -> String,
    pub detail_counts: fn(&yanpan_types::AssessmentCounts) -> String,
    pub detail_meetings: &'static str,
    pub detail_tasks: &'static str,
    pub detail_referrals: &'static str,
    pub starts_at: &'static str,
    pub attendance: &'static str,
    pub unrecorded: &'static str,
    pub submission: &'static str,
    pub on_time: &'static str,
    pub late: &'static str,
    pub pending: &'static str,
    pub none_yet: &'static str,
    pub rule_title: &'static str,
    pub rule_version: fn(i32, &str, &str) -> String,
    pub rule_default: &'static str,
    pub rule_weights: &'static str,
    pub rule_deductions: &'static str,
    pub attendance_weight: &'static str,
    pub submission_weight: &'static str,
    pub task_weight: &'static str,
    pub case_on_time_weight: &'static str,
    pub satisfaction_weight: &'static str,
    pub per_overdue_task: &'static str,
    pub per_returned_task: &'static str,
    pub per_interview: &'static str,
    pub per_public_criticism: &'static str,
    pub per_admonishment: &'static str,
    pub weights_hint: &'static str,
    pub rule_save: &'static str,
    pub rule_saved: fn(i32) -> String,
    pub rule_frozen: &'static str,
    pub err_weight: &'static str,
    pub err_points: &'static str,
    pub publish: &'static str,
    pub publish_confirm: fn(i32) -> String,
    pub publish_yes: &'static str,
    pub published_now: fn(i32) -> String,
    // notifications
    pub notifications: &'static str,
    pub unread_count: fn(u64) -> String,
    pub notifications_lead: &'static str,
    pub unread: &'static str,
    pub only_unread: &'static str,
    pub read_all: &'static str,
    pub all_read: &'static str,
    pub no_notifications: &'static str,
    // to-dos
    pub todo_task: &'static str,
    pub todo_ack: &'static str,
    pub todo_verify: &'static str,
    pub todo_accept_referral: &'static str,
    pub todo_sign: &'static str,
    pub due_label: fn(&str) -> String,
}

/// Simplified Chinese texts of supervision, referrals, the assessment and notifications.
pub static SUPERVISION_ZH_CN: SupervisionTexts = SupervisionTexts {
    nav_tasks: "督办任务",
    nav_referrals: "责任查究",
    nav_assessment: "年度考核",
    tasks_lead: "会议通过的结论中的对策建议，逐项交由责任单位办理，办结后由区联动指挥中心核验；逾期、逾期办结或两次以上被退回的，可提请区纪委责任查究。",
    measure: "措施",
    unit: "责任单位",
    meeting: "会议",
    due_on: "期限",
    due_moved: |deadline| format!("会议确定的期限为 {deadline}，遇节假日顺延至下一个工作日"),
    returned_count: "退回次数",
    overdue: "逾期",
    done_late: "逾期办结",
    overdue_filter: "是否逾期",
    only_overdue: "仅逾期",
    not_overdue: "未逾期",
    no_tasks: "没有督办任务。",
    task_title: "督办任务",
    report: "办结情况报告",
    reported_at: "报告时间",
    return_reason: "退回原因",
    verified_at: "核验时间",
    history: "办理记录",
    no_history: "暂无办理记录。",
    system: "系统",
    step_assigned: "交办",
    step_started: "开始办理",
    step_reported: "报告办结",
    step_returned: "退回",
    step_verified: "核验通过",
    step_withdrawn: "撤销",
    take_up: "开始办理",
    report_done: "报告办结",
    report_label: "办结情况报告",
    report_hint: "写明采取的措施和取得的成效，提交后由区联动指挥中心核验。",
    send_report: "提交办结报告",
    report_files: "佐证材料（可选）",
    report_files_hint: "整改台账、照片等，可多选；单个文件不超过 10 MB。",
    attachments: "佐证材料",
    verify: "核验通过",
    return_task: "退回",
    return_label: "退回原因",
    confirm_return: "确认退回",
    started: "已开始办理。",
    reported: "已报告办结，等待区联动指挥中心核验。",
    verified: "已核验通过。",
    returned: "已退回责任单位重新办理。",
    task_moved: "该任务的状态已发生变化，页面已刷新。",
    waiting_unit: "等待责任单位办理。",
    waiting_verify: "责任单位已报告办结，等待区联动指挥中心核验。",
    failed_note: "该任务已逾期、逾期办结或两次以上被退回，可提请责任查究。",
    refer: "提请责任查究",
    refer_title: |unit| format!("提请责任查究：{unit}"),
    refer_hint: "提请后，所选督办任务及其全部办理记录将作为证据固定，并生成证据指纹，送区纪委受理。",
    refer_this_task: "本任务",
    refer_other_tasks: "同一单位的其他未按要求办理的督办任务（可一并提请）",
    refer_reason: "提请事由",
    refer_submit: "提交提请",
    failed_why: |overdue, late, returned| {
        let mut why = Vec::new();
        if overdue {
            why.push("逾期未办结".to_owned());
        }
        if late {
            why.push("逾期办结".to_owned());
        }
        if returned >= 2 {
            why.push(format!("被退回 {returned} 次"));
        }
        why.join("、")
    },
    referrals_lead: "对督办任务逾期、逾期办结或多次退回的单位，由区联动指挥中心或召集人提请区纪委责任查究；区纪委受理后作出处理结果。",
    referred_unit: "被查究单位",
    reason: "提请事由",
    referred_at: "提请时间",
    referred_by: "提请人",
    accepted_at: "受理时间",
    closed_at: "办结时间",
    outcome: "处理结果",
    outcome_note: "结果说明",
    findings: "查究情况",
    no_referrals: "没有责任查究记录。",
    referral_title: |unit| format!("责任查究：{unit}"),
    tasks: "涉及督办任务",
    evidence: "证据",
    evidence_hint: "提请时固定的督办任务及办理记录（JSON），任何人都可以重新计算其 SHA-256 指纹进行核对。",
    fingerprint: "证据指纹（SHA-256）",
    evidence_intact: "证据完整",
    evidence_broken: "证据已被改动",
    accept_referral: "受理",
    accepted: "已受理。",
    close_title: "办结",
    close_referral: "办结",
    closed: "已办结，处理结果已通知被查究单位。",
    choose_outcome: "请选择",
    referral_moved: "该责任查究的状态已发生变化，页面已刷新。",
    findings_hidden: "查究情况由区纪委掌握，不向被查究单位公开。",
    referral_created: "已提请责任查究。",
    assessment_lead: "按各街道、部门全年参加会议、报送研判意见、办理督办任务和案件的情况，依考核规则计分排名；结果公布后固定，不再变化。",
    year: "年度",
    year_name: |y| format!("{y}年"),
    quarter: "期间",
    whole_year: "全年",
    quarter_name: |q| {
        let n = ["一", "二", "三", "四"];
        format!(
            "第{}季度",
            n.get(usize::from(q.saturating_sub(1)))
                .copied()
                .unwrap_or("")
        )
    },
    period_range: |from, to| format!("统计期间：{from} 至 {to}"),
    published: |at| format!("已公布（{at}）"),
    live: "未公布 · 实时计算",
    not_published: "本年度考核结果尚未公布",
    download_xlsx: "下载 Excel",
    download_csv: "下载 CSV",
    ranking: "考核排名",
    ranking_hint: "点击单位名称或任一数字，可查看其背后的会议、督办任务和责任查究记录。",
    rank: "名次",
    attendance_rate: "出席率",
    submission_rate: "按时报送率",
    task_rate: "督办按期率",
    case_on_time_rate: "案件按期办结率",
    satisfaction_rate: "满意率",
    base: "基础分",
    deductions: "扣分",
    score: "总分",
    no_rows: "没有参加考核的单位。",
    show_detail: |unit| format!("查看{unit}的考核明细"),
    detail_title: |unit| format!("{unit}：考核明细"),
    detail_counts: |c| {
        format!(
            "应参加会议 {} 次：出席 {}、请假 {}、缺席 {}、未登记 {}；研判意见按时报送 {}、逾期报送 {}、未报送 {}；到期督办任务 {} 项：按期办结 {}、逾期 {}，被退回 {} 次；责任查究 {} 起；办理案件 {} 件。",
            c.meetings,
            c.present,
            c.excused,
            c.absent,
            c.unrecorded,
            c.submissions_on_time,
            c.submissions_late,
            c.submissions_missing,
            c.tasks_due,
            c.tasks_on_time,
            c.tasks_overdue,
            c.tasks_returned,
            c.referrals,
            c.cases
        )
    },
    detail_meetings: "参加会议与报送",
    detail_tasks: "督办任务",
    detail_referrals: "责任查究",
    starts_at: "会议时间",
    attendance: "出席情况",
    unrecorded: "未登记",
    submission: "研判意见",
    on_time: "按期",
    late: "逾期",
    pending: "未到期",
    none_yet: "无",
    rule_title: "考核规则",
    rule_version: |v, who, at| format!("第 {v} 版，{who}于 {at} 设定"),
    rule_default: "默认规则（本年度尚未设定）",
    rule_weights: "指标权重",
    rule_deductions: "扣分标准（每项/每次）",
    attendance_weight: "出席率权重",
    submission_weight: "按时报送率权重",
    task_weight: "督办按期率权重",
    case_on_time_weight: "案件按期办结率权重",
    satisfaction_weight: "满意率权重",
    per_overdue_task: "督办任务逾期",
    per_returned_task: "督办任务被退回",
    per_interview: "约谈",
    per_public_criticism: "通报批评",
    per_admonishment: "诫勉谈话",
    weights_hint: "基础分为各项比率按权重加权的平均数（满分 100 分），无数据的指标不参与加权；总分 = 基础分 − 扣分。",
    rule_save: "保存为新版本",
    rule_saved: |v| format!("考核规则已保存为第 {v} 版，排名已按新规则重新计算。"),
    rule_frozen: "本年度考核结果已公布，考核规则不能再修改。",
    err_weight: "请输入 0–100 之间的整数。",
    err_points: "请输入 0–100 之间的数。",
    publish: "公布考核结果",
    publish_confirm: |y| {
        format!(
            "公布后，{y}年度考核结果将按现行规则计算并固定，考核规则不能再修改，各单位可以查看排名。确定公布吗？"
        )
    },
    publish_yes: "确认公布",
    published_now: |y| format!("{y}年度考核结果已公布。"),
    notifications: "通知",
    unread_count: |n| format!("（{n} 条未读）"),
    notifications_lead: "与您和本单位有关的简报、督办任务和责任查究动态。点击一条通知即标为已读并打开相关页面。",
    unread: "未读",
    only_unread: "只看未读",
    read_all: "全部标为已读",
    all_read: "已全部标为已读。",
    no_notifications: "暂无通知。",
    todo_task: "办理督办任务：",
    todo_ack: "阅知简报：",
    todo_verify: "核验督办任务：",
    todo_accept_referral: "受理责任查究：",
    todo_sign: "签发简报：",
    due_label: |d| format!("期限 {d}"),
};

/// The supervision texts of the current language.
pub fn tsv() -> &'static SupervisionTexts {
    &SUPERVISION_ZH_CN
}

pub fn task_status_name(s: yanpan_types::TaskStatus) -> &'static str {
    use yanpan_types::TaskStatus as S;
    match s {
        S::Open => "待办理",
        S::InProgress => "办理中",
        S::Done => "已报告办结",
        S::Verified => "已核验",
        S::Withdrawn => "已撤销",
    }
}

pub fn referral_status_name(s: yanpan_types::ReferralStatus) -> &'static str {
    use yanpan_types::ReferralStatus as S;
    match s {
        S::Submitted => "待受理",
        S::Accepted => "已受理",
        S::Closed => "已办结",
    }
}

pub fn outcome_name(o: yanpan_types::ReferralOutcome) -> &'static str {
    use yanpan_types::ReferralOutcome as O;
    match o {
        O::Interview => "约谈",
        O::PublicCriticism => "通报批评",
        O::Admonishment => "诫勉谈话",
        O::NoAction => "不予追究",
    }
}

pub fn notification_kind_name(k: yanpan_types::NotificationKind) -> &'static str {
    use yanpan_types::NotificationKind as K;
    match k {
        K::BriefingInReview => "简报待签发",
        K::BriefingIssued => "简报已印发",
        K::TaskAssigned => "督办任务交办",
        K::TaskReported => "督办任务报告办结",
        K::TaskReturned => "督办任务被退回",
        K::TaskDueSoon => "督办任务即将到期",
        K::TaskOverdue => "督办任务逾期",
        K::ReferralMade => "提请责任查究",
        K::ReferralClosed => "责任查究办结",
    }
}

// --- special supervision (专项督查), the level-1 outcome's task, the briefing to-do ------------

/// Texts of the special supervisions, of the responsible unit of a level-1 outcome and of the
/// command center's 起草简报 to-do.
pub struct InspectionTexts {
    pub nav: &'static str,
    pub lead: &'static str,
    pub rep_lead: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub created_at: &'static str,
    pub created_by: &'static str,
    pub task_count: &'static str,
    pub checked_count: &'static str,
    pub none: &'static str,
    pub start: &'static str,
    pub pick_tasks: &'static str,
    pub pick_hint: &'static str,
    pub pick_column: &'static str,
    pub pick_label: fn(&str) -> String,
    pub chosen: fn(usize) -> String,
    pub clear_chosen: &'static str,
    pub err_no_tasks: &'static str,
    pub err_too_many: &'static str,
    pub submit: &'static str,
    pub created: &'static str,
    pub title: &'static str,
    pub progress: fn(usize, usize) -> String,
    pub task: &'static str,
    pub task_status: &'static str,
    pub finding: &'static str,
    pub not_checked: &'static str,
    pub checked_by: fn(&str, &str) -> String,
    pub record: &'static str,
    pub correct: &'static str,
    pub finding_label: fn(&str) -> String,
    pub finding_saved: &'static str,
    pub no_items: &'static str,
    // resolving a level-1 matter with a responsible unit
    pub resolve_unit: &'static str,
    pub resolve_no_unit: &'static str,
    pub resolve_deadline: &'static str,
    pub resolve_hint: &'static str,
    pub resolve_task_made: fn(&str, &str) -> String,
    // the command center's to-do
    pub todo_draft_briefing: &'static str,
}

/// Simplified Chinese texts of the special supervisions.
pub static INSPECTIONS_ZH_CN: InspectionTexts = InspectionTexts {
    nav: "专项督查",
    lead: "围绕某一类问题，对一批督办任务集中开展专项督查，逐项记录检查情况；各责任单位可查看本单位任务的检查结果。",
    rep_lead: "以下专项督查涉及本单位的督办任务，仅显示本单位的任务及其检查情况。",
    name: "督查名称",
    description: "督查说明",
    created_at: "发起时间",
    created_by: "发起人",
    task_count: "督办任务",
    checked_count: "已检查",
    none: "尚无专项督查。",
    start: "发起专项督查",
    pick_tasks: "纳入督查的督办任务",
    pick_hint: "按状态或是否逾期筛选后勾选；翻页、改变筛选条件不影响已勾选的任务（最多 200 项）。",
    pick_column: "选择",
    pick_label: |measure| format!("纳入督查：{measure}"),
    chosen: |n| format!("已选 {n} 项督办任务"),
    clear_chosen: "清空所选",
    err_no_tasks: "请至少勾选一项督办任务。",
    err_too_many: "一次专项督查最多纳入 200 项督办任务。",
    submit: "发起督查",
    created: "已发起专项督查。",
    title: "专项督查",
    progress: |n, m| format!("共 {n} 项督办任务，已检查 {m} 项。"),
    task: "督办任务",
    task_status: "任务状态",
    finding: "检查情况",
    not_checked: "尚未检查",
    checked_by: |who, at| {
        if who.is_empty() {
            format!("记录于 {at}")
        } else {
            format!("{who} 记录于 {at}")
        }
    },
    record: "记录检查情况",
    correct: "更正",
    finding_label: |measure| format!("检查情况：{measure}"),
    finding_saved: "检查情况已保存。",
    no_items: "本次督查没有可查看的督办任务。",
    resolve_unit: "责任单位",
    resolve_no_unit: "不指定",
    resolve_deadline: "完成期限",
    resolve_hint: "如需由责任单位落实办结意见，请同时选择责任单位和完成期限，办结后生成该单位的督办任务；不需要则都不填。",
    resolve_task_made: |unit, deadline| format!("已生成{unit}的督办任务，完成期限 {deadline}。"),
    todo_draft_briefing: "起草简报：",
};

/// The special-supervision texts of the current language.
pub fn tin() -> &'static InspectionTexts {
    &INSPECTIONS_ZH_CN
}

// --- briefings and special reports (简报、专题报告, Art. 7) ----------------------------------------

/// Texts of the briefing pages: the list, the editor, the print view and the public pages.
pub struct BriefingTexts {
    pub nav: &'static str,
    pub lead: &'static str,
    pub rep_lead: &'static str,
    pub kind: &'static str,
    pub issue_label: &'static str,
    pub title: &'static str,
    pub meeting: &'static str,
    pub acknowledged: &'static str,
    pub acknowledged_of: fn(u32, usize) -> String,
    pub issued_at: &'static str,
    pub issued_by: &'static str,
    pub created_by: &'static str,
    pub public: &'static str,
    pub published: &'static str,
    pub not_published: &'static str,
    pub none: &'static str,
    pub new_special: &'static str,
    pub draft_from_meeting: &'static str,
    pub of_meeting: &'static str,
    pub none_for_meeting: &'static str,
    pub drafted: &'static str,
    pub dynamics: &'static str,
    pub problems: &'static str,
    pub opinions: &'static str,
    pub recipients: &'static str,
    pub recipients_hint: &'static str,
    pub recipient_unit: &'static str,
    pub recipient_role: &'static str,
    pub read_state: &'static str,
    pub read_at: fn(&str, &str) -> String,
    pub unread: &'static str,
    pub add_recipient: &'static str,
    pub choose_unit: &'static str,
    pub remove: &'static str,
    pub remove_label: fn(&str) -> String,
    pub save: &'static str,
    pub saved: &'static str,
    pub submit_review: &'static str,
    pub submitted: &'static str,
    pub issue: &'static str,
    pub issued: fn(&str) -> String,
    pub send_back: &'static str,
    pub send_back_reason: &'static str,
    pub sent_back: &'static str,
    pub return_reason: &'static str,
    pub publish: &'static str,
    pub published_notice: &'static str,
    pub public_link: &'static str,
    pub acknowledge: &'static str,
    pub acknowledged_notice: &'static str,
    pub my_unit_read: fn(&str) -> String,
    pub download_docx: &'static str,
    pub print_view: &'static str,
    pub print: &'static str,
    pub back: &'static str,
    pub delete: &'static str,
    pub confirm_delete: &'static str,
    pub deleted: &'static str,
    pub draft_correction: &'static str,
    pub corrects: fn(&str) -> String,
    pub corrected_by: &'static str,
    pub moved: &'static str,
    pub stale: &'static str,
    // the print view, after GB/T 9704-2012
    pub masthead_top: &'static str,
    pub masthead: &'static str,
    pub masthead_special: &'static str,
    pub unnumbered: &'static str,
    pub printed: fn(&str) -> String,
    pub issuing_unit: &'static str,
    pub draft_mark: &'static str,
    pub sec_dynamics: &'static str,
    pub sec_problems: &'static str,
    pub sec_opinions: &'static str,
    pub line_report: &'static str,
    pub line_send: &'static str,
    pub line_distribute: &'static str,
    pub print_hint: &'static str,
    // the public pages
    pub public_title: &'static str,
    pub public_lead: &'static str,
    pub public_none: &'static str,
    pub feed: &'static str,
    pub public_back: &'static str,
    pub sign_in: &'static str,
}

/// Simplified Chinese texts of the briefing pages.
pub static BRIEFINGS_ZH_CN: BriefingTexts = BriefingTexts {
    nav: "简报通报",
    lead: "会议结束后由研判室起草简报或专题报告，经召集人签发后按期编号印发至区领导和各有关单位，并可在平台上公开发布。",
    rep_lead: "以下是印发给本单位的简报和专题报告，阅后请点击“已阅”。",
    kind: "类别",
    issue_label: "期号",
    title: "标题",
    meeting: "所涉会议",
    acknowledged: "阅知",
    acknowledged_of: |n, m| format!("{n}/{m}"),
    issued_at: "印发时间",
    issued_by: "签发人",
    created_by: "起草人",
    public: "公开",
    published: "已公开",
    not_published: "未公开",
    none: "尚无简报。",
    new_special: "起草专题报告",
    draft_from_meeting: "起草简报",
    of_meeting: "会议简报",
    none_for_meeting: "本次会议尚无简报。",
    drafted: "已起草，请核改后提交审核。",
    dynamics: "近期动态",
    problems: "存在问题",
    opinions: "处理意见",
    recipients: "发送范围",
    recipients_hint: "“报”送区委、区政府等领导机关，“送”有关单位知悉，“发”承办单位落实。印发前可调整。",
    recipient_unit: "单位",
    recipient_role: "方式",
    read_state: "阅知情况",
    read_at: |who, at| {
        if who.is_empty() {
            format!("已阅（{at}）")
        } else {
            format!("已阅（{who}，{at}）")
        }
    },
    unread: "未阅",
    add_recipient: "添加单位",
    choose_unit: "选择单位",
    remove: "移除",
    remove_label: |unit| format!("从发送范围移除{unit}"),
    save: "保存",
    saved: "已保存。",
    submit_review: "提交审核",
    submitted: "已提交召集人审核。",
    issue: "签发印发",
    issued: |label| format!("已签发印发，期号 {label}。"),
    send_back: "退回修改",
    send_back_reason: "退回理由",
    sent_back: "已退回起草人修改。",
    return_reason: "退回理由",
    publish: "在平台上公开",
    published_notice: "已在平台上公开，无需登录即可查看。",
    public_link: "公开页面",
    acknowledge: "已阅",
    acknowledged_notice: "已登记本单位阅知。",
    my_unit_read: |at| format!("本单位已于 {at} 阅知。"),
    download_docx: "下载公文（Word）",
    print_view: "打印版式",
    print: "打印 / 存为PDF",
    back: "返回简报",
    delete: "删除草稿",
    confirm_delete: "确定删除这份草稿吗？删除后不能恢复。",
    deleted: "草稿已删除。",
    draft_correction: "起草更正期",
    corrects: |label| format!("本期更正 {label}"),
    corrected_by: "已被更正，见更正期",
    moved: "简报刚被他人改动，已显示最新内容。",
    stale: "简报已被他人修改，请刷新后再保存。",
    masthead_top: "平安365社会服务管理",
    masthead: "动态分析研判简报",
    masthead_special: "动态分析研判专题报告",
    unnumbered: "（未编号）",
    printed: |date| format!("{date}印发"),
    issuing_unit: "区社会治理综合指挥服务中心",
    draft_mark: "（未印发稿）",
    sec_dynamics: "一、近期动态",
    sec_problems: "二、存在问题",
    sec_opinions: "三、处理意见",
    line_report: "报：",
    line_send: "送：",
    line_distribute: "发：",
    print_hint: "版式依 GB/T 9704-2012：A4 纸，天头 37 mm、订口 28 mm。用浏览器打印即可存为 PDF（页边距选“默认”，缩放 100%）。",
    public_title: "公开简报",
    public_lead: "上城区平安365社会服务管理动态分析研判简报和专题报告（公开部分）。",
    public_none: "尚无公开的简报。",
    feed: "订阅（Atom）",
    public_back: "全部公开简报",
    sign_in: "工作人员登录",
};

/// The briefing texts of the current language.
pub fn tbr() -> &'static BriefingTexts {
    &BRIEFINGS_ZH_CN
}

pub fn briefing_kind_name(k: yanpan_types::BriefingKind) -> &'static str {
    match k {
        yanpan_types::BriefingKind::Briefing => "简报",
        yanpan_types::BriefingKind::SpecialReport => "专题报告",
    }
}

pub fn briefing_status_name(s: yanpan_types::BriefingStatus) -> &'static str {
    match s {
        yanpan_types::BriefingStatus::Draft => "草稿",
        yanpan_types::BriefingStatus::InReview => "待签发",
        yanpan_types::BriefingStatus::Issued => "已印发",
    }
}

pub fn recipient_role_name(r: yanpan_types::RecipientRole) -> &'static str {
    match r {
        yanpan_types::RecipientRole::Report => "报",
        yanpan_types::RecipientRole::Send => "送",
        yanpan_types::RecipientRole::Distribute => "发",
    }
}
