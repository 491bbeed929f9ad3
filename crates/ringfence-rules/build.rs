//! Derives the rule registry and the embedded docs, so that adding a rule touches
//! only its Rust file and its `rules/CODE/` folder.
//!
//! - every `src/rules/<family>/<rule>.rs` becomes a module, and the struct its
//!   `declare_rule!` names (the file name in CamelCase) joins the built-in rules
//!   (`builtin_rules()`, in code order) and is named in `rules` (`rules::OpenIngress`);
//! - every `rules/<CODE>/README.md` at the workspace root is embedded in `DOCS`.

use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let rules_src = manifest.join("src/rules");
    let docs_dir = manifest.join("../../rules");
    println!("cargo:rerun-if-changed={}", rules_src.display());
    println!("cargo:rerun-if-changed={}", docs_dir.display());

    let mut modules = String::new();
    let mut registry =
        String::from("/// Every built-in rule, in code order.\nfn builtin_rules() -> Vec<RuleRef> {\n    vec![\n");
    let mut names = String::from(concat!(
        "/// The built-in rules' types, for naming one from another.\n",
        "#[allow(unused_imports)]\npub(crate) mod rules {\n"
    ));
    let mut entries: Vec<(String, String, PathBuf)> = Vec::new();
    for family in sorted_dirs(&rules_src) {
        println!("cargo:rerun-if-changed={}", family.display());
        for file in sorted_files(&family, "rs") {
            let stem = file.file_stem().unwrap().to_string_lossy().to_string();
            let family_name = family.file_name().unwrap().to_string_lossy().to_string();
            let module = format!("{family_name}_{stem}");
            let code = declared_code(&file).unwrap_or_else(|| panic!("{} has no `code: \"...\"`", file.display()));
            entries.push((code, format!("{module}::{}", camel(&stem)), file.clone()));
            writeln!(modules, "#[path = {:?}]\nmod {module};", file.display().to_string()).unwrap();
        }
    }
    entries.sort();
    for (_, path, _) in &entries {
        writeln!(registry, "        RuleRef::new({path}),").unwrap();
        writeln!(names, "    pub(crate) use super::{path};").unwrap();
    }
    registry.push_str("    ]\n}\n");
    names.push_str("}\n");

    let mut docs = String::from(
        "/// Each rule's doc page (`rules/CODE/README.md`), by code.\npub static DOCS: &[(&str, &str)] = &[\n",
    );
    for dir in sorted_dirs(&docs_dir) {
        let readme = dir.join("README.md");
        println!("cargo:rerun-if-changed={}", dir.display());
        if readme.exists() {
            let code = dir.file_name().unwrap().to_string_lossy().to_string();
            writeln!(docs, "    ({code:?}, include_str!({:?})),", readme.display().to_string()).unwrap();
        }
    }
    docs.push_str("];\n");

    let mut compliance = String::from(
        "/// The controls each rule gives evidence for, from the `## Compliance` table of its doc page.\npub static COMPLIANCE: &[(&str, &[Control])] = &[\n",
    );
    for dir in sorted_dirs(&docs_dir) {
        let readme = dir.join("README.md");
        let Ok(text) = fs::read_to_string(&readme) else { continue };
        let code = dir.file_name().unwrap().to_string_lossy().to_string();
        let rows = compliance_rows(&text).unwrap_or_else(|e| panic!("{}: {e}", readme.display()));
        write!(compliance, "    ({code:?}, &[").unwrap();
        for (framework, control, evidence) in rows {
            write!(
                compliance,
                "Control {{ framework: Framework::{framework}, control: Cow::Borrowed({control:?}), \
                 evidence: Cow::Borrowed({evidence:?}) }}, "
            )
            .unwrap();
        }
        compliance.push_str("]),\n");
    }
    compliance.push_str("];\n");

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("registry.rs");
    fs::write(out, format!("{modules}\n{registry}\n{names}\n{docs}\n{compliance}")).unwrap();
}

/// Framework column values of the compliance table, and their `Framework` variants.
const FRAMEWORKS: &[(&str, &str)] = &[
    ("CIS AWS Foundations v3.0", "Cis"),
    ("HIPAA", "Hipaa"),
    ("SOC 2", "Soc2"),
    ("GDPR", "Gdpr"),
    ("PCI DSS v4.0", "Pci"),
];

/// Rows of the `## Compliance` table: (framework variant, control, evidence). A page
/// without the section has no rows; a row naming an unknown framework is an error, so
/// a typo cannot silently drop a control.
fn compliance_rows(text: &str) -> Result<Vec<(&'static str, String, String)>, String> {
    let Some(start) = text.find("\n## Compliance\n") else { return Ok(Vec::new()) };
    let section = &text[start + 16..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut rows = Vec::new();
    for line in section.lines().map(str::trim).filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() != 3 {
            return Err(format!("compliance row `{line}` needs three cells"));
        }
        if cells[0] == "Framework" || cells[0].starts_with("---") {
            continue;
        }
        let framework = FRAMEWORKS
            .iter()
            .find(|(name, _)| *name == cells[0])
            .map(|(_, variant)| *variant)
            .ok_or_else(|| format!("unknown framework `{}` in the compliance table", cells[0]))?;
        rows.push((framework, cells[1].to_string(), cells[2].to_string()));
    }
    Ok(rows)
}

fn declared_code(file: &Path) -> Option<String> {
    let text = fs::read_to_string(file).ok()?;
    let start = text.find("code: \"")? + 7;
    let end = text[start..].find('"')? + start;
    Some(text[start..end].to_string())
}

fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    v.sort();
    v
}

fn sorted_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}
