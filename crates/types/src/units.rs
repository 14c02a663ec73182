//! Organisational units: the offices, the command center, streets, departments and invited organisations.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

crate::string_enum! {
    /// What kind of body a unit is (Art. 1–3 of the work system).
    UnitKind {
        /// 区委办
        PartyOffice = "party_office",
        /// 区政府办
        GovernmentOffice = "government_office",
        /// 联动指挥中心
        CommandCenter = "command_center",
        /// 街道
        Street = "street",
        /// 职能部门
        Department = "department",
        /// 区纪委监察局
        DisciplineCommission = "discipline_commission",
        /// 企事业单位
        Enterprise = "enterprise",
        /// 社会组织
        SocialOrganization = "social_organization",
    }
}

/// A unit as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Unit {
    pub id: Uuid,
    /// Stable short code, unique, e.g. `street-qingbo`.
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub active: bool,
    /// Row version; the `ETag` is `"<version>"`.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Create a unit (admin).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateUnit {
    #[validate(
        length(min = 2, max = 32),
        custom(function = "crate::users::validate_code")
    )]
    #[schema(
        example = "street-qingbo",
        min_length = 2,
        max_length = 32,
        pattern = "^[a-z0-9][a-z0-9_-]*$"
    )]
    pub code: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(example = "清波街道", min_length = 1, max_length = 100)]
    pub name: String,
    pub kind: UnitKind,
}

/// Change a unit (admin). Absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateUnit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<UnitKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// Filters of the unit list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    pub kind: Option<UnitKind>,
    pub active: Option<bool>,
    /// Substring of the name or code.
    #[validate(length(max = 100))]
    #[param(max_length = 100)]
    pub q: Option<String>,
}
