//! The definitions round trip (<https://www.rabbitmq.com/docs/definitions>): a topology is
//! declared on the real server and in the model; the server's export
//! (`rabbitmqctl export_definitions`) must import into a fresh model completely and give the
//! same topology; the model's export (`Broker::export_definitions`) must import into the server
//! (`rabbitmqctl import_definitions`) and, exported again, give the same topology once more.

use crate::model::{self, val};
use crate::real::Server;
use crate::scenario::{Scenario, Vocabulary, generate};
use engine::rabbit::definitions::{Item, SkipReason};
use engine::rabbit::{Broker, DestinationKind};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Known differences of the server's definitions files, normalised on both sides, each with
/// its reason.
pub const DEFINITIONS_ALLOW_LIST: &[(&str, &str)] = &[
    (
        "x-queue-type=classic",
        "RabbitMQ (3.10.8 and 4.0.5 alike) records the default queue type as an \
         x-queue-type=\"classic\" argument of every classic queue it exports \
         (rabbit_queue_type's default type); a queue declared without it is the same queue, \
         so the argument is ignored when it says \"classic\"",
    ),
    (
        "void-as-undefined",
        "JSON has no AMQP void: RabbitMQ writes a void argument (a presence-only headers binding \
         argument) as the string \"undefined\" (rabbit_misc:amqp_value/1 on the Erlang atom), \
         so both sides compare void and \"undefined\" as one",
    ),
];

