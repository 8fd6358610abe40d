//! RabbitMQ definitions files (<https://www.rabbitmq.com/docs/definitions>): import a learner's
//! own export (`rabbitmqctl export_definitions`, or the management UI's "Download broker
//! definitions") to see their topology, and export ours in the same format so a real broker can
//! import it (`rabbitmqctl import_definitions`).
//!
//! Import follows `rabbit_definitions:import_parsed/2`: exchanges, then queues, then bindings,
//! each through the broker's own validation. Whatever is not imported is listed with why: a
//! malformed file, an entry of the wrong shape, another virtual host, an unsupported exchange
//! type, a section the model does not have (users, permissions, policies, parameters), or the
//! broker's refusal (e.g. an invalid queue argument). Never a panic.

pub mod json;

use super::broker::Broker;
use super::command::{BindSpec, Command, ExchangeSpec, QueueSpec};
use super::error::Error;
use super::exchange::{DestinationKind, ExchangeKind};
use super::value::{FieldTable, FieldValue};
use json::{Json, JsonError};
use serde::{Deserialize, Serialize};

/// What was not imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Item {
    File,
    Section(String),
    Exchange {
        index: usize,
        name: Option<String>,
    },
    Queue {
        index: usize,
        name: Option<String>,
    },
    Binding {
        index: usize,
        source: Option<String>,
        destination: Option<String>,
    },
}

/// Why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SkipReason {
    /// Not JSON at all.
    Malformed(JsonError),
    /// The top level or an entry is not an object; a section is not an array.
    WrongShape,
    MissingField(String),
    /// A field of the wrong JSON type (e.g. `durable` not a boolean).
    WrongType(String),
    /// The entry belongs to another virtual host than the one imported.
    OtherVhost(String),
    /// An exchange type this model does not have (plugins: `x-delayed-message`, ...).
    UnsupportedExchangeType(String),
    /// `destination_type` other than `queue`/`exchange`.
    UnknownDestinationType(String),
    /// A section the model does not simulate (users, permissions, policies, parameters, ...).
    NotModelled,
    /// An unknown top-level key.
    UnknownSection,
    /// The broker refused it, as a real one would.
    Refused(Error),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub item: Item,
    pub reason: SkipReason,
}

/// The outcome of an import.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The virtual host imported (the model has one).
    pub vhost: Option<String>,
    pub exchanges: usize,
    pub queues: usize,
    pub bindings: usize,
    pub skipped: Vec<Skipped>,
}

impl ImportReport {
    pub fn complete(&self) -> bool {
        self.skipped.is_empty()
    }
}

const METADATA: [&str; 6] = [
    "rabbit_version",
    "rabbitmq_version",
    "product_name",
    "product_version",
    "vhosts",
    "global_parameters",
];
const NOT_MODELLED: [&str; 6] = [
    "users",
    "permissions",
    "topic_permissions",
    "parameters",
    "policies",
    "limits",
];

/// JSON to an AMQP field value (arguments): integers stay integers; `null` and `"undefined"` are
/// `void`, because RabbitMQ's own export writes a void argument (a presence-only header rule)
/// as the string `"undefined"`, and a pasted export should show the broker as it runs.
pub fn field_value(j: &Json) -> FieldValue {
    match j {
        Json::Null => FieldValue::Void,
        Json::Str(s) if s == VOID_IN_JSON => FieldValue::Void,
        Json::Bool(b) => FieldValue::Bool(*b),
        Json::Int(i) => FieldValue::Int(*i),
        Json::Float(f) => FieldValue::Float(*f),
        Json::Str(s) => FieldValue::Str(s.clone()),
        Json::Arr(a) => FieldValue::Array(a.iter().map(field_value).collect()),
        Json::Obj(o) => FieldValue::Table(crate::sort::map(
            o.iter().map(|(k, v)| (k.clone(), field_value(v))),
        )),
    }
}

/// How RabbitMQ's definitions export writes a `void` value; `rabbitmqctl import_definitions`
/// refuses `null` (`{unhandled_type, nil}`), found by the differential run.
const VOID_IN_JSON: &str = "undefined";

fn to_json(v: &FieldValue) -> Json {
    match v {
        FieldValue::Void => Json::Str(VOID_IN_JSON.into()),
        FieldValue::Bool(b) => Json::Bool(*b),
        FieldValue::Int(i) => Json::Int(*i),
        FieldValue::Float(f) => Json::Float(*f),
        FieldValue::Str(s) => Json::Str(s.clone()),
        FieldValue::Timestamp(t) => Json::Int(*t as i64),
        FieldValue::Array(a) => Json::Arr(a.iter().map(to_json).collect()),
        FieldValue::Table(t) => table_json(t),
    }
}

