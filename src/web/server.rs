//! `orgraf serve`: the pages over HTTP, with axum on tokio.
//!
//! Each handler reads its parameters and renders a page of
//! [`super::pages`] on tokio's blocking pool, under a time bound: a slow
//! answer gets a clear page, never a hung worker. Responses are kept by
//! URI (the model does not change while it runs), so a page asked again
//! is answered without rendering it again. Only GET and HEAD are
//! answered; every response carries a content security policy that
//! allows nothing from another host.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::Semaphore;

use super::charts::Charts;
use super::html::{Ctx, layout};
use super::links::Links;
use super::pages::{self, Page, Problem};
use super::strings::{fill, ui};
use crate::graph::OrgGraph;
use crate::output::{self, Format};

/// How long one request may take to answer.
pub const TIME_LIMIT: Duration = Duration::from_secs(5);
/// How many pages are rendered at once: twice the cores, at least four.
/// Others wait their turn (within [`TIME_LIMIT`]); more at once would
/// only share the same cores, and slow every page down.
fn rendering_at_once() -> usize {
    std::thread::available_parallelism().map_or(4, |n| (2 * n.get()).max(4))
}

/// The stylesheet and scripts, compiled into the binary.
pub const STYLE: &str = include_str!("assets/style.css");
pub const APP_JS: &str = include_str!("assets/app.js");
pub const SITE_JS: &str = include_str!("assets/site.js");

/// What every handler shares.
pub struct App {
    pub graph: OrgGraph,
    pub charts: Charts,
    permits: Arc<Semaphore>,
    answered: Mutex<Answered>,
}

/// Responses already given, by URI: the model does not change while the
/// server runs, so the same request gets the same bytes. Bounded: when
/// full it starts over.
#[derive(Default)]
struct Answered {
    by_uri: HashMap<String, (StatusCode, HeaderMap, Bytes)>,
    bytes: usize,
}

/// At most this many responses are kept …
const KEEP_RESPONSES: usize = 4096;
/// … and at most this many bytes of them.
const KEEP_BYTES: usize = 64 << 20;

type Shared = Arc<App>;

impl App {
    pub fn new(graph: OrgGraph) -> App {
        App {
            graph,
            charts: Charts::default(),
            permits: Arc::new(Semaphore::new(rendering_at_once())),
            answered: Mutex::new(Answered::default()),
        }
    }
}

/// The web explorer's routes over a loaded graph.
pub fn router(graph: OrgGraph) -> Router {
    let app: Shared = Arc::new(App::new(graph));
    Router::new()
        .route("/", get(home))
        .route("/search", get(search))
        .route("/body/{id}", get(body))
        .route("/path", get(path))
        .route("/query", get(query))
        .route("/api/query", get(api_query))
        .route("/documents", get(documents))
        .route("/documents/{file}", get(document))
        .route("/relations", get(relations))
        .route("/kinds", get(kinds))
        .route("/assets/{name}", get(asset))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(app.clone(), keep))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(app)
}

/// Answers a GET or HEAD from [`Answered`] when it was asked before, and
/// keeps what the handlers answer (but not a timeout or a failure, which
/// may go another way next time).
async fn keep(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return next.run(req).await;
    }
    let key = format!("{method} {}", req.uri());
    let known = app
        .answered
        .lock()
        .ok()
        .and_then(|a| a.by_uri.get(&key).cloned());
    if let Some((status, headers, body)) = known {
        let mut r = (status, body).into_response();
        r.headers_mut().extend(headers);
        return r;
    }
    let r = next.run(req).await;
    if r.status().is_server_error() {
        return r;
    }
    let (parts, body) = r.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, KEEP_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "response too large").into_response();
    };
    let full = app.answered.lock().ok().and_then(|mut a| {
        let full = (a.by_uri.len() >= KEEP_RESPONSES || a.bytes + bytes.len() > KEEP_BYTES)
            .then(|| std::mem::take(&mut *a));
        a.bytes += bytes.len();
        a.by_uri
            .insert(key, (parts.status, parts.headers.clone(), bytes.clone()));
        full
    });
    // Freeing thousands of responses takes a while: not under the lock.
    drop(full);
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

