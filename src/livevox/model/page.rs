//! Pages of a list: `count` (1 to 1,000, the document's hard cap) and `offset` (from 0), both
//! required, and the `next` URI an answer carries while more remain.

use super::super::error::{LvError, Result};
use crate::core::paging::Window;

/// The document's hard cap on `count`.
pub const MAX_COUNT: i64 = 1000;

/// A page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub count: i64,
    pub offset: i64,
}

impl Page {
    /// Reads `count` and `offset` from a query string (other parameters are ignored).
    pub fn from_query(query: &str) -> Result<Page> {
        let mut count = None;
        let mut offset = None;
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            match name.as_ref() {
                "count" => count = Some(value.into_owned()),
                "offset" => offset = Some(value.into_owned()),
                _ => {}
            }
        }
        let number = |name: &str, value: Option<String>, min: i64, max: i64| -> Result<i64> {
            let value = value.ok_or_else(|| LvError::bad_field(name, "is required"))?;
            value
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| LvError::bad_field(name, format!("must be an integer from {min} to {max}, not '{value}'")))
        };
        Ok(Page {
            count: number("count", count, 1, MAX_COUNT)?,
            offset: number("offset", offset, 0, crate::core::sequence::MAX_ID)?,
        })
    }

    /// The rows to read: the page and one more, whose presence says whether more remain (the
    /// lists answer `next`, never a total, so nothing is counted).
    pub fn window(self) -> Window {
        Window { offset: self.offset, limit: self.count + 1 }
    }

    /// The page of `rows` (read with [`Page::window`]) and the offset of the next page while more
    /// remain.
    pub fn take<T>(self, mut rows: Vec<T>) -> (Vec<T>, Option<i64>) {
        let more = rows.len() as i64 > self.count;
        rows.truncate(self.count as usize);
        (rows, more.then(|| self.offset.saturating_add(self.count)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_and_offset_are_required_and_bounded() {
        assert_eq!(Page::from_query("count=10&offset=0&x=1").ok(), Some(Page { count: 10, offset: 0 }));
        let message = |q: &str| Page::from_query(q).unwrap_err().to_string();
        assert_eq!(message("offset=0"), "count: is required");
        assert_eq!(message("count=5"), "offset: is required");
        assert_eq!(message("count=1001&offset=0"), "count: must be an integer from 1 to 1000, not '1001'");
        assert_eq!(message("count=0&offset=0"), "count: must be an integer from 1 to 1000, not '0'");
        assert_eq!(message("count=5&offset=-1"), "offset: must be an integer from 0 to 9007199254740991, not '-1'");
        assert_eq!(message("count={10}&offset=0"), "count: must be an integer from 1 to 1000, not '{10}'");
    }

    #[test]
    fn there_is_a_next_page_while_rows_remain() {
        let page = Page { count: 10, offset: 0 };
        assert_eq!(page.window(), Window { offset: 0, limit: 11 });
        let rows = |n: usize| vec![(); n];
        assert_eq!((page.take(rows(11)), page.take(rows(10))), ((rows(10), Some(10)), (rows(10), None)));
        assert_eq!(Page { count: 1000, offset: i64::MAX }.take(rows(5)), (rows(5), None));
    }
}
