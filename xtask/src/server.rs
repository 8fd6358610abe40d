//! A static file server on a free loopback port, for the browser tests: it lives as long as
//! its handle, serves `dist` both at `/` and under [`SUB_PATH`] (the blog sub-path case), and
//! sends the strict Content Security Policy a careful blog would (so every browser test also
//! proves the app runs under it).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// The same files again under a sub-path, as a blog would host them.
pub const SUB_PATH: &str = "/blog/sub/path/playground/";
/// No inline script, no eval; wasm compilation allowed.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; frame-src 'self' http://127.0.0.1:* http://localhost:*; object-src 'none'; base-uri 'self'";

pub struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

/// How long a connection may sit without sending its request, or without reading the answer:
/// a socket a browser opened speculatively and never used ends instead of holding a thread.
const IDLE: Duration = Duration::from_secs(30);
/// The longest request head read (a GET's line and headers).
const MAX_HEAD: usize = 16 * 1024;

impl Server {
    /// Serves `root` at `/`.
    ///
    /// One thread per connection and `Connection: close` on every answer: a connection the
    /// browser leaves open or stops reading holds only its own thread, never the others'
    /// requests. (With tiny_http's shared workers and keep-alive, the first cold page load of a
    /// fresh browser sometimes waited forever for one of its files, in the e2e tests and the
    /// browser bench alike.)
    pub fn start(root: PathBuf) -> crate::Result<Server> {
        let listener =
            TcpListener::bind("127.0.0.1:0").map_err(|e| format!("static server: {e}"))?;
        let port = listener
            .local_addr()
            .map_err(|e| format!("static server: {e}"))?
            .port();
        let stop = Arc::new(AtomicBool::new(false));
        let root = Arc::new(root);
        let acceptor = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::Acquire) {
                        break;
                    }
                    if let Ok(stream) = conn {
                        let root = Arc::clone(&root);
                        std::thread::spawn(move || {
                            let _ = serve(&root, stream);
                        });
                    }
                }
            })
        };
        Ok(Server {
            port,
            stop,
            acceptor: Some(acceptor),
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // Wakes the acceptor, which then sees `stop`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.acceptor.take() {
            let _ = t.join();
        }
    }
}

/// Answers the one request on `stream`, then closes it.
fn serve(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 || head.len() > MAX_HEAD {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&head);
    let mut parts = line.lines().next().unwrap_or("").split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let url = target.split(['?', '#']).next().unwrap_or("/");
    let url = match url.strip_prefix(SUB_PATH) {
        Some(rest) => format!("/{rest}"),
        None => url.to_string(),
    };
    let found = match method {
        "GET" | "HEAD" => {
            resolve(root, &url).and_then(|path| Some((std::fs::read(&path).ok()?, path)))
        }
        _ => None,
    };
    let (status, kind, body) = match found {
        Some((bytes, path)) => ("200 OK", content_type(&path), bytes),
        None => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found".to_vec(),
        ),
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    stream.shutdown(Shutdown::Write)
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
