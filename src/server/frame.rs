//! The LSP base protocol over stdio, read strictly and fail-soft: headers
//! (`Content-Length` required, `Content-Type` optional, other headers ignored) each
//! ended by `\r\n`, a blank line, then exactly `Content-Length` bytes of JSON-RPC.
//!
//! Nothing a client sends ends the server but the end of input. A frame that cannot be
//! read gets a JSON-RPC error with id null, or the request's id when it can be read:
//! - a bad header (no `Content-Length`, a value that is not a decimal number, a line
//!   not ended by `\r\n`, a line or header block over its bound): `-32700`; where its
//!   body ends is unknown, so the reader skips to the next `Content-Length:` it sees;
//! - a `Content-Length` over [`MAX_BODY`]: `-32600`, then exactly that many bytes are
//!   skipped, read in small pieces and never stored (a client that declared more than
//!   it sends loses the rest of its input, and the server ends when input ends);
//! - a body that is not JSON: `-32700`; JSON that is not a JSON-RPC 2.0 request,
//!   notification or response: `-32600`.

use crossbeam_channel::{Receiver, Sender};
use lsp_server::Message;
use serde_json::{json, Value as Json};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// The largest body read: far above any real document, far below the memory limit.
pub const MAX_BODY: u64 = 64 << 20;
/// The longest header line, and the most header lines in one frame.
const MAX_LINE: usize = 1024;
const MAX_HEADERS: usize = 16;
/// What the reader looks for to find the next frame after a bad header.
const RESYNC: &[u8] = b"content-length:";

/// What one read of the input brings.
#[derive(Debug, PartialEq)]
pub enum Frame {
    Body(Vec<u8>),
    /// A header that cannot be read (the next frame is searched for).
    BadHeader(String),
    /// A declared length over the cap (those bytes are skipped next).
    TooLarge(u64),
    End,
}

pub struct FrameReader<R> {
    input: R,
    /// Set after a bad header: the input is searched for the next `Content-Length:`.
    lost: bool,
    /// Bytes of a refused body still to skip.
    skip: u64,
}

enum Line {
    Text(Vec<u8>),
    /// Over [`MAX_LINE`], or not ended by `\r\n`.
    Bad(&'static str),
    End,
}

impl<R: BufRead> FrameReader<R> {
    pub fn new(input: R) -> FrameReader<R> {
        FrameReader { input, lost: false, skip: 0 }
    }

    pub fn next_frame(&mut self) -> io::Result<Frame> {
        if self.skip > 0 && !self.skip_bytes()? {
            return Ok(Frame::End);
        }
        // After a bad header, the frame starts with the `Content-Length:` found.
        let mut first = None;
        if self.lost {
            if !self.find_resync()? {
                return Ok(Frame::End);
            }
            self.lost = false;
            first = Some(b"Content-Length:".to_vec());
        }
        let mut length = None;
        let mut headers = 0;
        loop {
            let line = match first.take() {
                Some(start) => self.line(start)?,
                None => self.line(Vec::new())?,
            };
            let line = match line {
                Line::Text(line) => line,
                Line::Bad(why) => return Ok(self.bad(why)),
                // End of input inside a frame: the client is gone, nothing to answer.
                Line::End => return Ok(Frame::End),
            };
            if line.is_empty() {
                if headers == 0 {
                    continue; // a blank line between frames holds nothing
                }
                break;
            }
            headers += 1;
            if headers > MAX_HEADERS {
                return Ok(self.bad("too many header lines"));
            }
            let Some(colon) = line.iter().position(|b| *b == b':') else {
                return Ok(self.bad("a header line without `:`"));
            };
            let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
            if name.is_empty() || !name.iter().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(b)) {
                return Ok(self.bad("a header name that is not a token"));
            }
            if name.eq_ignore_ascii_case(b"content-length") {
                if length.is_some() {
                    return Ok(self.bad("two `Content-Length` headers"));
                }
                let digits = value.iter().all(u8::is_ascii_digit) && !value.is_empty();
                let parsed = std::str::from_utf8(value).ok().and_then(|v| v.parse::<u64>().ok());
                match parsed {
                    Some(n) if digits => length = Some(n),
                    _ => return Ok(self.bad("a `Content-Length` that is not a decimal number")),
                }
            }
            // `Content-Type` (UTF-8 JSON is all there is) and unknown headers: ignored.
        }
        let Some(length) = length else { return Ok(self.bad("no `Content-Length` header")) };
        if length > MAX_BODY {
            self.skip = length;
            return Ok(Frame::TooLarge(length));
        }
        // Grown as bytes arrive, so a length larger than what is sent costs nothing.
        let mut body = Vec::new();
        (&mut self.input).take(length).read_to_end(&mut body)?;
        if body.len() as u64 != length {
            return Ok(Frame::End);
        }
        Ok(Frame::Body(body))
    }

