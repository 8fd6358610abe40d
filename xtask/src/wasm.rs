//! `cargo xtask wasm`: the app's wasm half of the web build, run by Trunk as its `post_build`
//! hook (see Trunk.toml), so `trunk serve`, `trunk build` and every xtask command that builds
//! the web app share it. Trunk cannot do this itself: the `#[lazy]` parts of the app are cut
//! into chunks of their own (wasm-split, as cargo-leptos does it) between the link and
//! wasm-bindgen, and Trunk has no step there. Order: cargo build (linked with
//! `--emit-relocs`, see .cargo/config.toml) → split → wasm-bindgen → wasm-opt per module →
//! content-hashed names in the staging directory → the loader in `index.html`.

use crate::{Result, root, run, toolchain};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the app's wasm imports the chunk loaders from, and where those find `initSync`.
const LINK_JS: &str = "__wasm_split.js";
const MAIN_JS: &str = "app.js";
const RUST_LINK: &str = "<link data-trunk rel=\"rust\"";

pub fn hook() -> Result {
    let env = |k: &str| std::env::var(k).map_err(|_| format!("{k} is unset: run by Trunk"));
    let release = env("TRUNK_PROFILE")? == "release";
    let staging = PathBuf::from(env("TRUNK_STAGING_DIR")?);
    let public_url = env("TRUNK_PUBLIC_URL")?;
    build(release, &staging, &public_url)
}

fn build(release: bool, staging: &Path, public_url: &str) -> Result {
    let profile = if release { "release" } else { "debug" };
    let mut cargo = crate::cargo();
    cargo.args([
        "build",
        "--package",
        "app",
        "--bin",
        "app",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    if release {
        cargo.arg("--release");
    }
    run(&mut cargo)?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let linked = target
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join("app.wasm");
    let work = target.join("wasm-split").join(profile);
    let _ = std::fs::remove_dir_all(&work);
    let split_dir = work.join("split");
    let bindgen_dir = work.join("bindgen");
    for d in [&split_dir, &bindgen_dir] {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }

    // Split: the main module (still to go through wasm-bindgen), one module per `#[lazy]`
    // function, shared chunks, and the JS that loads them.
    let input = std::fs::read(&linked).map_err(|e| format!("{}: {e}", linked.display()))?;
    let main_split = work.join("app_split.wasm");
    let main_module = format!("./{MAIN_JS}");
    let link_name = format!("./{LINK_JS}");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &split_dir;
        opts.main_out_path = &main_split;
        opts.main_module = &main_module;
        opts.link_name = &link_name;
        opts
    })
    .map_err(|e| format!("wasm-split: {e:?}"))?;
    drop(input);

    // The split main module imports the loaders by their linker names: keep them.
    run(Command::new("wasm-bindgen")
        .env("PATH", toolchain::path_with_tools())
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--keep-lld-exports",
            "--no-demangle",
            "--out-name",
            "app",
            "--out-dir",
        ])
        .arg(&bindgen_dir)
        .arg(&main_split))?;

    let mut wasm = vec![(
        bindgen_dir.join("app_bg.wasm"),
        "app".to_string(),
        "_bg.wasm",
    )];
    for chunk in &split.split_modules {
        let stem = chunk
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("chunk name")?;
        wasm.push((chunk.clone(), stem.to_string(), ".wasm"));
    }
    if release {
        for (file, _, _) in &wasm {
            // -O2 then -Oz: a smaller gzip than -Oz alone.
            // WASM_NAMES=1 keeps the function names, for a readable profile of the release build.
            let names: &[&str] = if std::env::var_os("WASM_NAMES").is_some() {
                &["-g"]
            } else {
                &[]
            };
            run(Command::new("wasm-opt")
                .env("PATH", toolchain::path_with_tools())
                .args(["-O2", "-Oz"])
                .args(names)
                .arg(file)
                .arg("-o")
                .arg(file))?;
        }
    }

    // Content-hashed names. The chunks are named first; the JS pair imports each other, so it
    // shares one hash, taken once the loader JS names the chunks.
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(staging.join(name), bytes).map_err(|e| format!("{name}: {e}"))
    };
    let text = |p: &Path| String::from_utf8(read(p)?).map_err(|e| format!("{}: {e}", p.display()));
    let mut link_js = text(&split_dir.join(LINK_JS))?;
    let mut main_wasm = String::new();
    for (file, stem, suffix) in &wasm {
        let bytes = read(file)?;
        let name = format!("{stem}-{:016x}{suffix}", crate::csp::fnv1a(&bytes));
        write(&name, &bytes)?;
        if stem == "app" {
            main_wasm = name;
        } else {
            link_js = replace_quoted(
                &link_js,
                "URL(",
                &format!("./{stem}{suffix}"),
                &format!("./{name}"),
            )?;
        }
    }
    let app_js = text(&bindgen_dir.join(MAIN_JS))?;
    let pair_hash = crate::csp::fnv1a(format!("{app_js}\0{link_js}").as_bytes());
    let app_name = format!("app-{pair_hash:016x}.js");
    let link_js_name = format!("__wasm_split-{pair_hash:016x}.js");
    let app_js = replace_quoted(&app_js, "from ", &link_name, &format!("./{link_js_name}"))?;
    let link_js = replace_quoted(&link_js, "from ", &main_module, &format!("./{app_name}"))?;
    write(&app_name, app_js.as_bytes())?;
    write(&link_js_name, link_js.as_bytes())?;

    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let head = loader(
        public_url,
        (&app_name, &read(&staging.join(&app_name))?),
        (&main_wasm, &read(&staging.join(&main_wasm))?),
    );
    // The `data-trunk-skip` rust link in app/index.html marks where the loader goes.
    let start = html
        .find(RUST_LINK)
        .ok_or("index.html: no <link data-trunk rel=\"rust\" …> to put the loader at")?;
    let end = start
        + html[start..]
            .find('>')
            .ok_or("index.html: unclosed rust link")?
        + 1;
    let html = format!("{}{head}{}", &html[..start], &html[end..]);
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))
}

