//! `ringfence server`: a language server over stdio. Diagnostics on open, change
//! (after a short pause in typing) and save; the rule's page on hover; a code action that adds an inline
//! suppression with a reason to fill in.
//!
//! Each check reads the changed file's module directory (and the callers naming it as
//! a module) or its template, with every open buffer in place of the disk, and
//! publishes the findings of every file it read, so editing `variables.tf` refreshes
//! `main.tf`. Only that module is evaluated again, never the whole workspace.
//!
//! Checks run on threads of their own, so the message loop always answers: a request
//! about a document whose module is being checked waits for that check (answers
//! reflect every edit received), any other is answered at once. A check is
//! superseded as soon as a newer version of a document of its module arrives: its
//! result is dropped, never published over the newer one (nor while the newer one is
//! still to be checked). Diagnostics carry the version of the document they were
//! computed from. Frames are read by `frame.rs`, which answers the
//! malformed ones itself.

mod frame;

use crate::config::{find_config, load_config, Config};
use crate::{scan_with, Scan};
use crossbeam_channel::{select, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    Cancel, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Exit,
    Notification as _,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _, Shutdown};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, HoverParams,
    HoverProviderCapability, SaveOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use ringfence_rules::{Finding, Registry, RuleRef, Severity};
use ringfence_syntax::{absolute_path, Diagnostic as FileProblem, Level, SourceFile, SourceMap, Span};
use serde_json::{json, Value as Json};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the buffer must stay quiet after a change before it is checked: twice the
/// last check's time, within these bounds. A cheap check follows typing at once; a
/// costly one waits a little longer, so a burst of keystrokes costs one check, and
/// diagnostics still come within 50 ms of a pause plus the check itself.
const PAUSE_MIN: Duration = Duration::from_millis(10);
const PAUSE_MAX: Duration = Duration::from_millis(50);
/// Checks running at once; more wait, the newest per module only.
const MAX_RUNNING: usize = 2;
/// Parsers recurse: bounded depth plus roomy stacks (as the CLI's workers have).
const CHECK_STACK: usize = 64 << 20;

/// Runs the server on stdin/stdout until the client says `exit` or input ends.
pub fn run() -> Result<(), String> {
    let (connection, client) = Connection::memory();
    let Connection { sender: to_server, receiver: from_server } = client;
    let writer = frame::spawn_writer(from_server).map_err(|e| e.to_string())?;
    // Never joined: it may be blocked reading stdin when the session ends.
    std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || frame::read_into(std::io::stdin().lock(), to_server))
        .map_err(|e| e.to_string())?;
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    let capabilities = serde_json::to_value(capabilities).map_err(|e| e.to_string())?;
    let served = match connection.initialize(capabilities) {
        Ok(_) => {
            // Removed when the session ends (the directory is dropped with the server).
            let mut server = Server::new(write_docs());
            server.serve(&connection)
        }
        // The input ended before the session began: nothing to serve.
        Err(e) if e.channel_is_disconnected() => Ok(()),
        Err(e) => Err(e.to_string()),
    };
    // Everything sent is written before the process ends.
    drop(connection);
    let _ = writer.join();
    served
}

/// A finding as published: what hover and code actions look up.
struct Published {
    range: Json,
    start: (u32, u32),
    end: (u32, u32),
    rule: RuleRef,
    line_start: (u32, String),
    /// A finding with a safe fix and the sources it was found in: the fixed text is
    /// computed when a code action asks (one whole text per finding would not fit a
    /// huge file).
    fix: Option<(Arc<SourceMap>, Finding)>,
}

/// One check to run: the file that changed, in the module (or template) it belongs to.
struct Job {
    unit: PathBuf,
    path: PathBuf,
    generation: u64,
    /// The newest generation of the unit, read by the check to skip useless work.
    latest: Arc<AtomicU64>,
    open: Arc<HashMap<PathBuf, String>>,
    /// The versions of the open buffers the check reads.
    versions: Arc<HashMap<PathBuf, i32>>,
    docs: Option<PathBuf>,
}

