use crate::limits::{MAX_ALIAS_BYTES, MAX_ALIAS_NODES};
use crate::{Diagnostic, Key, Node, NodeKind, SourceFile, Span, MAX_DEPTH};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::HashMap;

/// CloudFormation short-form tags and the long-form key each stands for.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Sub", "Fn::Sub"),
    ("GetAtt", "Fn::GetAtt"),
    ("If", "Fn::If"),
    ("Equals", "Fn::Equals"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Not", "Fn::Not"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("FindInMap", "Fn::FindInMap"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Transform", "Fn::Transform"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Length", "Fn::Length"),
];

/// Parses the YAML document of a file into a spanned tree.
///
/// The tree is built from saphyr's event stream with an explicit stack rather than
/// saphyr's recursive loader, so nesting depth is bounded here and spans (which saphyr
/// gives in characters) are converted to byte offsets once.
pub fn parse_yaml(file: &SourceFile) -> Result<Node, Diagnostic> {
    parse_yaml_with_warnings(file).map(|(node, _)| node)
}

/// How many times a file is read again with continuation lines indented further.
const MAX_REINDENTS: usize = 64;

/// Like [`parse_yaml`], with what the file does that CloudFormation accepts but a
/// reader should know (a key written twice: the last one counts).
///
/// CloudFormation reads YAML as PyYAML does, which accepts continuation lines of a
/// quoted scalar or a flow collection indented no deeper than their key; saphyr
/// (strict YAML 1.2) refuses them. Such a file is read again with those lines
/// indented one column past their key, in a copy whose every character maps back to
/// the file, so spans and values are the ones written.
pub fn parse_yaml_with_warnings(file: &SourceFile) -> Result<(Node, Vec<Diagnostic>), Diagnostic> {
    let mut insertions: Vec<(usize, usize)> = Vec::new();
    let mut first_error: Option<Diagnostic> = None;
    // Each attempt reads the whole file again: bound the total.
    let attempts = MAX_REINDENTS.min((64usize << 20) / file.text.len().max(1));
    for _ in 0..=attempts {
        let (text, char_to_byte) = reindented(&file.text, &insertions);
        match Builder::new(file, &text, char_to_byte).run() {
            Ok(parsed) => return Ok(parsed),
            Err(failure) => {
                let diagnostic = failure.diagnostic.clone();
                let first = first_error.get_or_insert(diagnostic).clone();
                let more = failure.indentation.and_then(|at| continuation_fix(&file.text, at, failure.in_quoted));
                match more {
                    Some(fix) if !fix.iter().all(|f| insertions.contains(f)) => {
                        insertions.extend(fix);
                        insertions.sort_unstable();
                        insertions.dedup();
                    }
                    _ => return Err(first),
                }
            }
        }
    }
    Err(first_error.unwrap_or_else(|| Diagnostic::error(file.id, None, "invalid YAML")))
}

/// `text` with `spaces` inserted at each `(byte offset, spaces)`, and the byte offset
/// in `text` of each character of the result (`None`: the text as it is, all ASCII).
fn reindented<'t>(text: &'t str, insertions: &[(usize, usize)]) -> (std::borrow::Cow<'t, str>, Option<Vec<u32>>) {
    if insertions.is_empty() {
        let map = (!text.is_ascii()).then(|| {
            let mut v: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
            v.push(text.len() as u32);
            v
        });
        return (std::borrow::Cow::Borrowed(text), map);
    }
    let extra: usize = insertions.iter().map(|(_, n)| n).sum();
    let mut out = String::with_capacity(text.len() + extra);
    let mut map = Vec::with_capacity(text.len() + extra + 1);
    let mut next = insertions.iter().peekable();
    for (i, c) in text.char_indices() {
        while let Some(&&(at, n)) = next.peek().filter(|(at, _)| *at <= i) {
            out.extend(std::iter::repeat_n(' ', n));
            map.extend(std::iter::repeat_n(at as u32, n));
            next.next();
        }
        out.push(c);
        map.push(i as u32);
    }
    map.push(text.len() as u32);
    (std::borrow::Cow::Owned(out), Some(map))
}

/// Indentation of the line holding byte `at`, and where that line starts.
fn line_indent(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let indent = text[start..].bytes().take_while(|b| *b == b' ').count();
    (start, indent)
}

