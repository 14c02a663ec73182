//! One data-loading path for every page. A `LocalResource<T>` (and `Transition`/`ErrorBoundary`
//! around it) is a lot of library code per `T`; here every loader is the same
//! `LocalResource<Data>` holding the value type-erased, so that code is in the wasm once.
//! [`Res<T>`] keeps the pages typed: `Res::new(fetcher)`, `.get()`, `.refetch()`, and
//! [`Res::view`] for the usual `Transition` + `ErrorBoundary` frame.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::api::AppError;
use crate::components::{Forbidden, Loading, error_fallback};

/// A loaded value of any type.
type Data = Rc<dyn Any>;
type Fetch = Box<dyn Fn() -> LocalBoxFuture<'static, Data>>;
type Render = Box<dyn Fn(&Data) -> Result<AnyView, AppError>>;

/// A typed handle on the shared, type-erased resource (a `Copy` signal like `LocalResource`).
pub struct Res<T> {
    inner: LocalResource<Data>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Res<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Res<T> {}

fn erased(fetch: Fetch) -> LocalResource<Data> {
    LocalResource::new(fetch)
}

impl<T: Clone + 'static> Res<T> {
    /// Loads with `fetcher`, again whenever a signal it reads changes (like `LocalResource::new`).
    pub fn new<Fut>(fetcher: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        let fetch: Fetch = Box::new(move || {
            let fut = fetcher();
            Box::pin(async move { Rc::new(fut.await) as Data })
        });
        Self {
            inner: erased(fetch),
            ty: PhantomData,
        }
    }

    /// The value once loaded (tracked).
    pub fn get(&self) -> Option<T> {
        self.inner
            .get()
            .and_then(|d| d.downcast_ref::<T>().cloned())
    }

    /// Loads again.
    pub fn refetch(&self) {
        self.inner.refetch();
    }
}

impl<T: Clone + 'static> Res<Result<T, AppError>> {
    /// The loaded value inside `Transition` (spinner while loading) and `ErrorBoundary` (the
    /// error with a retry button when `retry`); `forbidden`: a 403 shows the 无权访问 page.
    pub fn view<V: IntoView + 'static>(
        self,
        retry: bool,
        forbidden: bool,
        render: impl Fn(T) -> V + 'static,
    ) -> AnyView {
        let render: Render =
            Box::new(
                move |d: &Data| match d.downcast_ref::<Result<T, AppError>>() {
                    Some(Ok(v)) => Ok(render(v.clone()).into_any()),
                    Some(Err(e)) => Err(e.clone()),
                    None => Err(AppError::not_found()),
                },
            );
        framed(self.inner, retry, forbidden, render)
    }
}

fn framed(res: LocalResource<Data>, retry: bool, forbidden: bool, render: Render) -> AnyView {
    let render = StoredValue::new_local(render);
    let retry = retry.then(|| Callback::new(move |()| res.refetch()));
    view! {
        <Transition fallback=Loading>
            <ErrorBoundary fallback=error_fallback(retry)>
                {move || res.get().map(|d| match render.with_value(|f| f(&d)) {
                    Err(e) if forbidden && e.is_forbidden() => Ok(view! { <Forbidden/> }.into_any()),
                    other => other,
                })}
            </ErrorBoundary>
        </Transition>
    }
    .into_any()
}
