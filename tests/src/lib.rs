//! Checks that cross crates: the golden-vector conformance harness (also behind
//! `cargo xtask conformance`) and, in `tests/`, the proofs that the course is solvable.

pub mod conformance;
