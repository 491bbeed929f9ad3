//! The embedded action catalog is exactly what the generator derives from its source.
//!
//! The source, AWS's policy catalog, is in the project's shared/ folder beside the
//! repository, not in it. As every test that reads shared/ (see tests/common/mod.rs at
//! the root): ignored by `cargo test`, run by `.ci/run`, failing when the data is absent.

#[test]
#[ignore = "needs ../shared/data/iam/Policies.json (run by .ci/run)"]
fn iam_catalog_matches_its_source() {
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/iam/Policies.json");
    let json = std::fs::read_to_string(source).unwrap_or_else(|e| {
        panic!("{source}: {e} (put the project's shared/ folder beside the repository)");
    });
    let derived = ringfence_model::iam::derive_catalog(&json).unwrap();
    let committed = include_str!("../data/iam-catalog.txt");
    assert!(
        derived == committed,
        "data/iam-catalog.txt is stale: run `cargo run -p ringfence-model --example derive-iam-catalog -- \
         ../shared/data/iam/Policies.json`"
    );
}