type Params = Query<HashMap<String, String>>;

fn param<'a>(p: &'a Params, key: &str) -> &'a str {
    p.0.get(key).map_or("", String::as_str)
}

/// The page's date: `?asof=DATE`, or none when absent or empty.
fn as_of(p: &Params) -> Option<String> {
    Some(param(p, "asof").trim().to_string()).filter(|d| !d.is_empty())
}

async fn home(State(app): State<Shared>, p: Params) -> Response {
    render(app, as_of(&p), pages::home).await
}

async fn search(State(app): State<Shared>, p: Params) -> Response {
    let q = param(&p, "q").to_string();
    render(app, as_of(&p), move |ctx, _| pages::search(ctx, &q)).await
}

/// A path segment that does not decode (bad percent-encoding, not
/// UTF-8): a 400 page in the site's style.
type Segment = Result<Path<String>, axum::extract::rejection::PathRejection>;

async fn bad_segment(app: Shared, e: &axum::extract::rejection::PathRejection) -> Response {
    let message = e.body_text();
    render(app, None, move |_, _| {
        pages::problem_page(ui().bad_request_title, &Problem::bad(message))
    })
    .await
}

async fn body(State(app): State<Shared>, id: Segment, p: Params) -> Response {
    match id {
        Ok(Path(id)) => {
            render(app, as_of(&p), move |ctx, charts| {
                pages::body(ctx, charts, &id)
            })
            .await
        }
        Err(e) => bad_segment(app, &e).await,
    }
}

async fn path(State(app): State<Shared>, p: Params) -> Response {
    let (from, to, via) = (
        param(&p, "from").to_string(),
        param(&p, "to").to_string(),
        param(&p, "via").to_string(),
    );
    render(app, as_of(&p), move |ctx, _| {
        for v in [&from, &to, &via] {
            if let Err(e) = pages::check_length(v) {
                return pages::problem_page(ui().bad_request_title, &e);
            }
        }
        pages::path(ctx, &from, &to, &via)
    })
    .await
}

async fn query(State(app): State<Shared>, p: Params) -> Response {
    let q = param(&p, "q").to_string();
    render(app, as_of(&p), move |ctx, _| pages::query(ctx, &q)).await
}

async fn documents(State(app): State<Shared>, p: Params) -> Response {
    render(app, as_of(&p), |ctx, _| pages::documents(ctx)).await
}

async fn document(State(app): State<Shared>, file: Segment, p: Params) -> Response {
    match file {
        Ok(Path(file)) => render(app, as_of(&p), move |ctx, _| pages::document(ctx, &file)).await,
        Err(e) => bad_segment(app, &e).await,
    }
}

async fn relations(State(app): State<Shared>, p: Params) -> Response {
    render(app, as_of(&p), |ctx, _| pages::relations(ctx)).await
}

async fn kinds(State(app): State<Shared>, p: Params) -> Response {
    render(app, as_of(&p), |ctx, _| pages::kinds(ctx)).await
}

async fn not_found(State(app): State<Shared>, uri: axum::http::Uri) -> Response {
    let what = format!("”{}”", crate::diag::shorten(uri.path(), 100));
    let message = fill(ui().not_found_body, &[("what", &what)]);
    render(app, None, move |_, _| pages::not_found(&message)).await
}

async fn method_not_allowed(State(app): State<Shared>) -> Response {
    let u = ui();
    let mut r = render(app, None, |_, _| {
        pages::problem_page(
            u.method_title,
            &Problem {
                status: 405,
                ..Problem::bad(u.method_body)
            },
        )
    })
    .await;
    r.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    r
}

