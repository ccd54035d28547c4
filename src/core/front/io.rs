//! [`FrontIo`]: a stream as actix-http reads it through the front layer.
//!
//! Inbound bytes go to actix as [`Front`] decides. A head that needs nothing, and the body
//! bytes after it, are handed on where the socket read put them, in actix's own buffer; only a
//! head split across reads, a repaired head, and what follows either in the same read wait in a
//! buffer here (copied once more). After a
//! refusal actix reads the end of the stream; when it has answered what came before and shuts
//! the connection down, the refusal is written, the write side closed, and what the client still
//! sends is read and dropped for a moment so that closing does not reset the connection under
//! the answer. Outbound bytes go through untouched.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use actix_web::rt::time::{Sleep, sleep};
use actix_web::web::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::{Front, Refusal, Renderer, Step, response};

/// How long, after answering a refusal, what the client still sends is read and dropped.
const LINGER: Duration = Duration::from_secs(1);
/// How much one read into the held buffer asks for.
const READ_SIZE: usize = 16 * 1024;

/// A stream whose inbound requests pass the front layer first.
pub struct FrontIo<T> {
    io: T,
    front: Front,
    renderer: Renderer,
    peer: Option<SocketAddr>,
    /// Inbound bytes not yet in actix's buffer: `held[..decided]` are to be handed on as they
    /// are; the rest is an incomplete head.
    held: BytesMut,
    decided: usize,
    /// The front needs more bytes than `held` has.
    starved: bool,
    /// A repaired head, and how much of it actix has.
    head: Vec<u8>,
    head_at: usize,
    closing: Option<Closing>,
}

enum Closing {
    /// Refused: actix reads the end of the stream; the answer waits for its shutdown.
    Refused(Vec<u8>),
    Writing {
        answer: Vec<u8>,
        written: usize,
    },
    Draining(Pin<Box<Sleep>>),
    Done,
}

impl<T> FrontIo<T> {
    pub fn new(io: T, renderer: Renderer) -> FrontIo<T> {
        FrontIo {
            io,
            front: Front::new(),
            renderer,
            peer: None,
            held: BytesMut::new(),
            decided: 0,
            starved: false,
            head: Vec::new(),
            head_at: 0,
            closing: None,
        }
    }

    /// The client's address, for the log line of a refusal.
    pub fn with_peer(mut self, peer: Option<SocketAddr>) -> FrontIo<T> {
        self.peer = peer;
        self
    }

    pub fn get_ref(&self) -> &T {
        &self.io
    }

    fn refuse(&mut self, refusal: Refusal) {
        let peer = self.peer.map_or_else(|| "-".to_owned(), |p| p.ip().to_string());
        let path = refusal.path.as_deref().unwrap_or("-");
        let mut end = path.len().min(200);
        while !path.is_char_boundary(end) {
            end -= 1;
        }
        let path = &path[..end];
        log::info!(
            "{peer} \"{} {path}\" {} refused before routing",
            refusal.method.as_deref().unwrap_or("-"),
            refusal.reason.status().as_u16()
        );
        self.closing = Some(Closing::Refused(response(&refusal, &self.renderer)));
        self.held = BytesMut::new();
        self.decided = 0;
        self.starved = false;
    }

    /// Applies one decision on the undecided bytes of `held`.
    fn decide_held(&mut self) {
        match self.front.feed(&self.held) {
            Step::Forward(0) | Step::NeedMore => self.starved = true,
            Step::Forward(n) => self.decided = n,
            Step::Replace { consumed, head } => {
                self.held.advance(consumed);
                self.head = head;
                self.head_at = 0;
            }
            Step::Refuse(refusal) => self.refuse(refusal),
        }
    }