/// What a check found, per document URI; none when it was superseded while running.
type Outcome = Result<Option<Vec<(String, Vec<Json>, Vec<Published>)>>, String>;

struct Checked {
    unit: PathBuf,
    generation: u64,
    versions: Arc<HashMap<PathBuf, i32>>,
    /// How long the check ran.
    took: Duration,
    outcome: Outcome,
}

struct Server {
    /// Open buffers, by absolute path.
    open: HashMap<PathBuf, String>,
    /// The version the client gave each open buffer, which edits are made against.
    versions: HashMap<PathBuf, i32>,
    /// Files waiting to be checked, and when the last change came.
    pending: BTreeSet<PathBuf>,
    last_change: Option<Instant>,
    /// The pause after a change before its check (see `PAUSE_MIN`).
    pause: Duration,
    /// Per module directory (or template file): the documents its last check
    /// published to (cleared when a later check no longer finds anything there).
    published_by: HashMap<PathBuf, BTreeSet<String>>,
    /// Per document URI: the findings shown there.
    shown: HashMap<String, Vec<Published>>,
    /// The rule pages, for the diagnostics' links (none when the temporary directory
    /// is not writable).
    docs: Option<tempfile::TempDir>,
    /// Checks: a counter, the newest generation started per unit, the units whose
    /// newest check has not reported yet, those waiting for a free thread (the
    /// newest per unit only) and how many run.
    generation: u64,
    latest: HashMap<PathBuf, Arc<AtomicU64>>,
    awaiting: HashSet<PathBuf>,
    queued: BTreeMap<PathBuf, Job>,
    running: usize,
    results: (Sender<Checked>, Receiver<Checked>),
    /// Requests about a document whose check is still running.
    deferred: Vec<Request>,
}

/// Writes every rule's page into a directory made for this session, so that a
/// diagnostic can link to a page the editor opens without network or checkout. The
/// directory has a random name and mode 0700 (`mkdtemp`), and each page is created
/// anew (`O_EXCL`, which never follows a link), so no other user can make the server
/// write elsewhere; it is removed when the session ends.
fn write_docs() -> Option<tempfile::TempDir> {
    use std::io::Write as _;
    let mut builder = tempfile::Builder::new();
    builder.prefix("ringfence-rules-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = builder.tempdir().ok()?;
    for rule in Registry::builtin().rules() {
        let path = dir.path().join(format!("{}.md", rule.code));
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).ok()?;
        file.write_all(rule.doc().as_bytes()).ok()?;
    }
    Some(dir)
}

/// The module directory of a Terraform file, or the template itself: what one check
/// reads and publishes for.
fn unit_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if crate::is_terraform_input(path) => dir.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

impl Server {
    fn new(docs: Option<tempfile::TempDir>) -> Server {
        Server {
            open: HashMap::new(),
            versions: HashMap::new(),
            pending: BTreeSet::new(),
            last_change: None,
            pause: PAUSE_MIN,
            published_by: HashMap::new(),
            shown: HashMap::new(),
            docs,
            generation: 0,
            latest: HashMap::new(),
            awaiting: HashSet::new(),
            queued: BTreeMap::new(),
            running: 0,
            results: crossbeam_channel::unbounded(),
            deferred: Vec::new(),
        }
    }

