use crate::clean::{escape_into, is_unsafe};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use ringfence_syntax::{LineCol, LineIndex, SourceFile, Span};

/// Lines shown around each label (miette asks for one).
const CONTEXT_LINES: usize = 2;
/// A label over more lines than this shows the lines around its start and its end.
const MAX_SPAN_LINES: usize = 40;
/// Longest line shown whole, in bytes; a longer one is cut around its labels.
const MAX_LINE_BYTES: usize = 300;
/// What a cut line keeps before the first label on it, and from there on.
const KEPT_BEFORE: usize = 80;
const KEPT_FROM: usize = 200;
/// How much of a credential a snippet keeps, so that a person can find it.
const SECRET_PREFIX: usize = 4;

/// What a snippet shows of a file: the lines around its labels, with unsafe
/// characters escaped, credentials cut to a prefix and long lines cut around the
/// labels; other lines are left empty, so that line numbers stay true. miette reads
/// it through the excerpt's own line index (stock miette rescans the file per label)
/// and never sees a line longer than a few hundred characters, whatever the file.
pub(crate) struct Excerpt {
    name: String,
    text: String,
    lines: LineIndex,
    /// The file's 0-based line number of the excerpt's first line.
    first_line: usize,
    /// Where each label starts in the excerpt, and the place in the file it stands
    /// for (miette's snippet header names it).
    starts: Vec<(usize, LineCol)>,
}

/// One shown line: where it starts in the file and the excerpt, and for each
/// character kept, its offset in the file and in the excerpt.
struct ShownLine {
    line: usize,
    map: Vec<(usize, usize)>,
    /// Excerpt offsets where the line's kept text begins and ends.
    begin: usize,
    end: usize,
    /// File offsets of the kept window.
    window: (usize, usize),
}

impl ShownLine {
    fn excerpt_offset(&self, offset: usize) -> usize {
        if offset <= self.window.0 {
            return self.begin;
        }
        if offset >= self.window.1 {
            return self.end;
        }
        match self.map.binary_search_by_key(&offset, |(file, _)| *file) {
            Ok(i) => self.map[i].1,
            // Inside a character replaced by several (or a credential cut short).
            Err(i) => self.map.get(i.saturating_sub(1)).map_or(self.begin, |(_, at)| *at),
        }
    }
}

impl Excerpt {
    /// The excerpt of `file` that shows `spans`, and each span in it. `secrets` are
    /// the byte ranges of credentials in the file, in position order.
    pub(crate) fn new(
        file: &SourceFile,
        name: String,
        spans: &[Span],
        secrets: &[(usize, usize)],
    ) -> (Excerpt, Vec<SourceSpan>) {
        let text = file.text.as_str();
        let lines = &file.lines;
        let last_line = lines.line_count() - 1;
        let clamp = |o: u32| floor_boundary(text, (o as usize).min(text.len()));
        let bounds: Vec<(usize, usize)> = spans.iter().map(|s| (clamp(s.start), clamp(s.end.max(s.start)))).collect();

        let mut shown: Vec<(usize, usize)> = Vec::new();
        for &(start, end) in &bounds {
            let first = lines.line_of(start);
            let last = lines.line_of(if end > start { end - 1 } else { start });
            let around = |l: usize| (l.saturating_sub(CONTEXT_LINES), (l + CONTEXT_LINES).min(last_line));
            if last - first <= MAX_SPAN_LINES {
                shown.push((first.saturating_sub(CONTEXT_LINES), (last + CONTEXT_LINES).min(last_line)));
            } else {
                shown.push(around(first));
                shown.push(around(last));
            }
        }
        shown.sort_unstable();
        let first_line = shown.first().map_or(0, |r| r.0);
        let last_shown = shown.iter().map(|r| r.1).max().unwrap_or(0);

        let mut out = String::new();
        let mut rows: Vec<ShownLine> = Vec::new();
        let mut ranges = shown.iter().peekable();
        for line in first_line..=last_shown {
            while ranges.peek().is_some_and(|r| r.1 < line) {
                ranges.next();
            }
            let line_start = lines.line_start(line);
            let line_end = lines.line_end(line, text.len());
            let content_end = text[line_start..line_end].trim_end_matches(['\n', '\r']).len() + line_start;
            if ranges.peek().is_some_and(|r| r.0 <= line) {
                let anchor =
                    bounds.iter().flat_map(|&(s, e)| [s, e]).filter(|o| (line_start..=content_end).contains(o)).min();
                rows.push(show_line(&mut out, text, line, (line_start, content_end), anchor, secrets));
            }
            if line_end > content_end {
                out.push('\n');
            }
        }

        let locate = |offset: usize| {
            let line = lines.line_of(offset);
            match rows.binary_search_by_key(&line, |r| r.line) {
                Ok(i) => rows[i].excerpt_offset(offset),
                Err(_) => 0,
            }
        };
        let mut starts = Vec::new();
        let mapped: Vec<SourceSpan> = bounds
            .iter()
            .map(|&(start, end)| {
                let (s, e) = (locate(start), locate(end).max(locate(start)));
                starts.push((s, file.line_col(start)));
                SourceSpan::new(s.into(), e - s)
            })
            .collect();
        let lines = LineIndex::new(&out);
        (Excerpt { name, text: out, lines, first_line, starts }, mapped)
    }
}

