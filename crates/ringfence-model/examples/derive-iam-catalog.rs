//! Regenerates `crates/ringfence-model/data/iam-catalog.txt` from Policies.json:
//! `cargo run -p ringfence-model --example derive-iam-catalog -- ../shared/data/iam/Policies.json`

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: derive-iam-catalog PATH/TO/Policies.json");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table = ringfence_model::iam::derive_catalog(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/data/iam-catalog.txt");
    std::fs::write(out, &table).unwrap_or_else(|e| panic!("{out}: {e}"));
    println!("{out}: {} lines", table.lines().count());
}
