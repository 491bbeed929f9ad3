use crate::limits::{MAX_ALIAS_BYTES, MAX_ALIAS_NODES};
use crate::{Diagnostic, Key, Node, NodeKind, SourceFile, Span, MAX_DEPTH};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::{HashMap, HashSet};

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

/// Parses the first YAML document of a file into a spanned tree.
///
/// The tree is built from saphyr's event stream with an explicit stack rather than
/// saphyr's recursive loader, so nesting depth is bounded here and spans (which saphyr
/// gives in characters) are converted to byte offsets once.
pub fn parse_yaml(file: &SourceFile) -> Result<Node, Diagnostic> {
    Builder::new(file).run()
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
        names: HashSet<String>,
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
    /// Byte offset of each character index, only for non-ASCII files.
    char_to_byte: Option<Vec<u32>>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    alias_nodes: usize,
    alias_bytes: usize,
    root: Option<Node>,
}

impl<'f> Builder<'f> {
    fn new(file: &'f SourceFile) -> Self {
        let char_to_byte = (!file.text.is_ascii()).then(|| {
            let mut v: Vec<u32> = file.text.char_indices().map(|(i, _)| i as u32).collect();
            v.push(file.text.len() as u32);
            v
        });
        Builder {
            file,
            char_to_byte,
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

    fn run(mut self) -> Result<Node, Diagnostic> {
        let mut parser = Parser::new_from_str(&self.file.text);
        let mut documents = 0;
        while let Some(item) = parser.next_event() {
            let (event, span) = item.map_err(|e| {
                let at = self.byte(e.marker().index());
                Diagnostic::error(self.file.id, Some(self.file.span(at, at)), format!("invalid YAML: {}", e.info()))
            })?;
            let (s, e) = (span.start.index(), span.end.index());
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        break; // CloudFormation reads one document.
                    }
                }
                Event::DocumentEnd => {
                    if self.root.is_some() {
                        break;
                    }
                }
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
                        names: HashSet::new(),
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
                        return Err(self.error(at, "alias to an unknown anchor"));
                    };
                    self.alias_nodes += target.nodes;
                    self.alias_bytes += target.bytes;
                    if self.alias_nodes > MAX_ALIAS_NODES {
                        return Err(self.error(at, format!("aliases expand to more than {MAX_ALIAS_NODES} nodes")));
                    }
                    if self.alias_bytes > MAX_ALIAS_BYTES {
                        let mib = MAX_ALIAS_BYTES >> 20;
                        return Err(self.error(at, format!("aliases expand to more than {mib} MiB of text")));
                    }
                    let node = target.node.clone();
                    self.complete(node, 0)?;
                }
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            }
        }
        self.root.ok_or_else(|| {
            Diagnostic::error(self.file.id, Some(self.file.span(0, 0)), "the YAML file holds no document")
        })
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
                    if !names.insert(name.clone()) {
                        return Err(Diagnostic::error(
                            self.file.id,
                            Some(node.span),
                            format!("duplicate key `{name}`"),
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
    fn duplicate_keys_and_syntax_errors_are_located() {
        let f = file("a: 1\nb:\n  c: 1\n  c: 2\n");
        let err = parse_yaml(&f).unwrap_err();
        assert_eq!(f.line_col(err.span.unwrap().start as usize).line, 4);
        let f = file("a: [1, 2\nb: 3\n");
        let err = parse_yaml(&f).unwrap_err();
        assert!(err.message.starts_with("invalid YAML"), "{}", err.message);
    }
}
