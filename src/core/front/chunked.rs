//! Framing a chunked body, byte for byte as actix-http's decoder reads it (sizes in hex, optional
//! whitespace and `;extensions`, `\r\n` after each size line and each chunk, trailer lines after
//! the `0` chunk up to an empty line), so that both agree on where the next request starts.

/// Where in a chunked body the bytes read so far end.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum At {
    #[default]
    SizeFirst,
    SizeRest,
    SizeSpace,
    Extension,
    SizeLf,
    /// Chunk data still to come.
    Data(u64),
    DataCr,
    DataLf,
    Trailer,
    TrailerLf,
    EndCr,
    EndLf,
}

/// A chunked body being framed.
#[derive(Debug, Default)]
pub struct Chunked {
    at: At,
    size: u64,
}

fn hex(b: u8) -> Option<u64> {
    (b as char).to_digit(16).map(u64::from)
}

impl Chunked {
    /// Reads the body from the start of `input`: how many bytes belong to it and whether it
    /// ended there. `Err` when the bytes are not a chunked body actix would read. Reads at least
    /// one byte of a non-empty input.
    pub fn consume(&mut self, input: &[u8]) -> Result<(usize, bool), ()> {
        let mut i = 0;
        while i < input.len() {
            if let At::Data(left) = self.at {
                let n = usize::try_from(left).map_or(input.len() - i, |left| left.min(input.len() - i));
                i += n;
                let left = left - n as u64;
                self.at = if left == 0 { At::DataCr } else { At::Data(left) };
                continue;
            }
            let b = input[i];
            i += 1;
            self.at = match (self.at, b) {
                (At::SizeFirst, _) => {
                    self.size = hex(b).ok_or(())?;
                    At::SizeRest
                }
                (At::SizeRest, b'\t' | b' ') | (At::SizeSpace, b'\t' | b' ') => At::SizeSpace,
                (At::SizeRest | At::SizeSpace | At::Extension, b';') => At::Extension,
                (At::SizeRest | At::SizeSpace | At::Extension, b'\r') => At::SizeLf,
                (At::SizeRest, _) => {
                    let digit = hex(b).ok_or(())?;
                    self.size = self.size.checked_mul(16).ok_or(())? + digit;
                    At::SizeRest
                }
                (At::Extension, 0x00..=0x08 | 0x0A..=0x1F | 0x7F) => return Err(()),
                (At::Extension, _) => At::Extension,
                (At::SizeLf, b'\n') if self.size > 0 => At::Data(self.size),
                (At::SizeLf, b'\n') => At::EndCr,
                (At::DataCr, b'\r') => At::DataLf,
                (At::DataLf, b'\n') => At::SizeFirst,
                (At::Trailer, b'\r') => At::TrailerLf,
                (At::Trailer, _) => At::Trailer,
                (At::TrailerLf, b'\n') => At::EndCr,
                (At::EndCr, b'\r') => At::EndLf,
                (At::EndCr, _) => At::Trailer,
                (At::EndLf, b'\n') => {
                    *self = Chunked::default();
                    return Ok((i, true));
                }
                _ => return Err(()),
            };
        }
        Ok((i, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_extensions_data_and_trailers() {
        let body = b"5;name=val\r\nhello\r\nA \r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\nGET";
        let mut chunked = Chunked::default();
        assert_eq!(chunked.consume(body), Ok((body.len() - 3, true)));
        let mut chunked = Chunked::default();
        for (i, byte) in body[..body.len() - 3].chunks(1).enumerate() {
            assert_eq!(chunked.consume(byte), Ok((1, i == body.len() - 4)));
        }
    }

    #[test]
    fn what_actix_refuses_is_refused() {
        for bad in [&b"\r\n"[..], b"g\r\n", b"5\n", b"5\r\nhelloX", b"1;a\x01\r\n", b"10000000000000000\r\n"] {
            assert_eq!(Chunked::default().consume(bad), Err(()), "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
