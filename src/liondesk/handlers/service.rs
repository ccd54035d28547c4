//! One mechanism for LionDesk's Feathers services. A service names its query `Resource`, its
//! route, the store table it reads and the rows a caller reaches there; a writable one adds how
//! a body is read and how a record is created, patched and removed. From that, `configure`
//! builds what Feathers gives every service: find and get (HEAD too), create (201), patch and
//! remove, each answering the record with `$select` applied; 404 quoting the id as given; 405
//! for update (PUT), for patch or remove without an id and for an array body; `Allow` on every
//! answer; Feathers' 404 for any other method.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use serde_json::Map;

use crate::core::Tx;
use crate::core::clock::to_rfc3339_millis;
use crate::core::{Core, CoreError, TenantId, json};

use super::super::auth::User;
use super::super::body::JsonBody;
use super::super::error::{LionDeskError, Result, page_not_found};
use super::super::model::Wire;
use super::super::model::input::FromBody;
use super::super::query::{Query, Resource};
use super::super::store::table::{Feathers, Scope, Table};
use super::{Answers, no_multi, not_supported, page, path_id, query_of};

/// Feathers sets `Allow` on every answer of a service: the HTTP methods of the service methods
/// it has (find/get, create, patch, remove), the same on both routes.
const ALLOW: &str = "GET,POST,PATCH,DELETE";

/// Who asks, and the parent record the path names.
#[derive(Debug, Clone)]
pub struct Caller {
    pub tenant: TenantId,
    pub user: i64,
    /// The id of the record a `{segment}` of `Service::PATH` names; 0 where there is none.
    pub parent: i64,
}

/// A Feathers service's find and get.
pub trait Service: 'static {
    /// A record as the store reads it.
    type Record: Wire + Send + 'static;
    /// The fields its query may name.
    const RESOURCE: &'static Resource;
    /// The find route (`/tags`); the id route adds `/{id}`. A `{segment}` names a parent record
    /// (`/contacts/{contact_id}/addresses`).
    const PATH: &'static str;
    /// Where its records are stored.
    const TABLE: &'static Table<Self::Record>;

    /// The rows the caller reaches; any other is a 404.
    fn scope(caller: &Caller) -> Scope;

    /// The same rows, written for testing one row found by id (a get, patch or remove).
    fn scope_one(caller: &Caller) -> Scope {
        Self::scope(caller)
    }

    /// Whether the caller may reach the parent record; a 404 quoting its id when not.
    fn parent_visible(_tx: &Tx, _caller: &Caller) -> Result<bool> {
        Ok(true)
    }

    /// Writes the answers of `records`, `$select` applied, into `out`.
    fn render(_tx: &Tx, _caller: &Caller, records: &[Self::Record], query: &Query, out: &mut Answers) -> Result<()> {
        records.iter().try_for_each(|r| out.push(&query.selected(r.to_json())))
    }
}

/// A service that also creates, patches and removes.
pub trait Writable: Service {
    /// A create or patch body, read and checked against the service's fields.
    type Changes: FromBody + Send + 'static;

    /// Stores what the caller submits; `now` is the request's time. The writer may run it
    /// again (`Db::write_repeatable`): it refuses a body before its first change.
    fn create(tx: &Tx, caller: &Caller, changes: &Self::Changes, now: &str) -> Result<Self::Record>;

    /// Applies `changes` to `record` (which the caller reaches) and answers it as stored.
    fn patch(tx: &Tx, caller: &Caller, record: Self::Record, changes: Self::Changes, now: &str) -> Result<Self::Record>;

    /// Removes record `id` (which the caller reaches) with what hangs off it.
    fn remove(tx: &Tx, caller: &Caller, id: i64, _record: &Self::Record) -> Result<()> {
        Ok(Self::TABLE.delete(tx, &caller.tenant, &id)?)
    }
}

/// The find route and the id route of a writable service.
pub fn configure<S: Writable>(cfg: &mut web::ServiceConfig) {
    resources(cfg, S::PATH, ALLOW, |r| {
        r.route(web::get().to(find::<S>))
            .route(web::head().to(find::<S>))
            .route(web::post().to(create::<S>))
            .route(web::patch().to(no_multi("Can not patch multiple entries", ALLOW)))
            .route(web::delete().to(no_multi("Can not remove multiple entries", ALLOW)))
            .route(web::put().to(not_supported("update", ALLOW)))
    });
    resources(cfg, &format!("{}/{{id}}", S::PATH), ALLOW, |r| {
        r.route(web::get().to(get::<S>))
            .route(web::head().to(get::<S>))
            .route(web::patch().to(patch::<S>))
            .route(web::delete().to(remove::<S>))
            .route(web::put().to(not_supported("update", ALLOW)))
    });
}