    fn bad(&mut self, why: &str) -> Frame {
        self.lost = true;
        Frame::BadHeader(why.to_string())
    }

    /// The buffered input, refilled when empty (retrying an interrupted read); empty
    /// at the end of input.
    fn fill(&mut self) -> io::Result<&[u8]> {
        loop {
            match self.input.fill_buf() {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
                Ok(_) => break,
            }
        }
        // Filled: this answers from the buffer (returning the first borrow out of the
        // loop is what the borrow checker refuses).
        self.input.fill_buf()
    }

    /// One header line after `start`, without its `\r\n`.
    fn line(&mut self, mut line: Vec<u8>) -> io::Result<Line> {
        loop {
            let available = self.fill()?;
            if available.is_empty() {
                return Ok(Line::End);
            }
            let room = MAX_LINE.saturating_sub(line.len()) + 2;
            let window = &available[..available.len().min(room)];
            match window.iter().position(|b| *b == b'\n') {
                Some(at) => {
                    line.extend_from_slice(&window[..at]);
                    self.input.consume(at + 1);
                    if line.pop() != Some(b'\r') {
                        return Ok(Line::Bad("a header line not ended by `\\r\\n`"));
                    }
                    if line.len() > MAX_LINE {
                        return Ok(Line::Bad("a header line over 1 KiB"));
                    }
                    return Ok(Line::Text(line));
                }
                None => {
                    let taken = window.len();
                    line.extend_from_slice(window);
                    self.input.consume(taken);
                    if line.len() > MAX_LINE + 1 {
                        return Ok(Line::Bad("a header line over 1 KiB"));
                    }
                }
            }
        }
    }

    /// Reads up to and through the next `Content-Length:` (any case); false at the
    /// end of input.
    fn find_resync(&mut self) -> io::Result<bool> {
        let mut matched = 0;
        loop {
            let available = self.fill()?;
            if available.is_empty() {
                return Ok(false);
            }
            let mut used = 0;
            for b in available {
                used += 1;
                let b = b.to_ascii_lowercase();
                // No proper prefix of the pattern recurs in it, so a mismatch restarts.
                matched = if b == RESYNC[matched] { matched + 1 } else { usize::from(b == RESYNC[0]) };
                if matched == RESYNC.len() {
                    self.input.consume(used);
                    return Ok(true);
                }
            }
            self.input.consume(used);
        }
    }

