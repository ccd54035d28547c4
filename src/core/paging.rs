//! Page windows: a page size and the offset it implies.

/// One page of a list: `LIMIT limit OFFSET offset`, both bound as parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub offset: i64,
    pub limit: i64,
}

impl Window {
    /// The window for a zero-based `page` of `limit` rows (`limit` already clamped).
    pub fn page(page: i64, limit: i64) -> Window {
        Window { offset: page.saturating_mul(limit), limit }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_multiply_without_overflow() {
        assert_eq!(Window::page(3, 25), Window { offset: 75, limit: 25 });
        assert_eq!(Window::page(i64::MAX, 500).offset, i64::MAX);
    }
}
