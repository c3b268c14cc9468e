//! Running `orgraf serve` from tests and talking HTTP to it.
#![allow(dead_code)] // each test crate uses a part

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

/// A running `orgraf serve` on a free port; stopped when dropped.
pub struct Served {
    child: Child,
    pub base: String,
    stderr: Arc<Mutex<String>>,
    agent: ureq::Agent,
}

/// A response: status, content type, body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Served {
    /// `orgraf serve --addr 127.0.0.1:0 ARGS`, waiting until it listens.
    pub fn start(args: &[&str]) -> Served {
        Served::start_with(args, &[])
    }

    /// Like [`Served::start`], with environment variables set.
    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_orgraf"));
        cmd.current_dir(super::root())
            .env("NO_COLOR", "1")
            .arg("serve")
            .args(if args.contains(&"--addr") {
                &[][..]
            } else {
                &["--addr", "127.0.0.1:0"][..]
            })
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("orgraf serve starts");
        let mut reader = BufReader::new(child.stderr.take().expect("piped"));
        let mut seen = String::new();
        let base = loop {
            let mut line = String::new();
            let n = reader.read_line(&mut line).expect("read stderr");
            seen.push_str(&line);
            if n == 0 {
                panic!("orgraf serve ended before it listened:\n{seen}");
            }
            if let Some(at) = line.find("http://") {
                let url = line[at..].split_whitespace().next().expect("a URL");
                break url.trim_end_matches('/').to_string();
            }
        };
        let stderr = Arc::new(Mutex::new(seen));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Served {
            child,
            base,
            stderr,
            agent,
        }
    }

    /// `orgraf serve --model DIR`.
    pub fn with_model(dir: &Path) -> Served {
        Served::start(&["--model", dir.to_str().expect("UTF-8 path")])
    }

    fn reply(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut r = r.expect("the server answers");
        let headers: Vec<(String, String)> = r
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let content_type = r
            .headers()
            .get("content-type")
            .map_or(String::new(), |v| v.to_str().unwrap_or("").to_string());
        let body = r
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .expect("body");
        Reply {
            status: r.status().as_u16(),
            content_type,
            headers,
            body,
        }
    }

    /// GET `path` (with its query string, already encoded).
    pub fn get(&self, path: &str) -> Reply {
        Served::reply(self.agent.get(format!("{}{path}", self.base)).call())
    }

    pub fn head(&self, path: &str) -> Reply {
        Served::reply(self.agent.head(format!("{}{path}", self.base)).call())
    }

    pub fn post(&self, path: &str) -> Reply {
        Served::reply(self.agent.post(format!("{}{path}", self.base)).send("x=1"))
    }

    pub fn delete(&self, path: &str) -> Reply {
        Served::reply(self.agent.delete(format!("{}{path}", self.base)).call())
    }

    /// Everything the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends SIGINT (Ctrl-C) and waits; returns the exit code.
    pub fn interrupt(mut self) -> (i32, String) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let code = self.child.wait().expect("orgraf serve ends");
        std::thread::sleep(std::time::Duration::from_millis(100));
        (code.code().unwrap_or(-1), self.stderr())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A query-string value, percent-encoded.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
