//! Body and query extractors that parse, then validate, answering 400/413/415/422 as problem+json.

use std::ops::Deref;
use std::pin::Pin;
use yanpan_types::ProblemCode;

use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError};
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use validator::Validate;
use yanpan_types::FieldError;

use crate::error::ApiError;

/// A JSON body, deserialised (unknown fields rejected, paths of bad fields reported) and validated.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<T> Deref for ValidJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> ValidJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

pub fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// Parses a JSON document into `T`, classifying failures: syntax → 400, shape → 422 with the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // PostgreSQL cannot store U+0000 in text: refuse it in any string of any body, naming each
    // field (checked only when the escape occurs at all, so ordinary bodies pay nothing).
    if bytes.windows(6).any(|w| w == br"\u0000")
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes)
    {
        let mut errors = Vec::new();
        nul_fields(&value, "", &mut errors);
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        // serde lets a struct be read from an array too; every request body is an object.
        Ok(_) if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') => {
            Err(ApiError::Validation(vec![FieldError::new(
                "body",
                "invalid",
                "the body must be a JSON object",
            )]))
        }
        Ok(v) => Ok(v),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            use serde_json::error::Category;
            match inner.classify() {
                Category::Syntax | Category::Eof | Category::Io => Err(ApiError::bad_request(
                    ProblemCode::MalformedJson,
                    format!("the body is not valid JSON: {inner}"),
                )),
                Category::Data => Err(ApiError::Validation(vec![shape_error(
                    &path,
                    &inner.to_string(),
                )])),
            }
        }
    }
}

/// The field error for a NUL character, wherever it was sent (body, path or query).
pub fn nul_field(field: &str) -> FieldError {
    FieldError::new(
        field,
        "nul_character",
        "text may not contain the NUL character (U+0000)",
    )
}

/// The paths of every string (or key) in `v` that contains U+0000.
fn nul_fields(v: &serde_json::Value, path: &str, out: &mut Vec<FieldError>) {
    use serde_json::Value;
    let field = |p: &str| nul_field(if p.is_empty() { "body" } else { p });
    match v {
        Value::String(s) if s.contains('\0') => out.push(field(path)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                nul_fields(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let p = if path.is_empty() {
                    k.replace('\0', "")
                } else {
                    format!("{path}.{}", k.replace('\0', ""))
                };
                if k.contains('\0') {
                    out.push(field(&p));
                }
                nul_fields(item, &p, out);
            }
        }
        _ => {}
    }
}

fn shape_error(path: &str, msg: &str) -> FieldError {
    let msg = msg.split(" at line ").next().unwrap_or(msg).to_owned();
    let quoted = |prefix: &str| {
        msg.strip_prefix(prefix)
            .and_then(|r| r.split('`').next())
            .map(str::to_owned)
    };
    let join = |name: String| {
        if path.is_empty() || path == "." {
            name
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some(name) = quoted("unknown field `") {
        // The path already ends with the unknown field's name.
        let field = if path.is_empty() || path == "." {
            name
        } else {
            path.to_owned()
        };
        FieldError::new(field, "unknown_field", "this field cannot be set here")
    } else if let Some(name) = quoted("missing field `") {
        FieldError::new(join(name), "required", "this field is required")
    } else {
        let field = if path.is_empty() || path == "." {
            "body".to_owned()
        } else {
            path.to_owned()
        };
        FieldError::new(field, "invalid", msg)
    }
}

fn payload_error(err: PayloadError) -> ApiError {
    match err {
        PayloadError::Overflow => {
            ApiError::PayloadTooLarge("the body exceeds the size limit".into())
        }
        other => ApiError::bad_request(ProblemCode::UnreadableBody, other.to_string()),
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if !is_json(req) {
            return Box::pin(std::future::ready(Err(ApiError::UnsupportedMediaType(
                "send the body as application/json".into(),
            ))));
        }
        let body = Bytes::from_request(req, payload);
        let spec = req
            .app_data::<actix_web::web::Data<std::sync::Arc<super::spec_check::SpecStatuses>>>()
            .map(|d| d.get_ref().clone());
        let (method, path) = (req.method().as_str().to_owned(), req.path().to_owned());
        Box::pin(async move {
            let bytes = body.await.map_err(|e| match e.as_error::<PayloadError>() {
                Some(PayloadError::Overflow) => payload_error(PayloadError::Overflow),
                _ => ApiError::bad_request(ProblemCode::UnreadableBody, e.to_string()),
            })?;
            let value: T = match parse_json(&bytes) {
                Ok(v) => v,
                // serde names the first field that does not fit; the schema names them all.
                Err(ApiError::Validation(first)) => {
                    let mut all = match (&spec, serde_json::from_slice(&bytes)) {
                        (Some(spec), Ok(doc)) => spec.body_errors(&method, &path, &doc),
                        _ => vec![],
                    };
                    for f in first {
                        if !all.iter().any(|a| a.field == f.field) {
                            all.push(f);
                        }
                    }
                    return Err(ApiError::Validation(all));
                }
                Err(e) => return Err(e),
            };
            value.validate()?;
            Ok(ValidJson(value))
        })
    }
}

/// Query parameters, deserialised (bad syntax → 400) and validated (→ 422).
#[derive(Debug)]
pub struct ValidQuery<T>(pub T);

impl<T> Deref for ValidQuery<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + Validate> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()))
    }
}

