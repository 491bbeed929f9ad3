//! AWS credentials in text: where they are, and the text with them hidden.
//!
//! One finder serves both the rule that reports credentials written in a repository
//! and every output, which must never print one (a report is read in CI logs that
//! anyone with access to the pull request sees).
//!
//! Written by hand: both patterns are fixed-width tokens, and a scan of the bytes is
//! simpler and faster than pulling in a regular-expression engine for them.

use std::borrow::Cow;

/// Prefixes of long-term (`AKIA`) and temporary (`ASIA`) access key IDs, and of
/// other credential types that carry secrets.
const KEY_ID_PREFIXES: &[&str] = &["AKIA", "ASIA", "ABIA", "ACCA"];

/// Lines above a value that may name it: a variable's block header, a parameter's key.
const NAME_LINES_ABOVE: usize = 3;

/// How much of a credential a report keeps, so that a person can find it.
const KEPT_PREFIX: usize = 4;

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'/' || b == b'+'
}

/// Access key IDs: a prefix and 16 upper-case letters or digits, not inside a longer
/// word. Byte ranges, in position order.
pub fn access_key_ids(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for prefix in KEY_ID_PREFIXES {
        for (start, _) in text.match_indices(prefix) {
            let end = start + 20;
            if end > bytes.len() || (start > 0 && bytes[start - 1].is_ascii_alphanumeric()) {
                continue;
            }
            let body = &bytes[start + 4..end];
            let valid = body.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            let bounded = bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
            if valid && bounded {
                out.push((start, end));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Secret access keys: a 40-character base64 token with both letter cases and a digit
/// or symbol, on a line that says `secret` or a few lines below one (which rules out
/// hashes and IDs). Byte ranges, in position order.
pub fn secret_access_keys(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    let mut since_secret = usize::MAX;
    for line in text.split_inclusive('\n') {
        since_secret = if contains_ignoring_case(line, "secret") { 0 } else { since_secret.saturating_add(1) };
        if since_secret <= NAME_LINES_ABOVE {
            let lb = line.as_bytes();
            let mut i = 0;
            while i < lb.len() {
                if !is_base64(lb[i]) {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < lb.len() && is_base64(lb[i]) {
                    i += 1;
                }
                let token = &lb[start..i];
                let mixed = token.iter().any(u8::is_ascii_uppercase) && token.iter().any(u8::is_ascii_lowercase);
                let has_digit_or_symbol = token.iter().any(|b| b.is_ascii_digit() || *b == b'/' || *b == b'+');
                if token.len() == 40 && mixed && has_digit_or_symbol {
                    out.push((line_start + start, line_start + i));
                }
            }
        }
        line_start += line.len();
    }
    out
}

fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    haystack.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Every credential of `text`, merged and in position order.
pub fn credential_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = access_key_ids(text);
    ranges.extend(secret_access_keys(text));
    ranges.sort_unstable();
    ranges
}

/// `text` with every credential cut to its first characters and `…`
/// (`AKIA2E0A8F3B244C9986` becomes `AKIA…`).
pub fn redact(text: &str) -> Cow<'_, str> {
    let ranges = credential_ranges(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in ranges {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start + KEPT_PREFIX]);
        out.push('…');
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_are_found_but_not_inside_longer_words() {
        let text = "a = \"AKIA2E0A8F3B244C9986\"\nc = XAKIA2E0A8F3B244C99861\nd = AKIA2E0A8F3B244C9986X\n";
        assert_eq!(access_key_ids(text), vec![(5, 25)]);
    }

    #[test]
    fn secrets_are_found_only_near_lines_naming_a_secret() {
        let secret = "Zx9/Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5";
        let text = format!("secret_key = \"{secret}\"\n\n\n\n\nchecksum = \"{secret}\"\n");
        assert_eq!(secret_access_keys(&text), vec![(14, 54)]);
    }

    #[test]
    fn redaction_keeps_a_short_prefix() {
        let env = "PATH=/bin\0AWS_ACCESS_KEY_ID=AKIA2E0A8F3B244C9986\0\
                   AWS_SECRET_ACCESS_KEY=Zx9/Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5\0";
        assert_eq!(redact(env), "PATH=/bin\0AWS_ACCESS_KEY_ID=AKIA…\0AWS_SECRET_ACCESS_KEY=Zx9/…\0");
        assert!(matches!(redact("nothing here"), Cow::Borrowed(_)));
    }
}
