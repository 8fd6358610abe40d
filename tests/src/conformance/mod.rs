//! The golden-vector harness: reads a file in the format of `shared/conformance/README.md` and
//! checks every array against the engine's real code paths.

mod kafka;
mod rabbit;

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// The counts of one array of vectors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// The outcome of a whole file: counts per array, and one line per failure.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub arrays: BTreeMap<String, Tally>,
    pub failures: Vec<String>,
    /// Why an array was skipped, when it was.
    pub notes: Vec<String>,
}

impl Report {
    fn tally(&mut self, array: &str) -> &mut Tally {
        self.arrays.entry(array.to_string()).or_default()
    }

    /// Records one vector's outcome; `Err` carries what differed.
    pub fn record(
        &mut self,
        array: &str,
        index: usize,
        vector: &Value,
        outcome: Result<(), String>,
    ) {
        match outcome {
            Ok(()) => self.tally(array).passed += 1,
            Err(why) => {
                self.tally(array).failed += 1;
                let source = vector.get("source").and_then(Value::as_str).unwrap_or("?");
                self.failures
                    .push(format!("{array}[{index}] ({source}): {why}"));
            }
        }
    }

    pub fn skip(&mut self, array: &str, count: usize, why: &str) {
        self.tally(array).skipped += count;
        self.notes.push(format!("{array}: {count} skipped: {why}"));
    }

    pub fn passed(&self) -> usize {
        self.arrays.values().map(|t| t.passed).sum()
    }

    pub fn failed(&self) -> usize {
        self.arrays.values().map(|t| t.failed).sum()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, t) in &self.arrays {
            writeln!(
                f,
                "{name:<24} {:>5} passed {:>5} failed {:>5} skipped",
                t.passed, t.failed, t.skipped
            )?;
        }
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        for line in &self.failures {
            writeln!(f, "FAIL {line}")?;
        }
        write!(f, "{} passed, {} failed", self.passed(), self.failed())
    }
}

/// Checks every known array of a parsed golden-vector file. Unknown top-level keys are ignored
/// (the format allows informational fields); a malformed vector counts as a failure.
pub fn run(doc: &Value) -> Report {
    let mut report = Report::default();
    kafka::check(doc, &mut report);
    rabbit::check(doc, &mut report);
    report
}

/// Parses and checks a file's text.
pub fn run_str(text: &str) -> Result<Report, String> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| format!("not a golden-vector JSON file: {e}"))?;
    if !doc.is_object() {
        return Err("not a golden-vector JSON file: the top level must be an object".into());
    }
    Ok(run(&doc))
}

/// The vectors of one array, or none when the file lacks it.
fn array<'a>(doc: &'a Value, name: &str) -> &'a [Value] {
    doc.get(name)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn field<'a>(v: &'a Value, name: &str) -> Result<&'a Value, String> {
    v.get(name).ok_or_else(|| format!("missing field `{name}`"))
}

fn str_field<'a>(v: &'a Value, name: &str) -> Result<&'a str, String> {
    field(v, name)?
        .as_str()
        .ok_or_else(|| format!("`{name}` is not a string"))
}

fn int_field(v: &Value, name: &str) -> Result<i64, String> {
    field(v, name)?
        .as_i64()
        .ok_or_else(|| format!("`{name}` is not an integer"))
}
