//! Pagination, string enums and small helpers used by every resource.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

/// Largest page a list endpoint returns.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Page size when the client gives none.
pub const DEFAULT_PAGE_SIZE: u64 = 20;

/// `page` and `page_size` of every list endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1-based page number.
    #[serde(default = "default_page")]
    #[param(minimum = 1, maximum = 1000000, default = 1)]
    #[validate(range(min = 1, max = 1_000_000))]
    pub page: u64,
    /// Items per page (at most 100).
    #[serde(default = "default_page_size")]
    #[param(minimum = 1, maximum = 100, default = 20)]
    #[validate(range(min = 1, max = 100))]
    pub page_size: u64,
}

fn default_page() -> u64 {
    1
}
fn default_page_size() -> u64 {
    DEFAULT_PAGE_SIZE
}

impl Default for PageParams {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl PageParams {
    pub fn new(page: u64, page_size: u64) -> Self {
        Self { page, page_size }
    }
    pub fn offset(&self) -> u64 {
        (self.page.saturating_sub(1)).saturating_mul(self.page_size)
    }
}

/// One page of a list, with the total number of matching items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Number of items matching the filters, over all pages.
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

impl<T> Page<T> {
    pub fn last_page(&self) -> u64 {
        if self.total == 0 {
            1
        } else {
            self.total.div_ceil(self.page_size.max(1))
        }
    }
}

/// Deserialises a field that may be absent (`None`), `null` (`Some(None)`) or a value.
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// Defines a string enum with its wire names, `as_str`, `ALL` and `FromStr`, once.
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, utoipa::ToSchema)]
        // Wire names are the snake_case variant names (read by utoipa for the spec); a test checks
        // they equal `as_str`. Serde goes through `as_str`/`FromStr` (below): one table of names
        // instead of serde's derived visitors, which matters for the SPA's download size.
        #[serde(rename_all = "snake_case")]
        // The same names in the database's text columns (the server enables `db`; the SPA does not).
        #[cfg_attr(feature = "db", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
        #[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(sea_orm::sea_query::StringLen::N(32))"))]
        pub enum $name {
            $($(#[$vmeta])* #[cfg_attr(feature = "db", sea_orm(string_value = $wire))] $variant),+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $name {
            type Err = $crate::UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($wire => Ok($name::$variant),)+ _ => Err($crate::UnknownVariant(s.to_owned())) }
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Names;
                impl serde::de::Visitor<'_> for Names {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name)))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        v.parse().map_err(|_| E::unknown_variant(v, &[$($wire),+]))
                    }
                }
                d.deserialize_str(Names)
            }
        }
    };
}

/// The first and last year of any date the API accepts. A sanity bound: year 0, negative years
/// and `+10000` are typing errors here, and whatever is stored must come back as a valid RFC 3339
/// `date`/`date-time`.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

fn year_error() -> validator::ValidationError {
    let mut e = validator::ValidationError::new("date_range")
        .with_message(format!("the year must be between {FIRST_YEAR} and {LAST_YEAR}").into());
    e.add_param("min".into(), &FIRST_YEAR);
    e.add_param("max".into(), &LAST_YEAR);
    e
}

/// An instant within `FIRST_YEAR..=LAST_YEAR`.
pub fn sane_instant(t: &chrono::DateTime<chrono::Utc>) -> Result<(), validator::ValidationError> {
    use chrono::Datelike;
    (FIRST_YEAR..=LAST_YEAR)
        .contains(&t.year())
        .then_some(())
        .ok_or_else(year_error)
}

/// A calendar date within `FIRST_YEAR..=LAST_YEAR`.
pub fn sane_date(d: &chrono::NaiveDate) -> Result<(), validator::ValidationError> {
    use chrono::Datelike;
    (FIRST_YEAR..=LAST_YEAR)
        .contains(&d.year())
        .then_some(())
        .ok_or_else(year_error)
}

/// A string that names no variant of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariant(pub String);

impl std::fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown value `{}`", self.0)
    }
}
impl std::error::Error for UnknownVariant {}

/// Health and readiness answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok` when healthy.
    pub status: String,
}

#[cfg(test)]
mod tests {
    use crate::{Role, UnitKind};

    #[test]
    fn wire_names_match_as_str() {
        for r in Role::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
            assert_eq!(r.as_str().parse::<Role>().unwrap(), *r);
        }
        for k in UnitKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
}
