use leptos::prelude::*;
#[component] pub fn ServiceAccountsPage() -> impl IntoView { view! { <p>"todo"</p> } }
