//! JSON written inside a string value (a policy in a heredoc, a quoted string, a YAML
//! block, a template or `Fn::Sub`), decoded with each element located where its text
//! stands in the file.

use crate::{Kind, Reference, Value, UNKNOWN_MARK};
use ringfence_syntax::{align_lines, parse_json_str, Diagnostic, SourceMap, Span};

/// Decodes JSON inside a string value. `None` when the value holds no text to decode.
///
/// - A rendered string (a template, `Fn::Sub`) is located piece by piece, and an element
///   holding an unknown part is unknown; text that is not JSON leaves it as it was
///   (`None`).
/// - A plain string is located line by line when its lines stand in the file (verbatim,
///   indented, between quotes), else at the string; text that is not JSON is an error
///   located in it.
pub fn decode_json_string(value: &Value, sources: &SourceMap) -> Option<Result<Value, Diagnostic>> {
    let file = sources.get(value.span.file);
    if let Some(rendered) = &value.rendered {
        let node = parse_json_str(file, &rendered.text, 0).ok()?;
        let mut decoded = Value::from_node(&node);
        decoded.map_offsets(&|offset| rendered.file_offset(offset as usize));
        mark_unknown(&mut decoded, &value.owned_references());
        return Some(Ok(decoded));
    }
    let Kind::String(text) = &value.kind else { return None };
    let line_starts = align_lines(text, file.slice(value.span), value.span.start as usize);
    let to_file = |offset: u32| -> u32 {
        let Some(starts) = &line_starts else { return offset };
        let offset = (offset as usize).min(text.len());
        let line = text[..offset].matches('\n').count();
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        (starts[line.min(starts.len() - 1)] + (offset - line_start)) as u32
    };
    Some(match parse_json_str(file, text, 0) {
        Ok(node) => {
            let mut decoded = Value::from_node(&node);
            if line_starts.is_some() {
                decoded.map_offsets(&to_file);
            } else {
                decoded.relocate(value.span);
            }
            Ok(decoded)
        }
        Err(mut e) => {
            e.span = match (e.span, &line_starts) {
                (Some(s), Some(_)) => Some(Span { start: to_file(s.start), end: to_file(s.end), ..s }),
                _ => Some(value.span),
            };
            Err(e)
        }
    })
}

fn mark_unknown(value: &mut Value, refs: &[Reference]) {
    match &mut value.kind {
        Kind::String(s) if s.contains(UNKNOWN_MARK) => value.kind = Kind::Unknown(refs.to_vec()),
        Kind::List(items) => items.iter_mut().for_each(|v| mark_unknown(v, refs)),
        Kind::Map(entries) => entries.iter_mut().for_each(|e| mark_unknown(&mut e.value, refs)),
        _ => {}
    }
}
