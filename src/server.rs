//! `ringfence server`: a language server over stdio. Diagnostics on open, change
//! (debounced) and save; the rule's page on hover; a code action that adds an inline
//! suppression with a reason to fill in.
//!
//! Each check reads the changed file's module directory (and the callers naming it as
//! a module) or its template, with every open buffer in place of the disk, and
//! publishes the findings of every file it read, so editing `variables.tf` refreshes
//! `main.tf`. Only that module is evaluated again, never the whole workspace.

use crate::config::{find_config, load_config, Config};
use crate::{scan_with, Scan};
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, HoverParams,
    HoverProviderCapability, SaveOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use ringfence_rules::{Finding, Registry, RuleRef, Severity};
use ringfence_syntax::{absolute_path, Diagnostic as FileProblem, Level, SourceFile, Span};
use serde_json::{json, Value as Json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long the buffer must stay quiet after a change before it is checked.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Runs the server on stdin/stdout until the client says `exit`.
pub fn run() -> Result<(), String> {
    let (connection, io) = Connection::stdio();
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
    connection.initialize(capabilities).map_err(|e| e.to_string())?;
    let mut server = Server { docs: write_docs(), ..Server::default() };
    server.serve(&connection)?;
    drop(connection);
    io.join().map_err(|e| e.to_string())
}

/// A finding as published: what hover and code actions look up.
struct Published {
    range: Json,
    start: (u32, u32),
    end: (u32, u32),
    rule: RuleRef,
    line_start: (u32, String),
    /// The rule's safe fix: what it does, the whole fixed text of the file, and the
    /// line past the end of the text it replaces.
    fix: Option<(String, String, usize)>,
}

#[derive(Default)]
struct Server {
    /// Open buffers, by absolute path.
    open: HashMap<PathBuf, String>,
    /// Files waiting to be checked, and when the last change came.
    pending: BTreeSet<PathBuf>,
    last_change: Option<Instant>,
    /// Per module directory (or template file): the documents its last check
    /// published to (cleared when a later check no longer finds anything there).
    published_by: HashMap<PathBuf, BTreeSet<String>>,
    /// Per document URI: the findings shown there.
    shown: HashMap<String, Vec<Published>>,
    /// Where the rule pages were written, for the diagnostics' links (none when the
    /// temporary directory is not writable).
    docs: Option<PathBuf>,
}

/// Writes every rule's page to a directory of the system's temporary directory, so
/// that a diagnostic can link to a page the editor opens without network or checkout.
fn write_docs() -> Option<PathBuf> {
    let dir = std::env::temp_dir().join(format!("ringfence-{}-rules", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&dir).ok()?;
    for rule in Registry::builtin().rules() {
        let path = dir.join(format!("{}.md", rule.code));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(rule.doc()) {
            std::fs::write(&path, rule.doc()).ok()?;
        }
    }
    Some(dir)
}

impl Server {
    fn serve(&mut self, connection: &Connection) -> Result<(), String> {
        loop {
            let message = match self.last_change {
                Some(at) if !self.pending.is_empty() => {
                    let wait = DEBOUNCE.saturating_sub(at.elapsed());
                    match connection.receiver.recv_timeout(wait) {
                        Ok(m) => m,
                        Err(e) if e.is_timeout() => {
                            self.flush(connection);
                            continue;
                        }
                        Err(_) => return Ok(()),
                    }
                }
                _ => match connection.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return Ok(()),
                },
            };
            match message {
                Message::Request(request) => {
                    if connection.handle_shutdown(&request).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    // Answers reflect every edit received so far.
                    self.flush(connection);
                    let response = self.answer(request);
                    let _ = connection.sender.send(Message::Response(response));
                }
                Message::Notification(notification) => self.notified(connection, notification),
                Message::Response(_) => {}
            }
        }
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
                self.pending.insert(path);
                self.flush(connection);
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidChangeTextDocumentParams>(n.params) else { return };
                let Some(path) = file(&p.text_document.uri) else { return };
                // Full sync: the last change holds the whole text. The check waits
                // for a quiet moment, so a burst of keystrokes costs one scan.
                if let Some(change) = p.content_changes.into_iter().last() {
                    self.open.insert(path.clone(), change.text);
                    self.pending.insert(path);
                    self.last_change = Some(Instant::now());
                }
            }
            DidSaveTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidSaveTextDocumentParams>(n.params) else { return };
                let Some(path) = file(&p.text_document.uri) else { return };
                self.pending.insert(path);
                self.flush(connection);
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidCloseTextDocumentParams>(n.params) else { return };
                let Some(path) = file(&p.text_document.uri) else { return };
                self.open.remove(&path);
                self.pending.insert(path);
                self.flush(connection);
            }
            _ => {}
        }
    }

    /// Checks every pending file (one check per module directory) and publishes.
    fn flush(&mut self, connection: &Connection) {
        let pending = std::mem::take(&mut self.pending);
        self.last_change = None;
        let mut checked_dirs = BTreeSet::new();
        for path in pending {
            let terraform = crate::is_terraform_input(&path);
            if terraform && !checked_dirs.insert(path.parent().map(Path::to_path_buf)) {
                continue;
            }
            let published = match check(&path, &self.open) {
                Ok(scan) => self.publish(connection, &scan, &path),
                Err(message) => {
                    let _ = connection.sender.send(Message::Notification(Notification::new(
                        "window/showMessage".to_string(),
                        json!({ "type": 1, "message": format!("ringfence: {message}") }),
                    )));
                    continue;
                }
            };
            // Keyed by module, so a check started from any file of it clears what an
            // earlier check from another file of it published.
            let unit = if terraform { path.parent().map_or_else(|| path.clone(), Path::to_path_buf) } else { path };
            let before = self.published_by.insert(unit, published.clone()).unwrap_or_default();
            for uri in before.difference(&published) {
                self.shown.remove(uri);
                send_diagnostics(connection, uri, Vec::new());
            }
        }
    }

    /// Publishes the diagnostics of the changed file and of every file the scan read
    /// that has resources, findings or problems; returns their URIs.
    fn publish(&mut self, connection: &Connection, scan: &Scan, changed: &Path) -> BTreeSet<String> {
        let mut by_file: BTreeMap<String, (Vec<Json>, Vec<Published>)> = BTreeMap::new();
        // The changed file always hears back, also when it holds no resource.
        by_file.entry(path_to_uri(changed)).or_default();
        for id in &scan.checked {
            by_file.entry(path_to_uri(&scan.sources.get(*id).path)).or_default();
        }
        for f in &scan.findings {
            let file = scan.sources.get(f.primary.file);
            let (mut diagnostic, shown) = finding_diagnostic(scan, f);
            if let Some(dir) = &self.docs {
                diagnostic["codeDescription"] =
                    json!({ "href": path_to_uri(&dir.join(format!("{}.md", f.rule.code))) });
            }
            let entry = by_file.entry(path_to_uri(&file.path)).or_default();
            entry.0.push(diagnostic);
            entry.1.push(shown);
        }
        for d in &scan.diagnostics {
            let file = scan.sources.get(d.file);
            by_file.entry(path_to_uri(&file.path)).or_default().0.push(problem_diagnostic(file, d));
        }
        let mut uris = BTreeSet::new();
        for (uri, (diagnostics, shown)) in by_file {
            send_diagnostics(connection, &uri, diagnostics);
            self.shown.insert(uri.clone(), shown);
            uris.insert(uri);
        }
        uris
    }

    fn answer(&self, request: Request) -> Response {
        let invalid = |id, e: serde_json::Error| {
            Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, format!("invalid parameters: {e}"))
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
                let shown = shown(&p.text_document.uri);
                let (from, to) = (position(p.range.start), position(p.range.end));
                let suppressible = !uri.ends_with(".json");
                let mut actions = Vec::new();
                for p in shown.iter().filter(|p| p.start <= to && from <= p.end) {
                    if let Some(action) = fix_action(uri, p) {
                        actions.push(action);
                    }
                    if suppressible {
                        actions.push(suppression_action(uri, p));
                    }
                }
                Response::new_ok(request.id, actions)
            }
            _ => Response::new_err(request.id, lsp_server::ErrorCode::MethodNotFound as i32, "not supported".into()),
        }
    }
}