    fn serve(&mut self, connection: &Connection) -> Result<(), String> {
        let results = self.results.1.clone();
        loop {
            let quiet = match self.last_change {
                Some(at) if !self.pending.is_empty() => Some(self.pause.saturating_sub(at.elapsed())),
                _ => None,
            };
            let (message, checked) = match quiet {
                Some(wait) => select! {
                    recv(connection.receiver) -> m => (Some(m), None),
                    recv(results) -> c => (None, c.ok()),
                    default(wait) => (None, None),
                },
                None => select! {
                    recv(connection.receiver) -> m => (Some(m), None),
                    recv(results) -> c => (None, c.ok()),
                },
            };
            if let Some(checked) = checked {
                self.landed(connection, checked);
                continue;
            }
            let message = match message {
                None => {
                    self.flush();
                    continue;
                }
                Some(Ok(m)) => m,
                // The input ended (the reader is gone): the session is over.
                Some(Err(_)) => return Ok(()),
            };
            match message {
                Message::Request(request) => {
                    if request.method == Shutdown::METHOD {
                        for r in std::mem::take(&mut self.deferred) {
                            let _ = connection.sender.send(canceled(r.id, "the server is shutting down").into());
                        }
                    }
                    if connection.handle_shutdown(&request).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    // Answers reflect every edit received so far.
                    self.flush();
                    if self.is_busy(&request) {
                        self.deferred.push(request);
                    } else {
                        let _ = connection.sender.send(Message::Response(self.answer(request)));
                    }
                }
                // `exit` without `shutdown` first ends the session too.
                Message::Notification(n) if n.method == Exit::METHOD => return Ok(()),
                Message::Notification(notification) => self.notified(connection, notification),
                Message::Response(_) => {}
            }
        }
    }

    /// Whether a request is about a document whose module has a check to come.
    fn is_busy(&self, request: &Request) -> bool {
        let Some(path) = request.params["textDocument"]["uri"].as_str().and_then(uri_to_path) else { return false };
        let unit = unit_of(&path);
        self.awaiting.contains(&unit) || self.pending.iter().any(|p| unit_of(p) == unit)
    }

