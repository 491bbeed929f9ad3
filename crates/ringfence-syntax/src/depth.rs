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
