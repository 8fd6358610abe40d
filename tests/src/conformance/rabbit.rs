//! The RabbitMQ arrays: `topic_match`, `headers_match` and `rabbit_priority_order`.

use super::{Report, array};
use serde_json::Value;

pub(super) fn check(doc: &Value, report: &mut Report) {
    for name in ["topic_match", "headers_match", "rabbit_priority_order"] {
        let vectors = array(doc, name);
        if !vectors.is_empty() {
            report.skip(name, vectors.len(), "the message broker engine is not built yet");
        }
    }
}