/// The insertions that indent the continuation lines of the construct an indentation
/// error at byte `at` belongs to one column past the line it opens on: a quoted scalar
/// starting at `at`, or the flow collection enclosing `at`. `None` when `at` is in
/// neither (a real error of block structure, left as it is).
fn continuation_fix(text: &str, at: usize, in_quoted: bool) -> Option<Vec<(usize, usize)>> {
    let (open, close_at) = if in_quoted {
        let quote = *text.as_bytes().get(at)?;
        if quote != b'\'' && quote != b'"' {
            return None;
        }
        (at, closing_quote(text, at)?)
    } else {
        let open = enclosing_flow(text, at)?;
        (open, at + 1)
    };
    let (_, indent) = line_indent(text, open);
    let mut fix = Vec::new();
    let mut line_start = text[open..].find('\n').map(|i| open + i + 1)?;
    while line_start < close_at.min(text.len()) {
        let (_, current) = line_indent(text, line_start);
        let blank = text[line_start + current..].starts_with(['\n', '\r']);
        if current <= indent && !blank {
            fix.push((line_start, indent + 1 - current));
        }
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    (!fix.is_empty()).then_some(fix)
}

/// Where the quoted scalar opening at `at` closes (YAML's `''` and `\"` escapes).
fn closing_quote(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = bytes[at];
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The innermost `[` or `{` still open at byte `at`, outside quotes and comments.
fn enclosing_flow(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    let end = at.min(bytes.len());
    while i < end {
        match bytes[i] {
            b'\'' | b'"' if i == 0 || !bytes[i - 1].is_ascii_alphanumeric() => {
                i = closing_quote(text, i).unwrap_or(end) + 1;
                continue;
            }
            b'#' if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\n' => {
                i = text[i..].find('\n').map_or(end, |n| i + n);
                continue;
            }
            b'[' | b'{' => open.push(i),
            b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.last().copied()
}

/// Why a reading failed: the error, and where an indentation error points (a byte of
/// the file), with whether saphyr pointed at a quoted scalar's start.
struct Failure {
    diagnostic: Diagnostic,
    indentation: Option<usize>,
    in_quoted: bool,
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Failure {
        Failure { diagnostic, indentation: None, in_quoted: false }
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        tag: Option<String>,
        anchor: usize,
    },
    Map {
        entries: Vec<(Key, Node)>,
        /// The keys so far, so that a duplicate is found in constant time.
        /// Each key's copies so far: a key written twice is warned about.
        names: HashMap<String, usize>,
        key: Option<Key>,
        start: usize,
        tag: Option<String>,
        anchor: usize,
    },
}

/// An anchored node and what one alias to it costs to expand.
struct Anchored {
    node: Node,
    nodes: usize,
    bytes: usize,
}

struct Builder<'f> {
    file: &'f SourceFile,
    /// What saphyr reads: the file's text, or a copy with lines indented further.
    text: &'f str,
    /// Byte offset in the file of each character of `text` (`None`: `text` is the
    /// file's text and ASCII).
    char_to_byte: Option<Vec<u32>>,
    warnings: Vec<Diagnostic>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    alias_nodes: usize,
    alias_bytes: usize,
    root: Option<Node>,
}

impl<'f> Builder<'f> {
    fn new(file: &'f SourceFile, text: &'f str, char_to_byte: Option<Vec<u32>>) -> Self {
        Builder {
            file,
            text,
            char_to_byte,
            warnings: Vec::new(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            alias_bytes: 0,
            root: None,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.char_to_byte {
            None => char_index.min(self.file.text.len()),
            Some(v) => v.get(char_index).copied().unwrap_or(self.file.text.len() as u32) as usize,
        }
    }

    fn span(&self, start_char: usize, end_char: usize) -> Span {
        self.file.span(self.byte(start_char), self.byte(end_char))
    }

    fn error(&self, at: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file.id, Some(at), message)
    }

    fn run(mut self) -> Result<(Node, Vec<Diagnostic>), Failure> {
        let mut parser = Parser::new_from_str(self.text);
        let mut documents = 0;
        while let Some(item) = parser.next_event() {
            let (event, span) = item.map_err(|e| {
                let at = self.byte(e.marker().index());
                let info = e.info();
                let diagnostic =
                    Diagnostic::error(self.file.id, Some(self.file.span(at, at)), format!("invalid YAML: {info}"));
                let indentation = info.starts_with("invalid indentation").then_some(at);
                Failure { diagnostic, indentation, in_quoted: info.contains("quoted scalar") }
            })?;
            let (s, e) = (span.start.index(), span.end.index());
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        let at = self.span(s, s.max(e));
                        let message = "a second YAML document starts here: CloudFormation reads a template \
                                       of one document";
                        return Err(self.error(at, message).into());
                    }
                }
                Event::DocumentEnd => {}
                Event::Scalar(value, style, anchor, tag) => {
                    let node_span = self.span(s, e);
                    let node = self.scalar(&value, style, tag.as_deref(), node_span);
                    self.complete(node, anchor)?;
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(s)?;
                    self.stack.push(Frame::Seq { items: Vec::new(), start: s, tag: tag_name(tag.as_deref()), anchor });
                }
                Event::MappingStart(anchor, tag) => {
                    self.open(s)?;
                    self.stack.push(Frame::Map {
                        entries: Vec::new(),
                        names: HashMap::new(),
                        key: None,
                        start: s,
                        tag: tag_name(tag.as_deref()),
                        anchor,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.stack.pop() else {
                        continue;
                    };
                    let (kind, start, tag, anchor) = match frame {
                        Frame::Seq { items, start, tag, anchor } => (NodeKind::Seq(items), start, tag, anchor),
                        Frame::Map { entries, start, tag, anchor, .. } => (NodeKind::Map(entries), start, tag, anchor),
                    };
                    let node = Node { kind, span: self.span(start, e.max(start)) };
                    let node = self.apply_tag(node, tag.as_deref());
                    self.complete(node, anchor)?;
                }
                Event::Alias(id) => {
                    let at = self.span(s, e);
                    let Some(target) = self.anchors.get(&id) else {
                        return Err(self.error(at, "alias to an unknown anchor").into());
                    };
                    self.alias_nodes += target.nodes;
                    self.alias_bytes += target.bytes;
                    if self.alias_nodes > MAX_ALIAS_NODES {
                        return Err(self
                            .error(at, format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"))
                            .into());
                    }
                    if self.alias_bytes > MAX_ALIAS_BYTES {
                        let mib = MAX_ALIAS_BYTES >> 20;
                        return Err(self.error(at, format!("aliases expand to more than {mib} MiB of text")).into());
                    }
                    let node = target.node.clone();
                    self.complete(node, 0)?;
                }
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            }
        }
        match self.root {
            Some(root) => Ok((root, self.warnings)),
            None => Err(self.error(self.file.span(0, 0), "the YAML file holds no document").into()),
        }
    }

    fn open(&self, start_char: usize) -> Result<(), Diagnostic> {
        if self.stack.len() >= MAX_DEPTH {
            let at = self.span(start_char, start_char);
            return Err(self.error(at, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), Diagnostic> {
        if anchor != 0 {
            let (nodes, bytes) = cost(&node);
            self.anchors.insert(anchor, Anchored { node: node.clone(), nodes, bytes });
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, names, key, .. }) => match key.take() {
                None => {
                    let name = match node.kind {
                        NodeKind::String(s) | NodeKind::Number(s) => s,
                        NodeKind::Bool(b) => b.to_string(),
                        NodeKind::Null => String::new(),
                        _ => {
                            return Err(Diagnostic::error(
                                self.file.id,
                                Some(node.span),
                                "a mapping key must be a scalar",
                            ))
                        }
                    };
                    let copies = names.entry(name.clone()).or_default();
                    *copies += 1;
                    if *copies > 1 {
                        // CloudFormation takes the last value of a key written twice.
                        entries.retain(|(k, _)| k.name != name);
                        let ignored = if *copies == 2 { "the first" } else { "the earlier ones" };
                        self.warnings.push(Diagnostic::warning(
                            self.file.id,
                            Some(node.span),
                            format!("duplicate key `{name}`: CloudFormation uses this one and ignores {ignored}"),
                        ));
                    }
                    *key = Some(Key { name, span: node.span });
                }
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }

    fn scalar(&self, value: &str, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Node {
        let kind = match (style, tag) {
            (_, Some(t)) if t.handle == "tag:yaml.org,2002:" || t.handle == "!!" => match t.suffix.as_str() {
                "str" | "binary" => NodeKind::String(value.to_string()),
                _ => resolve_plain(value),
            },
            (ScalarStyle::Plain, _) => resolve_plain(value),
            _ => NodeKind::String(value.to_string()),
        };
        // saphyr's span of a tagged scalar includes the tag; the value starts after it.
        let value_span = match tag {
            Some(_) if self.file.slice(span).starts_with('!') => {
                let written = self.file.slice(span);
                let tag_len = written.find([' ', '\t', '\n', '\r']).unwrap_or(written.len());
                let rest = &written[tag_len..];
                let skip = tag_len + (rest.len() - rest.trim_start().len());
                self.file.span(span.start as usize + skip, span.end as usize)
            }
            _ => span,
        };
        let node = Node { kind, span: value_span };
        let tagged = self.apply_tag(node, tag_name(tag).as_deref());
        match tagged.kind {
            NodeKind::Map(_) if tag.is_some() => Node { span: span.to(tagged.span), ..tagged },
            _ => tagged,
        }
    }

    /// Rewrites a short-form tagged node to its long form: `!GetAtt a.b` becomes
    /// `{Fn::GetAtt: [a, b]}`, spanning the tagged node.
    fn apply_tag(&self, node: Node, tag: Option<&str>) -> Node {
        let Some(tag) = tag else { return node };
        let Some((_, long)) = SHORT_FORMS.iter().find(|(short, _)| *short == tag) else {
            return node;
        };
        let span = self.tagged_span(node.span, tag);
        let key_span = Span { end: (span.start + 1 + tag.len() as u32).min(span.end.max(span.start)), ..span };
        let value = match (&node.kind, *long) {
            (NodeKind::String(s), "Fn::GetAtt") => self.split_get_att(s, node.span),
            _ => node,
        };
        Node { kind: NodeKind::Map(vec![(Key { name: long.to_string(), span: key_span }, value)]), span }
    }

    /// saphyr's node span starts after the tag; widen it to include `!Tag` when the
    /// tag is written just before.
    fn tagged_span(&self, span: Span, tag: &str) -> Span {
        let text = &self.file.text;
        let start = span.start as usize;
        let before = &text[..start.min(text.len())];
        let trimmed = before.trim_end_matches([' ', '\t']);
        let written = format!("!{tag}");
        if trimmed.ends_with(&written) {
            let tag_start = trimmed.len() - written.len();
            return self.file.span(tag_start, span.end as usize);
        }
        span
    }

    fn split_get_att(&self, s: &str, span: Span) -> Node {
        let Some((resource, attribute)) = s.split_once('.') else {
            return Node { kind: NodeKind::String(s.to_string()), span };
        };
        // Sub-spans are exact when the scalar is written plainly in the file.
        let exact = self.file.slice(span) == s;
        let (r_span, a_span) = if exact {
            let dot = span.start as usize + resource.len();
            (self.file.span(span.start as usize, dot), self.file.span(dot + 1, span.end as usize))
        } else {
            (span, span)
        };
        Node {
            kind: NodeKind::Seq(vec![
                Node { kind: NodeKind::String(resource.to_string()), span: r_span },
                Node { kind: NodeKind::String(attribute.to_string()), span: a_span },
            ]),
            span,
        }
    }
}

fn tag_name(tag: Option<&Tag>) -> Option<String> {
    let tag = tag?;
    (tag.handle == "!").then(|| tag.suffix.clone())
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn resolve_plain(value: &str) -> NodeKind {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        _ if is_number(value) => NodeKind::Number(value.to_string()),
        _ => NodeKind::String(value.to_string()),
    }
}

fn is_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() {
        return false;
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = body.strip_prefix("0o") {
        return !oct.is_empty() && oct.chars().all(|c| ('0'..='7').contains(&c));
    }
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok =
        digits(int) && frac.is_none_or(digits) && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The nodes and text bytes an alias to `node` copies. Recursion is bounded: the tree
/// is at most `MAX_DEPTH` deep.
fn cost(node: &Node) -> (usize, usize) {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().map(cost).fold((1, 0), |(n, b), (n2, b2)| (n + n2, b + b2)),
        NodeKind::Map(entries) => entries
            .iter()
            .map(|(k, v)| {
                let (n, b) = cost(v);
                (n, b + k.name.len())
            })
            .fold((1, 0), |(n, b), (n2, b2)| (n + n2, b + b2)),
        NodeKind::String(s) | NodeKind::Number(s) => (1, s.len()),
        _ => (1, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileId;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(FileId(0), PathBuf::from("t.yaml"), text.to_string())
    }

    #[test]
    fn short_forms_become_long_forms_spanning_the_tag() {
        let f = file("A: !Ref Bucket\nB: !GetAtt Key.Arn\nC: !If [Prod, x, !Ref AWS::NoValue]\n");
        let root = parse_yaml(&f).unwrap();
        let a = root.get("A").unwrap();
        assert_eq!(a.get("Ref").unwrap().as_str(), Some("Bucket"));
        assert_eq!(f.slice(a.span), "!Ref Bucket");
        let b = root.get("B").unwrap().get("Fn::GetAtt").unwrap().items().unwrap();
        assert_eq!(b[0].as_str(), Some("Key"));
        assert_eq!(b[1].as_str(), Some("Arn"));
        assert_eq!(f.slice(b[1].span), "Arn");
        let c = root.get("C").unwrap().get("Fn::If").unwrap().items().unwrap();
        assert_eq!(c[2].get("Ref").unwrap().as_str(), Some("AWS::NoValue"));
    }

    #[test]
    fn every_short_form_is_normalised() {
        for (short, long) in SHORT_FORMS {
            let f = file(&format!("X: !{short} value\n"));
            let root = parse_yaml(&f).unwrap();
            assert!(root.get("X").unwrap().get(long).is_some(), "!{short}");
        }
    }

    #[test]
    fn spans_are_bytes_even_after_multibyte_characters() {
        let f = file("Description: \"héllo wörld\"\nKey: false\n");
        let root = parse_yaml(&f).unwrap();
        let v = root.get("Key").unwrap();
        assert_eq!(v.kind, NodeKind::Bool(false));
        assert_eq!(f.slice(v.span), "false");
        assert_eq!(f.line_col(v.span.start as usize).column, 6);
    }

    #[test]
    fn plain_scalars_resolve_by_the_core_schema() {
        let f = file("a: 1\nb: '1'\nc: 1.5e3\nd: ~\ne: yes\nf: 0x1F\n");
        let root = parse_yaml(&f).unwrap();
        assert_eq!(root.get("a").unwrap().kind, NodeKind::Number("1".into()));
        assert_eq!(root.get("b").unwrap().kind, NodeKind::String("1".into()));
        assert_eq!(root.get("c").unwrap().kind, NodeKind::Number("1.5e3".into()));
        assert_eq!(root.get("d").unwrap().kind, NodeKind::Null);
        assert_eq!(root.get("e").unwrap().kind, NodeKind::String("yes".into()));
        assert_eq!(root.get("f").unwrap().kind, NodeKind::Number("0x1F".into()));
    }

    #[test]
    fn deep_nesting_is_a_located_error() {
        let text = "- ".repeat(50_000) + "x\n";
        let f = file(&text);
        let err = parse_yaml(&f).unwrap_err();
        assert!(err.message.contains("nesting"), "{}", err.message);
        let flow = "[".repeat(50_000);
        assert!(parse_yaml(&file(&flow)).is_err());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            text += &format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n");
        }
        let err = parse_yaml(&file(&text)).unwrap_err();
        assert!(err.message.contains("aliases"), "{}", err.message);
    }

    #[test]
    fn aliases_of_a_huge_scalar_are_refused() {
        let mut text = format!("big: &big {}\nrefs:\n", "x".repeat(1 << 20));
        for _ in 0..3_000 {
            text += "  - *big\n";
        }
        let err = parse_yaml(&file(&text)).unwrap_err();
        assert!(err.message.contains("MiB of text"), "{}", err.message);
        assert_eq!(file(&text).line_col(err.span.unwrap().start as usize).line, 19);
    }

    #[test]
    fn many_keys_are_checked_for_duplicates_in_linear_time() {
        let mut text = String::with_capacity(4 << 20);
        for i in 0..200_000 {
            text += &format!("k{i}: {i}\n");
        }
        let start = std::time::Instant::now();
        let node = parse_yaml(&file(&text)).unwrap();
        assert_eq!(node.entries().map(|e| e.len()), Some(200_000));
        // Quadratic detection took over a minute; linear takes well under a second even
        // in a debug build on a loaded machine.
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn duplicate_keys_take_the_last_value_with_a_located_warning() {
        let f = file("a: 1\nb:\n  c: 1\n  d: 3\n  c: 2\n");
        let (node, warnings) = parse_yaml_with_warnings(&f).unwrap();
        let b = node.get("b").unwrap();
        assert_eq!(b.get("c").and_then(Node::as_str), None);
        assert!(matches!(&b.get("c").unwrap().kind, NodeKind::Number(n) if n == "2"));
        assert_eq!(b.entries().unwrap().len(), 2);
        assert_eq!(warnings.len(), 1);
        assert_eq!(f.line_col(warnings[0].span.unwrap().start as usize).line, 5);
        assert!(warnings[0].message.contains("duplicate key `c`"), "{}", warnings[0].message);
    }

    #[test]
    fn a_third_copy_of_a_key_says_the_earlier_ones_are_ignored() {
        let f = file("Key: a\nKey: b\nKey: c\n");
        let (node, warnings) = parse_yaml_with_warnings(&f).unwrap();
        assert_eq!(node.get("Key").and_then(Node::as_str), Some("c"));
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "duplicate key `Key`: CloudFormation uses this one and ignores the first",
                "duplicate key `Key`: CloudFormation uses this one and ignores the earlier ones",
            ]
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let f = file("a: [1, 2\nb: 3\n");
        let err = parse_yaml(&f).unwrap_err();
        assert!(err.message.starts_with("invalid YAML"), "{}", err.message);
        // A block-structure error is not "fixed" by indenting.
        let f = file("a:\n  b: 1\n c: 2\n");
        assert!(parse_yaml(&f).is_err());
    }

    #[test]
    fn quoted_continuations_at_the_key_indentation_read_as_cloudformation_reads_them() {
        let text = "Outputs:\n  W:\n    Description: x\n    Value: 'Log in, select\n    your instance.'\n    \
                    Export: \"one\n    two\"\n";
        let f = file(text);
        let node = parse_yaml(&f).unwrap_or_else(|e| panic!("{}", e.message));
        let w = node.get("Outputs").and_then(|o| o.get("W")).unwrap();
        assert_eq!(w.get("Value").and_then(Node::as_str), Some("Log in, select your instance."));
        assert_eq!(w.get("Export").and_then(Node::as_str), Some("one two"));
        // Spans are the file's: the value starts at its quote on line 4.
        let at = f.line_col(w.get("Value").unwrap().span.start as usize);
        assert_eq!((at.line, at.column), (4, 12));
        let desc = f.line_col(w.get("Description").unwrap().span.start as usize);
        assert_eq!((desc.line, desc.column), (3, 18));
    }

    #[test]
    fn flow_continuations_at_the_key_indentation_read_as_cloudformation_reads_them() {
        let text = "C:\n  S:\n    'k': [\n      \"a\",\n      \"b\"\n    ]\n    'l': [x]\n";
        let f = file(text);
        let node = parse_yaml(&f).unwrap_or_else(|e| panic!("{}", e.message));
        let s = node.get("C").and_then(|c| c.get("S")).unwrap();
        assert!(matches!(&s.get("k").unwrap().kind, NodeKind::Seq(items) if items.len() == 2));
        assert_eq!(f.line_col(s.get("l").unwrap().span.start as usize).line, 7);
    }

    #[test]
    fn a_second_document_is_an_error_at_its_start() {
        let f = file("a: 1\n---\nb: 2\n");
        let err = parse_yaml(&f).unwrap_err();
        assert_eq!(f.line_col(err.span.unwrap().start as usize).line, 2);
        assert!(err.message.contains("one document"), "{}", err.message);
        assert!(parse_yaml(&file("---\na: 1\n...\n")).is_ok());
    }
}