async fn asset(State(app): State<Shared>, name: Segment) -> Response {
    let name = name.map(|Path(n)| n).unwrap_or_default();
    let (body, mime) = match name.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        _ => {
            let what = format!("”/assets/{}”", crate::diag::shorten(&name, 100));
            let message = fill(ui().not_found_body, &[("what", &what)]);
            return render(app, None, move |_, _| pages::not_found(&message)).await;
        }
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// `/api/query?q=STATEMENT`: the JSON of `orgraf query --format json`,
/// or `{"error": {"message", "line", "column", "hints"}}` with 400.
async fn api_query(State(app): State<Shared>, p: Params) -> Response {
    let q = p.0.get("q").cloned();
    let date = as_of(&p);
    let task = bounded(app, move |app| match q {
        None => api_error(&Problem::bad(
            "missing parameter q: the statement to answer",
        )),
        Some(q) => match date_problem(date.as_deref()) {
            Some(p) => api_error(&p),
            None => {
                let asked = dated(&q, date.as_deref());
                match pages::ask(&app.graph, &asked) {
                    Ok(v) => (200, output::render(&v, &app.graph, Format::Json)),
                    Err(mut p) => {
                        // Positions in the statement as sent, not in the
                        // `as of DATE ` put before it.
                        let added = asked.len() - q.len();
                        if let Some((1, c)) = p.at.filter(|&(_, c)| c > added) {
                            p.at = Some((1, c - added));
                        }
                        api_error(&p)
                    }
                }
            }
        },
    })
    .await;
    let (status, body) = match task {
        Ok(sb) => sb,
        Err(p) => api_error(&p),
    };
    (
        status_code(status),
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// A page's statement `as of` its date, when it has one.
fn dated(q: &str, date: Option<&str>) -> String {
    date.map_or_else(|| q.to_string(), |d| crate::query::dated(q, d))
}

/// What is wrong with `?asof=DATE`, if anything: a 400.
fn date_problem(date: Option<&str>) -> Option<Problem> {
    let e = crate::graph::Period::parse(date?).err()?;
    Some(Problem {
        hints: vec![crate::graph::time::DATE_FORMS.to_string()],
        ..Problem::bad(format!("asof: {e}"))
    })
}

fn api_error(p: &Problem) -> (u16, String) {
    let (line, column) = p.at.map_or((None, None), |(l, c)| (Some(l), Some(c)));
    let body = serde_json::json!({
        "error": {"message": p.message, "line": line, "column": column, "hints": p.hints}
    });
    (p.status, format!("{body}\n"))
}

fn status_code(s: u16) -> StatusCode {
    StatusCode::from_u16(s).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn html_response(status: u16, html: String) -> Response {
    (
        status_code(status),
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// Runs `f` on the blocking pool within [`TIME_LIMIT`], at most
/// [`rendering_at_once`] at a time. A panic or a timeout becomes a
/// [`Problem`].
async fn bounded<T: Send + 'static>(
    app: Shared,
    f: impl FnOnce(&App) -> T + Send + 'static,
) -> Result<T, Problem> {
    within(app, TIME_LIMIT, f).await
}

/// [`bounded`] with the time limit given.
async fn within<T: Send + 'static>(
    app: Shared,
    limit: Duration,
    f: impl FnOnce(&App) -> T + Send + 'static,
) -> Result<T, Problem> {
    let u = ui();
    let slow = || Problem {
        status: 503,
        ..Problem::bad(fill(
            u.too_slow,
            &[("secs", &format!("{}", limit.as_secs_f64()))],
        ))
    };
    let work = async {
        let permit = app
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Problem {
                status: 503,
                ..Problem::bad(u.busy)
            })?;
        let app = app.clone();
        tokio::task::spawn_blocking(move || {
            let out = f(&app);
            drop(permit);
            out
        })
        .await
        .map_err(|_| Problem {
            status: 500,
            ..Problem::bad(u.error_title)
        })
    };
    tokio::time::timeout(limit, work)
        .await
        .unwrap_or_else(|_| Err(slow()))
}

/// Renders a page within the bounds of [`bounded`]; `as_of` is the
/// page's date (`?asof=DATE`), kept by its links and forms. A date that
/// does not parse is a 400 page.
async fn render(
    app: Shared,
    as_of: Option<String>,
    f: impl FnOnce(&Ctx<'_>, &Charts) -> Page + Send + 'static,
) -> Response {
    let done = bounded(app.clone(), move |app| {
        let problem = date_problem(as_of.as_deref());
        let ctx = Ctx {
            g: &app.graph,
            links: Links::Server {
                as_of: as_of.filter(|_| problem.is_none()),
            },
        };
        let page = match problem {
            Some(p) => pages::problem_page(ui().bad_request_title, &p),
            None => f(&ctx, &app.charts),
        };
        (
            page.status,
            layout(&ctx, &page.title, &page.main).into_string(),
        )
    })
    .await;
    let (status, html) = match done {
        Ok(sh) => sh,
        Err(p) => {
            let ctx = Ctx {
                g: &app.graph,
                links: Links::SERVER,
            };
            let page = pages::problem_page(ui().error_title, &p);
            (
                page.status,
                layout(&ctx, &page.title, &page.main).into_string(),
            )
        }
    };
    html_response(status, html)
}

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// Serves until Ctrl-C (or SIGTERM); returns the exit code.
pub fn serve(graph: OrgGraph, addr: SocketAddr, open: bool) -> u8 {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return crate::commands::USAGE_ERROR;
        }
    };
    let name = graph
        .catalog
        .meta
        .as_ref()
        .map_or("the model".to_string(), |m| m.name.clone());
    let code = rt.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {addr}: {e}");
                return crate::commands::USAGE_ERROR;
            }
        };
        let local = listener.local_addr().unwrap_or(addr);
        if !local.ip().is_loopback() {
            eprintln!(
                "warning: listening on {local}, reachable from other machines; orgraf has no login, \
                 so anyone who reaches this address can read the model"
            );
        }
        let url = format!("http://{local}/");
        eprintln!("orgraf: serving {name} at {url} (Ctrl-C stops)");
        if open {
            open_browser(&url);
        }
        let served = axum::serve(listener, router(graph))
            .with_graceful_shutdown(shutdown_signal())
            .await;
        match served {
            Ok(()) => {
                eprintln!("orgraf: stopped");
                crate::commands::OK
            }
            Err(e) => {
                eprintln!("error: the server stopped: {e}");
                crate::commands::INPUT_ERROR
            }
        }
    });
    // A page still being rendered past its time bound is not waited for.
    rt.shutdown_timeout(Duration::from_secs(1));
    code
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Opens `url` in the desktop's browser; a failure is only a note.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let started = cmd
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = started {
        eprintln!("note: cannot open a browser ({e}); open {url} yourself");
    }
}

