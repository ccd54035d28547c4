//! The byte state machine: finds each request head on the connection, repairs or refuses it, and
//! frames its body (`Content-Length` or chunked) so that the next head is found. Pure: no I/O.

use std::ops::Range;

use memchr::memchr;

use super::chunked::Chunked;
use super::{MAX_HEAD, MAX_HEADERS, MAX_TARGET, Reason, Refusal, target};

/// What to do with the bytes at the start of the input given to [`Front::feed`].
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Hand this many bytes on as they are (never 0 for a non-empty input).
    Forward(usize),
    /// Hand `head` on in place of the first `consumed` bytes (a complete head, repaired).
    Replace { consumed: usize, head: Vec<u8> },
    /// The input holds only part of a head: feed it again with more bytes after it.
    NeedMore,
    /// Answer this refusal and close; nothing more of the input is handed on.
    Refuse(Refusal),
}

/// The front layer's view of one connection's inbound bytes.
#[derive(Debug, Default)]
pub struct Front {
    state: State,
}

#[derive(Debug)]
enum State {
    Head(HeadScan),
    /// Body bytes still to come under `Content-Length`.
    Length(u64),
    Chunked(Chunked),
    /// Framing is unclear from here on: everything goes through untouched.
    Passthrough,
    Refused,
}

impl Default for State {
    fn default() -> Self {
        State::Head(HeadScan::default())
    }
}

/// How far a head has been read. Offsets count from the start of the input, which keeps its
/// bytes from one `feed` to the next while the head is incomplete.
#[derive(Debug, Default)]
struct HeadScan {
    /// Where the request line starts, once the empty lines before it are skipped.
    start: Option<usize>,
    /// Where the line being read starts, and up to where it has been searched for its end.
    line: usize,
    searched: usize,
    /// How far the method has been checked while the request line is incomplete, and whether
    /// it is whole (the space after it has come).
    method_checked: usize,
    method_done: bool,
    request: Option<RequestLine>,
    headers: usize,
    content_length: Option<u64>,
    chunked: bool,
    /// A header makes the framing unclear (a second or bad `Content-Length`, a
    /// `Transfer-Encoding` other than `chunked`, `Upgrade`, a line without a colon).
    unclear: bool,
    host: Option<Range<usize>>,
}

#[derive(Debug)]
struct RequestLine {
    method: Range<usize>,
    target: Range<usize>,
    http10: bool,
    /// Bytes to percent-encode in the target, or `None` when the line is malformed.
    encode: Option<usize>,
}

impl Front {
    pub fn new() -> Front {
        Front::default()
    }

    /// Whether everything from here on is handed on untouched.
    pub fn is_passthrough(&self) -> bool {
        matches!(self.state, State::Passthrough)
    }

    /// Decides on the bytes at the start of `input` (the bytes not yet decided on). After
    /// `NeedMore`, the next call must be given the same bytes with more appended.
    pub fn feed(&mut self, input: &[u8]) -> Step {
        if input.is_empty() {
            return Step::NeedMore;
        }
        match &mut self.state {
            State::Passthrough => Step::Forward(input.len()),
            State::Refused => Step::NeedMore,
            State::Length(left) => {
                let n = usize::try_from(*left).map_or(input.len(), |left| left.min(input.len()));
                *left -= n as u64;
                if *left == 0 {
                    self.state = State::default();
                }
                Step::Forward(n)
            }
            State::Chunked(chunked) => match chunked.consume(input) {
                Ok((n, ended)) => {
                    if ended {
                        self.state = State::default();
                    }
                    Step::Forward(n)
                }
                Err(()) => {
                    self.state = State::Passthrough;
                    Step::Forward(input.len())
                }
            },
            State::Head(scan) => {
                let step = scan.feed(input);
                match &step {
                    Step::Refuse(_) => self.state = State::Refused,
                    Step::Forward(_) | Step::Replace { .. } => {
                        if let State::Head(scan) = std::mem::replace(&mut self.state, State::Passthrough) {
                            self.state = scan.next_state(input);
                        }
                    }
                    Step::NeedMore => {}
                }
                step
            }
        }
    }
}

/// Empty lines and header lines end in `\n`, with or without `\r` before it.
fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn trim(value: &[u8]) -> &[u8] {
    value.trim_ascii()
}