/// Exchanges, queues and bindings whose names start with `prefix`, one line each.
pub fn topology(b: &Broker, prefix: &str) -> BTreeSet<String> {
    let args = |t: &engine::rabbit::FieldTable| {
        t.iter()
            .filter(|(k, v)| !(k.as_str() == "x-queue-type" && v.as_str() == Some("classic")))
            .map(|(k, v)| match v {
                engine::rabbit::FieldValue::Void => format!("{k}=\"undefined\""),
                v => format!("{k}={}", val(v)),
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = BTreeSet::new();
    for x in b.exchanges() {
        let x = x.exchange;
        if x.name.starts_with(prefix) {
            out.insert(format!(
                "exchange {} type={} durable={} auto_delete={} internal={} args={{{}}}",
                x.name,
                x.kind.as_str(),
                x.durable,
                x.auto_delete,
                x.internal,
                args(&x.arguments)
            ));
        }
    }
    for q in b.queues() {
        if q.name.starts_with(prefix) {
            out.insert(format!(
                "queue {} durable={} auto_delete={} args={{{}}}",
                q.name,
                q.durable,
                q.auto_delete,
                args(&q.arguments)
            ));
        }
    }
    for bv in b.bindings() {
        if bv.source.starts_with(prefix) {
            let d = &bv.binding;
            let kind = match d.destination_kind {
                DestinationKind::Queue => "queue",
                DestinationKind::Exchange => "exchange",
            };
            out.insert(format!(
                "binding {} -> {kind} {} key={:?} args={{{}}}",
                bv.source,
                d.destination,
                d.routing_key,
                args(&d.arguments)
            ));
        }
    }
    out
}

/// `rabbitmqctl VERB FILE`. With `RABBIT_DIFF_CHROOT` set (by `cargo xtask rabbit-diff`, whose
/// server runs in a Debian 13 root), it runs inside that root, on the file's path there.
fn ctl(verb: &str, file: &Path) -> Result<(), String> {
    let (mut cmd, path) = match std::env::var_os("RABBIT_DIFF_CHROOT") {
        Some(root) => {
            let inside = file
                .strip_prefix(&root)
                .map_err(|_| format!("{} is not inside {root:?}", file.display()))?;
            let mut c = Command::new("chroot");
            c.arg(&root).arg("/usr/sbin/rabbitmqctl");
            (c, Path::new("/").join(inside))
        }
        None => (Command::new("rabbitmqctl"), file.to_path_buf()),
    };
    let out = cmd
        .arg(verb)
        .arg(&path)
        .output()
        .map_err(|e| format!("rabbitmqctl: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "rabbitmqctl {verb} {} failed: {}{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Imports `text` into a fresh model; everything must import except the sections the model
/// does not simulate (users, permissions, ...), which a real export always has.
fn import(text: &str, what: &str) -> Result<(Broker, usize), String> {
    let mut b = Broker::new(0);
    let report = b.import_definitions(text);
    let mut not_modelled = 0;
    for s in &report.skipped {
        match (&s.item, &s.reason) {
            (Item::Section(_), SkipReason::NotModelled) => not_modelled += 1,
            _ => return Err(format!("{what}: not imported: {s:?}")),
        }
    }
    Ok((b, not_modelled))
}

fn differences(a: &BTreeSet<String>, b: &BTreeSet<String>, an: &str, bn: &str) -> String {
    let mut s = String::new();
    for x in a.difference(b) {
        let _ = write!(s, "\n    only in {an}: {x}");
    }
    for x in b.difference(a) {
        let _ = write!(s, "\n    only in {bn}: {x}");
    }
    s
}

/// `sc` with its exclusive queues made ordinary: they are connection state, not definitions
/// (the export leaves them out, and a binding to one would then name a missing queue).
fn definable(mut sc: Scenario) -> Scenario {
    for s in &mut sc.steps {
        if let crate::scenario::Step::DeclareQueue { args, .. } = s {
            args.exclusive = false;
        }
    }
    sc
}

/// Runs the round trip with topologies generated from `seed`; `dir` must be writable by the
/// server's user (the server writes its export there).
pub fn round_trip(server: &mut Server, dir: &Path, seed: u64) -> Result<String, String> {
    let prefix = "defs-";
    // Three generated topologies side by side under distinct names.
    let parts: Vec<(String, Scenario)> = (0..3)
        .map(|i| {
            (
                format!("{prefix}{i}-"),
                definable(generate(seed ^ (0xdef5 + i), Vocabulary::FULL)),
            )
        })
        .collect();
    let mut ours = Broker::new(seed);
    let mut counts = (0, 0, 0);
    for (p, sc) in &parts {
        server.declare(sc, p)?;
        let m = model::topology(sc, p);
        // One model holding all three: import each part's export.
        let r = ours.import_definitions(&m.export_definitions());
        counts.0 += r.exchanges;
        counts.1 += r.queues;
        counts.2 += r.bindings;
    }
    let expected = topology(&ours, prefix);
    let real_file = dir.join("server-export.json");
    let result = (|| {
        ctl("export_definitions", &real_file)?;
        let text = std::fs::read_to_string(&real_file).map_err(|e| e.to_string())?;
        let (from_server, not_modelled) = import(&text, "the server's export")?;
        let got = topology(&from_server, prefix);
        if got != expected {
            return Err(format!(
                "the server's export, imported into the model, differs:{}",
                differences(&expected, &got, "model", "server export")
            ));
        }
        // Now the other way: an empty server imports the model's export.
        for (p, sc) in &parts {
            server.delete(sc, p)?;
        }
        let model_file = dir.join("model-export.json");
        std::fs::write(&model_file, ours.export_definitions()).map_err(|e| e.to_string())?;
        ctl("import_definitions", &model_file)?;
        let again = dir.join("server-export-after-import.json");
        ctl("export_definitions", &again)?;
        let text = std::fs::read_to_string(&again).map_err(|e| e.to_string())?;
        let (after, _) = import(&text, "the server's export after importing ours")?;
        let got = topology(&after, prefix);
        if got != expected {
            return Err(format!(
                "after importing the model's export, the server's topology differs:{}",
                differences(&expected, &got, "model", "server")
            ));
        }
        Ok(format!(
            "ok: {} exchanges, {} queues, {} bindings; the server's export imported into the \
             model completely ({not_modelled} sections the model does not simulate, e.g. users, \
             skipped as expected) with the same topology, and the model's export imported into \
             the server (rabbitmqctl import_definitions) and exported back identical",
            counts.0, counts.1, counts.2
        ))
    })();
    for (p, sc) in &parts {
        let _ = server.delete(sc, p);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_models_own_export_imports_back_to_the_same_topology() {
        for seed in 0..40 {
            let sc = definable(generate(seed, Vocabulary::FULL));
            let a = model::topology(&sc, "p-");
            let (b, not_modelled) = import(&a.export_definitions(), "export").expect("imports");
            assert_eq!(not_modelled, 0, "our export has empty user sections");
            assert_eq!(topology(&a, "p-"), topology(&b, "p-"), "{sc}");
            assert!(!topology(&a, "p-").is_empty());
        }
    }

    #[test]
    fn the_definitions_normalisations_only_touch_what_they_name() {
        let mut a = Broker::new(1);
        let b = a.clone();
        let mut c = a.clone();
        let text = |args: &str| {
            format!(
                r#"{{"queues":[{{"name":"p-q","vhost":"/","durable":true,"auto_delete":false,"arguments":{args}}}]}}"#
            )
        };
        assert!(
            a.import_definitions(&text(r#"{"x-queue-type":"classic"}"#))
                .complete()
        );
        let mut b2 = b.clone();
        assert!(b2.import_definitions(&text("{}")).complete());
        assert_eq!(topology(&a, "p-"), topology(&b2, "p-"));
        assert!(
            c.import_definitions(&text(r#"{"x-max-length":3}"#))
                .complete()
        );
        assert_ne!(topology(&c, "p-"), topology(&b2, "p-"));
    }
}