/// The find route and the id route of a read-only service.
pub fn configure_read_only<S: Service>(cfg: &mut web::ServiceConfig) {
    read_only(cfg, S::PATH, find::<S>, false);
    read_only(cfg, &format!("{}/{{id}}", S::PATH), get::<S>, true);
}

const READ_ONLY_ALLOW: &str = "GET";

/// A resource answering only GET (and HEAD) with `handler`, with or without a trailing slash.
/// The other methods of a route are the 405 of a Feathers service without that service method;
/// `POST` on an id route finds no route (404).
pub fn read_only<F, Args>(cfg: &mut web::ServiceConfig, path: &str, handler: F, with_id: bool)
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    resources(cfg, path, READ_ONLY_ALLOW, |r| {
        let r = r
            .route(web::get().to(handler.clone()))
            .route(web::head().to(handler.clone()))
            .route(web::patch().to(not_supported("patch", READ_ONLY_ALLOW)))
            .route(web::put().to(not_supported("update", READ_ONLY_ALLOW)))
            .route(web::delete().to(not_supported("remove", READ_ONLY_ALLOW)));
        if with_id { r } else { r.route(web::post().to(not_supported("create", READ_ONLY_ALLOW))) }
    });
}

/// Registers `routes` at `path` and, as Express without strict routing, at `path` with a
/// trailing slash, each answering with the `Allow` header `allow` and Feathers' 404 for a method
/// it has no route for. Each pattern is a resource of its own: actix matches a resource of
/// several patterns through a set of regular expressions, even static ones, which took a
/// twentieth of a contact's GET; a static pattern alone is a comparison, a dynamic one a single
/// match.
fn resources(
    cfg: &mut web::ServiceConfig,
    path: &str,
    allow: &'static str,
    routes: impl Fn(actix_web::Resource) -> actix_web::Resource,
) {
    for pattern in [path.to_owned(), format!("{path}/")] {
        cfg.service(
            routes(web::resource(pattern))
                .wrap(DefaultHeaders::new().add((header::ALLOW, allow)))
                .default_service(web::to(page_not_found)),
        );
    }
}

/// What every request to a service is read from, in the order Feathers' Express app meets it:
/// the shared state, who asks (a 401 first), the path's segments (a parent id first, a record
/// id last) and the request. A body is read after it.
struct Call {
    core: web::Data<Core>,
    user: User,
    segments: Vec<String>,
    req: HttpRequest,
}

impl FromRequest for Call {
    type Error = LionDeskError;
    type Future = Pin<Box<dyn Future<Output = Result<Call>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = User::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let user = user.await?;
            let core = req
                .app_data::<web::Data<Core>>()
                .cloned()
                .ok_or_else(|| CoreError::Startup("the shared state is missing".into()))?;
            let segments = req.match_info().iter().map(|(_, value)| value.to_owned()).collect();
            Ok(Call { core, user, segments, req })
        })
    }
}

/// A request's caller and the parent id its path gives (as given, for the 404).
struct At {
    caller: Caller,
    parent: Option<String>,
}

impl At {
    /// From the path's segments (the parent's first); a parent id that names no record is a 404.
    fn new<S: Service>(user: User, segments: &[String]) -> Result<At> {
        let parent = if S::PATH.contains('{') { segments.first().cloned() } else { None };
        let id = parent.as_deref().map(path_id).transpose()?.unwrap_or(0);
        Ok(At { caller: Caller { tenant: user.tenant, user: user.id, parent: id }, parent })
    }

    /// Fails with 404 unless the caller may reach the parent record.
    fn enter<S: Service>(&self, tx: &Tx) -> Result<()> {
        match &self.parent {
            Some(raw) if !S::parent_visible(tx, &self.caller)? => Err(LionDeskError::no_record(raw)),
            _ => Ok(()),
        }
    }
}

/// A request on an id route: who asks, the record id (its path segment, the last, also as
/// given for the 404) and the query, read in that order.
struct Target {
    at: At,
    id: i64,
    raw: String,
    query: Query,
}

impl Target {
    fn new<S: Service>(call: Call) -> Result<(web::Data<Core>, Target)> {
        let at = At::new::<S>(call.user, &call.segments)?;
        let raw = call.segments.last().cloned().unwrap_or_default();
        let id = path_id(&raw)?;
        Ok((call.core, Target { at, id, raw, query: query_of(&call.req, S::RESOURCE)? }))
    }
}

