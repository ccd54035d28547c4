//! The README's examples are the files CI runs (`.ci/run`): the pytest and Node examples, the
//! Rust embedding test (`embedding.rs`) and the curl CI job. Each must appear in the README as it
//! is in its file.

const README: &str = include_str!("../../README.md");

#[test]
fn the_readme_shows_every_example_as_it_is_run() {
    let examples = [
        ("clients/python/examples/test_example.py", include_str!("../../clients/python/examples/test_example.py")),
        ("clients/node/examples/example.test.js", include_str!("../../clients/node/examples/example.test.js")),
        ("tests/api/embedding.rs", include_str!("embedding.rs")),
        ("clients/curl/ci-job.sh", include_str!("../../clients/curl/ci-job.sh")),
    ];
    for (file, text) in examples {
        assert!(README.contains(&format!("\n{text}```\n")), "the README does not show {file} as it is");
    }
}
