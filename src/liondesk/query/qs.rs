//! Reading a query string as Express's `qs` reads it for a Feathers app: `serde_qs` splits the
//! brackets (percent-encoded or not), combines repeated keys into a list, keeps `[]` and `[0]`
//! lists and keeps key order; this module makes list indices mean what they mean to `qs`.
//!
//! `qs` builds a list from the indices up to 20 (its `arrayLimit`) and closes the gaps:
//! `a[1]=x` is `["x"]` and `a[3]=y&a[1]=x` is `["x", "y"]`. An index above 20 makes it build an
//! object keyed by the indices instead: `a[21]=x` is `{"21": "x"}`, and so is every other
//! index of that list then. `serde_qs` wants every list complete from index 0, so each list's
//! indices are renumbered 0, 1, 2... before it parses, and a list with an index above 20 is
//! turned back into an object keyed by its indices after.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use super::QueryError;

/// Parameters a query may have (`qs`'s `parameterLimit`; `qs` drops the rest, crm-mock refuses).
pub const MAX_PARAMETERS: usize = 1000;
/// Levels of brackets read as nesting; deeper brackets stay part of one key (`qs`'s `depth`).
pub const MAX_DEPTH: usize = 5;
/// The largest index `qs` reads as a list index (`qs`'s `arrayLimit`).
pub const ARRAY_LIMIT: u32 = 20;

/// The query string as `qs` parses it: objects (in key order), lists and strings. A key without
/// `=` is the empty string, and a parameter without a key is ignored, as in `qs`.
pub fn to_json(query: &str) -> Result<Map<String, Json>, QueryError> {
    let parts: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with('=')).collect();
    if parts.len() > MAX_PARAMETERS {
        return Err(QueryError::new(format!("Too many query parameters (at most {MAX_PARAMETERS})")));
    }
    let keys: Vec<Option<Key>> = parts.iter().map(|p| Key::scan(p.as_bytes())).collect();
    let lists = Lists::of(&parts, &keys);
    let renumbered: Vec<Cow<str>> = parts.iter().zip(&keys).map(|(part, key)| lists.renumber(part, key.as_ref())).collect();
    let config = serde_qs::Config::new().max_depth(MAX_DEPTH).use_form_encoding(true);
    let parsed: Json =
        config.deserialize_str(&renumbered.join("&")).map_err(|e| QueryError::new(format!("Invalid query string: {e}")))?;
    match lists.restore(without_nulls(parsed), &mut Vec::new()) {
        Json::Object(map) => Ok(map),
        _ => Ok(Map::new()),
    }
}

/// `qs` reads `a=` and a lone `a` as the empty string.
fn without_nulls(value: Json) -> Json {
    match value {
        Json::Null => Json::String(String::new()),
        Json::Array(items) => Json::Array(items.into_iter().map(without_nulls).collect()),
        Json::Object(map) => Json::Object(map.into_iter().map(|(k, v)| (k, without_nulls(v))).collect()),
        other => other,
    }
}

/// The items of a list, or of an object `qs` built from list indices above its limit (all its
/// keys indices), in index order; `None` for anything else.
pub fn list_items(value: &Json) -> Option<Vec<&Json>> {
    match value {
        Json::Array(items) => Some(items.iter().collect()),
        Json::Object(map) if !map.is_empty() => {
            let mut indexed: Vec<(u32, &Json)> =
                map.iter().map(|(k, v)| Some((index_of(k.as_bytes())?, v))).collect::<Option<_>>()?;
            indexed.sort_by_key(|(i, _)| *i);
            Some(indexed.into_iter().map(|(_, v)| v).collect())
        }
        _ => None,
    }
}

/// A segment `serde_qs` reads as a list index: ASCII digits that fit a `u32`.
fn index_of(segment: &[u8]) -> Option<u32> {
    if segment.is_empty() || !segment.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(segment).ok()?.parse().ok()
}