    /// A notification whose parameters do not parse, or whose document is not a
    /// `file://` one, is dropped: there is no one to answer.
    fn notified(&mut self, connection: &Connection, n: Notification) {
        fn parse<T: serde::de::DeserializeOwned>(params: Json) -> Option<T> {
            serde_json::from_value(params).ok()
        }
        let file = |uri: &lsp_types::Uri| uri_to_path(uri.as_str());
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidOpenTextDocumentParams>(n.params) else { return };
                let Some(path) = file(&p.text_document.uri) else { return };
                self.open.insert(path.clone(), p.text_document.text);
                self.versions.insert(path.clone(), p.text_document.version);
                self.pending.insert(path);
                self.flush();
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidChangeTextDocumentParams>(n.params) else { return };
                let Some(path) = file(&p.text_document.uri) else { return };
                // Full sync: the last change holds the whole text. The check waits
                // for a short pause, so a burst of keystrokes costs one scan.
                self.versions.insert(path.clone(), p.text_document.version);
                if let Some(change) = p.content_changes.into_iter().last() {
                    self.open.insert(path.clone(), change.text);
                    // A check of the module under way reads an older text: it stops
                    // before computing diagnostics, and what it has is dropped.
                    if let Some(latest) = self.latest.get(&unit_of(&path)) {
                        self.generation += 1;
                        latest.store(self.generation, Ordering::SeqCst);
                    }
                    self.pending.insert(path);
                    self.last_change = Some(Instant::now());
                }
            }
            DidSaveTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidSaveTextDocumentParams>(n.params) else { return };
                let Some(path) = file(&p.text_document.uri) else { return };
                self.pending.insert(path);
                self.flush();
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidCloseTextDocumentParams>(n.params) else { return };
                let Some(path) = file(&p.text_document.uri) else { return };
                self.open.remove(&path);
                self.versions.remove(&path);
                self.pending.insert(path);
                self.flush();
            }
            Cancel::METHOD => {
                let Some(id) = parse::<RequestId>(n.params["id"].clone()) else { return };
                if let Some(at) = self.deferred.iter().position(|r| r.id == id) {
                    let request = self.deferred.remove(at);
                    let _ = connection.sender.send(canceled(request.id, "canceled").into());
                }
            }
            _ => {}
        }
    }

    /// Starts a check per pending module directory (or template), superseding any
    /// older check of it.
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.last_change = None;
        if pending.is_empty() {
            return;
        }
        let open = Arc::new(self.open.clone());
        let versions = Arc::new(self.versions.clone());
        let docs = self.docs.as_ref().map(|d| d.path().to_path_buf());
        let first = self.generation + 1;
        for path in pending {
            let unit = unit_of(&path);
            if self.queued.get(&unit).is_some_and(|job| job.generation >= first) {
                continue; // one check per module directory per flush
            }
            self.generation += 1;
            let latest = self.latest.entry(unit.clone()).or_default().clone();
            latest.store(self.generation, Ordering::SeqCst);
            self.awaiting.insert(unit.clone());
            let job = Job {
                unit: unit.clone(),
                path,
                generation: self.generation,
                latest,
                open: open.clone(),
                versions: versions.clone(),
                docs: docs.clone(),
            };
            self.queued.insert(unit, job);
        }
        self.start_queued();
    }

    /// Starts waiting checks while threads are free, the oldest module first.
    fn start_queued(&mut self) {
        while self.running < MAX_RUNNING {
            let Some((_, job)) = self.queued.pop_first() else { return };
            let (unit, generation) = (job.unit.clone(), job.generation);
            let results = self.results.0.clone();
            let started =
                std::thread::Builder::new().name("ringfence-check".into()).stack_size(CHECK_STACK).spawn(move || {
                    let Job { unit, path, generation, latest, open, versions, docs } = job;
                    let start = Instant::now();
                    // A panic is reported as the check's error, never ends the server.
                    let outcome = std::panic::catch_unwind(|| {
                        // Superseded while it waited for a thread.
                        if latest.load(Ordering::SeqCst) != generation {
                            return Ok(None);
                        }
                        let scan = check(&path, &open)?;
                        // Superseded while it ran: nothing will show what it found.
                        if latest.load(Ordering::SeqCst) != generation {
                            return Ok(None);
                        }
                        Ok(Some(diagnose(scan, &path, docs.as_deref())))
                    })
                    .unwrap_or_else(|_| Err(format!("internal error checking {}", path.display())));
                    let _ = results.send(Checked { unit, generation, versions, took: start.elapsed(), outcome });
                });
            self.running += 1;
            if let Err(e) = started {
                let _ = self.results.0.send(Checked {
                    unit,
                    generation,
                    versions: Arc::default(),
                    took: Duration::ZERO,
                    outcome: Err(format!("cannot start a check: {e}")),
                });
            }
        }
    }

    /// A check is over: published when it is the newest of its unit, else dropped.
    fn landed(&mut self, connection: &Connection, checked: Checked) {
        self.running -= 1;
        self.start_queued();
        let Checked { unit, generation, versions, took, outcome } = checked;
        if matches!(outcome, Ok(Some(_))) {
            self.pause = (took * 2).clamp(PAUSE_MIN, PAUSE_MAX);
        }
        let newest = self.latest.get(&unit).map(|g| g.load(Ordering::SeqCst));
        match outcome {
            Ok(Some(by_file)) if newest == Some(generation) => {
                let mut published = BTreeSet::new();
                for (uri, diagnostics, shown) in by_file {
                    let version = uri_to_path(&uri).and_then(|path| versions.get(&path).copied());
                    send_diagnostics(connection, &uri, version, diagnostics);
                    self.shown.insert(uri.clone(), shown);
                    published.insert(uri);
                }
                // Keyed by module, so a check started from any file of it clears what
                // an earlier check from another file of it published.
                let before = self.published_by.insert(unit.clone(), published.clone()).unwrap_or_default();
                for uri in before.difference(&published) {
                    self.shown.remove(uri);
                    send_diagnostics(connection, uri, None, Vec::new());
                }
            }
            Err(message) if newest == Some(generation) => {
                let _ = connection.sender.send(Message::Notification(Notification::new(
                    "window/showMessage".to_string(),
                    json!({ "type": 1, "message": format!("ringfence: {message}") }),
                )));
            }
            _ => {
                let message = format!("ringfence: a newer check of {} superseded this one", unit.display());
                let _ = connection.sender.send(Message::Notification(Notification::new(
                    "window/logMessage".to_string(),
                    json!({ "type": 4, "message": message }),
                )));
                return;
            }
        }
        self.awaiting.remove(&unit);
        for request in std::mem::take(&mut self.deferred) {
            if self.is_busy(&request) {
                self.deferred.push(request);
            } else {
                let _ = connection.sender.send(Message::Response(self.answer(request)));
            }
        }
    }

    fn answer(&self, request: Request) -> Response {
        let invalid = |id, e: serde_json::Error| {
            Response::new_err(id, ErrorCode::InvalidParams as i32, format!("invalid parameters: {e}"))
        };
        // Looked up by the URI as published, whichever way the client encodes it.
        let shown = |uri: &lsp_types::Uri| {
            let uri = uri_to_path(uri.as_str()).map_or_else(|| uri.as_str().to_string(), |p| path_to_uri(&p));
            self.shown.get(&uri).map(Vec::as_slice).unwrap_or_default()
        };
        match request.method.as_str() {
            HoverRequest::METHOD => {
                let p: HoverParams = match serde_json::from_value(request.params) {
                    Ok(p) => p,
                    Err(e) => return invalid(request.id, e),
                };
                let shown = shown(&p.text_document_position_params.text_document.uri);
                let at = position(p.text_document_position_params.position);
                let hit = shown.iter().find(|p| p.start <= at && at <= p.end);
                let result = hit.map(|p| json!({ "contents": { "kind": "markdown", "value": p.rule.doc() } }));
                Response::new_ok(request.id, result.unwrap_or(Json::Null))
            }
            CodeActionRequest::METHOD => {
                let p: CodeActionParams = match serde_json::from_value(request.params) {
                    Ok(p) => p,
                    Err(e) => return invalid(request.id, e),
                };
                let uri = p.text_document.uri.as_str();
                // Requests wait for the check of every edit received, so the findings
                // shown are of this version; a file not open has none (null).
                let version = uri_to_path(uri).and_then(|path| self.versions.get(&path).copied());
                let document = json!({ "uri": uri, "version": version });
                let shown = shown(&p.text_document.uri);
                let (from, to) = (position(p.range.start), position(p.range.end));
                let suppressible = !uri.ends_with(".json");
                let mut actions = Vec::new();
                for p in shown.iter().filter(|p| p.start <= to && from <= p.end) {
                    if let Some(action) = fix_action(&document, p) {
                        actions.push(action);
                    }
                    if suppressible {
                        actions.push(suppression_action(&document, p));
                    }
                }
                Response::new_ok(request.id, actions)
            }
            _ => Response::new_err(request.id, ErrorCode::MethodNotFound as i32, "not supported".into()),
        }
    }
}