/// httparse's `tchar`: what a method (and a header name) is made of.
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

impl HeadScan {
    fn feed(&mut self, input: &[u8]) -> Step {
        if self.searched > input.len() {
            // Not the bytes fed before (a caller's error): read the head afresh.
            *self = HeadScan::default();
        }
        if self.start.is_none() {
            match self.skip_empty_lines(input) {
                Ok(Some(_)) => {}
                Ok(None) => return self.incomplete(input),
                Err(()) => return Step::Refuse(self.refusal(input, Reason::BadRequestLine)),
            }
        }
        while let Some(offset) = memchr(b'\n', &input[self.searched..]) {
            let end = self.searched + offset;
            let line = self.line..end;
            self.line = end + 1;
            self.searched = end + 1;
            if self.request.is_none() {
                self.request = Some(RequestLine::parse(input, line));
            } else if strip_cr(&input[line.clone()]).is_empty() {
                return self.complete(input, end + 1);
            } else {
                self.header(input, line);
            }
        }
        self.searched = input.len();
        if self.request.is_none() && self.method_is_bad(input) {
            return Step::Refuse(self.refusal(input, Reason::BadRequestLine));
        }
        self.incomplete(input)
    }

    /// Skips the empty lines httparse skips before a request line; `Ok(None)` when the input
    /// ends first, `Err` on a `\r` that is not followed by `\n`.
    fn skip_empty_lines(&mut self, input: &[u8]) -> Result<Option<usize>, ()> {
        let mut i = self.line;
        loop {
            match (input.get(i), input.get(i + 1)) {
                (Some(b'\n'), _) => i += 1,
                (Some(b'\r'), Some(b'\n')) => i += 2,
                (Some(b'\r'), Some(_)) => return Err(()),
                (None, _) | (Some(b'\r'), None) => {
                    self.line = i;
                    return Ok(None);
                }
                (Some(_), _) => break,
            }
        }
        self.start = Some(i);
        self.line = i;
        self.searched = i;
        self.method_checked = i;
        Ok(Some(i))
    }

    /// While the request line is incomplete: whether what has come of its method is not one.
    fn method_is_bad(&mut self, input: &[u8]) -> bool {
        let Some(start) = self.start.filter(|_| !self.method_done) else { return false };
        let from = self.method_checked.max(start);
        self.method_checked = input.len();
        match input[from..].iter().position(|&b| !is_token(b)) {
            Some(i) if input[from + i] == b' ' && from + i > start => {
                self.method_done = true;
                false
            }
            Some(_) => true,
            None => false,
        }
    }

    fn incomplete(&self, input: &[u8]) -> Step {
        if input.len() > MAX_HEAD {
            let reason = match &self.request {
                Some(line) if line.target_too_long() => Reason::TargetTooLong,
                Some(_) => Reason::HeadTooLarge,
                None if self.start.is_some() => Reason::TargetTooLong,
                None => Reason::HeadTooLarge,
            };
            return Step::Refuse(self.refusal(input, reason));
        }
        Step::NeedMore
    }

    fn header(&mut self, input: &[u8], line: Range<usize>) {
        self.headers += 1;
        let bytes = strip_cr(&input[line.clone()]);
        let Some(colon) = memchr(b':', bytes) else {
            self.unclear = true;
            return;
        };
        let (name, value) = (&bytes[..colon], trim(&bytes[colon + 1..]));
        match name.len() {
            4 if self.host.is_none() && name.eq_ignore_ascii_case(b"host") => {
                let at = line.start + colon + 1 + (bytes[colon + 1..].len() - bytes[colon + 1..].trim_ascii_start().len());
                self.host = Some(at..at + value.len());
            }
            7 if name.eq_ignore_ascii_case(b"upgrade") => self.unclear = true,
            14 if name.eq_ignore_ascii_case(b"content-length") => {
                let parsed = std::str::from_utf8(value).ok().filter(|v| !v.starts_with('+')).and_then(|v| v.parse::<u64>().ok());
                match (self.content_length, parsed) {
                    (None, Some(n)) => self.content_length = Some(n),
                    _ => self.unclear = true,
                }
            }
            17 if name.eq_ignore_ascii_case(b"transfer-encoding") => {
                if self.chunked || !value.eq_ignore_ascii_case(b"chunked") {
                    self.unclear = true;
                }
                self.chunked = true;
            }
            _ => {}
        }
    }

