//! AWS credentials written in configuration files: access key IDs anywhere, and
//! secret access keys on or just below lines that name a secret. AWS's documentation
//! placeholders (`AKIAIOSFODNN7EXAMPLE`) count when they are a whole value (`access_key
//! = "AKIA…EXAMPLE"`: that is the mistake, whatever the key), not when prose quotes them. Found in the text of every file
//! of the scan, so provider blocks, variable defaults, parameters, tfvars and
//! environment maps are all covered, whether a resource reads the value or not.
//!
//! The tokens are found by `ringfence_syntax::secrets`, which the reports use to hide
//! them; this view adds what makes a token a mistake in a repository.

use ringfence_syntax::{secrets, SourceMap, Span};

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

/// Access key IDs that count as written credentials.
fn key_ids(text: &str) -> Vec<(usize, usize)> {
    secrets::access_key_ids(text).into_iter().filter(|(s, e)| counts(text, *s, *e)).collect()
}

/// Secret access keys that count as written credentials.
fn secret_keys(text: &str) -> Vec<(usize, usize)> {
    secrets::secret_access_keys(text).into_iter().filter(|(s, e)| counts(text, *s, *e)).collect()
}

/// Every credential in the files of the scan, in file and position order.
pub(crate) fn scan(sources: &SourceMap) -> Vec<Credential> {
    use rayon::prelude::*;
    let files: Vec<&ringfence_syntax::SourceFile> = sources.files().collect();
    let found: Vec<Vec<Credential>> = files
        .par_iter()
        .map(|file| {
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
            found
        })
        .collect();
    found.into_iter().flatten().collect()
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
