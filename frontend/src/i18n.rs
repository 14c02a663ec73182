//! Every user-visible string of the app, in one place.
//!
//! The app reads its texts through [`t()`]; a second language is another `static` of type
//! [`Texts`] (and a way to choose it). Strings with values are plain `fn` pointers so that each
//! language can order the words its own way.

use yanpan_types::{Role, UnitKind};

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

/// The name of an audited record kind (the audit log's `entity`).
pub fn entity_name(entity: &str) -> &str {
    match entity {
        "unit" => "单位",
        "user" => "用户",
        "service_account" => "服务账号",
        "session" => "登录会话",
        "meeting" => "会议",
        other => other,
    }
}

/// The name of an audited action.
pub fn action_name(action: &str) -> &str {
    match action {
        "create" => "创建",
        "update" => "修改",
        "delete" => "删除",
        "login" => "登录",
        "logout" => "退出",
        "refresh" => "刷新令牌",
        "refresh_reuse_detected" => "令牌重用（会话已终止）",
        "revoke" => "吊销",
        "token" => "获取令牌",
        "update_profile" => "修改个人信息",
        "change_password" => "修改密码",
        "transition" => "状态变更",
        other => other,
    }
}

/// Entities offered in the audit log's filter.
pub const AUDIT_ENTITIES: &[&str] = &["unit", "user", "service_account", "session"];
/// Actions offered in the audit log's filter.
pub const AUDIT_ACTIONS: &[&str] = &[
    "create",
    "update",
    "delete",
    "login",
    "logout",
    "refresh",
    "refresh_reuse_detected",
    "revoke",
    "token",
    "update_profile",
    "change_password",
];

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
}