    /// Skips the rest of a refused body; false when input ends first.
    fn skip_bytes(&mut self) -> io::Result<bool> {
        while self.skip > 0 {
            let available = match self.input.fill_buf() {
                Ok(b) => b.len(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available == 0 {
                return Ok(false);
            }
            let n = available.min(usize::try_from(self.skip).unwrap_or(usize::MAX));
            self.input.consume(n);
            self.skip -= n as u64;
        }
        Ok(true)
    }
}

/// A body as a message, or the error response it gets (JSON-RPC's own rules: a
/// member `method` makes a request with `id` or a notification without; no `method`
/// makes a response).
pub fn parse_body(body: &[u8]) -> Result<Message, Json> {
    let value: Json =
        serde_json::from_slice(body).map_err(|e| error(Json::Null, -32700, &format!("Parse error: {e}")))?;
    let Some(object) = value.as_object() else {
        return Err(error(Json::Null, -32600, "Invalid Request: not a JSON-RPC object"));
    };
    // Echoed when it is an id at all; JSON-RPC wants null otherwise.
    let id = match object.get("id") {
        Some(id @ (Json::Number(_) | Json::String(_))) => id.clone(),
        _ => Json::Null,
    };
    if object.get("jsonrpc") != Some(&json!("2.0")) {
        return Err(error(id, -32600, "Invalid Request: `jsonrpc` is not \"2.0\""));
    }
    let message = match (object.contains_key("method"), object.contains_key("id")) {
        (true, true) => serde_json::from_value(value).map(Message::Request),
        (true, false) => serde_json::from_value(value).map(Message::Notification),
        (false, _) => serde_json::from_value(value).map(Message::Response),
    };
    message.map_err(|e| error(id, -32600, &format!("Invalid Request: {e}")))
}

fn error(id: Json, code: i32, message: &str) -> Json {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

fn write_raw(out: &mut impl Write, message: &Json) -> io::Result<()> {
    let body = message.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// Reads frames from `input` into the server's channel, answering the bad ones on
/// stdout itself (a whole frame per lock, so never inside another frame). Stops at
/// the end of input, or when the server is gone.
pub fn read_into(input: impl BufRead, server: Sender<Message>) {
    let mut frames = FrameReader::new(input);
    loop {
        let answer = match frames.next_frame() {
            Ok(Frame::End) | Err(_) => return,
            Ok(Frame::Body(body)) => match parse_body(&body) {
                Ok(message) => {
                    if server.send(message).is_err() {
                        return;
                    }
                    continue;
                }
                Err(answer) => answer,
            },
            Ok(Frame::BadHeader(why)) => error(Json::Null, -32700, &format!("Parse error: {why}")),
            Ok(Frame::TooLarge(n)) => error(
                Json::Null,
                -32600,
                &format!("Invalid Request: a body of {n} bytes, over the {MAX_BODY} byte cap"),
            ),
        };
        if write_raw(&mut io::stdout().lock(), &answer).is_err() {
            return;
        }
    }
}

/// Writes what the server sends to stdout until the server's side is dropped.
pub fn spawn_writer(server: Receiver<Message>) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new().name("lsp-writer".into()).spawn(move || {
        for message in server {
            if message.write(&mut io::stdout().lock()).is_err() {
                return;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = FrameReader::new(input);
        let mut out = Vec::new();
        loop {
            let frame = reader.next_frame().unwrap();
            if frame == Frame::End {
                return out;
            }
            out.push(frame);
        }
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    #[test]
    fn well_formed_frames() {
        let input = b"Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: application/vscode-jsonrpc; \
                      charset=utf-8\r\nX-Other: y\r\n\r\n[1]";
        assert_eq!(frames(input), vec![body("{}"), body("[1]")]);
    }

    #[test]
    fn a_bad_header_is_reported_and_the_next_frame_found() {
        let ok = "Content-Length: 2\r\n\r\n{}";
        for bad in [
            "Content-Type: x\r\n\r\n{\"no\":\"length\"}",
            "Content-Length: -5\r\n\r\n{}",
            "Content-Length: 2 2\r\n\r\n{}",
            "Content-Length: 99999999999999999999999\r\n\r\n{}",
            "Content-Length: 2\nContent-Type: x\n\n{}",
            "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
            "Content-Length 2\r\n\r\n{}",
        ] {
            let got = frames(format!("{bad}{ok}").as_bytes());
            assert!(matches!(got[0], Frame::BadHeader(_)), "{bad:?}: {got:?}");
            assert_eq!(got[1..], [body("{}")], "{bad:?}");
        }
        let long = format!("X-Long: {}\r\nContent-Length: 2\r\n\r\n{{}}", "a".repeat(100_000));
        let got = frames(long.as_bytes());
        assert!(matches!(got[0], Frame::BadHeader(_)), "{got:?}");
        assert_eq!(got[1..], [body("{}")]);
    }

    #[test]
    fn an_oversized_body_is_skipped_exactly() {
        let n = MAX_BODY + 10;
        let mut input = format!("Content-Length: {n}\r\n\r\n").into_bytes();
        // A frame inside the refused body is part of it, not a frame.
        input.extend(b"Content-Length: 2\r\n\r\n[]");
        input.resize(input.len() + n as usize - 23, b' ');
        input.extend(b"Content-Length: 2\r\n\r\n{}");
        assert_eq!(frames(&input), vec![Frame::TooLarge(n), body("{}")]);
        assert_eq!(frames(b"Content-Length: 99999999999999\r\n\r\n{}"), vec![Frame::TooLarge(99999999999999)]);
    }

    #[test]
    fn the_end_of_input_anywhere_ends_cleanly() {
        assert_eq!(frames(b""), vec![]);
        assert_eq!(frames(b"Content-Len"), vec![]);
        assert_eq!(frames(b"Content-Length: 10\r\n\r\n{}"), vec![]);
    }

    #[test]
    fn bodies_that_are_not_json_rpc() {
        let code = |b: &str| parse_body(b.as_bytes()).err().map(|e| (e["error"]["code"].clone(), e["id"].clone()));
        assert_eq!(code("{oops"), Some((json!(-32700), Json::Null)));
        assert_eq!(code("[1, 2]"), Some((json!(-32600), Json::Null)));
        assert_eq!(code(r#"{"hello": "world"}"#), Some((json!(-32600), Json::Null)));
        assert_eq!(code(r#"{"jsonrpc": "2.0", "id": 7, "method": 5}"#), Some((json!(-32600), json!(7))));
        assert_eq!(code(r#"{"jsonrpc": "2.0", "id": 1.5, "method": "x"}"#), Some((json!(-32600), json!(1.5))));
        assert_eq!(code(r#"{"jsonrpc": "2.0", "method": "x"}"#), None);
        assert_eq!(code(r#"{"jsonrpc": "2.0", "id": 1, "method": "x", "params": {}}"#), None);
    }
}
