//! The request being served: its id and path, known for the whole handling of one request
//! (a task-local), so that errors and audit rows can name it without being handed it.

/// Known for the whole handling of one request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub id: String,
    pub path: String,
}

tokio::task_local! {
    /// Set by the HTTP layer around each request.
    pub static CONTEXT: RequestContext;
}

/// The context of the request this task is serving, if any.
pub fn request_context() -> Option<RequestContext> {
    CONTEXT.try_with(|c| c.clone()).ok()
}
