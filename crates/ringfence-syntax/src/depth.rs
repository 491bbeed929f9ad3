/// Deepest bracket nesting in `text`, and the offset where it first exceeds `limit`.
///
/// hcl-edit parses recursively; this linear pre-scan refuses hostile nesting before
/// the parser sees it. It counts every bracket, inside strings too: over-counting
/// only matters for files that are pathological anyway.
pub(crate) fn first_too_deep(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Offset of the first HCL object literal (`{` in an expression) holding more than
/// `limit` items.
///
/// hcl-edit checks each new object key against every earlier one, so one object of
/// 200,000 keys takes minutes; this linear pre-scan refuses it first. Block bodies
/// (`resource "a" "b" {`) are not objects and may be any length. Strings, comments
/// and heredocs are skipped so their lines and commas do not count as items.
pub(crate) fn first_oversized_object(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut frames: Vec<Frame> = Vec::new();
    // The last significant byte outside strings and comments: what a `{` follows
    // tells an object from a block body.
    let mut previous = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                i = skip_string(bytes, i + 1);
                mark_item(&mut frames);
                previous = b'"';
                continue;
            }
            b'#' => {
                i = skip_line(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = skip_line(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |end| i + 2 + end + 2);
                continue;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                if let Some(end) = skip_heredoc(text, i) {
                    i = end;
                    mark_item(&mut frames);
                    previous = b'"';
                    continue;
                }
                mark_item(&mut frames);
            }
            b'{' | b'[' | b'(' => {
                mark_item(&mut frames);
                // Only a block's type or label comes right before its body's `{`;
                // after anything else (`=`, `(`, `,`, `?`, `||`, ...) it is an object.
                let block_body =
                    previous == b'"' || previous.is_ascii_alphanumeric() || matches!(previous, b'_' | b'-');
                let object = b == b'{' && !block_body;
                frames.push(Frame { at: i, object, items: 0, open_item: false });
            }
            b'}' | b']' | b')' => {
                frames.pop();
            }
            b'\n' | b',' => {
                if let Some(frame) = frames.last_mut() {
                    if frame.open_item {
                        frame.items += 1;
                        frame.open_item = false;
                        if frame.object && frame.items > limit {
                            return Some(frame.at);
                        }
                    }
                }
            }
            b' ' | b'\t' | b'\r' => {}
            _ => mark_item(&mut frames),
        }
        if !b.is_ascii_whitespace() {
            previous = b;
        }
        i += 1;
    }
    None
}

/// An open bracket of [`first_oversized_object`].
struct Frame {
    at: usize,
    object: bool,
    items: usize,
    /// Something other than a separator came since the last one: blank lines and
    /// comment lines are not items.
    open_item: bool,
}

fn mark_item(frames: &mut [Frame]) {
    if let Some(frame) = frames.last_mut() {
        frame.open_item = true;
    }
}

/// The offset after the quoted string whose text starts at `from`: an escaped quote
/// does not end it, nor does a quote of a string inside a `${ }` or `%{ }` template
/// sequence, so a hostile key like `"${"\""}"` cannot throw the item count out of step.
/// A line end outside a sequence ends it (HCL allows none there).
fn skip_string(bytes: &[u8], from: usize) -> usize {
    skip_string_at(bytes, from, 0)
}

fn skip_string_at(bytes: &[u8], from: usize, depth: usize) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' | b'\n' => return i + 1,
            // `$${` and `%%{` are literal text.
            b'$' | b'%' if bytes.get(i + 1) == Some(&bytes[i]) => i += 2,
            b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => i = skip_sequence(bytes, i + 2, depth),
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The offset after the template sequence whose expression starts at `from`, past
/// its closing brace; braces and strings inside it nest. `first_too_deep` has bounded
/// the nesting before this runs; past MAX_DEPTH the rest of the text is taken as the
/// sequence, which only over-counts.
fn skip_sequence(bytes: &[u8], from: usize, depth: usize) -> usize {
    if depth > crate::MAX_DEPTH {
        return bytes.len();
    }
    let mut braces = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string_at(bytes, i + 1, depth + 1),
            b'{' => {
                braces += 1;
                i += 1;
            }
            b'}' if braces == 0 => return i + 1,
            b'}' => {
                braces -= 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The offset of the line end after `from`.
fn skip_line(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| from + n)
}

/// The offset after the heredoc that starts at `at` (`<<EOF` or `<<-EOF`), or None
/// when `<<` does not start one.
fn skip_heredoc(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at + 2..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let name_len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    if name_len == 0 {
        return None;
    }
    let name = &rest[..name_len];
    let after_name = text.len() - rest.len() + name_len;
    let mut line_start = text[after_name..].find('\n')? + after_name + 1;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |n| line_start + n);
        if text[line_start..line_end].trim() == name {
            return Some(line_end);
        }
        line_start = line_end + 1;
    }
    Some(text.len())
}
