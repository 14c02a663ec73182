//! The routes: which page answers which path. Add a page: write it under `pages/`, then add a
//! `<Route>` here (inside the `Shell` for signed-in pages, inside `AdminGate` for admins only).
//! Every page but sign-in and home is lazy (`lazy_pages!` below): its code is split off into a
//! wasm chunk that the browser fetches on the first visit, which keeps the first load small.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, path};

use crate::api::{self, Auth};
use crate::components::flash::Flash;
use crate::components::{AdminGate, NotFound, PageLoadFailed, Shell};
use crate::pages::admin::audit::AuditPage;
use crate::pages::admin::calendar::CalendarPage;
use crate::pages::admin::service_accounts::ServiceAccountsPage;
use crate::pages::admin::units::{UnitEditPage, UnitNewPage, UnitsPage};
use crate::pages::admin::users::{UserEditPage, UserNewPage, UsersPage};
use crate::pages::analysis::AnalysisPage;
use crate::pages::assessment::AssessmentPage;
use crate::pages::briefings::{
    BriefingPage, BriefingPrintPage, BriefingsPage, PublicBriefingPage, PublicBriefingsPage,
};
use crate::pages::cases::CasesPage;
use crate::pages::escalations::EscalationsPage;
use crate::pages::inspections::{InspectionPage, InspectionsPage};
use crate::pages::meeting::MeetingPage;
use crate::pages::meetings::{MeetingNewPage, MeetingsPage};
use crate::pages::my_unit::{MyUnitPage, SubmissionPage};
use crate::pages::notifications::NotificationsPage;
use crate::pages::referrals::{ReferralPage, ReferralsPage};
use crate::pages::search::SearchPage;
use crate::pages::supervision::{SupervisionTaskPage, SupervisionTasksPage};
use crate::pages::topics::TopicProposalsPage;
use crate::pages::{home::HomePage, me::MePage, sign_in::SignInPage};

/// For each `Route => Page` listed under a `chunk`, a route type whose view is `Page`, compiled
/// into the wasm chunk `chunk` (`frontend/build.sh` splits it off): the browser fetches it the
/// first time one of its pages is shown. One chunk per page module rather than per route: the
/// routes of a module share most of their code, and fewer chunks mean fewer, larger fetches.
/// The pages load their own data, so `data()` has nothing to start.
macro_rules! lazy_pages {
    ($($chunk:ident { $($route:ident => $page:ident),* $(,)? })*) => {$($(
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                // `fallible`: a chunk that cannot be fetched (offline, or replaced by a deploy
                // since this tab loaded) shows a message instead of aborting the whole app. The
                // function is named after the route because the split's linker symbols are
                // derived from its name, and they must differ from route to route.
                #[allow(non_snake_case)]
                #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn $route() -> Result<AnyView, SplitLoaderError> {
                    Ok(view! { <$page/> }.into_any())
                }
                $route().await.unwrap_or_else(|_| view! { <PageLoadFailed/> }.into_any())
            }
        }
    )*)*};
}

