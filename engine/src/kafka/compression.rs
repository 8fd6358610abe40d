//! `compression.type`: the compressed size of a batch comes from running the real codec on the
//! batch's record bytes (gzip via miniz_oxide, snappy, lz4 frame, zstd), as the producer does in
//! `MemoryRecordsBuilder`. Kafka compresses the records of a batch together, never the header.
//!
//! Behind the `codecs` cargo feature; without it every codec reports the raw size.
//!
//! In wasm the codecs are not called directly: the app keeps them out of its first load (a wasm
//! chunk of their own, fetched only by what can compress) and hands them over with
//! [`install_codecs`] before anything compresses. Natively they are always there.

use super::config::Compression;

/// A codec runner: the compressed length, or `None` where the codec cannot run.
type Codecs = fn(Compression, &[u8]) -> Option<usize>;

#[cfg(target_family = "wasm")]
static INSTALLED: std::sync::OnceLock<Codecs> = std::sync::OnceLock::new();

/// The compressed length of `payload` under `codec` (`None` leaves it as is).
pub fn compressed_len(codec: Compression, payload: &[u8]) -> usize {
    match codec {
        Compression::None => payload.len(),
        _ => codecs()(codec, payload).unwrap_or(payload.len()),
    }
}

#[cfg(not(target_family = "wasm"))]
fn codecs() -> Codecs {
    run
}

#[cfg(target_family = "wasm")]
fn codecs() -> Codecs {
    INSTALLED.get().copied().unwrap_or(none)
}

#[cfg(target_family = "wasm")]
fn none(_codec: Compression, _payload: &[u8]) -> Option<usize> {
    None
}

/// Makes the real codecs the ones [`compressed_len`] runs (in wasm, where they are not linked
/// into the caller otherwise; natively they always are, and this does nothing).
pub fn install_codecs() {
    #[cfg(target_family = "wasm")]
    let _ = INSTALLED.set(run);
}

#[cfg(feature = "codecs")]
fn run(codec: Compression, payload: &[u8]) -> Option<usize> {
    use std::io::Write;
    match codec {
        Compression::None => Some(payload.len()),
        Compression::Gzip => {
            // GZIPOutputStream at the default level
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(payload).ok()?;
            Some(enc.finish().ok()?.len())
        }
        Compression::Snappy => {
            // Kafka wraps snappy in xerial's stream framing: an 16-byte header and a 4-byte
            // length per block (32 KiB blocks).
            let raw = snap::raw::Encoder::new().compress_vec(payload).ok()?;
            Some(16 + 4 * payload.len().div_ceil(32 * 1024).max(1) + raw.len())
        }
        Compression::Lz4 => {
            let mut enc = lz4_flex::frame::FrameEncoder::new(Vec::new());
            enc.write_all(payload).ok()?;
            Some(enc.finish().ok()?.len())
        }
        Compression::Zstd => Some(
            ruzstd::encoding::compress_to_vec(payload, ruzstd::encoding::CompressionLevel::Fastest)
                .len(),
        ),
    }
}

#[cfg(not(feature = "codecs"))]
fn run(_codec: Compression, _payload: &[u8]) -> Option<usize> {
    None
}

#[cfg(all(test, feature = "codecs"))]
mod tests {
    use super::*;

    #[test]
    fn repetitive_data_shrinks_with_every_codec() {
        let payload: Vec<u8> = b"{\"match\":42,\"event\":\"goal\",\"minute\":17}".repeat(100);
        for codec in [
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let n = compressed_len(codec, &payload);
            assert!(n < payload.len() / 4, "{codec:?}: {n}");
        }
        assert_eq!(compressed_len(Compression::None, &payload), payload.len());
    }
}
