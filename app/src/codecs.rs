//! Kafka's compression codecs (gzip, snappy, lz4, zstd) in a wasm chunk of their own: only what
//! can compress fetches them (the Kafka sandbox, whose tools set `compression.type`; the lessons
//! on batching and compression; the tools drawer), and hands them to the engine
//! ([`engine::kafka::install_codecs`]) before anything compresses.

use leptos::wasm_split::SplitLoaderError;

/// Fetches the codecs (once) and installs them in the engine.
#[leptos::wasm_split::wasm_split(codecs, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn load() -> Result<(), SplitLoaderError> {
    engine::kafka::install_codecs();
    Ok(())
}