lazy_pages! {
    me { MeRoute => MePage }
    meetings { MeetingsRoute => MeetingsPage, MeetingNewRoute => MeetingNewPage }
    meeting { MeetingRoute => MeetingPage }
    escalations { EscalationsRoute => EscalationsPage }
    my_unit { MyUnitRoute => MyUnitPage, SubmissionRoute => SubmissionPage }
    search { SearchRoute => SearchPage }
    analysis { AnalysisRoute => AnalysisPage }
    topics { TopicsRoute => TopicProposalsPage }
    cases { CasesRoute => CasesPage }
    supervision { TasksRoute => SupervisionTasksPage, TaskRoute => SupervisionTaskPage }
    inspections { InspectionsRoute => InspectionsPage, InspectionRoute => InspectionPage }
    referrals { ReferralsRoute => ReferralsPage, ReferralRoute => ReferralPage }
    assessment { AssessmentRoute => AssessmentPage }
    briefings {
        BriefingsRoute => BriefingsPage,
        BriefingRoute => BriefingPage,
        BriefingPrintRoute => BriefingPrintPage,
        PublicBriefingsRoute => PublicBriefingsPage,
        PublicBriefingRoute => PublicBriefingPage,
    }
    notifications { NotificationsRoute => NotificationsPage }
    admin {
        UnitsRoute => UnitsPage,
        UnitNewRoute => UnitNewPage,
        UnitEditRoute => UnitEditPage,
        UsersRoute => UsersPage,
        UserNewRoute => UserNewPage,
        UserEditRoute => UserEditPage,
        ServiceAccountsRoute => ServiceAccountsPage,
        AuditRoute => AuditPage,
        CalendarRoute => CalendarPage,
    }
}

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
                // Published briefings: no sign-in, outside the app's frame.
                <Route path=path!("/public/briefings") view={Lazy::<PublicBriefingsRoute>::new()}/>
                <Route path=path!("/public/briefings/:id") view={Lazy::<PublicBriefingRoute>::new()}/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("me") view={Lazy::<MeRoute>::new()}/>
                    <Route path=path!("meetings") view={Lazy::<MeetingsRoute>::new()}/>
                    <Route path=path!("meetings/new") view={Lazy::<MeetingNewRoute>::new()}/>
                    <Route path=path!("meetings/:id") view={Lazy::<MeetingRoute>::new()}/>
                    <Route path=path!("submissions/:id") view={Lazy::<SubmissionRoute>::new()}/>
                    <Route path=path!("escalations") view={Lazy::<EscalationsRoute>::new()}/>
                    <Route path=path!("my-unit") view={Lazy::<MyUnitRoute>::new()}/>
                    <Route path=path!("search") view={Lazy::<SearchRoute>::new()}/>
                    <Route path=path!("analysis") view={Lazy::<AnalysisRoute>::new()}/>
                    <Route path=path!("topic-proposals") view={Lazy::<TopicsRoute>::new()}/>
                    <Route path=path!("cases") view={Lazy::<CasesRoute>::new()}/>
                    <Route path=path!("supervision-tasks") view={Lazy::<TasksRoute>::new()}/>
                    <Route path=path!("supervision-tasks/:id") view={Lazy::<TaskRoute>::new()}/>
                    <Route path=path!("inspections") view={Lazy::<InspectionsRoute>::new()}/>
                    <Route path=path!("inspections/:id") view={Lazy::<InspectionRoute>::new()}/>
                    <Route path=path!("referrals") view={Lazy::<ReferralsRoute>::new()}/>
                    <Route path=path!("referrals/:id") view={Lazy::<ReferralRoute>::new()}/>
                    <Route path=path!("assessment") view={Lazy::<AssessmentRoute>::new()}/>
                    <Route path=path!("briefings") view={Lazy::<BriefingsRoute>::new()}/>
                    <Route path=path!("briefings/:id") view={Lazy::<BriefingRoute>::new()}/>
                    <Route path=path!("briefings/:id/print") view={Lazy::<BriefingPrintRoute>::new()}/>
                    <Route path=path!("notifications") view={Lazy::<NotificationsRoute>::new()}/>
                    <ParentRoute path=path!("admin") view=AdminGate>
                        <Route path=path!("") view=|| view! { <Redirect path="/admin/units"/> }/>
                        <Route path=path!("units") view={Lazy::<UnitsRoute>::new()}/>
                        <Route path=path!("units/new") view={Lazy::<UnitNewRoute>::new()}/>
                        <Route path=path!("units/:id") view={Lazy::<UnitEditRoute>::new()}/>
                        <Route path=path!("users") view={Lazy::<UsersRoute>::new()}/>
                        <Route path=path!("users/new") view={Lazy::<UserNewRoute>::new()}/>
                        <Route path=path!("users/:id") view={Lazy::<UserEditRoute>::new()}/>
                        <Route path=path!("service-accounts") view={Lazy::<ServiceAccountsRoute>::new()}/>
                        <Route path=path!("audit") view={Lazy::<AuditRoute>::new()}/>
                        <Route path=path!("calendar") view={Lazy::<CalendarRoute>::new()}/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
