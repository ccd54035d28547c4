//! The request-target: which of its bytes the `http` crate (behind actix) refuses although
//! httparse and real front servers take them, and their percent-encoded repair.
//!
//! `http::uri::PathAndQuery` allows, raw, in the path `!`, `"`, `$`–`;`, `=`, `@`–`_`, `a`–`z`,
//! `{`, `|`, `}`, `~`, and in the query `!`, `$`–`;`, `=`, `?`–`~`; a `#` starts a fragment
//! that it drops unchecked. Everything else printable that httparse lets through (`<`, `>`, a
//! backquote in the path, `"` in the query, and any byte from 0x80 up) is written here as `%XX`,
//! which the query and path decoders turn back into the same byte. Control bytes, spaces and DEL
//! cannot be repaired: the request line is malformed.

/// Bytes the `http` crate takes raw in a path (`?` and `#` end the path and are handled apart).
const PATH_OK: [bool; 256] = table(&[(0x21, 0x22), (0x24, 0x3B), (0x3D, 0x3D), (0x40, 0x5F), (0x61, 0x7E)]);

/// Bytes the `http` crate takes raw in a query (`#` ends the query and is handled apart).
const QUERY_OK: [bool; 256] = table(&[(0x21, 0x21), (0x24, 0x3B), (0x3D, 0x3D), (0x3F, 0x7E)]);

const fn table(ranges: &[(u8, u8)]) -> [bool; 256] {
    let mut out = [false; 256];
    let mut r = 0;
    while r < ranges.len() {
        let (from, to) = ranges[r];
        let mut b = from as usize;
        while b <= to as usize {
            out[b] = true;
            b += 1;
        }
        r += 1;
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Path,
    Query,
    Fragment,
}

/// A byte no request line may carry: a control byte, a space or DEL.
fn is_invalid(b: u8) -> bool {
    b <= 0x20 || b == 0x7F
}

/// Whether `b`, in `part`, must be percent-encoded; moves `part` on at `?` and `#`.
#[inline]
fn needs_encoding(part: &mut Part, b: u8) -> bool {
    match *part {
        Part::Path => match b {
            b'?' => {
                *part = Part::Query;
                false
            }
            b'#' => {
                *part = Part::Fragment;
                false
            }
            _ => !PATH_OK[b as usize],
        },
        Part::Query => {
            if b == b'#' {
                *part = Part::Fragment;
                false
            } else {
                !QUERY_OK[b as usize]
            }
        }
        Part::Fragment => b >= 0x80,
    }
}

/// Where the path of `target` starts: 0 in origin form (`/…`), after `scheme://authority` in
/// absolute form, and the end of the target otherwise (`*`, `host:port`), which is left as it is.
fn path_start(target: &[u8]) -> usize {
    if target.first() == Some(&b'/') {
        return 0;
    }
    let scheme = target.iter().position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')));
    match scheme {
        Some(colon) if colon > 0 && target[colon..].starts_with(b"://") => {
            let authority = colon + 3;
            target[authority..].iter().position(|&b| matches!(b, b'/' | b'?' | b'#')).map_or(target.len(), |i| authority + i)
        }
        _ => target.len(),
    }
}

/// How many bytes of `target` must be percent-encoded, or `None` when the target cannot be
/// repaired (a control byte, a space, DEL, or a byte from 0x80 up outside path, query and
/// fragment).
pub fn scan(target: &[u8]) -> Option<usize> {
    let start = path_start(target);
    if target[..start].iter().any(|&b| is_invalid(b) || b >= 0x80) {
        return None;
    }
    let mut part = Part::Path;
    let mut count = 0;
    for &b in &target[start..] {
        if is_invalid(b) {
            return None;
        }
        count += usize::from(needs_encoding(&mut part, b));
    }
    Some(count)
}

/// Appends `target` to `out` with the bytes `scan` counted written as `%XX`.
pub fn repair_into(target: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let start = path_start(target);
    out.extend_from_slice(&target[..start]);
    let mut part = Part::Path;
    for &b in &target[start..] {
        if needs_encoding(&mut part, b) {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
        } else {
            out.push(b);
        }
    }
}

/// The path of `target` (what precedes `?` or `#`), for telling which vendor a refused request
/// was for.
pub fn path_of(target: &[u8]) -> &[u8] {
    let start = path_start(target);
    let rest = &target[start..];
    let end = rest.iter().position(|&b| b == b'?' || b == b'#').unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(target: &str) -> String {
        let mut out = Vec::new();
        repair_into(target.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn only_what_the_http_crate_refuses_is_encoded() {
        assert_eq!(scan(b"/v1/contacts?page=1&limit=10"), Some(0));
        assert_eq!(repaired(r#"/v1/contacts?crm_ids=["a","b"]"#), "/v1/contacts?crm_ids=[%22a%22,%22b%22]");
        // `"`, `{`, `}`, `|`, `\`, `^` are fine raw in the path; `<`, `>` and a backquote are not.
        assert_eq!(repaired(r#"/a"{}|\^<>`?q=\^`|{}<>"#), r#"/a"{}|\^%3C%3E%60?q=\^`|{}%3C%3E"#);
        assert_eq!(repaired("/caf\u{e9}?q=\u{e9}#fr\u{e9}"), "/caf%C3%A9?q=%C3%A9#fr%C3%A9");
        assert_eq!(repaired("http://h:1/p?q=\"x\""), "http://h:1/p?q=%22x%22");
        assert_eq!(repaired("*"), "*");
    }

    #[test]
    fn controls_and_non_ascii_hosts_cannot_be_repaired() {
        assert_eq!(scan(b"/a\x01b"), None);
        assert_eq!(scan(b"/a\x7f"), None);
        assert_eq!(scan(b"/a\tb"), None);
        assert_eq!(scan("http://h\u{e9}/".as_bytes()), None);
        assert_eq!(scan("/\u{e9}".as_bytes()), Some(2));
    }

    #[test]
    fn the_path_is_what_precedes_the_query() {
        assert_eq!(path_of(b"/livingmetrics/v1/contacts?x=1"), b"/livingmetrics/v1/contacts");
        assert_eq!(path_of(b"http://h/liondesk/contacts#f"), b"/liondesk/contacts");
        assert_eq!(path_of(b"h:443"), b"");
    }
}