fn table_json(t: &FieldTable) -> Json {
    Json::Obj(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
}

/// Reads an entry's fields, recording the first problem.
struct Entry<'a>(&'a Json);

impl Entry<'_> {
    fn str(&self, k: &str) -> Result<String, SkipReason> {
        match self.0.get(k) {
            None => Err(SkipReason::MissingField(k.into())),
            Some(v) => v
                .as_str()
                .map(str::to_string)
                .ok_or(SkipReason::WrongType(k.into())),
        }
    }
    fn opt_str(&self, k: &str) -> Option<String> {
        self.0.get(k).and_then(Json::as_str).map(str::to_string)
    }
    fn flag(&self, k: &str) -> Result<bool, SkipReason> {
        match self.0.get(k) {
            None | Some(Json::Null) => Ok(false),
            Some(v) => v.as_bool().ok_or(SkipReason::WrongType(k.into())),
        }
    }
    fn args(&self) -> Result<FieldTable, SkipReason> {
        match self.0.get("arguments") {
            None | Some(Json::Null) => Ok(FieldTable::new()),
            Some(Json::Obj(o)) => Ok(crate::sort::map(
                o.iter().map(|(k, v)| (k.clone(), field_value(v))),
            )),
            Some(_) => Err(SkipReason::WrongType("arguments".into())),
        }
    }
}

impl Broker {
    /// Imports a definitions file. Whatever can be imported is; the report lists the rest.
    pub fn import_definitions(&mut self, text: &str) -> ImportReport {
        let mut r = ImportReport::default();
        let doc = match json::parse(text) {
            Ok(d) => d,
            Err(e) => {
                r.skipped.push(Skipped {
                    item: Item::File,
                    reason: SkipReason::Malformed(e),
                });
                return r;
            }
        };
        let Json::Obj(top) = &doc else {
            r.skipped.push(Skipped {
                item: Item::File,
                reason: SkipReason::WrongShape,
            });
            return r;
        };
        for (k, v) in top {
            let k = k.as_str();
            if METADATA.contains(&k) || matches!(k, "exchanges" | "queues" | "bindings") {
                continue;
            }
            let empty = matches!(v, Json::Arr(a) if a.is_empty())
                || matches!(v, Json::Obj(o) if o.is_empty());
            if NOT_MODELLED.contains(&k) {
                if !empty {
                    r.skipped.push(Skipped {
                        item: Item::Section(k.into()),
                        reason: SkipReason::NotModelled,
                    });
                }
            } else {
                r.skipped.push(Skipped {
                    item: Item::Section(k.into()),
                    reason: SkipReason::UnknownSection,
                });
            }
        }
        let section = |name: &str, r: &mut ImportReport| -> Vec<Json> {
            match doc.get(name) {
                None => Vec::new(),
                Some(Json::Arr(a)) => a.clone(),
                Some(_) => {
                    r.skipped.push(Skipped {
                        item: Item::Section(name.into()),
                        reason: SkipReason::WrongShape,
                    });
                    Vec::new()
                }
            }
        };
        let exchanges = section("exchanges", &mut r);
        let queues = section("queues", &mut r);
        let bindings = section("bindings", &mut r);
        // The model has one virtual host: "/" if the file uses it, else the first one named.
        let vhosts = exchanges
            .iter()
            .chain(&queues)
            .chain(&bindings)
            .filter_map(|e| e.get("vhost")?.as_str());
        let mut chosen: Option<String> = None;
        for v in vhosts {
            if v == "/" || chosen.is_none() {
                chosen = Some(v.to_string());
            }
            if v == "/" {
                break;
            }
        }
        r.vhost = chosen.clone();
        let other_vhost = |e: &Json| -> Option<SkipReason> {
            let v = e.get("vhost")?.as_str()?;
            (Some(v) != chosen.as_deref()).then(|| SkipReason::OtherVhost(v.to_string()))
        };

        for (index, e) in exchanges.iter().enumerate() {
            let en = Entry(e);
            let name = en.opt_str("name");
            let res = (|| {
                if !matches!(e, Json::Obj(_)) {
                    return Err(SkipReason::WrongShape);
                }
                if let Some(o) = other_vhost(e) {
                    return Err(o);
                }
                let name = en.str("name")?;
                let t = en.str("type")?;
                let kind = ExchangeKind::parse(&t).ok_or(SkipReason::UnsupportedExchangeType(t))?;
                let spec = ExchangeSpec {
                    name,
                    kind,
                    durable: en.flag("durable")?,
                    auto_delete: en.flag("auto_delete")?,
                    internal: en.flag("internal")?,
                    arguments: en.args()?,
                    passive: false,
                };
                self.apply(Command::DeclareExchange(spec))
                    .map_err(SkipReason::Refused)
            })();
            match res {
                Ok(_) => r.exchanges += 1,
                Err(reason) => r.skipped.push(Skipped {
                    item: Item::Exchange { index, name },
                    reason,
                }),
            }
        }
        for (index, e) in queues.iter().enumerate() {
            let en = Entry(e);
            let name = en.opt_str("name");
            let res = (|| {
                if !matches!(e, Json::Obj(_)) {
                    return Err(SkipReason::WrongShape);
                }
                if let Some(o) = other_vhost(e) {
                    return Err(o);
                }
                let mut arguments = en.args()?;
                // Newer exports carry the queue type beside the arguments.
                if let Some(t) = en.opt_str("type") {
                    arguments
                        .entry("x-queue-type".into())
                        .or_insert(FieldValue::Str(t));
                }
                let spec = QueueSpec {
                    name: en.str("name")?,
                    durable: en.flag("durable")?,
                    exclusive: None,
                    auto_delete: en.flag("auto_delete")?,
                    arguments,
                    passive: false,
                };
                self.apply(Command::DeclareQueue(spec))
                    .map_err(SkipReason::Refused)
            })();
            match res {
                Ok(_) => r.queues += 1,
                Err(reason) => r.skipped.push(Skipped {
                    item: Item::Queue { index, name },
                    reason,
                }),
            }
        }
        for (index, e) in bindings.iter().enumerate() {
            let en = Entry(e);
            let (source, destination) = (en.opt_str("source"), en.opt_str("destination"));
            let res = (|| {
                if !matches!(e, Json::Obj(_)) {
                    return Err(SkipReason::WrongShape);
                }
                if let Some(o) = other_vhost(e) {
                    return Err(o);
                }
                let dt = en.str("destination_type")?;
                let destination_kind = match dt.as_str() {
                    "queue" => DestinationKind::Queue,
                    "exchange" => DestinationKind::Exchange,
                    _ => return Err(SkipReason::UnknownDestinationType(dt)),
                };
                let spec = BindSpec {
                    source: en.str("source")?,
                    destination: en.str("destination")?,
                    destination_kind,
                    routing_key: en.opt_str("routing_key").unwrap_or_default(),
                    arguments: en.args()?,
                };
                self.apply(Command::Bind(spec)).map_err(SkipReason::Refused)
            })();
            match res {
                Ok(_) => r.bindings += 1,
                Err(reason) => r.skipped.push(Skipped {
                    item: Item::Binding {
                        index,
                        source,
                        destination,
                    },
                    reason,
                }),
            }
        }
        r
    }