/// A key as `serde_qs` splits it: the root and the bracket segments it reads as nesting (the
/// byte ranges of the part inside each `[...]`, either bracket possibly written `%5B`/`%5D`).
struct Key {
    root: String,
    segments: Vec<(usize, usize)>,
}

impl Key {
    /// The key of `part` (up to its `=`); `None` where `serde_qs` would not read it as nesting,
    /// which then leaves it as it is.
    fn scan(part: &[u8]) -> Option<Key> {
        let bracket = |at: usize, which: &[u8]| -> Option<usize> {
            match part.get(at..)? {
                [b, ..] if *b == which[0] => Some(1),
                [b'%', b'5', c, ..] if *c == which[1] => Some(3),
                _ => None,
            }
        };
        let mut at = 0;
        while at < part.len() && part[at] != b'=' && bracket(at, b"[B").is_none() {
            at += 1;
        }
        let root = decode(&part[..at]);
        let mut segments = Vec::new();
        while segments.len() < MAX_DEPTH {
            let Some(open) = bracket(at, b"[B") else { break };
            let start = at + open;
            let mut end = start;
            let close = loop {
                match bracket(end, b"]D") {
                    Some(close) => break close,
                    None if end < part.len() => end += 1,
                    None => return None,
                }
            };
            segments.push((start, end));
            at = end + close;
            if !(at == part.len() || part[at] == b'=' || bracket(at, b"[B").is_some()) {
                return None;
            }
        }
        Some(Key { root, segments })
    }

    /// The path of the list a segment belongs to: the root and the segments before it, indices
    /// as written.
    fn paths<'a>(&'a self, part: &'a [u8]) -> impl Iterator<Item = (Vec<String>, (usize, usize))> + 'a {
        self.segments.iter().enumerate().map(move |(i, seg)| {
            let mut path = vec![self.root.clone()];
            path.extend(self.segments[..i].iter().map(|(s, e)| decode(&part[*s..*e])));
            (path, *seg)
        })
    }
}

/// Form-decodes a key or segment (`+` is a space), lossily, to name it.
fn decode(bytes: &[u8]) -> String {
    let spaced: Vec<u8> = bytes.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
    percent_decode(&spaced)
}

fn percent_decode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every list of the query: its path, and its indices in order; whether `qs` makes it an object.
struct Lists(HashMap<Vec<String>, List>);

#[derive(Default)]
struct List {
    indices: Vec<u32>,
    object: bool,
}

impl Lists {
    fn of(parts: &[&str], keys: &[Option<Key>]) -> Lists {
        let mut lists: HashMap<Vec<String>, List> = HashMap::new();
        for (part, key) in parts.iter().zip(keys) {
            let Some(key) = key else { continue };
            for (path, (start, end)) in key.paths(part.as_bytes()) {
                if let Some(index) = index_of(&part.as_bytes()[start..end]) {
                    lists.entry(path).or_default().indices.push(index);
                }
            }
        }
        for list in lists.values_mut() {
            list.indices.sort_unstable();
            list.indices.dedup();
            list.object = list.indices.iter().any(|i| *i > ARRAY_LIMIT);
        }
        Lists(lists)
    }

