//! Reading OAuth requests: parameters (a JSON or form body, a query string), the client's
//! credentials (HTTP Basic or body, RFC 6749 §2.3.1); and redirects to the client: which
//! redirect URIs a client's registered ones admit, and adding parameters to one.

use std::collections::BTreeMap;

use serde_json::Value;

use super::OAuthError;

/// A request's parameters: each given at most once; an empty one counts as absent (RFC 6749 §3.1).
#[derive(Debug, Default, Clone)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// `application/x-www-form-urlencoded` (a body, or a query string).
    pub fn from_form(bytes: &[u8]) -> Result<Params, OAuthError> {
        let mut map = BTreeMap::new();
        for (name, value) in form_urlencoded::parse(bytes) {
            if map.contains_key(name.as_ref()) {
                return Err(OAuthError::invalid_request(format!("Invalid request: `{name}` is given more than once")));
            }
            map.insert(name.into_owned(), value.into_owned());
        }
        Ok(Params::of(map))
    }

    /// A JSON object whose values are strings (numbers are taken as their text; null as absent).
    pub fn from_json(bytes: &[u8]) -> Result<Params, OAuthError> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| OAuthError::invalid_request(format!("Invalid request: the body is not valid JSON ({e})")))?;
        let Value::Object(object) = value else {
            return Err(OAuthError::invalid_request("Invalid request: the body must be a JSON object"));
        };
        let mut map = BTreeMap::new();
        for (name, value) in object {
            let text = match value {
                Value::Null => continue,
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                _ => return Err(OAuthError::invalid_request(format!("Invalid parameter: `{name}` must be a string"))),
            };
            map.insert(name, text);
        }
        Ok(Params::of(map))
    }

    /// The token endpoint's body: JSON (as the document sends it) or a form (as OAuth libraries
    /// send it). Without either content type, a body starting with `{` is JSON.
    pub fn of_token_request(content_type: Option<&str>, body: &[u8]) -> Result<Params, OAuthError> {
        let essence = content_type.and_then(|c| c.split(';').next()).map(|c| c.trim().to_ascii_lowercase());
        let json = match essence.as_deref() {
            Some("application/json") => true,
            Some("application/x-www-form-urlencoded") => false,
            _ => body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
        };
        if !json {
            return Params::from_form(body);
        }
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Params::default());
        }
        Params::from_json(body)
    }

    fn of(map: BTreeMap<String, String>) -> Params {
        Params(map.into_iter().filter(|(_, v)| !v.is_empty()).collect())
    }

    /// Parameter `name`, when given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Parameter `name`; a 400 `invalid_request` naming it when missing.
    pub fn require(&self, name: &str) -> Result<&str, OAuthError> {
        self.get(name).ok_or_else(|| OAuthError::invalid_request(format!("Missing parameter: `{name}`")))
    }
}

/// How the client authenticated (RFC 6749 §2.3.1): HTTP Basic wins over body parameters.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    pub id: String,
    pub secret: String,
}

/// Whether the request carries `Authorization: Basic …`.
pub fn uses_basic(authorization: Option<&str>) -> bool {
    authorization.and_then(|a| a.trim().get(..6)).is_some_and(|s| s.eq_ignore_ascii_case("basic "))
}

/// The client's id and secret, from HTTP Basic or else the parameters.
pub fn client_credentials(authorization: Option<&str>, params: &Params) -> Result<ClientCredentials, OAuthError> {
    if let Some(header) = authorization.filter(|a| uses_basic(Some(a))) {
        let decoded = decode_base64(header.trim()[6..].trim()).and_then(|b| String::from_utf8(b).ok());
        let (id, secret) = decoded
            .as_deref()
            .and_then(|text| text.split_once(':'))
            .filter(|(id, secret)| !id.is_empty() && !secret.is_empty())
            .ok_or_else(|| OAuthError::invalid_client("Invalid client: cannot retrieve client credentials"))?;
        return Ok(ClientCredentials { id: id.to_owned(), secret: secret.to_owned() });
    }
    let id = params.require("client_id")?.to_owned();
    let secret = params.require("client_secret")?.to_owned();
    Ok(ClientCredentials { id, secret })
}

/// Standard base64 (padding optional).
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let body = text.trim_end_matches('=').as_bytes();
    if text.len() - body.len() > 2 || body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= digit(*c)? << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

