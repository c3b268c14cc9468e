//! Load on `orgraf serve`: 200 concurrent clients on the bundled model,
//! each asking a mix of every page and the API over keep-alive
//! connections. Prints the latency percentiles and fails when a request
//! fails or the 99th percentile reaches 50 ms.
//!
//! `cargo bench --bench web_load [-- --clients N --requests N --uncached]`
//! (`--requests`: per client; default 200 clients × 50 requests;
//! `--uncached`: every request a URL of its own, so that each page is
//! rendered rather than answered from the responses the server keeps).
//! The server runs in this process on tokio's multi-threaded runtime;
//! the clients are 200 tasks on one more thread, each with its own
//! keep-alive connection and a minimal HTTP/1.1 reader (like `wrk`), all
//! on the same machine's cores. Each client asks its next page as soon as
//! the last one has arrived (a closed loop with no think time), so this
//! is a far heavier load than 200 people reading pages.

use std::time::Instant;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use orgraf::model::ModelSource;

/// The mix of pages asked, each as often as the others.
const PATHS: &[&str] = &[
    "/",
    "/search?q=drno",
    "/body/drno",
    "/body/psg",
    "/body/nosam_lerum",
    "/path?from=NOSAM%20Lerum&to=politisk_samradsgrupp_samla",
    "/path?from=SRO&to=NOSAM_Lerum",
    "/query?q=%3F%20bereder%20PSG",
    "/query?q=%3F%20%28bereder%7Crapporterar_till%7Clyfter_%C3%A4renden_till%29%2B%20SRO",
    "/api/query?q=show%20DRNO",
    "/api/query?q=path%20NOSAM_Lerum%20-%3E%20SRO",
    "/documents",
    "/documents/003_d4ad0bc19c53bb6e.txt",
    "/relations",
    "/kinds",
    "/assets/style.css",
];

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let clients = arg("--clients", 200);
    let per_client = arg("--requests", 50);
    // Every request a URL of its own, so that none is answered from the
    // server's kept responses: the cost of rendering each page.
    let uncached = std::env::args().any(|a| a == "--uncached");
    let loaded = orgraf::model::load(&ModelSource::Bundled).expect("the bundled model loads");
    let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a free port");
    let addr = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(orgraf::web::server::run(listener, loaded.graph, async {
        let _ = stopped.await;
    }));
    // Warm up: every page once, so the charts are drawn before timing.
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a client runtime");
    client.block_on(async {
        let mut c = Client::connect(&addr).await;
        for p in PATHS {
            assert_eq!(c.get(p).await.expect("warm-up request"), 200, "{p}");
        }
    });
    let (results, wall) = client.block_on(async {
        // Every client connects, then all start at once.
        let ready = std::sync::Arc::new(tokio::sync::Barrier::new(clients + 1));
        let tasks: Vec<_> = (0..clients)
            .map(|c| {
                let addr = addr.clone();
                let ready = ready.clone();
                tokio::spawn(async move {
                    let mut times = Vec::with_capacity(per_client);
                    let mut failures = Vec::new();
                    let mut conn = Client::connect(&addr).await;
                    ready.wait().await;
                    for i in 0..per_client {
                        let p = PATHS[(c + i) % PATHS.len()];
                        let url = if uncached {
                            let sep = if p.contains('?') { '&' } else { '?' };
                            format!("{p}{sep}n={c}-{i}")
                        } else {
                            p.to_string()
                        };
                        let t = Instant::now();
                        let ok = matches!(conn.get(&url).await, Ok(200));
                        times.push(t.elapsed());
                        if !ok {
                            failures.push(p);
                            conn = Client::connect(&addr).await;
                        }
                    }
                    (times, failures)
                })
            })
            .collect();
        ready.wait().await;
        let start = Instant::now();
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await.expect("a client task"));
        }
        (all, start.elapsed())
    });
    let mut times = Vec::new();
    let mut failures = Vec::new();
    for (ts, fs) in results {
        times.extend(ts);
        failures.extend(fs);
    }
    let _ = stop.send(());
    let _ = rt.block_on(server);
    times.sort();
    let pct = |p: f64| {
        let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1e3
    };
    let n = times.len();
    println!(
        "web_load{}: {clients} clients x {per_client} requests = {n} requests in {:.2} s ({:.0} requests/s)",
        if uncached { " (uncached)" } else { "" },
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64()
    );
    println!(
        "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    let busy: f64 = times.iter().map(|t| t.as_secs_f64()).sum();
    println!(
        "requests in flight: {:.0} on average over the run",
        busy / wall.as_secs_f64()
    );
    println!("failed: {}", failures.len());
    let p99 = pct(0.99);
    if !failures.is_empty() || p99 >= 50.0 {
        eprintln!(
            "web_load: FAILED (failures: {}, p99 {p99:.2} ms; target: none and < 50 ms)",
            failures.len()
        );
        std::process::exit(1);
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Client {
    stream: BufReader<TcpStream>,
}

impl Client {
    async fn connect(addr: &str) -> Client {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Client {
            stream: BufReader::new(stream),
        }
    }

    /// GETs `path` and reads the whole response; returns the status.
    async fn get(&mut self, path: &str) -> std::io::Result<u16> {
        let req = format!("GET {path} HTTP/1.1\r\nHost: load\r\n\r\n");
        self.stream.get_mut().write_all(req.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; length];
        self.stream.read_exact(&mut body).await?;
        Ok(status)
    }
}
