//! Derives the rule registry and the embedded docs, so that adding a rule touches
//! only its Rust file and its `rules/CODE/` folder.
//!
//! - every `src/rules/<family>/<rule>.rs` becomes a module, and the struct its
//!   `declare_rule!` names (the file name in CamelCase) joins `RULES`;
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
    let mut registry = String::from("/// Every rule, in code order.\npub static RULES: &[&dyn Rule] = &[\n");
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
        writeln!(registry, "    &{path},").unwrap();
    }
    registry.push_str("];\n");

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

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("registry.rs");
    fs::write(out, format!("{modules}\n{registry}\n{docs}")).unwrap();
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