    /// `part` with each list index replaced by its place in its list.
    fn renumber<'a>(&self, part: &'a str, key: Option<&Key>) -> Cow<'a, str> {
        let Some(key) = key else { return Cow::Borrowed(part) };
        let bytes = part.as_bytes();
        let mut out = String::with_capacity(part.len());
        let mut copied = 0;
        for (path, (start, end)) in key.paths(bytes) {
            let place = index_of(&bytes[start..end]).and_then(|index| self.0.get(&path)?.indices.binary_search(&index).ok());
            if let Some(place) = place {
                out.push_str(&part[copied..start]);
                out.push_str(&place.to_string());
                copied = end;
            }
        }
        if copied == 0 {
            return Cow::Borrowed(part);
        }
        out.push_str(&part[copied..]);
        Cow::Owned(out)
    }

    /// The parsed query with each list under `path` given back its indices: an object keyed by
    /// them where `qs` builds one.
    fn restore(&self, value: Json, path: &mut Vec<String>) -> Json {
        match value {
            Json::Object(map) => Json::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        path.push(k.clone());
                        let v = self.restore(v, path);
                        path.pop();
                        (k, v)
                    })
                    .collect(),
            ),
            Json::Array(items) => match self.0.get(path.as_slice()) {
                Some(list) if list.indices.len() == items.len() => {
                    let object = list.object;
                    let entries: Vec<(String, Json)> = list
                        .indices
                        .clone()
                        .into_iter()
                        .zip(items)
                        .map(|(index, item)| {
                            path.push(index.to_string());
                            let item = self.restore(item, path);
                            path.pop();
                            (index.to_string(), item)
                        })
                        .collect();
                    if object {
                        Json::Object(entries.into_iter().collect())
                    } else {
                        Json::Array(entries.into_iter().map(|(_, item)| item).collect())
                    }
                }
                _ => Json::Array(items),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(query: &str) -> Json {
        Json::Object(to_json(query).unwrap_or_else(|e| panic!("{query}: {e:?}")))
    }

    #[test]
    fn sparse_indices_close_up_into_a_list_in_index_order() {
        assert_eq!(parsed("first_name[$in][1]=Alice"), json!({"first_name": {"$in": ["Alice"]}}));
        assert_eq!(parsed("a[3]=y&a[1]=x"), json!({"a": ["x", "y"]}));
        assert_eq!(parsed("a[20]=x"), json!({"a": ["x"]}));
        assert_eq!(parsed("$or[1][first_name]=x&$or[4][last_name]=y"), json!({"$or": [{"first_name": "x"}, {"last_name": "y"}]}));
        assert_eq!(parsed("a%5B2%5D=x&a[0]=w"), json!({"a": ["w", "x"]}), "encoded brackets");
    }

    #[test]
    fn an_index_above_twenty_makes_an_object_keyed_by_the_indices() {
        assert_eq!(parsed("a[21]=x"), json!({"a": {"21": "x"}}));
        assert_eq!(parsed("a[21]=x&a[2]=y"), json!({"a": {"2": "y", "21": "x"}}));
        assert_eq!(
            parsed("$or[30][first_name]=x&$or[30][last_name]=y&$or[0][id]=1"),
            json!({"$or": {"0": {"id": "1"}, "30": {"first_name": "x", "last_name": "y"}}})
        );
        assert_eq!(parsed("$or[1][a][$in][25]=x"), json!({"$or": [{"a": {"$in": {"25": "x"}}}]}), "per list");
    }

    #[test]
    fn list_items_reads_lists_and_index_keyed_objects_in_index_order() {
        let items = |v: Json| list_items(&v).map(|items| items.into_iter().cloned().collect::<Vec<_>>());
        assert_eq!(items(json!(["a", "b"])), Some(vec![json!("a"), json!("b")]));
        assert_eq!(items(json!({"30": "b", "21": "a"})), Some(vec![json!("a"), json!("b")]));
        assert_eq!(items(json!({"21": "a", "x": "b"})), None);
        assert_eq!(items(json!({})), None);
        assert_eq!(items(json!("a")), None);
    }

    #[test]
    fn what_is_not_an_index_is_left_to_serde_qs() {
        assert_eq!(parsed("a[b]=1&c=2&c=3"), json!({"a": {"b": "1"}, "c": ["2", "3"]}));
        assert_eq!(parsed("a[]=1&a[]=2"), json!({"a": ["1", "2"]}));
        assert_eq!(parsed("a[0]=1&a[0]=2"), json!({"a": [["1", "2"]]}));
        assert!(to_json("a[1=x").is_err());
        assert!(to_json("a[0]x=1").is_err());
    }
}
