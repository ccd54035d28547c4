//! Errors of the shared machinery (database, pool, blocking pool, seeds). Every vendor converts
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