    /// Decides on `new`, bytes just read into actix's buffer with nothing held before them:
    /// how many of them stay there. The rest is held (or dropped on a refusal).
    fn decide_in_place(&mut self, new: &[u8]) -> usize {
        let mut at = 0;
        while at < new.len() {
            match self.front.feed(&new[at..]) {
                Step::Forward(n) if n > 0 => at += n,
                Step::Forward(_) | Step::NeedMore => {
                    self.held.extend_from_slice(&new[at..]);
                    self.starved = true;
                    return at;
                }
                Step::Replace { consumed, head } => {
                    self.held.extend_from_slice(&new[at + consumed..]);
                    self.head = head;
                    self.head_at = 0;
                    return at;
                }
                Step::Refuse(refusal) => {
                    self.refuse(refusal);
                    return at;
                }
            }
        }
        at
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for FrontIo<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if buf.remaining() == 0 {
                return Poll::Ready(Ok(()));
            }
            if this.head_at < this.head.len() {
                let n = buf.remaining().min(this.head.len() - this.head_at);
                buf.put_slice(&this.head[this.head_at..this.head_at + n]);
                this.head_at += n;
                if this.head_at == this.head.len() {
                    this.head = Vec::new();
                    this.head_at = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if this.decided > 0 {
                let n = buf.remaining().min(this.decided);
                buf.put_slice(&this.held[..n]);
                this.held.advance(n);
                this.decided -= n;
                if this.held.is_empty() && this.held.capacity() > READ_SIZE {
                    this.held = BytesMut::new();
                }
                return Poll::Ready(Ok(()));
            }
            if this.closing.is_some() {
                // The end of the stream, as far as actix is concerned.
                return Poll::Ready(Ok(()));
            }
            if !this.held.is_empty() && !this.starved {
                this.decide_held();
                continue;
            }
            if this.held.is_empty() {
                // Straight into actix's buffer; what must wait is moved out again.
                let before = buf.filled().len();
                ready!(Pin::new(&mut this.io).poll_read(cx, buf))?;
                let after = buf.filled().len();
                if after == before {
                    return Poll::Ready(Ok(()));
                }
                let kept = this.decide_in_place(&buf.filled()[before..]);
                buf.set_filled(before + kept);
                if kept > 0 {
                    return Poll::Ready(Ok(()));
                }
            } else {
                // Part of a head is held: the rest joins it.
                let len = this.held.len();
                this.held.resize(len + READ_SIZE, 0);
                let mut read = ReadBuf::new(&mut this.held[len..]);
                let polled = Pin::new(&mut this.io).poll_read(cx, &mut read);
                let n = read.filled().len();
                this.held.truncate(len + n);
                ready!(polled)?;
                if n == 0 {
                    // The client closed in the middle of a head: actix gets the end of the stream.
                    this.held = BytesMut::new();
                    return Poll::Ready(Ok(()));
                }
                this.starved = false;
            }
        }
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncWrite for FrontIo<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match this.closing {
            None | Some(Closing::Refused(_)) => Pin::new(&mut this.io).poll_write(cx, buf),
            // Past the refusal's answer nothing more is written.
            Some(_) => Poll::Ready(Ok(buf.len())),
        }
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match this.closing {
            None | Some(Closing::Refused(_)) => Pin::new(&mut this.io).poll_write_vectored(cx, bufs),
            Some(_) => Poll::Ready(Ok(bufs.iter().map(|b| b.len()).sum())),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    /// Actix is done with the connection: after a refusal, answer it first.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            match &mut this.closing {
                None => return Pin::new(&mut this.io).poll_shutdown(cx),
                Some(Closing::Refused(answer)) => {
                    this.closing = Some(Closing::Writing { answer: std::mem::take(answer), written: 0 });
                }
                Some(Closing::Writing { answer, written }) => {
                    while *written < answer.len() {
                        match ready!(Pin::new(&mut this.io).poll_write(cx, &answer[*written..])) {
                            Ok(0) | Err(_) => {
                                this.closing = Some(Closing::Done);
                                return Poll::Ready(Ok(()));
                            }
                            Ok(n) => *written += n,
                        }
                    }
                    ready!(Pin::new(&mut this.io).poll_flush(cx))?;
                    ready!(Pin::new(&mut this.io).poll_shutdown(cx))?;
                    this.closing = Some(Closing::Draining(Box::pin(sleep(LINGER))));
                }
                Some(Closing::Draining(timer)) => {
                    if timer.as_mut().poll(cx).is_ready() {
                        this.closing = Some(Closing::Done);
                        continue;
                    }
                    let mut scratch = [0u8; 4096];
                    loop {
                        let mut read = ReadBuf::new(&mut scratch);
                        match ready!(Pin::new(&mut this.io).poll_read(cx, &mut read)) {
                            Ok(()) if !read.filled().is_empty() => {}
                            _ => {
                                this.closing = Some(Closing::Done);
                                break;
                            }
                        }
                    }
                }
                Some(Closing::Done) => return Poll::Ready(Ok(())),
            }
        }
    }
}
