use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use ringfence_syntax::SourceFile;

/// A file as miette reads it, through the file's line index: stock miette scans the
/// text from the start for every label, which is quadratic on large files.
pub(crate) struct IndexedSource<'a> {
    pub file: &'a SourceFile,
    pub name: String,
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = &self.file.text;
        let lines = &self.file.lines;
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let start_line = lines.line_of(start);
        let end_line = lines.line_of(if span.is_empty() { start } else { end - 1 });
        let first = start_line.saturating_sub(context_lines_before);
        let last = (end_line + context_lines_after).min(lines.line_count() - 1);
        // Without context before, miette expects the contents to begin at the span.
        let (data_start, column) = if context_lines_before == 0 {
            (start, self.file.line_col(start).column - 1)
        } else {
            (lines.line_start(first), 0)
        };
        let data_end = lines.line_end(last, text.len());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            first,
            column,
            last - first + 1,
        )))
    }
}