    /// The commands that declare this broker's topology again on another: its exchanges (not
    /// the predeclared ones), then its queues, then its bindings, as an import replays it.
    pub fn rebuild_commands(&self) -> Vec<Command> {
        let mut v = Vec::new();
        for x in self
            .exchanges()
            .into_iter()
            .filter(|x| !x.exchange.predeclared)
        {
            let x = x.exchange;
            v.push(Command::DeclareExchange(ExchangeSpec {
                name: x.name,
                kind: x.kind,
                durable: x.durable,
                auto_delete: x.auto_delete,
                internal: x.internal,
                arguments: x.arguments,
                passive: false,
            }));
        }
        for q in self.queues() {
            v.push(Command::DeclareQueue(QueueSpec {
                name: q.name,
                durable: q.durable,
                exclusive: None,
                auto_delete: q.auto_delete,
                arguments: q.arguments,
                passive: false,
            }));
        }
        for bv in self.bindings() {
            v.push(Command::Bind(BindSpec {
                source: bv.source,
                destination: bv.binding.destination,
                destination_kind: bv.binding.destination_kind,
                routing_key: bv.binding.routing_key,
                arguments: bv.binding.arguments,
            }));
        }
        v
    }

    /// Exports the topology as a RabbitMQ definitions file (virtual host `/`). Predeclared
    /// exchanges and exclusive queues are left out, as RabbitMQ leaves them out.
    pub fn export_definitions(&self) -> String {
        let s = |v: &str| Json::Str(v.to_string());
        let vhost = || ("vhost".to_string(), Json::Str("/".into()));
        let queues = self
            .queues()
            .into_iter()
            .filter(|q| q.exclusive.is_none())
            .map(|q| {
                Json::Obj(vec![
                    ("name".into(), s(&q.name)),
                    vhost(),
                    ("durable".into(), Json::Bool(q.durable)),
                    ("auto_delete".into(), Json::Bool(q.auto_delete)),
                    ("arguments".into(), table_json(&q.arguments)),
                ])
            })
            .collect();
        let exchanges = self
            .exchanges()
            .into_iter()
            .filter(|x| !x.exchange.predeclared)
            .map(|x| {
                let x = x.exchange;
                Json::Obj(vec![
                    ("name".into(), s(&x.name)),
                    vhost(),
                    ("type".into(), s(x.kind.as_str())),
                    ("durable".into(), Json::Bool(x.durable)),
                    ("auto_delete".into(), Json::Bool(x.auto_delete)),
                    ("internal".into(), Json::Bool(x.internal)),
                    ("arguments".into(), table_json(&x.arguments)),
                ])
            })
            .collect();
        let bindings = self
            .bindings()
            .into_iter()
            .map(|b| {
                Json::Obj(vec![
                    ("source".into(), s(&b.source)),
                    vhost(),
                    ("destination".into(), s(&b.binding.destination)),
                    (
                        "destination_type".into(),
                        s(destination_type(b.binding.destination_kind)),
                    ),
                    ("routing_key".into(), s(&b.binding.routing_key)),
                    ("arguments".into(), table_json(&b.binding.arguments)),
                ])
            })
            .collect();
        json::write(&Json::Obj(vec![
            ("rabbit_version".into(), s("4.0.5")),
            ("users".into(), Json::Arr(vec![])),
            (
                "vhosts".into(),
                Json::Arr(vec![Json::Obj(vec![("name".into(), s("/"))])]),
            ),
            ("permissions".into(), Json::Arr(vec![])),
            ("topic_permissions".into(), Json::Arr(vec![])),
            ("parameters".into(), Json::Arr(vec![])),
            ("global_parameters".into(), Json::Arr(vec![])),
            ("policies".into(), Json::Arr(vec![])),
            ("queues".into(), Json::Arr(queues)),
            ("exchanges".into(), Json::Arr(exchanges)),
            ("bindings".into(), Json::Arr(bindings)),
        ]))
    }

