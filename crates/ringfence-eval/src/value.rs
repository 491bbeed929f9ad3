use ringfence_syntax::Span;

/// An evaluated value: what it is, where it is written, and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: Kind,
    /// Where the value is written at the place it is used.
    pub span: Span,
    /// Where it was defined, hop by hop, when it came from elsewhere (a variable
    /// default, a parameter, a module input). Empty for a literal written in place.
    pub origins: Vec<Origin>,
    /// For a string assembled from pieces (a template, a `Fn::Sub`), known or not:
    /// its text and where each piece is written, so JSON inside it can be judged
    /// element by element.
    pub rendered: Option<Box<Rendered>>,
    /// Set on a resource instance's object (`aws_s3_bucket.b`, wherever it is held: a
    /// local, a `for_each` map): an attribute it does not set is computed by AWS, and
    /// reading one keeps the edge to this resource.
    pub resource: Option<Box<Reference>>,
}

/// Stands in a [`Rendered`] text for a part that cannot be known.
pub const UNKNOWN_MARK: char = '\u{E000}';

/// A string assembled from pieces: its text, unknown parts replaced by
/// [`UNKNOWN_MARK`], and where each piece of the text is written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub text: String,
    pub pieces: Vec<Piece>,
}

/// `len` bytes of a [`Rendered`] text from `at`: a literal written at `span`, or a
/// substituted value (`literal == false`) whose expression is at `span`.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub at: usize,
    pub len: usize,
    pub span: Span,
    pub literal: bool,
}

impl Rendered {
    pub fn push(&mut self, text: &str, span: Span, literal: bool) {
        self.pieces.push(Piece { at: self.text.len(), len: text.len(), span, literal });
        self.text.push_str(text);
    }

    /// The file offset of a byte of the text: exact inside a literal piece, the
    /// substituted expression otherwise.
    pub fn file_offset(&self, offset: usize) -> u32 {
        let piece = self.pieces.iter().rev().find(|p| p.at <= offset).or(self.pieces.first());
        match piece {
            Some(p) if p.literal => p.span.start + (offset - p.at).min(p.len) as u32,
            Some(p) if offset >= p.at + p.len && p.len > 0 => p.span.end,
            Some(p) => p.span.start,
            None => 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Map(Vec<Entry>),
    /// Cannot be known before deployment. Keeps the resources it was computed from,
    /// so the model can still draw the edge (`kms_key_id = aws_kms_key.k.arn`).
    Unknown(Vec<Reference>),
    /// What Terraform reports as an error while evaluating: a missing attribute or key
    /// of a known object, an index out of range, an attribute of null, a function
    /// refusing known arguments. Only `try` and `can` tell it from unknown; to every
    /// other reader (and to the model) it is unknown, so nothing is reported on it.
    Error(String),
}

/// One key of a map, with the span of the key as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Value,
}

/// Where a value was defined, for a secondary label.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    pub span: Span,
    pub label: String,
}

/// A reference to another resource of the same unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// The resource's local name (`aws_kms_key.k`, a logical ID).
    pub target: String,
    /// The attribute read from it, if any (`arn`, `Arn`).
    pub attribute: Option<String>,
    pub span: Span,
}

impl Value {
    pub fn new(kind: Kind, span: Span) -> Value {
        Value { kind, span, origins: Vec::new(), rendered: None, resource: None }
    }

    pub fn unknown(span: Span) -> Value {
        Value::new(Kind::Unknown(Vec::new()), span)
    }

