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

fn file(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, POLICY))
        .body(body)
}

pub async fn page() -> HttpResponse {
    file("text/html; charset=utf-8", PAGE)
}

pub async fn script() -> HttpResponse {
    file("text/javascript; charset=utf-8", SCRIPT)
}

pub async fn style() -> HttpResponse {
    file("text/css; charset=utf-8", STYLE)
}
