use std::path::{Path, PathBuf};

/// Index of a file in the [`SourceMap`]. File ids are assigned in sorted path order,
/// so ordering by id is ordering by path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span { file, start, end }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both (same file assumed; `self` wins otherwise).
    pub fn to(&self, other: Span) -> Span {
        if other.file != self.file {
            return *self;
        }
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// A 1-based line and column. Columns count Unicode scalar values, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Byte offsets of line starts: one per file, built once, shared by every output.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        LineIndex { line_starts, ascii: text.is_ascii() }
    }

    /// Number of lines (a trailing newline opens an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts (clamped to the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.min(self.line_starts.len() - 1)] as usize
    }

    /// Byte offset just past the end of 0-based `line`, including its newline.
    pub fn line_end(&self, line: usize, text_len: usize) -> usize {
        self.line_starts.get(line + 1).map_or(text_len, |&s| s as usize)
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = if self.ascii {
            offset - start
        } else {
            let mut end = offset;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[start..end].chars().count()
        };
        LineCol { line: line + 1, column: column + 1 }
    }

    /// Byte offset of a 1-based line and character column (clamped to the file).
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let line0 = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_start(line0);
        let end = self.line_end(line0, text.len());
        let chars = column.saturating_sub(1);
        if self.ascii {
            return (start + chars).min(end);
        }
        text[start..end].char_indices().nth(chars).map_or(end, |(i, _)| start + i)
    }
}

/// One input file: its path as the user should see it, its text and its line index.
#[derive(Debug)]
pub struct SourceFile {
    pub id: FileId,
    pub path: PathBuf,
    /// The text without a leading byte order mark, so that every parser accepts it
    /// and columns count as editors count them.
    pub text: String,
    pub lines: LineIndex,
    /// Whether the file started with a UTF-8 byte order mark (written back by `--fix`).
    pub bom: bool,
}

/// The UTF-8 byte order mark some Windows editors write at the start of a file.
pub const BOM: char = '\u{feff}';

impl SourceFile {
    pub fn new(id: FileId, path: PathBuf, mut text: String) -> SourceFile {
        let bom = text.starts_with(BOM);
        if bom {
            text.drain(..BOM.len_utf8());
        }
        let lines = LineIndex::new(&text);
        SourceFile { id, path, text, lines, bom }
    }

    /// `text` as it is to be written back to disk: with its byte order mark, if the
    /// file had one.
    pub fn with_bom(&self, text: String) -> String {
        if self.bom {
            format!("{BOM}{text}")
        } else {
            text
        }
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }

    /// Start and end (exclusive) positions of a span.
    pub fn span_line_cols(&self, span: Span) -> (LineCol, LineCol) {
        (self.line_col(span.start as usize), self.line_col(span.end as usize))
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// Path with `/` separators, as written in every machine-readable output.
    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.id, start, end)
    }
}

pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.to_string()
    }
}

/// Lexically normalised path (`a/b/../c` → `a/c`), without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<std::path::Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => match out.last() {
                Some(std::path::Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// `path` made absolute (against the working directory) and normalised: the key under
/// which unsaved buffers are found whatever spelling asks for them.
pub fn absolute_path(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Every file of a scan, indexed by [`FileId`]. Append-only and shareable between
/// threads: evaluation adds the files that `file()`/`templatefile()` read.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: boxcar::Vec<SourceFile>,
    by_path: std::sync::Mutex<std::collections::HashMap<PathBuf, FileId>>,
    /// Editor buffers not saved yet (`--stdin-filename`, a language server): read
    /// instead of the disk, by absolute path.
    unsaved: std::collections::HashMap<PathBuf, String>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// A map whose reads see these texts instead of the files on disk.
    pub fn with_unsaved(unsaved: std::collections::HashMap<PathBuf, String>) -> SourceMap {
        let unsaved = unsaved.into_iter().map(|(path, text)| (absolute_path(&path), text)).collect();
        SourceMap { unsaved, ..SourceMap::default() }
    }

    /// The unsaved text of `path`, if an editor holds one.
    pub fn unsaved_text(&self, path: &Path) -> Option<&str> {
        if self.unsaved.is_empty() {
            return None;
        }
        self.unsaved.get(&absolute_path(path)).map(String::as_str)
    }

    /// Adds a file and returns its id. Files found by discovery are added in sorted
    /// path order, so their ids follow path order.
    pub fn add(&self, path: PathBuf, text: String) -> FileId {
        let mut by_path = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
        let index = self.files.push_with(|i| SourceFile::new(FileId(i as u32), path.clone(), text));
        by_path.insert(path, FileId(index as u32));
        FileId(index as u32)
    }

    /// The file at `path`, reading it with `read` the first time it is asked for.
    pub fn get_or_read(&self, path: &Path, read: impl FnOnce() -> Option<String>) -> Option<FileId> {
        let mut by_path = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(id) = by_path.get(path) {
            return Some(*id);
        }
        let text = match self.unsaved_text(path) {
            Some(text) => text.to_string(),
            None => read()?,
        };
        let index = self.files.push_with(|i| SourceFile::new(FileId(i as u32), path.to_path_buf(), text));
        by_path.insert(path.to_path_buf(), FileId(index as u32));
        Some(FileId(index as u32))
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter().map(|(_, f)| f)
    }

    pub fn len(&self) -> usize {
        self.files.count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.by_path.lock().unwrap_or_else(|e| e.into_inner()).get(path).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_characters() {
        let text = "ab\nçé = 1\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, column: 1 });
        // "é" starts at byte 5 (ç is two bytes) and is the second character.
        assert_eq!(idx.line_col(text, 5), LineCol { line: 2, column: 2 });
        assert_eq!(idx.offset(text, 2, 2), 5);
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let file = SourceFile::new(FileId(0), PathBuf::from("a.tf"), "\u{feff}x = 1\n".to_string());
        assert!(file.bom);
        assert_eq!(file.text, "x = 1\n");
        assert_eq!(file.line_col(4), LineCol { line: 1, column: 5 });
        assert_eq!(file.with_bom("y".to_string()), "\u{feff}y");
        let plain = SourceFile::new(FileId(1), PathBuf::from("b.tf"), "x\n".to_string());
        assert!(!plain.bom);
        assert_eq!(plain.with_bom("y".to_string()), "y");
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = "a\nb";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 99), LineCol { line: 2, column: 2 });
    }
}
