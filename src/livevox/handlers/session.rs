//! The Session API: `POST /session/login`, `GET /session/validate/{sessionId}` and
//! `DELETE /session/logout/{sessionId}`, which need no `LV-Session`. Login needs the tenant's
//! API access token in `LV-Access`, the client's code (`clientName`), a user name and its
//! password; `agent` (or `isAgent`, as a boolean or `"true"`/`"false"`) logs an agent in. A
//! user who logs in again while a session of theirs is live gets that session back.

use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::super::NAME;
use super::super::auth::{self, ACCESS_HEADER, SESSION_IDLE, Session, core_of, header, live_session};
use super::super::body::JsonBody;
use super::super::error::{LvError, Result};
use super::super::store::{directory, sessions};

/// What a login answers as `daysUntilPasswordExpires` (crm-mock's passwords do not expire).
pub const DAYS_UNTIL_PASSWORD_EXPIRES: i64 = 90;

/// The longest client code, user name or password a login accepts.
const MAX_LOGIN_TEXT: usize = 255;

/// The same 401 for an unknown client code, user or password, so a caller learns nothing of
/// which was wrong.
fn login_failed() -> LvError {
    LvError::Unauthorized("Login failed: invalid client name, user name or password".into())
}

/// A login body.
#[derive(Debug, PartialEq)]
struct Login {
    client_name: String,
    user_name: String,
    password: String,
    agent: bool,
}

/// A required text field of the login body.
fn text(body: &Map<String, Value>, field: &str) -> Result<String> {
    match body.get(field) {
        None | Some(Value::Null) => Err(LvError::bad_field(field, "is required")),
        Some(Value::String(s)) if s.trim().is_empty() => Err(LvError::bad_field(field, "is required")),
        Some(Value::String(s)) if s.chars().count() > MAX_LOGIN_TEXT => {
            Err(LvError::bad_field(field, format!("must be at most {MAX_LOGIN_TEXT} characters")))
        }
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(LvError::bad_field(field, "must be a string")),
    }
}

/// The agent flag: `agent` (LiveVox's own client) or `isAgent`, a boolean or its string.
fn agent_flag(body: &Map<String, Value>) -> Result<bool> {
    for field in ["agent", "isAgent"] {
        match body.get(field) {
            None | Some(Value::Null) => continue,
            Some(Value::Bool(b)) => return Ok(*b),
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("true") => return Ok(true),
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("false") => return Ok(false),
            Some(_) => return Err(LvError::bad_field(field, "must be true or false")),
        }
    }
    Ok(false)
}

/// Reads a login body; fields it does not know are ignored (LiveVox's Java client sends its
/// whole session object).
fn parse_login(body: &Value) -> Result<Login> {
    let body = body.as_object().ok_or_else(|| LvError::BadRequest("The request body must be a JSON object".into()))?;
    Ok(Login {
        client_name: text(body, "clientName")?,
        user_name: text(body, "userName")?,
        password: text(body, "password")?,
        agent: agent_flag(body)?,
    })
}

/// Login: a session of the user (the live one they have, or a new one).
pub async fn login(req: HttpRequest, body: JsonBody) -> Result<HttpResponse> {
    let core = core_of(&req)?;
    let token = header(&req, ACCESS_HEADER)
        .ok_or_else(|| LvError::Unauthorized("Authorization error: the LV-Access header is missing".into()))?;
    let login = parse_login(&body.0)?;
    let now = core.clock.now();
    let client = core
        .db
        .read(move |tx| directory::client_by_token(tx, &token).map_err(LvError::from))
        .await?
        .ok_or_else(|| LvError::Unauthorized("Authorization error: the LV-Access token is not valid".into()))?;
    req.extensions_mut().insert(client.tenant.clone());
    if !client.client_name.eq_ignore_ascii_case(login.client_name.trim()) {
        return Err(login_failed());
    }
    let tenant = client.tenant.clone();
    let (name, agent) = (login.user_name.clone(), login.agent);
    let found = core
        .db
        .read(move |tx| {
            let Some(user) = directory::user_by_name(tx, &tenant, &name, agent)? else { return Ok(None) };
            let open = sessions::of_user(tx, &tenant, user.id, agent)?;
            Ok::<_, LvError>(Some((user, open)))
        })
        .await?;
    let Some((user, open)) = found.filter(|(user, _)| user.password == login.password) else {
        return Err(login_failed());
    };
    // A session is live when the cache says so (its end slides there first) or its stored end
    // is still ahead.
    let live = |id: &str, stored| core.credentials.get_live::<Session>(NAME, id, now).is_some() || stored > now;
    let reused = open.iter().find(|(id, stored)| live(id, *stored)).map(|(id, _)| id.clone());
    let dead: Vec<String> = open.iter().filter(|(id, stored)| !live(id, *stored)).map(|(id, _)| id.clone()).collect();
    let until = now + SESSION_IDLE;
    let id = reused.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let (tenant, session_id, user_id) = (client.tenant.clone(), id.clone(), user.id);
    let generation = core.credentials.generation();
    core.db
        .write(move |tx| {
            for old in &dead {
                sessions::delete(tx, old)?;
            }
            match reused {
                Some(_) => sessions::extend(tx, &session_id, until)?,
                None => sessions::insert(tx, &tenant, &session_id, user_id, agent, now, until)?,
            }
            Ok::<_, LvError>(())
        })
        .await?;
    match core.credentials.get_live::<Session>(NAME, &id, now) {
        Some(cached) => {
            cached.stored_until.fetch_max(until.timestamp_millis(), std::sync::atomic::Ordering::AcqRel);
            core.credentials.touch(NAME, &id, until);
        }
        None => {
            let role = auth::Role::parse(&user.role).unwrap_or(auth::Role::Agent);
            let session = Session {
                tenant: client.tenant.clone(),
                user_id: user.id,
                user_name: user.user_name.clone(),
                role,
                stored_until: std::sync::Arc::new(std::sync::atomic::AtomicI64::new(until.timestamp_millis())),
            };
            core.credentials.insert_expiring(NAME, &id, generation, session, until);
        }
    }
    Ok(HttpResponse::Ok().json(json!({
        "sessionId": id,
        "userId": user.id,
        "clientId": client.client_id,
        "daysUntilPasswordExpires": DAYS_UNTIL_PASSWORD_EXPIRES,
    })))
}