fn canceled(id: RequestId, why: &str) -> Response {
    Response::new_err(id, ErrorCode::RequestCanceled as i32, why.to_string())
}

/// The diagnostics of the changed file and of every file the scan read that has
/// resources, findings or problems, by URI.
fn diagnose(scan: Scan, changed: &Path, docs: Option<&Path>) -> Vec<(String, Vec<Json>, Vec<Published>)> {
    let Scan { sources, findings, diagnostics, checked, .. } = scan;
    let sources = Arc::new(sources);
    let mut by_file: BTreeMap<String, (Vec<Json>, Vec<Published>)> = BTreeMap::new();
    // The changed file always hears back, also when it holds no resource.
    by_file.entry(path_to_uri(changed)).or_default();
    for id in &checked {
        by_file.entry(path_to_uri(&sources.get(*id).path)).or_default();
    }
    for f in findings {
        let uri = path_to_uri(&sources.get(f.primary.file).path);
        let (mut diagnostic, shown) = finding_diagnostic(&sources, f);
        if let Some(dir) = docs {
            diagnostic["codeDescription"] =
                json!({ "href": path_to_uri(&dir.join(format!("{}.md", shown.rule.code))) });
        }
        let entry = by_file.entry(uri).or_default();
        entry.0.push(diagnostic);
        entry.1.push(shown);
    }
    for d in &diagnostics {
        let file = sources.get(d.file);
        by_file.entry(path_to_uri(&file.path)).or_default().0.push(problem_diagnostic(file, d));
    }
    by_file.into_iter().map(|(uri, (diagnostics, shown))| (uri, diagnostics, shown)).collect()
}

