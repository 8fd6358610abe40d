//! The golden vectors in the repo (a copy of `shared/conformance/sample.json`) all pass.

#[test]
fn sample_vectors_pass() {
    let text = include_str!("../conformance/sample.json");
    let report = playground_tests::conformance::run_str(text).expect("the sample parses");
    println!("{report}");
    assert_eq!(report.failed(), 0, "{report}");
    assert!(report.passed() > 0);
}

#[test]
fn a_broken_file_is_an_error_not_a_panic() {
    assert!(playground_tests::conformance::run_str("{not json").is_err());
    assert!(playground_tests::conformance::run_str("[]").is_err());
    let report =
        playground_tests::conformance::run_str(r#"{"murmur2":[{"key_bytes_hex":"zz","hash":1}]}"#)
            .unwrap();
    assert_eq!(report.failed(), 1);
}