pub fn parse_query<T: DeserializeOwned + Validate>(qs: &str) -> Result<ValidQuery<T>, ApiError> {
    let value: T = serde_urlencoded::from_str(qs).map_err(|e| {
        ApiError::bad_request(
            ProblemCode::InvalidQuery,
            format!("invalid query parameters: {e}"),
        )
    })?;
    value.validate()?;
    Ok(ValidQuery(value))
}

/// For `web::Json` used anywhere: the same classification as `ValidJson`.
pub fn json_error(err: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    match err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::PayloadTooLarge("the body exceeds the size limit".into())
        }
        JsonPayloadError::ContentType => {
            ApiError::UnsupportedMediaType("send the body as application/json".into())
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            ApiError::Validation(vec![shape_error("", &e.to_string())])
        }
        other => ApiError::bad_request(ProblemCode::MalformedJson, other.to_string()),
    }
    .into()
}

pub fn path_error(err: PathError, _: &HttpRequest) -> actix_web::Error {
    // A malformed id names no resource.
    let _ = err;
    ApiError::NotFound("resource").into()
}

pub fn query_error(err: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::bad_request(
        ProblemCode::InvalidQuery,
        format!("invalid query parameters: {err}"),
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, validator::Validate)]
    #[serde(deny_unknown_fields)]
    struct Body {
        #[validate(length(min = 2))]
        name: String,
    }

    #[test]
    fn classifies_json_failures() {
        assert!(matches!(
            parse_json::<Body>(b"{"),
            Err(ApiError::BadRequest { .. })
        ));
        match parse_json::<Body>(br#"{"name":"ab","role":"admin"}"#) {
            Err(ApiError::Validation(e)) => assert_eq!(
                (e[0].field.as_str(), e[0].code.as_str()),
                ("role", "unknown_field")
            ),
            other => panic!("{other:?}"),
        }
        match parse_json::<Body>(br#"{}"#) {
            Err(ApiError::Validation(e)) => assert_eq!(
                (e[0].field.as_str(), e[0].code.as_str()),
                ("name", "required")
            ),
            other => panic!("{other:?}"),
        }
        match parse_json::<Body>(br#"["ab"]"#) {
            Err(ApiError::Validation(e)) => assert_eq!(e[0].field, "body"),
            other => panic!("{other:?}"),
        }
        match parse_json::<Body>(br#"{"name": 5}"#) {
            Err(ApiError::Validation(e)) => assert_eq!(e[0].field, "name"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nul_characters_are_refused_in_every_string_and_named() {
        #[derive(Debug, serde::Deserialize, validator::Validate)]
        #[allow(dead_code)]
        struct Nested {
            name: String,
            tags: Vec<String>,
        }
        match parse_json::<Nested>(br#"{"name":"a\u0000","tags":["ok","x\u0000y"]}"#) {
            Err(ApiError::Validation(e)) => {
                let fields: Vec<_> = e
                    .iter()
                    .map(|f| (f.field.as_str(), f.code.as_str()))
                    .collect();
                assert_eq!(
                    fields,
                    [("name", "nul_character"), ("tags[1]", "nul_character")]
                );
            }
            other => panic!("{other:?}"),
        }
        // An escaped backslash followed by `u0000` is ordinary text.
        assert!(parse_json::<Body>(br#"{"name":"\\u0000"}"#).is_ok());
    }
}