/// Whether `uri` can be redirected to: an absolute URI (a scheme, then something) without a
/// fragment (RFC 6749 §3.1.2) or spaces.
pub fn is_redirect_uri(uri: &str) -> bool {
    let Some((scheme, rest)) = uri.split_once(':') else { return false };
    let mut chars = scheme.bytes();
    chars.next().is_some_and(|b| b.is_ascii_alphabetic())
        && chars.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        && !rest.is_empty()
        && !uri.bytes().any(|b| b == b'#' || b.is_ascii_whitespace() || b.is_ascii_control())
}

/// A URI's parts that decide where it leads: scheme and host in lower case, the port (the
/// scheme's default when none is written), and the path.
struct Target<'a> {
    scheme: String,
    host: String,
    port: Option<u16>,
    path: &'a str,
}

impl<'a> Target<'a> {
    /// `scheme://host[:port][/path][?query]`, without user information (which could make
    /// `https://app.example.com@evil.example/` lead elsewhere than it reads) or dot segments
    /// (which could climb out of a registered path). `None` for anything else.
    fn of(uri: &'a str) -> Option<Target<'a>> {
        let (scheme, rest) = uri.split_once("://")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(end);
        let path = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
        if authority.contains('@')
            || path.split('/').any(|s| matches!(s.to_ascii_lowercase().as_str(), "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."))
        {
            return None;
        }
        let (host, port) = match authority.rfind(':') {
            Some(at) if !authority[at..].contains(']') => (&authority[..at], Some(authority[at + 1..].parse::<u16>().ok()?)),
            _ => (authority, None),
        };
        let scheme = scheme.to_ascii_lowercase();
        let default = match scheme.as_str() {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        };
        if host.is_empty() {
            return None;
        }
        Some(Target {
            scheme,
            host: host.to_ascii_lowercase(),
            port: port.or(default),
            path: if path.is_empty() { "/" } else { path },
        })
    }

    /// `localhost`, `127.0.0.1` or `[::1]`: a native app listens there on whatever port it got.
    fn is_loopback(&self) -> bool {
        matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
    }
}

/// Whether a client that registered `registered` may be redirected to `uri` (GitHub's rule and
/// RFC 8252 §7.3's): the same scheme and host; the same port, except that a loopback host
/// takes any port; the path the registered one or below it. The query may differ.
pub fn redirect_matches(registered: &str, uri: &str) -> bool {
    let (Some(r), Some(u)) = (Target::of(registered), Target::of(uri)) else { return false };
    let below =
        u.path == r.path || (u.path.starts_with(r.path) && (r.path.ends_with('/') || u.path[r.path.len()..].starts_with('/')));
    r.scheme == u.scheme && r.host == u.host && (r.port == u.port || r.is_loopback()) && below
}

/// `uri` with `params` added to its query (kept as it is) or put in its fragment. Spaces are
/// `%20`, which every decoder reads.
pub fn redirect_to<K: AsRef<str>, V: AsRef<str>>(uri: &str, params: &[(K, V)], fragment: bool) -> String {
    let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish().replace('+', "%20");
    let separator = match (fragment, uri.find('?')) {
        (true, _) => "#",
        (false, None) => "?",
        (false, Some(_)) if uri.ends_with('?') || uri.ends_with('&') => "",
        (false, Some(_)) => "&",
    };
    format!("{uri}{separator}{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(decode_base64("aWQ6c2VjcmV0").as_deref(), Some(b"id:secret".as_slice()));
        assert_eq!(decode_base64("YTpi").as_deref(), Some(b"a:b".as_slice()));
        assert_eq!(decode_base64("YTpiYw==").as_deref(), Some(b"a:bc".as_slice()));
        assert_eq!(decode_base64("YTpiYw").as_deref(), Some(b"a:bc".as_slice()));
        assert_eq!(decode_base64("YTpiYzE=").as_deref(), Some(b"a:bc1".as_slice()));
        assert_eq!(decode_base64("not base64!"), None);
        assert_eq!(decode_base64("Y"), None);
    }

    #[test]
    fn redirects_keep_the_query_and_encode_spaces_as_percent_20() {
        assert_eq!(
            redirect_to("https://a.example/cb", &[("code", "x"), ("state", "a b+c")], false),
            "https://a.example/cb?code=x&state=a%20b%2Bc"
        );
        assert_eq!(redirect_to("https://a.example/cb?app=1", &[("code", "x")], false), "https://a.example/cb?app=1&code=x");
        assert_eq!(redirect_to("https://a.example/cb?", &[("code", "x")], false), "https://a.example/cb?code=x");
        assert_eq!(
            redirect_to("https://a.example/cb?a=1", &[("scope", "read write")], true),
            "https://a.example/cb?a=1#scope=read%20write"
        );
    }

    #[test]
    fn redirect_uris_must_be_absolute_and_fragment_free() {
        for good in ["https://app.example.com/callback", "http://localhost:3000/cb?x=1", "com.example.app:/oauth"] {
            assert!(is_redirect_uri(good), "{good}");
        }
        for bad in
            ["/callback", "app.example.com/cb", "https://a.example/cb#frag", "https://a.example/c b", "1http://x", "https:"]
        {
            assert!(!is_redirect_uri(bad), "{bad}");
        }
    }

    #[test]
    fn a_registered_redirect_uri_admits_its_host_port_and_paths_below() {
        let registered = "https://app.example.com/";
        for good in [
            "https://app.example.com/",
            "https://app.example.com/callback",
            "HTTPS://App.Example.com:443/cb?x=1",
            "https://app.example.com",
        ] {
            assert!(redirect_matches(registered, good), "{good}");
        }
        for bad in [
            "http://app.example.com/cb",
            "https://app.example.com:8443/cb",
            "https://evil.example.com/cb",
            "https://app.example.com.evil.example/cb",
            "https://app.example.com@evil.example/cb",
            "javascript:alert(1)//app.example.com/",
            "javascript://app.example.com/%0aalert(1)",
        ] {
            assert!(!redirect_matches(registered, bad), "{bad}");
        }
        assert!(redirect_matches("https://app.example.com/cb", "https://app.example.com/cb/done"));
        assert!(!redirect_matches("https://app.example.com/cb", "https://app.example.com/cbx"));
        assert!(!redirect_matches("https://app.example.com/cb", "https://app.example.com/cb/../admin"));
        assert!(!redirect_matches("https://app.example.com/cb", "https://app.example.com/cb/%2E%2E/admin"));
    }

    #[test]
    fn a_loopback_redirect_uri_admits_any_port() {
        assert!(redirect_matches("http://localhost/", "http://localhost:53682/callback"));
        assert!(redirect_matches("http://127.0.0.1/", "http://127.0.0.1:8080/"));
        assert!(redirect_matches("http://[::1]/", "http://[::1]:9000/cb"));
        assert!(!redirect_matches("http://localhost/", "https://localhost:53682/"));
        assert!(!redirect_matches("http://127.0.0.1/", "http://127.0.0.2:8080/"));
        assert!(!redirect_matches("http://localhost/", "http://localhost.evil.example:80/"));
    }

    #[test]
    fn token_request_bodies_are_json_or_forms() {
        let form =
            Params::of_token_request(Some("application/x-www-form-urlencoded"), b"grant_type=refresh_token&scope=").unwrap();
        assert_eq!((form.get("grant_type"), form.get("scope")), (Some("refresh_token"), None));
        let json =
            Params::of_token_request(Some("application/json; charset=utf-8"), br#"{"code": "ab", "n": 5, "x": null}"#).unwrap();
        assert_eq!((json.get("code"), json.get("n"), json.get("x")), (Some("ab"), Some("5"), None));
        let sniffed = Params::of_token_request(None, br#" {"code": "ab"}"#).unwrap();
        assert_eq!(sniffed.get("code"), Some("ab"));
        let repeated = Params::of_token_request(None, b"code=a&code=b").unwrap_err();
        assert_eq!(
            (repeated.error(), repeated.description()),
            ("invalid_request", "Invalid request: `code` is given more than once")
        );
        assert_eq!(Params::of_token_request(Some("application/json"), b"[1]").unwrap_err().error(), "invalid_request");
        assert_eq!(
            Params::of_token_request(Some("application/json"), br#"{"code": {}}"#).unwrap_err().error(),
            "invalid_request"
        );
    }
}
