//! Errors of the shared machinery (database, pool, blocking pool, streams, seeds). Every vendor converts
//! `CoreError` into its own `Internal` variant, which is the only road to a 5xx answer.

/// A failure below the HTTP layer that no client input can cause.
#[derive(thiserror::Error, Debug)]
pub enum CoreError {
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("connection pool error: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("the blocking task was cancelled")]
    Blocking,
    /// A write's transaction could not begin or commit (the writes batched with it share the
    /// cause).
    #[error("the write was not committed: {0}")]
    Write(String),
    #[error("input/output: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Startup(String),
}

/// Writes an error and its chain of causes on one line, for the log.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

/// A JSON value that does not fit the type it is read as: the field at fault (its JSON path,
/// `None` for the value as a whole) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: Option<String>,
    pub message: String,
}

/// Reads `value` as `T`, naming the field at fault. A missing field is reported at its parent
/// by serde; it is named itself here (`emails[0].type`, not `emails[0]`).
pub fn from_value<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<T, FieldError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string().replace('`', "'");
        let missing = message.strip_prefix("missing field '").and_then(|rest| rest.strip_suffix('\''));
        let field = match (missing, path.as_str()) {
            (Some(name), ".") => Some(name.to_owned()),
            (Some(name), parent) => Some(format!("{parent}.{name}")),
            (None, ".") => None,
            (None, _) => Some(path),
        };
        FieldError { field, message }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        kind: String,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        items: Vec<Inner>,
    }

    #[test]
    fn from_value_names_the_field_at_fault() {
        let err = |v: serde_json::Value| from_value::<Outer>(&v).unwrap_err();
        assert_eq!(err(serde_json::json!({"items": []})).field.as_deref(), Some("name"));
        assert_eq!(err(serde_json::json!({"name": "x", "items": [{}]})).field.as_deref(), Some("items[0].kind"));
        let wrong = err(serde_json::json!({"name": 3, "items": []}));
        assert_eq!(
            (wrong.field.as_deref(), wrong.message.as_str()),
            (Some("name"), "invalid type: integer '3', expected a string")
        );
        assert_eq!(err(serde_json::json!([])).field, None);
    }
}
