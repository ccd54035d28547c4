//! Page windows: a requested page size clamped to a vendor's maximum, and the offset it implies.

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

/// `requested` clamped into `1..=max`, or `default` when absent.
pub fn clamp_limit(requested: Option<i64>, default: i64, max: i64) -> i64 {
    requested.unwrap_or(default).clamp(1, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_clamped_and_pages_multiply() {
        assert_eq!(clamp_limit(None, 100, 500), 100);
        assert_eq!(clamp_limit(Some(900), 100, 500), 500);
        assert_eq!(Window::page(3, 25), Window { offset: 75, limit: 25 });
        assert_eq!(Window::page(i64::MAX, 500).offset, i64::MAX);
    }
}
