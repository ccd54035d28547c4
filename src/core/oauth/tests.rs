//! The grants on an in-memory database, with a policy whose refresh tokens expire, and the clock
//! moved by hand.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

use super::*;

static POLICY: Policy = Policy {
    vendor: "v",
    access_lifetime: 3600,
    implicit_lifetime: Some(60),
    code_lifetime: 600,
    refresh_lifetime: Some(86_400),
    default_scope: "read",
    new_token: |kind| format!("{}-{}", kind.as_str(), crate::core::ids::random_hex(12)),
    implicit_fields: |issued| vec![("access_token", issued.access_token.clone()), ("expires_in", issued.expires_in.to_string())],
};

const CALLBACK: &str = "https://app.example.com/cb";

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z").unwrap().with_timezone(&Utc)
}

/// A database with tenant `t`'s client `c` (secret `s`), registered for `https://app.example.com/`.
fn with_client(test: impl FnOnce(&Tx)) {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(crate::core::SCHEMA).unwrap();
    let tx = conn.transaction().unwrap();
    let client = Client {
        tenant: TenantId::from("t"),
        client_id: "c".into(),
        client_secret: "s".into(),
        redirect_uris: vec!["https://app.example.com/".into()],
    };
    store::insert_client(&tx, &client.tenant, "v", &client).unwrap();
    test(&tx);
}

fn params(pairs: &[(&str, &str)]) -> Params {
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    Params::from_form(query.as_bytes()).unwrap()
}

fn credentials() -> ClientCredentials {
    ClientCredentials { id: "c".into(), secret: "s".into() }
}

/// A code for subject `7`, issued at `now`.
fn code(tx: &Tx, scope: &str, now: DateTime<Utc>) -> String {
    let asked = params(&[("response_type", "code"), ("client_id", "c"), ("redirect_uri", CALLBACK), ("scope", scope)]);
    let location = authorize(tx, &POLICY, &asked, now, |_| Ok("7".into())).unwrap();
    location.strip_prefix(&format!("{CALLBACK}?code=")).expect(&location).to_owned()
}

fn exchange(tx: &Tx, code: &str, now: DateTime<Utc>) -> Result<Issued, OAuthError> {
    token(
        tx,
        &POLICY,
        &credentials(),
        &params(&[("grant_type", "authorization_code"), ("code", code), ("redirect_uri", CALLBACK)]),
        now,
    )
}

fn refresh_with(tx: &Tx, refresh: &str, scope: Option<&str>, now: DateTime<Utc>) -> Result<Issued, OAuthError> {
    let mut pairs = vec![("grant_type", "refresh_token"), ("refresh_token", refresh)];
    pairs.extend(scope.map(|s| ("scope", s)));
    token(tx, &POLICY, &credentials(), &params(&pairs), now)
}

fn refused(result: Result<Issued, OAuthError>) -> (&'static str, String) {
    let e = result.unwrap_err();
    (e.error(), e.description().to_owned())
}

#[test]
fn a_code_is_exchanged_once_for_tokens_of_its_subject() {
    with_client(|tx| {
        let code = code(tx, "read write", t0());
        let issued = exchange(tx, &code, t0()).unwrap();
        assert_eq!((issued.subject.as_str(), issued.scope.as_str(), issued.expires_in), ("7", "read write", 3600));
        assert_eq!(issued.expires_at, t0() + Duration::seconds(3600));
        let access = store::find(tx, "v", Kind::Access, &issued.access_token).unwrap().unwrap();
        assert_eq!((access.subject.as_str(), access.expires_at.as_deref()), ("7", Some("2024-05-01T11:00:00.000Z")));
        let again = ("invalid_grant", "Invalid grant: authorization code is invalid".to_owned());
        assert_eq!(refused(exchange(tx, &code, t0())), again);
    });
}

#[test]
fn codes_and_refresh_tokens_expire_by_the_given_clock() {
    with_client(|tx| {
        let late = code(tx, "", t0());
        let expired = ("invalid_grant", "Invalid grant: authorization code has expired".to_owned());
        assert_eq!(refused(exchange(tx, &late, t0() + Duration::seconds(600))), expired);
        let issued = exchange(tx, &code(tx, "", t0()), t0() + Duration::seconds(599)).unwrap();
        let refresh = issued.refresh_token.unwrap();
        let day = t0() + Duration::seconds(599 + 86_400);
        let expired = ("invalid_grant", "Invalid grant: refresh token has expired".to_owned());
        assert_eq!(refused(refresh_with(tx, &refresh, None, day)), expired);
        assert!(refresh_with(tx, &refresh, None, day - Duration::milliseconds(1)).is_ok());
    });
}

