//! The routes: which page answers which path. Add a page: write it under `pages/`, then add a
//! `<Route>` here (inside the `Shell` for signed-in pages, inside `AdminGate` for admins only).

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::{self, Auth};
use crate::components::flash::Flash;
use crate::components::{AdminGate, NotFound, Shell};
use crate::pages::admin::{audit::AuditPage, service_accounts::ServiceAccountsPage, units, users};
use crate::pages::escalations::EscalationsPage;
use crate::pages::meeting::MeetingPage;
use crate::pages::meetings::{MeetingNewPage, MeetingsPage};
use crate::pages::my_unit::{MyUnitPage, SubmissionPage};
use crate::pages::search::SearchPage;
use crate::pages::{home::HomePage, me::MePage, sign_in::SignInPage};

#[component]
pub fn App() -> impl IntoView {
    let auth = Auth::new();
    provide_context(auth);
    api::init(auth);
    provide_context(Flash(RwSignal::new(None)));
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=SignInPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("me") view=MePage/>
                    <Route path=path!("meetings") view=MeetingsPage/>
                    <Route path=path!("meetings/new") view=MeetingNewPage/>
                    <Route path=path!("meetings/:id") view=MeetingPage/>
                    <Route path=path!("submissions/:id") view=SubmissionPage/>
                    <Route path=path!("escalations") view=EscalationsPage/>
                    <Route path=path!("my-unit") view=MyUnitPage/>
                    <Route path=path!("search") view=SearchPage/>
                    <ParentRoute path=path!("admin") view=AdminGate>
                        <Route path=path!("") view=|| view! { <Redirect path="/admin/units"/> }/>
                        <Route path=path!("units") view=units::UnitsPage/>
                        <Route path=path!("units/new") view=units::UnitNewPage/>
                        <Route path=path!("units/:id") view=units::UnitEditPage/>
                        <Route path=path!("users") view=users::UsersPage/>
                        <Route path=path!("users/new") view=users::UserNewPage/>
                        <Route path=path!("users/:id") view=users::UserEditPage/>
                        <Route path=path!("service-accounts") view=ServiceAccountsPage/>
                        <Route path=path!("audit") view=AuditPage/>
                        <Route path=path!("calendar") view=crate::pages::admin::calendar::CalendarPage/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
