use crate::depth::{first_oversized_object, first_too_deep};
use crate::limits::MAX_OBJECT_ITEMS;
use crate::{Diagnostic, SourceFile, MAX_DEPTH};
use hcl_edit::structure::Body;

/// Parses an HCL file with hcl-edit, which keeps byte spans on every node.
pub fn parse_hcl(file: &SourceFile) -> Result<Body, Diagnostic> {
    // Brackets from templates and strings count too, so allow more than MAX_DEPTH.
    if let Some(at) = first_too_deep(&file.text, MAX_DEPTH * 2) {
        return Err(Diagnostic::error(
            file.id,
            Some(file.span(at, at + 1)),
            format!("nesting deeper than {} levels", MAX_DEPTH * 2),
        ));
    }
    if let Some(at) = first_oversized_object(&file.text, MAX_OBJECT_ITEMS) {
        return Err(Diagnostic::error(
            file.id,
            Some(file.span(at, at + 1)),
            format!("an object of more than {MAX_OBJECT_ITEMS} items (the HCL parser's time grows with its square)"),
        ));
    }
    hcl_edit::parser::parse_body(&file.text).map_err(|e| {
        let at = e.location().offset().min(file.text.len());
        Diagnostic::error(file.id, Some(file.span(at, at)), format!("invalid HCL: {}", e.message()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileId;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(FileId(0), PathBuf::from("main.tf"), text.to_string())
    }

    #[test]
    fn syntax_errors_are_located() {
        let f = file("resource \"a\" \"b\" {\n  x = \n}\n");
        let err = parse_hcl(&f).unwrap_err();
        let at = f.line_col(err.span.unwrap().start as usize);
        assert!(at.line >= 2, "{at:?}");
        assert!(err.message.starts_with("invalid HCL"), "{}", err.message);
    }

    #[test]
    fn hostile_nesting_is_refused_before_parsing() {
        let text = format!("x = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse_hcl(&file(&text)).unwrap_err();
        assert!(err.message.contains("nesting"));
    }

    #[test]
    fn an_object_over_the_item_bound_is_refused_at_its_brace() {
        let items: String = (0..=MAX_OBJECT_ITEMS).map(|i| format!("    k{i} = {i}\n")).collect();
        let text = format!("locals {{\n  o = {{\n{items}  }}\n}}\n");
        let f = file(&text);
        let err = parse_hcl(&f).unwrap_err();
        assert!(err.message.contains("object of more than"), "{}", err.message);
        assert_eq!(f.line_col(err.span.unwrap().start as usize), crate::LineCol { line: 2, column: 7 });
        // One line of comma-separated items counts the same.
        let items: String = (0..=MAX_OBJECT_ITEMS).map(|i| format!("k{i} = {i}, ")).collect();
        assert!(parse_hcl(&file(&format!("x = merge({{{items}}})\n"))).is_err());
        // Quotes and braces inside a template sequence do not end the count early.
        let items: String = (0..=MAX_OBJECT_ITEMS).map(|i| format!("    k{i} = {i}\n")).collect();
        let text = format!("o = {{\n    a = \"${{\"\\\"\"}} }} ${{ {{b = 1}}.b }}\"\n{items}}}\n");
        let err = parse_hcl(&file(&text)).unwrap_err();
        assert!(err.message.contains("object of more than"), "{}", err.message);
        // Whatever operator comes before it.
        let items: String = (0..=MAX_OBJECT_ITEMS).map(|i| format!("k{i} = {i}, ")).collect();
        for before in ["a ||", "a &&", "a ==", "!", "1 *"] {
            let err = parse_hcl(&file(&format!("x = {before} {{{items}}}\n"))).unwrap_err();
            assert!(err.message.contains("object of more than"), "{before}: {}", err.message);
        }
    }

    #[test]
    fn long_bodies_heredocs_and_comments_are_not_objects() {
        let n = MAX_OBJECT_ITEMS + 10;
        let attributes: String = (0..n).map(|i| format!("  k{i} = {i}\n")).collect();
        let lines: String = (0..n).map(|i| format!("k{i} = {{ a, b }}\n")).collect();
        let comments: String = (0..n).map(|i| format!("    # k{i}, k{i}\n\n    // x,\n")).collect();
        let text = format!(
            "locals {{\n{attributes}}}\nresource \"a\" \"b\" {{\n  p = <<-EOF\n{lines}  EOF\n  \
             q = {{\n{comments}    a = \"x,\\\",\\ny\"\n  }}\n}}\n"
        );
        parse_hcl(&file(&text)).unwrap_or_else(|e| panic!("{}", e.message));
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
        let lf = "resource \"a\" \"b\" {\n  x = 1\n}\n";
        let crlf = lf.replace('\n', "\r\n");
        for text in [format!("\u{feff}{lf}"), crlf.clone(), format!("\u{feff}{crlf}")] {
            let f = file(&text);
            let body = parse_hcl(&f).unwrap_or_else(|e| panic!("{text:?}: {}", e.message));
            let block = body.get_blocks("resource").next().expect("a resource");
            let attr = block.body.get_attribute("x").expect("x");
            let start = hcl_edit::Span::span(&attr.value).expect("spanned").start;
            assert_eq!(f.line_col(start), crate::LineCol { line: 2, column: 7 }, "{text:?}");
        }
    }
}