    /// An evaluation error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Value {
        Value::new(Kind::Error(message.into()), span)
    }

    /// Unknown, or an error (which no rule can judge either).
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, Kind::Unknown(_) | Kind::Error(_))
    }

    pub fn is_error(&self) -> bool {
        matches!(self.kind, Kind::Error(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The text of a string as far as it is known: the string itself, or for a
    /// partly unknown template its rendering, with [`UNKNOWN_MARK`] standing for the
    /// unknown parts (so an ARN's or a URI's known pieces can still be read).
    pub fn text(&self) -> Option<&str> {
        self.as_str().or(self.rendered.as_deref().map(|r| r.text.as_str()))
    }

    /// A string that is empty or only whitespace: written, but naming nothing.
    pub fn is_blank(&self) -> bool {
        self.as_str().is_some_and(|s| s.trim().is_empty())
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// A boolean, also when written as the string `"true"`/`"false"` (both
    /// CloudFormation and Terraform convert these).
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Bool(b) => Some(*b),
            Kind::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Kind::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// A number, also when written as a numeric string.
    pub fn as_f64(&self) -> Option<f64> {
        match &self.kind {
            Kind::Number(n) => Some(*n),
            Kind::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A scalar as the string Terraform or CloudFormation would see.
    pub fn to_text(&self) -> Option<String> {
        match &self.kind {
            Kind::String(s) => Some(s.clone()),
            Kind::Bool(b) => Some(b.to_string()),
            Kind::Number(n) => Some(format_number(*n)),
            _ => None,
        }
    }

    /// The items of a list; a single non-list value counts as a list of itself,
    /// as both languages accept one where many are allowed.
    pub fn items(&self) -> &[Value] {
        match &self.kind {
            Kind::List(items) => items,
            Kind::Null => &[],
            _ => std::slice::from_ref(self),
        }
    }

    /// Every value found by following `path` through maps, fanning out over lists
    /// (Terraform nested blocks are lists of maps).
    pub fn lookup_all<'a>(&'a self, path: &[&str]) -> Vec<&'a Value> {
        let mut current: Vec<&Value> = vec![self];
        for key in path {
            current = current.into_iter().flat_map(|v| v.items().iter()).filter_map(|v| v.get(key)).collect();
        }
        current
    }

    /// Every reference to another resource anywhere inside this value.
    pub fn references(&self) -> Vec<&Reference> {
        let mut out = Vec::new();
        self.collect_references(&mut out);
        out
    }

    fn collect_references<'a>(&'a self, out: &mut Vec<&'a Reference>) {
        match &self.kind {
            Kind::Unknown(refs) => out.extend(refs.iter()),
            Kind::List(items) => items.iter().for_each(|v| v.collect_references(out)),
            Kind::Map(entries) => entries.iter().for_each(|e| e.value.collect_references(out)),
            _ => {}
        }
    }
}

pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

impl Kind {
    /// A YAML/JSON scalar as a value kind (a number that does not fit stays its text);
    /// `None` for a collection.
    pub fn of_scalar(node: &ringfence_syntax::NodeKind) -> Option<Kind> {
        use ringfence_syntax::NodeKind;
        Some(match node {
            NodeKind::Null => Kind::Null,
            NodeKind::Bool(b) => Kind::Bool(*b),
            NodeKind::Number(n) => n.parse().map_or_else(|_| Kind::String(n.clone()), Kind::Number),
            NodeKind::String(s) => Kind::String(s.clone()),
            NodeKind::Seq(_) | NodeKind::Map(_) => return None,
        })
    }
}

impl Value {
    /// Plain data (a JSON document, a policy in a string) as a value.
    pub fn from_node(node: &ringfence_syntax::Node) -> Value {
        use ringfence_syntax::NodeKind;
        let kind = match &node.kind {
            NodeKind::Seq(items) => Kind::List(items.iter().map(Value::from_node).collect()),
            NodeKind::Map(entries) => Kind::Map(
                entries
                    .iter()
                    .map(|(k, v)| Entry { key: k.name.clone(), key_span: k.span, value: Value::from_node(v) })
                    .collect(),
            ),
            scalar => Kind::of_scalar(scalar).unwrap_or(Kind::Null),
        };
        Value::new(kind, node.span)
    }

    /// Rewrites every byte offset of this value's spans (values parsed from a string
    /// whose text sits, line by line, at known places in the file).
    pub fn map_offsets(&mut self, f: &dyn Fn(u32) -> u32) {
        self.span.start = f(self.span.start);
        self.span.end = f(self.span.end);
        match &mut self.kind {
            Kind::List(items) => items.iter_mut().for_each(|v| v.map_offsets(f)),
            Kind::Map(entries) => entries.iter_mut().for_each(|e| {
                e.key_span.start = f(e.key_span.start);
                e.key_span.end = f(e.key_span.end);
                e.value.map_offsets(f);
            }),
            _ => {}
        }
    }

    /// The value as seen where it is used (`use_span`), after flowing from where it is
    /// written: every nested value moves to `use_span` and remembers its previous place
    /// as an origin labelled `label`. Unknown values just move.
    /// As [`Value::flow_to`], for a value held by a definition at `defined`: a part
    /// written elsewhere (a data source's policy statement held in a local) is labelled
    /// `elsewhere`, not as defined by it.
    pub fn flow_through(&mut self, use_span: Span, label: &str, defined: Span, elsewhere: &str) {
        let outside = self.span.file != defined.file || self.span.start < defined.start || self.span.end > defined.end;
        let own = if outside { elsewhere } else { label };
        if self.span != use_span && !self.is_unknown() && !self.origins.iter().any(|o| o.span == self.span) {
            self.origins.push(Origin { span: self.span, label: own.to_string() });
        }
        self.span = use_span;
        match &mut self.kind {
            Kind::List(items) => items.iter_mut().for_each(|v| v.flow_through(use_span, label, defined, elsewhere)),
            Kind::Map(entries) => entries.iter_mut().for_each(|e| {
                e.key_span = use_span;
                e.value.flow_through(use_span, label, defined, elsewhere);
            }),
            _ => {}
        }
    }

    pub fn flow_to(&mut self, use_span: Span, label: &str) {
        if self.span != use_span && !self.is_unknown() && !self.origins.iter().any(|o| o.span == self.span) {
            self.origins.push(Origin { span: self.span, label: label.to_string() });
        }
        self.span = use_span;
        match &mut self.kind {
            Kind::List(items) => items.iter_mut().for_each(|v| v.flow_to(use_span, label)),
            Kind::Map(entries) => entries.iter_mut().for_each(|e| {
                e.key_span = use_span;
                e.value.flow_to(use_span, label);
            }),
            _ => {}
        }
    }

    /// Structural equality, ignoring where values are written.
    pub fn same(&self, other: &Value) -> bool {
        match (&self.kind, &other.kind) {
            (Kind::List(a), Kind::List(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y)),
            (Kind::Map(a), Kind::Map(b)) => {
                a.len() == b.len() && a.iter().all(|e| b.iter().any(|f| f.key == e.key && f.value.same(&e.value)))
            }
            (Kind::Number(a), Kind::Number(b)) => a == b,
            (Kind::Unknown(_) | Kind::Error(_), _) | (_, Kind::Unknown(_) | Kind::Error(_)) => false,
            (a, b) => a == b,
        }
    }

    /// Every reference inside, owned (for an unknown value derived from others).
    pub fn owned_references(&self) -> Vec<Reference> {
        self.references().into_iter().cloned().collect()
    }

    /// Moves every span of this value to `span` (for content whose exact position
    /// inside its source string cannot be recovered).
    pub fn relocate(&mut self, span: Span) {
        self.span = span;
        match &mut self.kind {
            Kind::List(items) => items.iter_mut().for_each(|v| v.relocate(span)),
            Kind::Map(entries) => entries.iter_mut().for_each(|e| {
                e.key_span = span;
                e.value.relocate(span);
            }),
            _ => {}
        }
    }
}
