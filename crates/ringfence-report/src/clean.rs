//! Text from the input (file contents, file names, logical IDs, keys) made safe for
//! a terminal or a CI log: a hostile file must not be able to move the cursor, rewrite
//! earlier lines, forge an annotation or hide text with bidirectional overrides.
//! JSON, SARIF and JUnit escape for themselves; human, concise and GitHub output use
//! this.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character must not reach a terminal as it is: C0 and C1 controls, DEL,
/// and the bidirectional overrides and isolates ("Trojan Source").
pub(crate) fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How an unsafe character is shown: `\n`, `\r`, `\x1b`, `\u{202e}`.
pub(crate) fn escape_into(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `text` on one line with every unsafe character escaped.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_escaped() {
        assert_eq!(printable("a\u{1b}[2Jb\r\nc\u{202e}d\u{7f}\u{85}"), "a\\x1b[2Jb\\r\\nc\\u{202e}d\\x7f\\u{85}");
        assert!(matches!(printable("plain\ttext ✓"), Cow::Borrowed(_)));
    }
}