    /// The head ends at `end`: refuse it, hand it on, or hand on its repair.
    fn complete(&mut self, input: &[u8], end: usize) -> Step {
        let Some(line) = &self.request else { return Step::Refuse(self.refusal(input, Reason::BadRequestLine)) };
        let Some(encode) = line.encode else { return Step::Refuse(self.refusal(input, Reason::BadRequestLine)) };
        if line.target_too_long() {
            return Step::Refuse(self.refusal(input, Reason::TargetTooLong));
        }
        if self.headers > MAX_HEADERS {
            return Step::Refuse(self.refusal(input, Reason::TooManyHeaders));
        }
        if end + 2 * encode > MAX_HEAD {
            return Step::Refuse(self.refusal(input, Reason::HeadTooLarge));
        }
        if encode == 0 {
            return Step::Forward(end);
        }
        let mut head = Vec::with_capacity(end + 2 * encode);
        head.extend_from_slice(&input[..line.target.start]);
        target::repair_into(&input[line.target.clone()], &mut head);
        head.extend_from_slice(&input[line.target.end..end]);
        Step::Replace { consumed: end, head }
    }

    /// After a head was handed on: its body's framing, or pass-through when it is unclear.
    fn next_state(self, input: &[u8]) -> State {
        let Some(line) = &self.request else { return State::Passthrough };
        let connect = input[line.method.clone()].eq_ignore_ascii_case(b"CONNECT");
        if self.unclear || connect || (self.chunked && (line.http10 || self.content_length.is_some())) {
            return State::Passthrough;
        }
        match self.content_length {
            _ if self.chunked => State::Chunked(Chunked::default()),
            Some(n) if n > 0 => State::Length(n),
            _ => State::default(),
        }
    }

    fn refusal(&self, input: &[u8], reason: Reason) -> Refusal {
        let text = |range: Range<usize>| String::from_utf8_lossy(&input[range]).into_owned();
        let start = self.start.unwrap_or(self.line).min(input.len());
        let (method, target) = match &self.request {
            Some(line) => (Some(line.method.clone()), Some(line.target.clone())),
            None => {
                // The request line is incomplete: what has come of it.
                let partial = &input[start..];
                match memchr(b' ', partial) {
                    Some(sp) if sp > 0 => {
                        let from = start + sp + 1;
                        let to = memchr(b' ', &input[from..]).map_or(input.len(), |i| from + i);
                        (Some(start..start + sp), Some(from..to))
                    }
                    _ => (None, None),
                }
            }
        };
        let method = method.filter(|m| !m.is_empty() && m.len() <= 32 && input[m.clone()].iter().all(|&b| is_token(b))).map(text);
        let path = target.filter(|t| !t.is_empty()).map(|t| {
            let path = target::path_of(&input[t]);
            String::from_utf8_lossy(&path[..path.len().min(super::MAX_REFUSAL_PATH)]).into_owned()
        });
        let host = self.host.clone().map(text);
        Refusal { reason, method, path, host }
    }
}

impl RequestLine {
    /// Parses `method SP target SP HTTP/1.x` as httparse does (one space each).
    fn parse(input: &[u8], line: Range<usize>) -> RequestLine {
        let bytes = strip_cr(&input[line.clone()]);
        let at = line.start;
        let malformed = RequestLine { method: at..at, target: at..at, http10: false, encode: None };
        let Some(sp1) = memchr(b' ', bytes) else { return malformed };
        let Some(sp2) = memchr(b' ', &bytes[sp1 + 1..]).map(|i| sp1 + 1 + i) else { return malformed };
        let (method, target, version) = (&bytes[..sp1], &bytes[sp1 + 1..sp2], &bytes[sp2 + 1..]);
        let http10 = version == b"HTTP/1.0";
        let ok =
            !method.is_empty() && method.iter().all(|&b| is_token(b)) && !target.is_empty() && (http10 || version == b"HTTP/1.1");
        RequestLine {
            method: at..at + sp1,
            target: at + sp1 + 1..at + sp2,
            http10,
            encode: if ok { target::scan(target) } else { None },
        }
    }

    fn target_too_long(&self) -> bool {
        self.target.len() + 2 * self.encode.unwrap_or(0) > MAX_TARGET
    }
}
