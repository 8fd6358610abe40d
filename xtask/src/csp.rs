//! Makes Trunk's output work under a strict Content Security Policy (`script-src 'self'
//! 'wasm-unsafe-eval'`): Trunk writes its wasm loader as an inline `<script type="module">`,
//! which such a policy blocks, so the loader moves into a file of its own.

use std::path::Path;

const OPEN: &str = "<script type=\"module\">";
const CLOSE: &str = "</script>";

/// Moves every inline module script of the HTML files in `dist` into `boot-<hash>.js` files
/// served from `public_url`.
pub fn externalize_inline_scripts(dist: &Path, public_url: &str) -> crate::Result {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (html, scripts) = split_inline(&html, public_url);
        for (name, body) in scripts {
            std::fs::write(dist.join(&name), body).map_err(|e| format!("{name}: {e}"))?;
        }
        std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Returns the HTML with each inline module script replaced by a `src` reference, and the
/// `(file name, body)` of each script.
fn split_inline(html: &str, public_url: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(html.len());
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        let Some(len) = rest[start + OPEN.len()..].find(CLOSE) else {
            break;
        };
        let body = rest[start + OPEN.len()..start + OPEN.len() + len]
            .trim()
            .to_string();
        let name = format!("boot-{:016x}.js", fnv1a(body.as_bytes()));
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<script type=\"module\" src=\"{public_url}{name}\"></script>"
        ));
        scripts.push((name, body + "\n"));
        rest = &rest[start + OPEN.len() + len + CLOSE.len()..];
    }
    out.push_str(rest);
    (out, scripts)
}

/// A stable content hash for cache-busting file names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_module_scripts_move_to_files() {
        let html =
            "<head><script type=\"module\">\nimport init from '/a.js';\n</script><link></head>";
        let (out, scripts) = split_inline(html, "/sub/");
        assert_eq!(scripts.len(), 1);
        assert!(scripts[0].0.starts_with("boot-"));
        assert_eq!(scripts[0].1, "import init from '/a.js';\n");
        assert_eq!(
            out,
            format!(
                "<head><script type=\"module\" src=\"/sub/{}\"></script><link></head>",
                scripts[0].0
            )
        );
    }

    #[test]
    fn html_without_inline_scripts_is_unchanged() {
        let html = "<head><script type=\"module\" src=\"/x.js\"></script></head>";
        let (out, scripts) = split_inline(html, "/");
        assert!(scripts.is_empty());
        assert_eq!(out, html);
    }
}
