use leptos::prelude::*;
#[component] pub fn UsersPage() -> impl IntoView { view! { <p>"todo"</p> } }
#[component] pub fn UserNewPage() -> impl IntoView { view! { <p>"todo"</p> } }
#[component] pub fn UserEditPage() -> impl IntoView { view! { <p>"todo"</p> } }