    /// `rabbitmqadmin declare …` lines (the management plugin's CLI, v1 syntax) that build
    /// what [`Broker::export_definitions`] exports on a real broker, in dependency order:
    /// exchanges, queues, bindings. Arguments are written as the export writes them.
    pub fn rabbitmqadmin_commands(&self) -> String {
        let args = |t: &FieldTable| {
            if t.is_empty() {
                String::new()
            } else {
                format!(" arguments={}", sh(&json::write_compact(&table_json(t))))
            }
        };
        let mut out = Vec::new();
        for x in self
            .exchanges()
            .into_iter()
            .filter(|x| !x.exchange.predeclared)
        {
            let x = x.exchange;
            out.push(format!(
                "rabbitmqadmin declare exchange name={} type={} durable={} auto_delete={} internal={}{}",
                sh(&x.name),
                x.kind.as_str(),
                x.durable,
                x.auto_delete,
                x.internal,
                args(&x.arguments)
            ));
        }
        for q in self.queues().into_iter().filter(|q| q.exclusive.is_none()) {
            out.push(format!(
                "rabbitmqadmin declare queue name={} durable={} auto_delete={}{}",
                sh(&q.name),
                q.durable,
                q.auto_delete,
                args(&q.arguments)
            ));
        }
        for b in self.bindings() {
            let key = if b.binding.routing_key.is_empty() {
                String::new()
            } else {
                format!(" routing_key={}", sh(&b.binding.routing_key))
            };
            out.push(format!(
                "rabbitmqadmin declare binding source={} destination={} destination_type={}{}{}",
                sh(&b.source),
                sh(&b.binding.destination),
                destination_type(b.binding.destination_kind),
                key,
                args(&b.binding.arguments)
            ));
        }
        out.join("\n") + "\n"
    }
}

fn destination_type(k: DestinationKind) -> &'static str {
    match k {
        DestinationKind::Queue => "queue",
        DestinationKind::Exchange => "exchange",
    }
}

/// Single-quotes a shell word when it needs it (POSIX `sh`: inside single quotes nothing is
/// special, and a quote is written as `'\''`).
fn sh(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting() {
        assert_eq!(sh("sport"), "sport");
        assert_eq!(sh("it's"), "'it'\\''s'");
        assert_eq!(sh(""), "''");
        assert_eq!(sh("a b"), "'a b'");
    }
}
