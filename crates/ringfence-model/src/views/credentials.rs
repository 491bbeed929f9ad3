//! AWS credentials written in configuration files: access key IDs anywhere, and
//! secret access keys on or just below lines that name a secret. AWS's documentation
//! placeholders (`AKIAIOSFODNN7EXAMPLE`) count when they are a whole value (`access_key
//! = "AKIA…EXAMPLE"`: that is the mistake, whatever the key), not when prose quotes them. Found in the text of every file
//! of the scan, so provider blocks, variable defaults, parameters, tfvars and
//! environment maps are all covered, whether a resource reads the value or not.
//!
//! Written by hand: the two patterns are fixed-width tokens, and a scan of the bytes
//! is simpler and faster than pulling in a regular-expression engine for them.

use ringfence_syntax::{SourceMap, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialKind {
    AccessKeyId,
    SecretAccessKey,
}

/// A credential written in a file.
#[derive(Clone, Debug)]
pub struct Credential {
    pub span: Span,
    pub kind: CredentialKind,
}

/// Prefixes of long-term (`AKIA`) and temporary (`ASIA`) access key IDs, and of
/// other credential types that carry secrets.
const KEY_ID_PREFIXES: &[&str] = &["AKIA", "ASIA", "ABIA", "ACCA"];

/// AWS's documentation placeholders contain this.
const PLACEHOLDER: &str = "EXAMPLE";

/// Whether `text[start..end]` is a whole value: quoted, or alone after `=`/`:`.
fn is_whole_value(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t']);
    let after = text[end..].trim_start_matches([' ', '\t']);
    let opens = before.ends_with(['"', '\'', '=', ':']);
    let closes = after.is_empty() || after.starts_with(['"', '\'', '\n', '\r', ',', '}', '#']);
    opens && closes
}

/// A placeholder counts only as a whole value; a real-looking key counts anywhere.
fn counts(text: &str, start: usize, end: usize) -> bool {
    !text[start..end].contains(PLACEHOLDER) || is_whole_value(text, start, end)
}

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'/' || b == b'+'
}

/// Access key IDs: a prefix and 16 upper-case letters or digits, not inside a longer word.
fn key_ids(text: &str) -> Vec<(usize, usize)> {
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
            if valid && bounded && counts(text, start, end) {
                out.push((start, end));
            }
        }
    }
    out
}

/// Lines above a value that may name it: a variable's block header, a parameter's key.
const NAME_LINES_ABOVE: usize = 3;

/// Secret access keys: a 40-character base64 token with both letter cases, on a line
/// that says `secret` or a few lines below one (which rules out hashes and IDs).
fn secret_keys(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut line_start = 0;
    let mut since_secret = usize::MAX;
    for line in text.split_inclusive('\n') {
        since_secret = if line.to_ascii_lowercase().contains("secret") { 0 } else { since_secret.saturating_add(1) };
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
                let token = &line[start..i];
                let mixed =
                    token.bytes().any(|b| b.is_ascii_uppercase()) && token.bytes().any(|b| b.is_ascii_lowercase());
                let has_digit_or_symbol = token.bytes().any(|b| b.is_ascii_digit() || b == b'/' || b == b'+');
                if token.len() == 40 && mixed && has_digit_or_symbol && counts(text, line_start + start, line_start + i)
                {
                    out.push((line_start + start, line_start + i));
                }
            }
        }
        line_start += line.len();
    }
    debug_assert!(line_start == bytes.len());
    out
}

/// Every credential in the files of the scan, in file and position order.
pub(crate) fn scan(sources: &SourceMap) -> Vec<Credential> {
    let mut out = Vec::new();
    for file in sources.files() {
        let text = file.text.as_str();
        let mut found: Vec<Credential> = key_ids(text)
            .into_iter()
            .map(|(s, e)| Credential { span: file.span(s, e), kind: CredentialKind::AccessKeyId })
            .chain(
                secret_keys(text)
                    .into_iter()
                    .map(|(s, e)| Credential { span: file.span(s, e), kind: CredentialKind::SecretAccessKey }),
            )
            .collect();
        found.sort_by_key(|c| c.span.start);
        out.extend(found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_key_ids_but_not_inside_longer_words() {
        let text = "a = \"AKIA2E0A8F3B244C9986\"\nb = \"AKIAIOSFODNN7EXAMPLE\"\nc = XAKIA2E0A8F3B244C99861\nd = AKIA2E0A8F3B244C9986X\n";
        assert_eq!(key_ids(text), vec![(5, 25), (32, 52)]);
        // A placeholder quoted in prose is not a credential; a real-looking key is.
        let prose = "description = \"a key like AKIAIOSFODNN7EXAMPLE or AKIA2E0A8F3B244C9986\"\n";
        assert_eq!(key_ids(prose), vec![(50, 70)]);
    }

    #[test]
    fn finds_secrets_only_near_lines_naming_a_secret() {
        let secret = "Zx9/Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5N";
        assert_eq!(secret.len(), 41);
        let secret = &secret[..40];
        let text = format!(
            "secret_key = \"{secret}\"\nsha = \"da39a3ee5e6b4b0d3255bfef95601890afd80709\" # secret\n\n\n\n\nchecksum = \"{secret}\"\n"
        );
        assert_eq!(secret_keys(&text), vec![(14, 54)]);
    }
}
