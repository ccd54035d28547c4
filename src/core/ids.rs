//! Random identifiers that look like the vendors' own: alphanumeric strings (LeadConnector ids),
//! hexadecimal tokens, grouped keys. Integer ids come from `core::sequence`.

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";

fn random_from(alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| alphabet[fastrand::usize(..alphabet.len())] as char).collect()
}

/// A random mixed-case alphanumeric string (LeadConnector ids are 20 of these).
pub fn random_alnum(len: usize) -> String {
    random_from(ALNUM, len)
}

/// A random lowercase hexadecimal string (LionDesk tokens are 40 of these).
pub fn random_hex(len: usize) -> String {
    random_from(HEX, len)
}

/// `groups` groups of `size` lowercase alphanumerics joined by `-` (`ab12c-x9k2m-...`).
pub fn random_grouped(groups: usize, size: usize) -> String {
    (0..groups).map(|_| random_from(LOWER_ALNUM, size)).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_have_the_requested_shape() {
        let id = random_alnum(20);
        assert_eq!(id.len(), 20);
        assert!(id.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert!(random_hex(40).bytes().all(|b| b.is_ascii_hexdigit()));
        let key = random_grouped(4, 5);
        assert_eq!(key.len(), 23);
        assert_eq!(key.matches('-').count(), 3);
    }
}
