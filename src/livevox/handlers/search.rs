//! Find Matching Contact: `POST /contact/contacts/search?count&offset`.

use actix_web::HttpResponse;

use super::super::error::{LvError, Result};

/// Find Matching Contact.
pub async fn search() -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}
