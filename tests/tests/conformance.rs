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

/// Every field of `rabbit_priority_order` the engine models is applied (`x_max_length` with
/// `x_overflow`, notes in parentheses allowed, and a `then` requeue step): a vector whose
/// expectations only hold with them passes, and the same vector with them removed fails.
#[test]
fn priority_vectors_apply_length_limits_overflow_and_the_requeue_step() {
    let with = r#"{"rabbit_priority_order":[
        {"x_max_priority": 3, "publish": [1, 3, 2], "x_max_length": 2,
         "x_overflow": "reject-publish (the third is refused)", "consume_order": [3, 1],
         "then": "basic.nack(multiple=true, requeue=true) of all delivered, re-get",
         "consume_order_after_requeue": [3, 1]},
        {"x_max_priority": 2, "publish": [null, 2, 1], "x_max_length": 2,
         "x_overflow": "drop-head", "consume_order": [1, null]}
    ]}"#;
    let report = playground_tests::conformance::run_str(with).unwrap();
    assert_eq!((report.passed(), report.failed()), (2, 0), "{report}");
    // (drop-head drops the head in serving order, here the priority-2 message:
    // rabbit_amqqueue_process:maybe_drop_head/2 fetches from the backing queue, and
    // rabbit_priority_queue:fetch/2 serves the highest priority first.)
    // Without the length limit all three arrive: the expectations fail, so the field mattered.
    let without = with.replace(r#""x_max_length": 2,"#, "");
    let report = playground_tests::conformance::run_str(&without).unwrap();
    assert_eq!(report.failed(), 2, "{report}");
    // An unknown `then` step is a failure, not silently skipped.
    let odd = with.replace("basic.nack(multiple=true", "basic.recover(");
    let report = playground_tests::conformance::run_str(&odd).unwrap();
    assert_eq!(report.failed(), 1, "{report}");
}