/// The session id of a validate or logout path.
#[derive(Deserialize)]
pub struct SessionPath {
    session_id: String,
}

/// 404 for a session that is not live.
fn not_valid() -> LvError {
    LvError::NotFound("Session is not valid".into())
}

/// Validate: 200 while the session is live, 404 otherwise. Checking a session does not renew
/// it (docs/fidelity.md).
pub async fn validate(req: HttpRequest, path: web::Path<SessionPath>) -> Result<HttpResponse> {
    let core = core_of(&req)?;
    let session = live_session(&core, &path.session_id, core.clock.now()).await?.ok_or_else(not_valid)?;
    req.extensions_mut().insert(session.tenant);
    Ok(HttpResponse::Ok().finish())
}

/// Logout: ends a live session (204); 404 for one that is not live.
pub async fn logout(req: HttpRequest, path: web::Path<SessionPath>) -> Result<HttpResponse> {
    let core = core_of(&req)?;
    let id = path.into_inner().session_id;
    let live = live_session(&core, &id, core.clock.now()).await?;
    let key = id.clone();
    core.db.write(move |tx| sessions::delete(tx, &key).map_err(LvError::from)).await?;
    core.credentials.remove(NAME, &id);
    let session = live.ok_or_else(not_valid)?;
    req.extensions_mut().insert(session.tenant);
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(body: Value) -> std::result::Result<Login, String> {
        parse_login(&body).map_err(|e| e.to_string())
    }

    #[test]
    fn the_agent_flag_is_a_boolean_or_its_string_under_either_name() {
        let base = json!({"clientName": "C", "userName": "u", "password": "p"});
        let with = |key: &str, value: Value| {
            let mut body = base.clone();
            body[key] = value;
            parsed(body).map(|l| l.agent)
        };
        assert_eq!(parsed(base.clone()).map(|l| l.agent), Ok(false));
        assert_eq!(with("agent", json!(true)), Ok(true));
        assert_eq!(with("agent", json!("false")), Ok(false));
        assert_eq!(with("isAgent", json!("TRUE")), Ok(true));
        assert_eq!(with("agent", json!(null)), Ok(false));
        assert_eq!(with("agent", json!("yes")), Err("agent: must be true or false".into()));
        assert_eq!(with("isAgent", json!(1)), Err("isAgent: must be true or false".into()));
    }

    #[test]
    fn a_login_body_needs_its_three_texts() {
        assert_eq!(parsed(json!({"userName": "u", "password": "p"})), Err("clientName: is required".into()));
        assert_eq!(parsed(json!({"clientName": "C", "userName": 7, "password": "p"})), Err("userName: must be a string".into()));
        assert_eq!(parsed(json!({"clientName": "C", "userName": "u", "password": " "})), Err("password: is required".into()));
        let long = "x".repeat(256);
        assert_eq!(
            parsed(json!({"clientName": "C", "userName": long, "password": "p"})),
            Err("userName: must be at most 255 characters".into())
        );
        assert_eq!(parsed(json!([])), Err("The request body must be a JSON object".into()));
        assert_eq!(
            parsed(json!({"clientName": "C", "userName": "u", "password": "p", "extra": 1})),
            Ok(Login { client_name: "C".into(), user_name: "u".into(), password: "p".into(), agent: false })
        );
    }
}