/// Writes one line's kept window to `out`, escaped and with credentials cut.
fn show_line(
    out: &mut String,
    text: &str,
    line: usize,
    (start, end): (usize, usize),
    anchor: Option<usize>,
    secrets: &[(usize, usize)],
) -> ShownLine {
    let window = if end - start <= MAX_LINE_BYTES {
        (start, end)
    } else {
        let at = anchor.unwrap_or(start);
        let from = floor_boundary(text, at.saturating_sub(KEPT_BEFORE).max(start));
        let to = floor_boundary(text, (at + KEPT_FROM).min(end));
        (from, to)
    };
    if window.0 > start {
        out.push('…');
    }
    let begin = out.len();
    let mut map = Vec::new();
    let mut secret = secrets.partition_point(|(_, e)| *e <= window.0);
    let mut chars = text[window.0..window.1].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let offset = window.0 + i;
        map.push((offset, out.len()));
        if let Some(&(s, e)) = secrets.get(secret).filter(|(s, _)| *s <= offset) {
            // Keep the first characters of the credential, then skip the rest of it.
            let kept_end = floor_boundary(text, (s + SECRET_PREFIX).min(e));
            if offset < kept_end {
                out.push(c);
                continue;
            }
            out.push('…');
            while chars.peek().is_some_and(|(j, _)| window.0 + j < e) {
                chars.next();
            }
            secret += 1;
            continue;
        }
        if is_unsafe(c) {
            escape_into(out, c);
        } else {
            out.push(c);
        }
    }
    let end_at = out.len();
    if window.1 < end {
        out.push('…');
    }
    ShownLine { line, map, begin, end: end_at, window }
}

/// The nearest character boundary at or before `offset`.
fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl SourceCode for Excerpt {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = &self.text;
        let lines = &self.lines;
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let start_line = lines.line_of(start);
        let end_line = lines.line_of(if span.is_empty() { start } else { end - 1 });
        let first = start_line.saturating_sub(context_lines_before);
        let last = (end_line + context_lines_after).min(lines.line_count() - 1);
        // Without context, miette asks where the span stands: say it of the file.
        let (data_start, line, column) = if context_lines_before == 0 {
            let at = self.starts.iter().find(|(s, _)| *s == start).map(|(_, at)| *at);
            let at = at.unwrap_or_else(|| {
                let at = lines.line_col(text, start);
                LineCol { line: at.line + self.first_line, ..at }
            });
            (start, at.line - 1, at.column - 1)
        } else {
            (lines.line_start(first), first + self.first_line, 0)
        };
        let data_end = lines.line_end(last, text.len()).max(data_start);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            line,
            column,
            last - first + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringfence_syntax::FileId;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(FileId(0), PathBuf::from("a.tf"), text.to_string())
    }

    fn excerpt(f: &SourceFile, spans: &[(usize, usize)]) -> (Excerpt, Vec<SourceSpan>) {
        let spans: Vec<Span> = spans.iter().map(|(s, e)| f.span(*s, *e)).collect();
        let secrets = ringfence_syntax::secrets::credential_ranges(&f.text);
        Excerpt::new(f, "a.tf".into(), &spans, &secrets)
    }

    fn shown<'a>(e: &'a Excerpt, s: &SourceSpan) -> &'a str {
        &e.text[s.offset()..s.offset() + s.len()]
    }

    #[test]
    fn lines_far_from_labels_are_left_empty_and_numbers_stay_true() {
        let text: String = (1..=100).map(|i| format!("line {i}\n")).collect();
        let f = file(&text);
        let at = text.find("line 50").unwrap();
        let (e, spans) = excerpt(&f, &[(at, at + 7)]);
        assert_eq!(shown(&e, &spans[0]), "line 50");
        assert_eq!(e.first_line, 47);
        assert_eq!(e.text, "line 48\nline 49\nline 50\nline 51\nline 52\n");
    }

    #[test]
    fn unsafe_characters_are_escaped_and_labels_follow() {
        let text = "name = \"\u{1b}[31mred\u{202e}\" # x\n";
        let f = file(text);
        let at = text.find("red").unwrap();
        let (e, spans) = excerpt(&f, &[(at, at + 3)]);
        assert_eq!(e.text, "name = \"\\x1b[31mred\\u{202e}\" # x\n");
        assert_eq!(shown(&e, &spans[0]), "red");
    }

    #[test]
    fn credentials_keep_a_prefix() {
        let text = "access_key = \"AKIA2E0A8F3B244C9986\"\n";
        let f = file(text);
        let at = text.find("AKIA").unwrap();
        let (e, spans) = excerpt(&f, &[(at, at + 20)]);
        assert_eq!(e.text, "access_key = \"AKIA…\"\n");
        assert_eq!(shown(&e, &spans[0]), "AKIA…");
    }

    #[test]
    fn long_lines_are_cut_around_the_label() {
        let text = format!("{}TARGET{}\n", "a".repeat(100_000), "b".repeat(100_000));
        let f = file(&text);
        let at = text.find("TARGET").unwrap();
        let (e, spans) = excerpt(&f, &[(at, at + 6)]);
        assert!(e.text.len() < 400, "{}", e.text.len());
        assert!(e.text.starts_with('…') && e.text.trim_end().ends_with('…'));
        assert_eq!(shown(&e, &spans[0]), "TARGET");
        assert_eq!(e.starts[0].1, LineCol { line: 1, column: 100_001 });
    }
}
