//! Typed route parameters.

use leptos::Params;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use leptos_router::params::Params;
use uuid::Uuid;

/// The `:id` of a route such as `/meetings/:id`.
#[derive(Params)]
struct IdParams {
    id: Uuid,
}

/// Reads the `:id` of the path (`None` when it is missing or not a UUID: the pages answer 未找到).
///
/// One memo over the params map: `use_params::<IdParams>()` would add a second one of its own
/// type (`Memo<Result<IdParams, ParamsError>>`), about 0.7 KB of the gzipped wasm for nothing.
pub fn id_param() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| IdParams::from_map(p).ok().map(|p| p.id)))
}