/// The answer of one record.
fn render_one<S: Service>(tx: &Tx, caller: &Caller, record: &S::Record, query: &Query) -> Result<Option<Vec<u8>>> {
    let mut answer = Answers::one();
    S::render(tx, caller, std::slice::from_ref(record), query, &mut answer)?;
    Ok((!answer.is_empty()).then(|| answer.done()))
}

/// Runs `op` (given the caller, the id and the record) in a read or a `write` transaction on
/// the record an id route names, and answers what it renders, `$select`ed; 404 quoting the id as
/// given unless the caller reaches the record.
async fn on_record<S, F>(core: &Core, target: Target, write: bool, op: F) -> Result<HttpResponse>
where
    S: Service,
    F: FnOnce(&Tx, &Caller, i64, S::Record, &Query) -> Result<Option<Vec<u8>>> + Send + 'static,
{
    let Target { at, id, raw, query } = target;
    let q = query.clone();
    let run = move |tx: &Tx| {
        at.enter::<S>(tx)?;
        match S::TABLE.get(tx, &at.caller.tenant, &S::scope_one(&at.caller), id, Some(&q))? {
            Some(record) => op(tx, &at.caller, id, record, &q),
            None => Ok(None),
        }
    };
    let record = if write { core.db.write(run).await? } else { core.db.read(run).await? };
    let record = record.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(json::answer(HttpResponse::Ok(), record))
}

/// Find: the page of the records the caller reaches that match the query.
async fn find<S: Service>(Call { core, user, segments, req }: Call) -> Result<HttpResponse> {
    let at = At::new::<S>(user, &segments)?;
    let q = &query_of(&req, S::RESOURCE)?;
    let answers = core
        .db
        .read(move |tx| {
            at.enter::<S>(tx)?;
            let (records, total) = S::TABLE.find(tx, &at.caller.tenant, &S::scope(&at.caller), q)?;
            let mut answers = Answers::page(total, q);
            S::render(tx, &at.caller, &records, q, &mut answers)?;
            Ok::<_, LionDeskError>(answers)
        })
        .await?;
    Ok(page(answers))
}

/// Get: one record the caller reaches, which the query's conditions further narrow.
async fn get<S: Service>(call: Call) -> Result<HttpResponse> {
    let (core, target) = Target::new::<S>(call)?;
    on_record::<S, _>(&core, target, false, |tx, caller, _, record, q| render_one::<S>(tx, caller, &record, q)).await
}

/// Create: 201 with the record stored; an array body is Feathers' 405 (`multi` is off).
async fn create<S: Writable>(Call { core, user, segments, req }: Call, JsonBody(body): JsonBody) -> Result<HttpResponse> {
    let at = At::new::<S>(user, &segments)?;
    if body.is_array() {
        return Err(LionDeskError::MethodNotAllowed { message: "Can not create multiple entries".into(), allow: ALLOW });
    }
    let query = query_of(&req, S::RESOURCE)?;
    let changes = S::Changes::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let q = query.clone();
    let record = core
        .db
        .write_repeatable(move |tx| {
            at.enter::<S>(tx)?;
            let record = S::create(tx, &at.caller, &changes, &now)?;
            render_one::<S>(tx, &at.caller, &record, &q)
        })
        .await?;
    match record {
        Some(record) => Ok(json::answer(HttpResponse::Created(), record)),
        None => Ok(HttpResponse::Created().json(Map::new())),
    }
}

/// Patch: merges the body into the record and answers it whole.
async fn patch<S: Writable>(call: Call, JsonBody(body): JsonBody) -> Result<HttpResponse> {
    let (core, target) = Target::new::<S>(call)?;
    let changes = S::Changes::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    on_record::<S, _>(&core, target, true, move |tx, caller, _, record, q| {
        let next = S::patch(tx, caller, record, changes, &now)?;
        render_one::<S>(tx, caller, &next, q)
    })
    .await
}

/// Remove: answers the record as it was.
async fn remove<S: Writable>(call: Call) -> Result<HttpResponse> {
    let (core, target) = Target::new::<S>(call)?;
    on_record::<S, _>(&core, target, true, |tx, caller, id, record, q| {
        let answer = render_one::<S>(tx, caller, &record, q)?;
        S::remove(tx, caller, id, &record)?;
        Ok(answer)
    })
    .await
}
