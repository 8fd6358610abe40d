//! A static file server on a free loopback port, for the browser tests: it lives as long as
//! its handle, serves `dist` both at `/` and under [`SUB_PATH`] (the blog sub-path case), and
//! sends the strict Content Security Policy a careful blog would (so every browser test also
//! proves the app runs under it).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

/// The same files again under a sub-path, as a blog would host them.
pub const SUB_PATH: &str = "/blog/sub/path/playground/";
/// No inline script, no eval; wasm compilation allowed.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self' http://127.0.0.1:* http://localhost:*; object-src 'none'; base-uri 'self'";

pub struct Server {
    http: Arc<tiny_http::Server>,
    threads: Vec<JoinHandle<()>>,
    port: u16,
}

/// Worker threads: two browser workers load pages (and a large wasm) at once, and a cold page
/// opens several connections (module imports, preloads, wasm chunks); with 4 workers a first
/// load sometimes never finished.
const WORKERS: usize = 16;

impl Server {
    /// Serves `root` at `/`.
    pub fn start(root: PathBuf) -> crate::Result<Server> {
        let http =
            tiny_http::Server::http("127.0.0.1:0").map_err(|e| format!("static server: {e}"))?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("static server has no IP address")?;
        let http = Arc::new(http);
        let root = Arc::new(root);
        let threads = (0..WORKERS)
            .map(|_| {
                let (worker, root) = (Arc::clone(&http), Arc::clone(&root));
                std::thread::spawn(move || {
                    while let Ok(request) = worker.recv() {
                        respond(&root, request);
                    }
                })
            })
            .collect();
        Ok(Server {
            http,
            threads,
            port,
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        for _ in &self.threads {
            self.http.unblock();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn respond(root: &Path, request: tiny_http::Request) {
    let url = request.url().split(['?', '#']).next().unwrap_or("/");
    let url = match url.strip_prefix(SUB_PATH) {
        Some(rest) => format!("/{rest}"),
        None => url.to_string(),
    };
    let file = resolve(root, &url).and_then(|path| Some((std::fs::read(&path).ok()?, path)));
    let response = match file {
        Some((bytes, path)) => {
            let header =
                |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).expect("static header");
            tiny_http::Response::from_data(bytes)
                .with_header(header("Content-Type", content_type(&path)))
                .with_header(header("Content-Security-Policy", CSP))
                .with_header(header("Cache-Control", "no-store"))
                .with_status_code(200)
        }
        None => not_found(),
    };
    let _ = request.respond(response);
}

fn not_found() -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string("not found").with_status_code(404)
}

/// Maps a URL path to a file under `root`, refusing `..`; directories serve `index.html`.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in Path::new(url.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => path.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    path.is_file().then_some(path)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}