/// The address `serve` listens on by default.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// For the load benchmark and tests: serves `graph` on `listener` until
/// `stop` resolves.
pub async fn run(
    listener: tokio::net::TcpListener,
    graph: OrgGraph,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(graph))
        .with_graceful_shutdown(stop)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> Shared {
        Arc::new(App::new(OrgGraph::default()))
    }

    #[tokio::test]
    async fn slow_work_gets_a_message_in_time_and_the_next_request_is_served() {
        let start = std::time::Instant::now();
        let r = within(app(), Duration::from_millis(100), |_| {
            std::thread::sleep(Duration::from_secs(2));
        })
        .await;
        assert!(start.elapsed() < Duration::from_secs(1));
        let p = r.unwrap_err();
        assert_eq!(p.status, 503);
        assert!(p.message.contains("0.1 sekunder"), "{}", p.message);
        assert_eq!(within(app(), TIME_LIMIT, |_| 7).await, Ok(7));
    }

    #[tokio::test]
    async fn a_panic_is_a_500_not_a_crash() {
        let r: Result<(), Problem> = within(app(), TIME_LIMIT, |_| panic!("boom")).await;
        let p = r.unwrap_err();
        assert_eq!(p.status, 500);
        assert!(!p.message.contains("boom"));
    }
}
