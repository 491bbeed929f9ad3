//! The embedded action catalog is exactly what the generator derives from its source.

#[test]
fn iam_catalog_matches_its_source() {
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/iam/Policies.json");
    let json = match std::fs::read_to_string(source) {
        Ok(json) => json,
        // CI always has the project's shared/ beside the clone: there, absence is a failure.
        Err(e) if std::env::var_os("CI").is_some() => panic!("{source}: {e}"),
        Err(_) => {
            eprintln!("skipped: {source} is not here (the project's shared/ folder sits beside the repository)");
            return;
        }
    };
    let derived = ringfence_model::iam::derive_catalog(&json).unwrap();
    let committed = include_str!("../data/iam-catalog.txt");
    assert!(
        derived == committed,
        "data/iam-catalog.txt is stale: run `cargo run -p ringfence-model --example derive-iam-catalog -- ../shared/data/iam/Policies.json`"
    );
}
