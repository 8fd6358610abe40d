//! Installs what the web build and the browser tests need, each only when missing, following
//! `shared/TOOLCHAIN.md`: near-instant when everything is present.

use crate::{Result, root, run};
use std::path::Path;
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen` crate pinned in the workspace `Cargo.toml`.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
const CHROMIUM: &str = "/usr/bin/chromium";
const CJK_FONT_DIR: &str = "/usr/share/fonts/opentype/noto";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// What `serve` and `dist` need.
    Build,
    /// Also Chromium, fonts and the browser-test packages.
    All,
}

pub fn ensure(need: Need) -> Result {
    wasm_target()?;
    cargo_tool(
        "trunk",
        TRUNK_VERSION,
        &["trunk", "--version", TRUNK_VERSION, "--locked"],
        "about 9 minutes",
    )?;
    // Without --locked: its lockfile names a dependency version the registry lacks (TOOLCHAIN.md).
    cargo_tool(
        "wasm-bindgen",
        WASM_BINDGEN_VERSION,
        &["wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION],
        "about 3 minutes",
    )?;
    npm_packages()?;
    if need == Need::All {
        chromium()?;
    }
    // Trunk builds offline, so the crates must already be here.
    run(crate::cargo().args(["fetch", "--quiet"]))
}

fn wasm_target() -> Result {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    eprintln!("Installing the wasm32-unknown-unknown target (under a minute)...");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// Installs a cargo tool when `<bin> --version` does not report `version`.
fn cargo_tool(bin: &str, version: &str, install: &[&str], how_long: &str) -> Result {
    let present = Command::new(bin)
        .arg("--version")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .any(|w| w == version)
        })
        .unwrap_or(false);
    if present {
        return Ok(());
    }
    eprintln!("Installing {bin} {version} with cargo install (one time, {how_long} on 2 cores)...");
    run(crate::cargo().arg("install").args(install))
}

/// `npm ci` when `node_modules` is missing or older than `package-lock.json`.
fn npm_packages() -> Result {
    let root = root();
    let stamp = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let fresh = match (modified(&stamp), modified(&lock)) {
        (Some(s), Some(l)) => s >= l,
        _ => false,
    };
    if fresh && root.join("node_modules/.bin/wasm-opt").exists() {
        return Ok(());
    }
    eprintln!("Installing npm packages: wasm-opt (binaryen) and Playwright (about a minute)...");
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// Debian's Chromium and the CJK fonts Korean needs (without them Korean renders as boxes).
fn chromium() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CJK_FONT_DIR).exists() {
        return Ok(());
    }
    eprintln!(
        "Installing Debian's chromium and fonts-noto-cjk with apt-get (one time, 1-3 minutes)..."
    );
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "-qq",
            "chromium",
            "chromium-driver",
            "fonts-noto-cjk",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// `PATH` with `node_modules/.bin` (wasm-opt) and cargo's bin directory first.
pub fn path_with_tools() -> String {
    let mut parts = vec![
        root()
            .join("node_modules/.bin")
            .to_string_lossy()
            .into_owned(),
    ];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        parts.push(Path::new(&home).join("bin").to_string_lossy().into_owned());
    } else if let Some(home) = std::env::var_os("HOME") {
        parts.push(
            Path::new(&home)
                .join(".cargo/bin")
                .to_string_lossy()
                .into_owned(),
        );
    }
    parts.push(std::env::var("PATH").unwrap_or_default());
    parts.join(":")
}