/// One check of a changed file with the project's configuration, as `ringfence check
/// FILE` would run it, reporting every finding of the module it reads.
fn check(path: &Path, open: &HashMap<PathBuf, String>) -> Result<Scan, String> {
    let config = match find_config(path) {
        Some(file) => load_config(&file).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let rules = config.selection().resolve(Registry::builtin()).map_err(|e| e.to_string())?;
    let mut options = config.options(vec![path.to_path_buf()]);
    config.confine(&options.load.root()).map_err(|e| e.to_string())?;
    options.load.whole_modules = true;
    options.load.whole_report = true;
    options.load.unsaved = open.clone();
    Ok(scan_with(&options, &rules))
}

fn send_diagnostics(connection: &Connection, uri: &str, diagnostics: Vec<Json>) {
    let params = json!({ "uri": uri, "diagnostics": diagnostics });
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

fn finding_diagnostic(scan: &Scan, f: &Finding) -> (Json, Published) {
    let file = scan.sources.get(f.primary.file);
    let related: Vec<Json> = f
        .labels
        .iter()
        .map(|l| {
            let at = scan.sources.get(l.span.file);
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
        fix: f.fix.as_ref().and_then(|fix| {
            let fixed = crate::fix::fixed_texts(&scan.sources, std::slice::from_ref(f));
            fixed.files.into_iter().next().map(|(_, old, text, _)| (fix.describe(), text, old.lines().count() + 1))
        }),
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

/// "Fix CODE": the rule's safe fix, as an edit of the whole document (the fixed text
/// was computed with the diagnostics, from the same buffer).
fn fix_action(uri: &str, p: &Published) -> Option<Json> {
    let (what, text, lines) = p.fix.as_ref()?;
    Some(json!({
        "title": format!("Fix {}: {what}", p.rule.code),
        "kind": "quickfix",
        "isPreferred": true,
        "diagnostics": [{ "range": p.range, "code": p.rule.code, "source": "ringfence" }],
        "edit": { "changes": { uri: [{
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": lines, "character": 0 } },
            "newText": text,
        }] } },
    }))
}

/// "Suppress CODE here": a comment line above the finding's line, indented like it,
/// with a reason to write (RF001 would report an empty one).
fn suppression_action(uri: &str, p: &Published) -> Json {
    let (line, indent) = (&p.line_start.0, &p.line_start.1);
    // Expires in 90 days, so an accepted risk is looked at again.
    let until = ringfence_rules::today().saturating_add(jiff::Span::new().days(90));
    let text = format!("{indent}# ringfence:ignore[{}] TODO: say why this is accepted until={until}\n", p.rule.code);
    json!({
        "title": format!("Suppress {} here (ringfence:ignore with a reason)", p.rule.code),
        "kind": "quickfix",
        "diagnostics": [{ "range": p.range, "code": p.rule.code, "source": "ringfence" }],
        "edit": { "changes": { uri: [{
            "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
            "newText": text,
        }] } },
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
