//! A small WebDriver client over a plain TCP stream (HTTP/1.1, one request per connection) with
//! serde_json, plus Chrome's DevTools commands through chromedriver (`goog/cdp/execute`): enough
//! to drive headless Chromium through the pages without a client crate.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The key of an element reference in WebDriver answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Sends one HTTP request to `127.0.0.1:port`; the status and the body.
pub fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_mins(2)))?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream.write_all(request.as_bytes())?;
    // Read up to the end of the body (by its length, or its last chunk): a server may keep the
    // connection open whatever the request said.
    let mut raw = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = stream.read(&mut buf)?;
        raw.extend_from_slice(&buf[..n]);
        if n == 0 || complete(&raw) {
            break;
        }
    }
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| std::io::Error::other("no header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = raw[split + 4..].to_vec();
    Ok((status, if is_chunked(&head) { dechunk(&body) } else { body }))
}

fn is_chunked(head: &str) -> bool {
    head.lines().any(|l| l.to_ascii_lowercase().starts_with("transfer-encoding: chunked"))
}

/// Whether `raw` holds a whole response.
fn complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    if is_chunked(&head) {
        return body.ends_with(b"0\r\n\r\n");
    }
    let length =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    length.is_some_and(|n| body.len() >= n)
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&body[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&body[eol + 2..eol + 2 + size]);
        body = &body[eol + 2 + size + 2..];
    }
    out
}

/// Decodes standard base64 (screenshots and PDFs come that way).
pub fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// A running chromedriver, stopped when dropped.
pub struct Driver {
    pub port: u16,
    child: Child,
}

impl Driver {
    pub fn start(chromedriver: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        // From here the driver is stopped and waited for when dropped, even if it never answers.
        let driver = Self { port, child };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if let Ok((200, body)) = http(port, "GET", "/status", None) {
                let v: Value = serde_json::from_slice(&body).unwrap_or_default();
                if v["value"]["ready"] == true {
                    return driver;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("chromedriver did not start on port {port}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser session.
pub struct Browser<'a> {
    driver: &'a Driver,
    id: String,
    /// Where the pages are: `http://127.0.0.1:PORT`.
    pub base: String,
    shots: PathBuf,
}

impl<'a> Browser<'a> {
    pub fn open(driver: &'a Driver, chromium: &Path, base: &str, shots: PathBuf) -> Self {
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1280,900", "--lang=id-ID", "--hide-scrollbars"]
            }
        }}});
        let (status, body) = http(driver.port, "POST", "/session", Some(&caps)).expect("new session");
        let v: Value = serde_json::from_slice(&body).expect("session answer");
        assert_eq!(status, 200, "new session: {v}");
        let id = v["value"]["sessionId"].as_str().expect("session id").to_string();
        std::fs::create_dir_all(&shots).expect("screenshot folder");
        Self { driver, id, base: base.to_string(), shots }
    }

    /// A WebDriver command of this session; its `value`.
    pub fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let full = format!("/session/{}{path}", self.id);
        let (status, bytes) = http(self.driver.port, method, &full, body).expect("webdriver request");
        let v: Value =
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        assert_eq!(status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    /// A DevTools command through chromedriver.
    pub fn cdp(&self, cmd: &str, params: &Value) -> Value {
        self.command("POST", "/goog/cdp/execute", Some(&json!({"cmd": cmd, "params": params})))
    }

    pub fn goto(&self, path: &str) {
        self.command("POST", "/url", Some(&json!({"url": format!("{}{path}", self.base)})));
    }

    /// The path and query of the current page.
    pub fn path(&self) -> String {
        let url = self.command("GET", "/url", None).as_str().unwrap_or_default().to_string();
        url.strip_prefix(&self.base).unwrap_or(&url).to_string()
    }

    /// The visible text of the page.
    pub fn text(&self) -> String {
        self.run("return document.body.innerText;").as_str().unwrap_or_default().to_string()
    }

    /// Runs a script in the page (WebDriver's own channel, outside the page's policy).
    pub fn run(&self, script: &str) -> Value {
        self.command("POST", "/execute/sync", Some(&json!({"script": script, "args": []})))
    }

    pub fn find(&self, css: &str) -> String {
        let v = self.command("POST", "/element", Some(&json!({"using": "css selector", "value": css})));
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}: {v}")).to_string()
    }

    pub fn click(&self, css: &str) {
        let e = self.find(css);
        self.command("POST", &format!("/element/{e}/click"), Some(&json!({})));
    }

    /// Types into an element as a keyboard would (`\u{E007}` is Enter).
    pub fn keys(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.command("POST", &format!("/element/{e}/value"), Some(&json!({"text": text})));
    }

    /// Waits until the page's text contains `needle`; panics with the text after 15 seconds.
    pub fn wait_text(&self, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(started.elapsed() < Duration::from_secs(15), "'{needle}' not on {}: {text}", self.path());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Shows the page as a phone 360 px wide (`Some(360)`) or back as the desktop window.
    pub fn width(&self, px: Option<u32>) {
        match px {
            Some(w) => {
                self.cdp(
                    "Emulation.setDeviceMetricsOverride",
                    &json!({"width": w, "height": 780, "deviceScaleFactor": 1, "mobile": true}),
                );
            }
            None => {
                self.cdp("Emulation.clearDeviceMetricsOverride", &json!({}));
            }
        }
    }

    /// How wide the page's content is: more than the screen means sideways scrolling.
    pub fn content_width(&self) -> i64 {
        self.run("return document.documentElement.scrollWidth;").as_i64().unwrap_or(0)
    }

    /// Saves the whole page (not only the window) as `NAME.png` among the artefacts; returns its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let m = self.cdp("Page.getLayoutMetrics", &json!({}));
        let (w, h) = (
            m["cssContentSize"]["width"].as_f64().unwrap_or(1280.0),
            m["cssContentSize"]["height"].as_f64().unwrap_or(900.0),
        );
        let shot = self.cdp(
            "Page.captureScreenshot",
            &json!({"format": "png", "captureBeyondViewport": true,
                   "clip": {"x": 0, "y": 0, "width": w, "height": h.min(12000.0), "scale": 1}}),
        );
        self.save(name, &shot)
    }

    /// Saves what the window shows as `NAME.png`.
    pub fn window_shot(&self, name: &str) -> PathBuf {
        let shot = self.cdp("Page.captureScreenshot", &json!({"format": "png"}));
        self.save(name, &shot)
    }

    fn save(&self, name: &str, shot: &Value) -> PathBuf {
        let png = base64(shot["data"].as_str().expect("screenshot data"));
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Prints the page as the browser would (its CSS page size) to PDF.
    pub fn print_pdf(&self) -> Vec<u8> {
        let pdf = self.cdp("Page.printToPDF", &json!({"preferCSSPageSize": true, "printBackground": true}));
        base64(pdf["data"].as_str().expect("pdf data"))
    }
}

impl Drop for Browser<'_> {
    fn drop(&mut self) {
        let _ = http(self.driver.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}

/// Pages of a PDF: its `/Type /Page` objects (not `/Pages`).
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page").filter(|(i, m)| !text[i + m.len()..].starts_with('s')).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_base64_and_chunks() {
        assert_eq!(base64("aGFsbw=="), b"halo");
        assert_eq!(base64("YmxhbmtvIQ=="), b"blanko!");
        assert_eq!(dechunk(b"4\r\nhalo\r\n3\r\n ok\r\n0\r\n\r\n"), b"halo ok");
        assert_eq!(pdf_pages(b"<< /Type /Pages /Count 1 >> << /Type /Page >>"), 1);
    }
}