#[test]
fn a_refresh_uses_up_the_refresh_token_and_issues_a_new_one() {
    with_client(|tx| {
        let first = exchange(tx, &code(tx, "", t0()), t0()).unwrap();
        let old = first.refresh_token.clone().unwrap();
        let second = refresh_with(tx, &old, None, t0()).unwrap();
        assert_ne!(second.refresh_token.as_deref(), Some(old.as_str()));
        assert_ne!(second.access_token, first.access_token);
        assert_eq!(second.scope, "read", "the default scope");
        let invalid = ("invalid_grant", "Invalid grant: refresh token is invalid".to_owned());
        assert_eq!(refused(refresh_with(tx, &old, None, t0())), invalid);
        assert!(store::find(tx, "v", Kind::Access, &first.access_token).unwrap().is_some(), "the old access token lives on");
        assert!(refresh_with(tx, second.refresh_token.as_deref().unwrap(), None, t0()).is_ok());
    });
}

#[test]
fn a_refresh_may_narrow_the_scope_but_not_widen_it() {
    with_client(|tx| {
        let refresh = exchange(tx, &code(tx, "read write", t0()), t0()).unwrap().refresh_token.unwrap();
        let wider = ("invalid_scope", "Invalid scope: `scope` asks for more than was granted (read write)".to_owned());
        assert_eq!(refused(refresh_with(tx, &refresh, Some("write admin"), t0())), wider);
        let narrower = refresh_with(tx, &refresh, Some("write  write"), t0()).unwrap();
        assert_eq!(narrower.scope, "write");
    });
}

#[test]
fn authorize_redirects_only_to_registered_uris() {
    with_client(|tx| {
        let ask = |uri: &str, kind: &str| {
            let asked = params(&[("response_type", kind), ("client_id", "c"), ("redirect_uri", uri), ("state", "s 1")]);
            authorize(tx, &POLICY, &asked, t0(), |_| Ok("7".into()))
        };
        let unregistered = ask("https://evil.example.com/cb", "code").unwrap_err();
        assert_eq!(
            (unregistered.status(), unregistered.error(), unregistered.description()),
            (StatusCode::BAD_REQUEST, "invalid_request", "Invalid request: `redirect_uri` is not registered for this client")
        );
        let implicit = ask(CALLBACK, "token").unwrap();
        let token = implicit
            .strip_prefix(&format!("{CALLBACK}#access_token="))
            .and_then(|r| r.strip_suffix("&expires_in=60&state=s%201"));
        assert!(token.is_some_and(|t| t.starts_with("access-")), "{implicit}");
        let refused =
            authorize(tx, &POLICY, &params(&[("client_id", "c"), ("redirect_uri", CALLBACK)]), t0(), |_| Ok("7".into()));
        assert_eq!(
            refused.unwrap(),
            format!("{CALLBACK}?error=invalid_request&error_description=Missing%20parameter%3A%20%60response_type%60")
        );
        let by_subject = authorize(
            tx,
            &POLICY,
            &params(&[("response_type", "code"), ("client_id", "c"), ("redirect_uri", CALLBACK)]),
            t0(),
            |_| Err(OAuthError::invalid_request("nobody")),
        );
        assert_eq!(by_subject.unwrap(), format!("{CALLBACK}?error=invalid_request&error_description=nobody"));
    });
}

#[test]
fn a_wrong_secret_is_an_invalid_client() {
    with_client(|tx| {
        let wrong = ClientCredentials { id: "c".into(), secret: "x".into() };
        let e = token(tx, &POLICY, &wrong, &params(&[("grant_type", "refresh_token")]), t0()).unwrap_err();
        assert_eq!((e.status(), e.error()), (StatusCode::UNAUTHORIZED, "invalid_client"));
    });
}

#[test]
fn scopes_are_normalised_and_default_to_the_policys() {
    assert_eq!(normalize_scope(&POLICY, None).unwrap(), "read");
    assert_eq!(normalize_scope(&POLICY, Some("  ")).unwrap(), "read");
    assert_eq!(normalize_scope(&POLICY, Some("write  read write")).unwrap(), "write read");
    assert_eq!(normalize_scope(&POLICY, Some("wr\"ite")).unwrap_err().error(), "invalid_scope");
}
