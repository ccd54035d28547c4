//! JSON objects written straight into an answer's bytes, for the records answered most (a page
//! of fifty contacts). Their keys are literals that need no escaping and are copied as they
//! are; a string is escaped by serde_json only when it holds a byte JSON escapes. The bytes are
//! those `serde_json::to_writer` gives for the same fields in the same order: a page written
//! through serde spent most of its rendering escaping keys it knows to be plain and walking
//! serde's maps.

/// An answer whose body is the JSON `body` (`Content-Type: application/json`, as
/// `HttpResponseBuilder::json` sets it), with the status `builder` has.
pub fn answer(mut builder: actix_web::HttpResponseBuilder, body: Vec<u8>) -> actix_web::HttpResponse {
    builder.insert_header(actix_web::http::header::ContentType::json()).body(body)
}

/// Whether JSON writes `s` inside quotes as it is (no `"`, `\` or control byte).
fn plain(s: &str) -> bool {
    s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\')
}

/// Writes `s` as a JSON string.
pub fn string(out: &mut Vec<u8>, s: &str) {
    if plain(s) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// Writes `n` as a JSON number.
pub fn int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// An object being written: `{` when started, then its fields in the order written, `}` at
/// [`Object::end`].
pub struct Object<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Object<'a> {
    pub fn start(out: &'a mut Vec<u8>) -> Object<'a> {
        out.push(b'{');
        Object { out, first: true }
    }

    /// Writes `"key":` and answers where the value goes; the caller writes one JSON value there.
    /// `key` is a literal needing no escaping.
    pub fn field(&mut self, key: &'static str) -> &mut Vec<u8> {
        debug_assert!(plain(key), "{key:?} needs escaping");
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    pub fn int(&mut self, key: &'static str, n: i64) {
        int(self.field(key), n);
    }

    /// A number, or `null`.
    pub fn opt_int(&mut self, key: &'static str, n: Option<i64>) {
        match n {
            Some(n) => self.int(key, n),
            None => self.null(key),
        }
    }

    pub fn str(&mut self, key: &'static str, s: &str) {
        string(self.field(key), s);
    }

    /// A string, or `null`.
    pub fn opt_str(&mut self, key: &'static str, s: Option<&str>) {
        match s {
            Some(s) => self.str(key, s),
            None => self.null(key),
        }
    }

    pub fn null(&mut self, key: &'static str) {
        self.field(key).extend_from_slice(b"null");
    }

    /// `json`, a JSON value this program wrote (a stored document), as it is.
    pub fn raw(&mut self, key: &'static str, json: &str) {
        self.field(key).extend_from_slice(json.as_bytes());
    }

    /// `value` as serde_json writes it.
    pub fn value(&mut self, key: &'static str, value: &impl serde::Serialize) {
        // Writing into a `Vec` cannot fail (a map with keys that are not strings does, and no
        // value here has one).
        let _ = serde_json::to_writer(&mut *self.field(key), value);
    }

    /// An array of `items`, each written by `write` into the array.
    pub fn array<T>(&mut self, key: &'static str, items: impl IntoIterator<Item = T>, mut write: impl FnMut(&mut Vec<u8>, T)) {
        let out = self.field(key);
        out.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write(out, item);
        }
        out.push(b']');
    }

    pub fn end(self) {
        self.out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn strings_are_the_bytes_serde_json_writes() {
        let cases = [
            "",
            "Ann",
            "O'Brien & Sons",
            "a \"quoted\" word",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            "bell\u{7}",
            "\u{1f}",
            "Zoë ✓ 𝄞",
            "</script>",
            "\u{2028}",
            "\u{7f}",
        ];
        for s in cases {
            let mut out = Vec::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn an_object_is_the_json_of_its_fields_in_order() {
        let mut out = Vec::new();
        let mut o = Object::start(&mut out);
        o.int("id", -9_223_372_036_854_775_808);
        o.opt_int("rank", None);
        o.opt_str("name", Some("Ann \"A\""));
        o.opt_str("color", None);
        o.raw("addresses", r#"[{"id":1}]"#);
        o.array("values", [1, 2], int);
        o.array("none", Vec::<i64>::new(), int);
        o.end();
        let expected = json!({"id": i64::MIN, "rank": null, "name": "Ann \"A\"", "color": null,
            "addresses": [{"id": 1}], "values": [1, 2], "none": []});
        assert_eq!(String::from_utf8(out).unwrap(), expected.to_string());
        let mut empty = Vec::new();
        Object::start(&mut empty).end();
        assert_eq!(empty, b"{}");
    }
}