/// One check of a changed file with the project's configuration, as `ringfence check
/// FILE` would run it, reporting every finding of the module it reads.
fn check(path: &Path, open: &HashMap<PathBuf, String>) -> Result<Scan, String> {
    let config = match find_config(path) {
        Some(file) => load_config(&file).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let rules = config.selection().resolve(&config.registry).map_err(|e| e.to_string())?;
    let mut options = config.options(vec![path.to_path_buf()]);
    config.confine(&options.load.root()).map_err(|e| e.to_string())?;
    options.load.whole_modules = true;
    options.load.whole_report = true;
    options.load.unsaved = open.clone();
    Ok(scan_with(&options, &rules))
}

/// Diagnostics of a document, with the version of it they were computed from when it is
/// open (so a client can tell them from those of another version).
fn send_diagnostics(connection: &Connection, uri: &str, version: Option<i32>, diagnostics: Vec<Json>) {
    let mut params = json!({ "uri": uri, "diagnostics": diagnostics });
    if let Some(version) = version {
        params["version"] = json!(version);
    }
    let _ = connection
        .sender
        .send(Message::Notification(Notification::new("textDocument/publishDiagnostics".to_string(), params)));
}

/// An LSP position (0-based line, UTF-16 column) of a byte offset.
pub fn lsp_position(file: &SourceFile, offset: usize) -> (u32, u32) {
    let offset = offset.min(file.text.len());
    let line = file.lines.line_of(offset);
    let start = file.lines.line_start(line);
    let column = file.text.get(start..offset).map_or(0, |s| s.encode_utf16().count());
    (line as u32, column as u32)
}

fn range(file: &SourceFile, span: Span) -> Json {
    let (a, b) = (lsp_position(file, span.start as usize), lsp_position(file, span.end as usize));
    json!({ "start": { "line": a.0, "character": a.1 }, "end": { "line": b.0, "character": b.1 } })
}

fn position(p: lsp_types::Position) -> (u32, u32) {
    (p.line, p.character)
}

fn severity(s: Severity) -> u8 {
    match s {
        Severity::Critical | Severity::High => 1,
        Severity::Medium => 2,
        Severity::Low => 3,
    }
}

fn finding_diagnostic(sources: &Arc<SourceMap>, f: Finding) -> (Json, Published) {
    let file = sources.get(f.primary.file);
    let related: Vec<Json> = f
        .labels
        .iter()
        .map(|l| {
            let at = sources.get(l.span.file);
            json!({ "location": { "uri": path_to_uri(&at.path), "range": range(at, l.span) }, "message": l.message })
        })
        .collect();
    let message = if f.resource.is_empty() { f.message.clone() } else { format!("{} ({})", f.message, f.resource) };
    let r = range(file, f.primary);
    let diagnostic = json!({
        "range": r,
        "severity": severity(f.severity),
        "code": f.rule.code,
        "source": "ringfence",
        "message": format!("{message} [{}]", f.rule.name),
        "relatedInformation": related,
    });
    let line = file.lines.line_of(f.primary.start as usize);
    let text = &file.text[file.lines.line_start(line)..];
    let indent: String = text.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let shown = Published {
        range: r,
        start: lsp_position(file, f.primary.start as usize),
        end: lsp_position(file, f.primary.end as usize),
        rule: f.rule.clone(),
        line_start: (line as u32, indent),
        fix: if f.fix.is_some() { Some((sources.clone(), f)) } else { None },
    };
    (diagnostic, shown)
}

fn problem_diagnostic(file: &SourceFile, d: &FileProblem) -> Json {
    let span = d.span.unwrap_or(Span { file: d.file, start: 0, end: 0 });
    json!({
        "range": range(file, span),
        "severity": if d.level == Level::Error { 1 } else { 2 },
        "source": "ringfence",
        "message": d.message,
    })
}

/// "Fix CODE": the rule's safe fix, as the edits it makes (the text they apply to is
/// the sources the diagnostics were found in, the same buffer), for the version of the
/// document (`document`: an `OptionalVersionedTextDocumentIdentifier`).
fn fix_action(document: &Json, p: &Published) -> Option<Json> {
    let (sources, finding) = p.fix.as_ref()?;
    let fix = finding.fix.as_ref()?;
    let fixed = crate::fix::fixed_texts(sources, std::slice::from_ref(finding));
    let edits = fixed.edits.into_iter().next()?;
    let file = sources.get(fix.header.file);
    let edits: Vec<Json> = edits
        .into_iter()
        .map(|(start, end, text)| {
            json!({ "range": range(file, Span { file: file.id, start: start as u32, end: end as u32 }), "newText": text })
        })
        .collect();
    Some(json!({
        "title": format!("Fix {}: {}", p.rule.code, fix.describe()),
        "kind": "quickfix",
        "isPreferred": true,
        "diagnostics": [{ "range": p.range, "code": p.rule.code, "source": "ringfence" }],
        "edit": { "documentChanges": [{ "textDocument": document, "edits": edits }] },
    }))
}

/// "Suppress CODE here": a comment line above the finding's line, indented like it,
/// with a placeholder reason to replace (RF001 reports it until then).
fn suppression_action(document: &Json, p: &Published) -> Json {
    let (line, indent) = (&p.line_start.0, &p.line_start.1);
    // Expires in 90 days, so an accepted risk is looked at again.
    let until = ringfence_rules::today().saturating_add(jiff::Span::new().days(90));
    let text = format!("{indent}# ringfence:ignore[{}] TODO: say why this is accepted until={until}\n", p.rule.code);
    let at = json!({ "line": line, "character": 0 });
    json!({
        "title": format!("Suppress {} here (ringfence:ignore with a reason)", p.rule.code),
        "kind": "quickfix",
        "diagnostics": [{ "range": p.range, "code": p.rule.code, "source": "ringfence" }],
        "edit": { "documentChanges": [{
            "textDocument": document,
            "edits": [{ "range": { "start": at, "end": at }, "newText": text }],
        }] },
    })
}

/// `file:///a/b%20c.tf` for `/a/b c.tf`: bytes outside the unreserved set and `/` are
/// percent-encoded.
pub fn path_to_uri(path: &Path) -> String {
    let absolute = absolute_path(path);
    let mut out = String::from("file://");
    for b in absolute.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out += &format!("%{b:02X}");
        }
    }
    out
}

/// The path of a `file://` URI (percent-decoded), or none for other schemes.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let file = SourceFile::new(ringfence_syntax::FileId(0), PathBuf::from("x.tf"), "a = \"é😀\" # x\nb\n".into());
        let hash = file.text.find('#').unwrap();
        // `a = "` is 5 units, é is 1, 😀 is 2, `" ` 2 more.
        assert_eq!(lsp_position(&file, hash), (0, 10));
        assert_eq!(lsp_position(&file, file.text.find('b').unwrap()), (1, 0));
    }

    #[test]
    fn uris_and_paths_round_trip() {
        let path = PathBuf::from("/tmp/my infra/main.tf");
        let uri = path_to_uri(&path);
        assert_eq!(uri, "file:///tmp/my%20infra/main.tf");
        assert_eq!(uri_to_path(&uri), Some(path));
        assert_eq!(uri_to_path("untitled:1"), None);
    }
}
