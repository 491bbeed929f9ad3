//! Locating a string's text in the file it was written in.

/// Where each line of `text` starts in the file, when every line stands (after some
/// indentation, or between quotes) on successive lines of `written`, which starts at
/// `base`. `None` when the text was transformed beyond that (escapes, folding).
pub fn align_lines(text: &str, written: &str, base: usize) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    let mut rest = written;
    let mut rest_base = base;
    for (i, line) in text.split('\n').enumerate() {
        loop {
            let end = rest.find('\n').unwrap_or(rest.len());
            let candidate = &rest[..end];
            let next = (end + 1).min(rest.len());
            // The first line may sit after a quote, a heredoc marker or a `|` header.
            let found = if i == 0 { candidate.find(line).filter(|_| !line.is_empty()) } else { None }.or_else(|| {
                // Dedenting keeps a line's indentation beyond the common one.
                let leading = |s: &str| s.len() - s.trim_start().len();
                let col = leading(candidate).checked_sub(leading(line))?;
                candidate[col..].starts_with(line).then_some(col)
            });
            if let Some(col) = found.filter(|&c| line.is_empty() || candidate[c..].starts_with(line)) {
                starts.push(rest_base + col);
                rest_base += next;
                rest = &rest[next..];
                break;
            }
            if rest.is_empty() || i > 0 {
                return None;
            }
            rest_base += next;
            rest = &rest[next..];
        }
    }
    Some(starts)
}
