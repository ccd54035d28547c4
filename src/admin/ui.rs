//! The dashboard: one page of HTML, CSS and JavaScript embedded in the binary, over the admin
//! API (`GET /__admin/` or `/__admin/ui`, and its two files under `/__admin/ui/`). No build
//! step and nothing fetched from elsewhere: it works offline.

use actix_web::HttpResponse;
use actix_web::http::header;

const PAGE: &str = include_str!("ui/index.html");
const SCRIPT: &str = include_str!("ui/app.js");
const STYLE: &str = include_str!("ui/style.css");

/// Everything the page loads comes from this server; nothing inline runs.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; \
                      base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HTML: &str = "text/html; charset=utf-8";

/// Each path the dashboard answers under `/__admin` (`GET`), with its file's type and text.
pub(super) const FILES: [(&str, &str, &str); 5] = [
    ("", HTML, PAGE),
    ("/", HTML, PAGE),
    ("/ui", HTML, PAGE),
    ("/ui/app.js", "text/javascript; charset=utf-8", SCRIPT),
    ("/ui/style.css", "text/css; charset=utf-8", STYLE),
];

/// Whether `path` (under `/__admin`) is one of the dashboard's files.
pub(super) fn serves(path: &str) -> bool {
    FILES.iter().any(|(served, _, _)| *served == path)
}

pub(super) fn file(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, POLICY))
        .body(body)
}
