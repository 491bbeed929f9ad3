use crate::{Diagnostic, Key, Node, NodeKind, SourceFile, Span, MAX_DEPTH};
use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};
use std::collections::HashSet;

/// Parses strict JSON (no comments, no trailing commas) into a spanned tree.
/// Duplicate keys are an error, as they are for CloudFormation.
pub fn parse_json(file: &SourceFile) -> Result<Node, Diagnostic> {
    parse_json_str(file, &file.text, 0)
}

/// Parses JSON text that sits at `base` in `file` (the whole file, or the body of a
/// string that holds a policy), so that every span lands in the file.
pub fn parse_json_str(file: &SourceFile, text: &str, base: usize) -> Result<Node, Diagnostic> {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = parse_to_ast(text, &CollectOptions::default(), &strict).map_err(|e| {
        let r = e.range();
        Diagnostic::error(file.id, Some(file.span(base + r.start, base + r.end)), format!("invalid JSON: {}", e.kind()))
    })?;
    let Some(value) = parsed.value else {
        return Err(Diagnostic::error(file.id, Some(file.span(base, base)), "invalid JSON: the file is empty"));
    };
    let conv = Converter { file, base };
    conv.node(&value, 0)
}

struct Converter<'f> {
    file: &'f SourceFile,
    base: usize,
}

impl Converter<'_> {
    fn span(&self, r: jsonc_parser::common::Range) -> Span {
        self.file.span(self.base + r.start, self.base + r.end)
    }

    fn node(&self, value: &Value<'_>, depth: usize) -> Result<Node, Diagnostic> {
        let span = self.span(value_range(value));
        if depth > MAX_DEPTH {
            return Err(Diagnostic::error(self.file.id, Some(span), format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        let kind = match value {
            Value::StringLit(s) => NodeKind::String(s.value.to_string()),
            Value::NumberLit(n) => NodeKind::Number(n.value.to_string()),
            Value::BooleanLit(b) => NodeKind::Bool(b.value),
            Value::NullKeyword(_) => NodeKind::Null,
            Value::Array(a) => {
                NodeKind::Seq(a.elements.iter().map(|v| self.node(v, depth + 1)).collect::<Result<_, _>>()?)
            }
            Value::Object(o) => {
                let mut seen = HashSet::new();
                let mut entries = Vec::with_capacity(o.properties.len());
                for prop in &o.properties {
                    let (name, range) = match &prop.name {
                        ObjectPropName::String(s) => (s.value.to_string(), s.range),
                        ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                    };
                    let key = Key { name, span: self.span(range) };
                    if !seen.insert(key.name.clone()) {
                        return Err(Diagnostic::error(
                            self.file.id,
                            Some(key.span),
                            format!("duplicate key `{}`", key.name),
                        ));
                    }
                    entries.push((key, self.node(&prop.value, depth + 1)?));
                }
                NodeKind::Map(entries)
            }
        };
        Ok(Node { kind, span })
    }
}

fn value_range(value: &Value<'_>) -> jsonc_parser::common::Range {
    match value {
        Value::StringLit(v) => v.range,
        Value::NumberLit(v) => v.range,
        Value::BooleanLit(v) => v.range,
        Value::Object(v) => v.range,
        Value::Array(v) => v.range,
        Value::NullKeyword(v) => v.range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FileId, SourceFile};
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(FileId(0), PathBuf::from("t.json"), text.to_string())
    }

    #[test]
    fn spans_are_byte_offsets_into_the_file() {
        let f = file("{\"a\": [1, \"é\", true]}");
        let node = parse_json(&f).unwrap();
        let items = node.get("a").unwrap().items().unwrap();
        assert_eq!(f.slice(items[1].span), "\"é\"");
        assert_eq!(f.slice(items[2].span), "true");
    }

    #[test]
    fn trailing_comma_is_located() {
        let f = file("{\n  \"a\": 1,\n}");
        let err = parse_json(&f).unwrap_err();
        let at = f.line_col(err.span.unwrap().start as usize);
        assert_eq!(at.line, 2);
        assert!(err.message.contains("JSON"), "{}", err.message);
    }

    #[test]
    fn duplicate_keys_are_rejected_at_the_second_key() {
        let f = file("{\"a\": 1,\n \"a\": 2}");
        let err = parse_json(&f).unwrap_err();
        assert_eq!(f.line_col(err.span.unwrap().start as usize).line, 2);
        assert!(err.message.contains("duplicate key `a`"));
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_crash() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let f = file(&text);
        assert!(parse_json(&f).is_err());
        let text = format!("{}{}", "[".repeat(400), "]".repeat(400));
        let f = file(&text);
        assert!(parse_json(&f).unwrap_err().message.contains("nesting"));
    }
}