/// Replaces `{before}"from"` (or with single quotes) by the same with `to`; fails when it is
/// not there, so a changed wasm-bindgen or wasm-split output stops the build instead of shipping
/// a broken link. `before` keeps other uses of the string (the wasm's import object keys) as
/// they are.
fn replace_quoted(text: &str, before: &str, from: &str, to: &str) -> Result<String> {
    let mut out = text.to_string();
    let mut found = false;
    for q in ['"', '\''] {
        let needle = format!("{before}{q}{from}{q}");
        if out.contains(&needle) {
            found = true;
            out = out.replace(&needle, &format!("{before}{q}{to}{q}"));
        }
    }
    if found {
        Ok(out)
    } else {
        Err(format!("wasm build: `{before}{from}` is not there"))
    }
}

/// The preloads and the module script that start the app, as Trunk writes them for its own
/// wasm (with subresource integrity).
fn loader(public_url: &str, js: (&str, &[u8]), wasm: (&str, &[u8])) -> String {
    let (js, js_bytes) = js;
    let (wasm, wasm_bytes) = wasm;
    format!(
        "<link rel=\"modulepreload\" href=\"{public_url}{js}\" crossorigin=\"anonymous\" integrity=\"{}\">\n\
         <link rel=\"preload\" href=\"{public_url}{wasm}\" crossorigin=\"anonymous\" integrity=\"{}\" as=\"fetch\" type=\"application/wasm\">\n\
         <script type=\"module\">\n\
         import init, * as bindings from '{public_url}{js}';\n\
         const wasm = await init({{ module_or_path: '{public_url}{wasm}' }});\n\
         window.wasmBindings = bindings;\n\
         dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{detail: {{wasm}}}}));\n\
         </script>\n",
        sri(js_bytes),
        sri(wasm_bytes),
    )
}

fn sri(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(bytes))
    )
}
