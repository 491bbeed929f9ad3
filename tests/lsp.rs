//! A whole LSP session with `ringfence server`, over stdio as an editor speaks it:
//! initialize, open a file, diagnostics at the right range with the variable's
//! definition as related information, edits in that file and in another file of the
//! module, hover, a code action applied, shutdown and exit.

mod common;
use common::*;
use serde_json::{json, Value};
use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);
/// Address-space limit of the server in the hostile sessions: a frame's declared
/// length must never be allocated.
const MEMORY_LIMIT_KIB: u64 = 2 << 20;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Messages a wait passed over, for the next waits: checks of different modules
    /// run in parallel, so their publications come in any order.
    backlog: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ringfence"));
        command.arg("server").current_dir(dir);
        Client::spawn(command)
    }

    /// The server under an address-space limit, as tests/hostile.rs runs the CLI.
    fn start_limited(dir: &Path, tmp: &Path) -> Client {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" server"))
            .arg(env!("CARGO_BIN_EXE_ringfence"))
            .env("TMPDIR", tmp)
            .current_dir(dir);
        Client::spawn(command)
    }

    fn spawn(mut command: Command) -> Client {
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = channel();
        std::thread::spawn(move || loop {
            // `Content-Length: N`, a blank line, then N bytes of JSON.
            let mut length = 0;
            loop {
                let mut line = String::new();
                if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            if stdout.read_exact(&mut body).is_err() {
                return;
            }
            if tx.send(serde_json::from_slice::<Value>(&body).unwrap()).is_err() {
                return;
            }
        });
        Client { child, stdin, messages, backlog: VecDeque::new(), next_id: 1 }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Initialized, with no workspace.
    fn initialize(&mut self) {
        self.request("initialize", json!({ "processId": null, "capabilities": {} }));
        self.notify("initialized", json!({}));
    }

    /// The next error answered with id null.
    fn framing_error(&mut self) -> Value {
        let m = self.wait("no error in time", |m| (m["id"].is_null() && m.get("error").is_some()).then_some(true));
        m.unwrap()["error"].clone()
    }

    fn open(&mut self, doc: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": doc, "languageId": "terraform", "version": 1, "text": text } }),
        );
    }

    fn shutdown(mut self) {
        let shutdown = self.request("shutdown", Value::Null);
        assert!(shutdown.get("error").is_none(), "{shutdown}");
        self.notify("exit", Value::Null);
        assert!(self.child.wait().unwrap().success());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    fn response(&mut self, id: i64) -> Value {
        self.wait("no response in time", |m| (m["id"] == id && m.get("method").is_none()).then_some(true))
            .expect("a response")
    }

    /// The next message `pick` takes (`Some(true)`) or drops (`Some(false)`); the ones
    /// it leaves (`None`) stay for later waits, in order.
    fn wait(&mut self, what: &str, mut pick: impl FnMut(&Value) -> Option<bool>) -> Option<Value> {
        let deadline = Instant::now() + WAIT;
        let mut left = VecDeque::new();
        let mut found = None;
        while found.is_none() {
            let m = match self.backlog.pop_front() {
                Some(m) => m,
                None => {
                    let time = deadline.checked_duration_since(Instant::now()).unwrap_or_default();
                    match self.messages.recv_timeout(time) {
                        Ok(m) => m,
                        Err(e) => panic!("{what}: {e}"),
                    }
                }
            };
            match pick(&m) {
                Some(true) => found = Some(m),
                Some(false) => {}
                None => left.push_back(m),
            }
        }
        left.append(&mut self.backlog);
        self.backlog = left;
        found
    }

    /// The next diagnostics published for `uri` that satisfy `want` (earlier ones for
    /// `uri` are dropped).
    fn diagnostics(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let m = self.wait("no matching diagnostics in time", |m| {
            if m["method"] != "textDocument/publishDiagnostics" || m["params"]["uri"] != uri {
                return None;
            }
            Some(want(m["params"]["diagnostics"].as_array().unwrap()))
        });
        m.unwrap()["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

/// The edits of a code action's `documentChanges` for `doc`, checked to carry the
/// document's version, applied to `text` as an editor applies them: positions in
/// UTF-16 units, every range read against the text before any edit.
fn apply_action(action: &Value, doc: &str, version: Value, text: &str) -> String {
    let changes = action["edit"]["documentChanges"].as_array().expect("documentChanges");
    assert!(action["edit"].get("changes").is_none(), "{action}");
    assert_eq!(changes.len(), 1, "{action}");
    assert_eq!(changes[0]["textDocument"], json!({ "uri": doc, "version": version }), "{action}");
    let offset = |p: &Value| -> usize {
        let (line, character) = (p["line"].as_u64().unwrap() as usize, p["character"].as_u64().unwrap() as usize);
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = changes[0]["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    edits.sort();
    let mut out = String::new();
    let mut at = 0;
    for (start, end, new) in edits {
        assert!(start >= at && end >= start, "overlapping edits: {action}");
        out += &text[at..start];
        out += new;
        at = end;
    }
    out + &text[at..]
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

fn net001(list: &[Value]) -> Vec<&Value> {
    list.iter().filter(|d| d["code"] == "NET001").collect()
}

const VARIABLES: &str = "variable \"admin_cidr\" {\n  default = \"0.0.0.0/0\"\n}\n";
const MAIN: &str = "resource \"aws_security_group\" \"admin\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [var.admin_cidr]\n  }\n}\n";

#[test]
fn a_whole_session_diagnoses_edits_explains_and_suppresses() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "variables.tf", VARIABLES);
    write(dir.path(), "main.tf", MAIN);
    let (main, variables) = (uri(&dir.path().join("main.tf")), uri(&dir.path().join("variables.tf")));
    let mut client = Client::start(dir.path());
    let init =
        client.request("initialize", json!({ "processId": null, "rootUri": uri(dir.path()), "capabilities": {} }));
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true, "{init}");
    client.notify("initialized", json!({}));

    // Open: NET001 at `var.admin_cidr` (line 5, characters 19..33), pointing at the default.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": main, "languageId": "terraform", "version": 1, "text": MAIN } }),
    );
    let list = client.diagnostics(&main, |l| !net001(l).is_empty());
    let d = net001(&list)[0];
    assert_eq!(d["range"], json!({ "start": { "line": 5, "character": 19 }, "end": { "line": 5, "character": 33 } }));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "ringfence");
    // The rule's page, linked as a file the editor can open.
    let href = d["codeDescription"]["href"].as_str().unwrap();
    assert!(href.starts_with("file://") && href.ends_with("/NET001.md"), "{href}");
    let page = std::fs::read_to_string(href.strip_prefix("file://").unwrap()).unwrap();
    assert!(page.starts_with("# NET001: open-ingress"));
    let related = d["relatedInformation"].as_array().unwrap();
    assert!(
        related.iter().any(|r| r["location"]["uri"] == variables.as_str()
            && r["location"]["range"]["start"] == json!({ "line": 1, "character": 12 })),
        "{related:?}"
    );

    // Malformed parameters: a notification is dropped, a request gets an error, and
    // the session goes on.
    client.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    let bad = client.request("textDocument/hover", json!({ "position": "here" }));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");

    // Hover on the finding: the rule's page.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": main }, "position": { "line": 5, "character": 22 } }),
    );
    assert!(hover["result"]["contents"]["value"].as_str().unwrap().starts_with("# NET001: open-ingress"), "{hover}");

    // An edit in the buffer (not saved): the finding goes.
    let private = MAIN.replace("[var.admin_cidr]", "[\"10.0.0.0/8\"]");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": 2 }, "contentChanges": [{ "text": private }] }),
    );
    client.diagnostics(&main, |l| net001(l).is_empty());

    // Back to the variable; then an edit in variables.tf refreshes main.tf.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": 3 }, "contentChanges": [{ "text": MAIN }] }),
    );
    client.diagnostics(&main, |l| !net001(l).is_empty());
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": variables, "languageId": "terraform", "version": 1, "text": VARIABLES } }),
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": variables, "version": 2 },
                "contentChanges": [{ "text": VARIABLES.replace("0.0.0.0/0", "10.1.0.0/16") }] }),
    );
    client.diagnostics(&main, |l| net001(l).is_empty());
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": variables, "version": 3 }, "contentChanges": [{ "text": VARIABLES }] }),
    );
    let list = client.diagnostics(&main, |l| !net001(l).is_empty());

    // The code action: a suppression comment above the finding's line, then applied.
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": main }, "range": net001(&list)[0]["range"],
                "context": { "diagnostics": [net001(&list)[0]] } }),
    );
    let action = &actions["result"][0];
    assert_eq!(action["title"], "Suppress NET001 here (ringfence:ignore with a reason)");
    // An insertion above the finding's line, for version 3 of the buffer.
    let edit = &action["edit"]["documentChanges"][0]["edits"][0];
    let above = json!({ "line": 5, "character": 0 });
    assert_eq!(edit["range"], json!({ "start": above, "end": above }));
    let until = ringfence_rules::today().saturating_add(jiff::Span::new().days(90));
    let suppressed = apply_action(action, &main, json!(3), MAIN);
    assert_eq!(
        suppressed,
        MAIN.replace(
            "    cidr_blocks",
            &format!("    # ringfence:ignore[NET001] TODO: say why this is accepted until={until}\n    cidr_blocks")
        )
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": 4 }, "contentChanges": [{ "text": suppressed }] }),
    );
    // The finding is accepted, and RF001 asks for the placeholder to become a reason.
    client.diagnostics(&main, |l| net001(l).is_empty() && l.iter().any(|d| d["code"] == "RF001"));

    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn garbage_on_stdin_ends_the_server_without_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"Content-Length: 5\r\n\r\n{oops").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
    // The end of input ends the session, also before it began.
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A request the server answers at once with no finding: proof it still serves.
fn still_serving(client: &mut Client) {
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nowhere/main.tf" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");
}

#[test]
fn malformed_frames_are_answered_and_the_session_goes_on() {
    let (dir, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut client = Client::start_limited(dir.path(), tmp.path());
    // Before the session began, then in it.
    client.send_raw(b"Content-Length: 5\r\n\r\n{oops");
    assert_eq!(client.framing_error()["code"], -32700);
    client.initialize();
    still_serving(&mut client);

    let cases: [(&[u8], i32); 7] = [
        // Bad JSON.
        (b"Content-Length: 5\r\n\r\n{oops", -32700),
        // JSON that is not JSON-RPC.
        (b"Content-Length: 17\r\n\r\n{\"hello\":\"world\"}", -32600),
        (b"Content-Length: 6\r\n\r\n[1, 2]", -32600),
        (b"Content-Length: 38\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":1}", -32600),
        // No Content-Length: the body is skipped up to the next frame.
        (b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\"}", -32700),
        // A negative one, and one not ended by CRLF.
        (b"Content-Length: -5\r\n\r\n{}", -32700),
        (b"Content-Length: 2\n\n{}", -32700),
    ];
    for (frame, code) in cases {
        client.send_raw(frame);
        let error = client.framing_error();
        assert_eq!(error["code"], code, "{}: {error}", String::from_utf8_lossy(frame));
        still_serving(&mut client);
    }

    // Over the 64 MiB cap: refused, and exactly its bytes skipped (a frame inside
    // them is part of the refused body).
    let length = (64 << 20) + 1;
    client.send_raw(format!("Content-Length: {length}\r\n\r\n").as_bytes());
    assert_eq!(client.framing_error()["code"], -32600);
    let inner = b"Content-Length: 5\r\n\r\n{oops";
    client.send_raw(inner);
    let chunk = vec![b' '; 1 << 20];
    let mut left = length - inner.len();
    while left > 0 {
        let n = left.min(chunk.len());
        client.send_raw(&chunk[..n]);
        left -= n;
    }
    still_serving(&mut client);
    assert!(client.backlog.iter().all(|m| m.get("error").is_none()), "{:?}", client.backlog);

    // A length no memory holds: refused without allocating it; the rest of the input
    // is its body, and the end of input ends the server cleanly.
    client.send_raw(b"Content-Length: 99999999999999\r\n\r\n{}");
    assert_eq!(client.framing_error()["code"], -32600);
    drop(client.stdin);
    let status = client.child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
}
#[test]
fn a_fix_is_offered_as_a_code_action_and_resolves_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let text = "resource \"aws_kms_key\" \"data\" {\n  description = \"training data\" # keep\n}\n";
    write(dir.path(), "keys.tf", text);
    let keys = uri(&dir.path().join("keys.tf"));
    let mut client = Client::start(dir.path());
    client.request("initialize", json!({ "processId": null, "capabilities": {} }));
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": keys, "languageId": "terraform", "version": 1, "text": text } }),
    );
    let list = client.diagnostics(&keys, |l| l.iter().any(|d| d["code"] == "KMS001"));
    let d = list.iter().find(|d| d["code"] == "KMS001").unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": keys }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let fix = &actions["result"][0];
    assert_eq!(fix["title"], "Fix KMS001: set `enable_key_rotation` to true");
    // Only the line added, not the whole document, for the version the client has.
    let edits = fix["edit"]["documentChanges"][0]["edits"].as_array().unwrap();
    let at = json!({ "line": 1, "character": 0 });
    assert_eq!(edits, &[json!({ "range": { "start": at, "end": at }, "newText": "  enable_key_rotation = true\n" })]);
    let fixed = apply_action(fix, &keys, json!(1), text);
    assert_eq!(
        fixed,
        "resource \"aws_kms_key\" \"data\" {\n  enable_key_rotation = true\n  description = \"training data\" # keep\n}\n"
    );
    let fixed = fixed.as_str();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": keys, "version": 2 }, "contentChanges": [{ "text": fixed }] }),
    );
    client.diagnostics(&keys, |l| l.iter().all(|d| d["code"] != "KMS001"));
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn a_fix_replacing_a_literal_edits_only_that_literal_after_wide_characters() {
    let dir = tempfile::tempdir().unwrap();
    // Before the literal on its line, characters of one and two UTF-16 units (the
    // column counts 12 units for 11 characters), and more after it.
    let text = "resource \"aws_kms_key\" \"data\" {\n  /* é😀 */ enable_key_rotation = false # 😀 keep\n}\n";
    write(dir.path(), "keys.tf", text);
    let keys = uri(&dir.path().join("keys.tf"));
    let mut client = Client::start(dir.path());
    client.initialize();
    client.open(&keys, text);
    let list = client.diagnostics(&keys, |l| l.iter().any(|d| d["code"] == "KMS001"));
    let d = list.iter().find(|d| d["code"] == "KMS001").unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": keys }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let fix = &actions["result"][0];
    let edits = fix["edit"]["documentChanges"][0]["edits"].as_array().unwrap();
    assert_eq!(
        edits,
        &[
            json!({ "range": { "start": { "line": 1, "character": 34 }, "end": { "line": 1, "character": 39 } }, "newText": "true" })
        ]
    );
    assert_eq!(apply_action(fix, &keys, json!(1), text), text.replace("= false", "= true"));
    client.shutdown();
}

/// The time from an edit (didChange) to the edited file's diagnostics, the pause after
/// typing included, in modules of the shared corpus. Run in release mode:
/// `cargo test --release --test lsp -- --ignored --nocapture`.
#[test]
#[ignore = "needs ../shared/corpora (run by .ci/run); a measurement, best in release mode"]
fn diagnostic_refresh_latency() {
    let corpus = corpus("terraform-aws-security-group");
    for file in ["modules/ssh/main.tf", "main.tf"] {
        let path = corpus.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = uri(&path);
        let mut client = Client::start(&corpus);
        client.request("initialize", json!({ "processId": null, "capabilities": {} }));
        client.notify("initialized", json!({}));
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": doc, "languageId": "terraform", "version": 1, "text": text } }),
        );
        client.diagnostics(&doc, |_| true);
        let mut times = Vec::new();
        for version in 2..12 {
            // Let the rest of the previous publication arrive first.
            std::thread::sleep(Duration::from_millis(300));
            while client.messages.try_recv().is_ok() {}
            client.backlog.clear();
            let edited = format!("{text}\n# edit {version}\n");
            let start = Instant::now();
            client.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": doc, "version": version }, "contentChanges": [{ "text": edited }] }),
            );
            let list = client.diagnostics(&doc, |_| true);
            times.push(start.elapsed());
            assert!(list.iter().all(|d| d["source"] == "ringfence"));
        }
        times.sort();
        eprintln!("{file}: median {:?} (min {:?}, max {:?}) over 10 edits", times[5], times[0], times[9]);
        client.request("shutdown", Value::Null);
        client.notify("exit", Value::Null);
        assert!(client.child.wait().unwrap().success());
    }
}

#[test]
fn the_projects_configuration_applies_to_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ringfence.toml",
        "[severity]\nNET001 = \"low\"\n\n[per-path-ignores]\n\"sandbox/**\" = [\"NET001\"]\n",
    );
    write(dir.path(), "infra/variables.tf", VARIABLES);
    write(dir.path(), "infra/main.tf", MAIN);
    write(dir.path(), "sandbox/variables.tf", VARIABLES);
    write(dir.path(), "sandbox/main.tf", MAIN);
    let (infra, sandbox) = (uri(&dir.path().join("infra/main.tf")), uri(&dir.path().join("sandbox/main.tf")));
    let mut client = Client::start(dir.path());
    client.request("initialize", json!({ "processId": null, "capabilities": {} }));
    client.notify("initialized", json!({}));
    for doc in [&infra, &sandbox] {
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": doc, "languageId": "terraform", "version": 1, "text": MAIN } }),
        );
    }
    // `[severity]`: low is an LSP information (3).
    let list = client.diagnostics(&infra, |l| !net001(l).is_empty());
    assert_eq!(net001(&list)[0]["severity"], 3);
    // `[per-path-ignores]`: nothing from NET001 under sandbox/.
    let list = client.diagnostics(&sandbox, |_| true);
    assert!(net001(&list).is_empty(), "{list:?}");
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

/// `n` security groups open to the internet, one NET001 each: a slow module.
fn many_open_groups(n: usize) -> String {
    (0..n)
        .map(|i| MAIN.replace("\"admin\"", &format!("\"g{i}\"")).replace("[var.admin_cidr]", "[\"0.0.0.0/0\"]"))
        .collect()
}

const KEYS: &str = "resource \"aws_kms_key\" \"data\" {\n  description = \"training data\"\n}\n";

#[test]
fn a_huge_document_does_not_stall_the_server() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "small/variables.tf", VARIABLES);
    write(dir.path(), "small/main.tf", MAIN);
    write(dir.path(), "huge/main.tf", "");
    let (small, huge) = (uri(&dir.path().join("small/main.tf")), uri(&dir.path().join("huge/main.tf")));
    let mut client = Client::start(dir.path());
    client.initialize();
    client.open(&small, MAIN);
    client.diagnostics(&small, |l| !net001(l).is_empty());

    client.open(&huge, &many_open_groups(20_000));
    let start = Instant::now();
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": small }, "position": { "line": 5, "character": 22 } }),
    );
    let answered = start.elapsed();
    assert!(hover["result"]["contents"]["value"].as_str().unwrap().starts_with("# NET001"), "{hover}");
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": small },
                "range": { "start": { "line": 5, "character": 22 }, "end": { "line": 5, "character": 22 } },
                "context": { "diagnostics": [] } }),
    );
    assert!(!actions["result"].as_array().unwrap().is_empty(), "{actions}");
    let bound = Duration::from_secs(3);
    eprintln!("with a huge module in analysis: hover in {answered:?}, code action by {:?}", start.elapsed());
    assert!(start.elapsed() < bound, "hover after {answered:?}, code action after {:?}", start.elapsed());
    // Shutdown does not wait for the check of the huge document either.
    let start = Instant::now();
    client.shutdown();
    assert!(start.elapsed() < bound, "shut down after {:?}", start.elapsed());
}

#[test]
fn a_superseded_version_is_never_published_after_the_newer_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", "");
    let doc = uri(&dir.path().join("main.tf"));
    let mut client = Client::start(dir.path());
    client.initialize();
    // Version 1 is slow to check; version 2 comes while it runs.
    client.open(&doc, &many_open_groups(5_000));
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 2 }, "contentChanges": [{ "text": KEYS }] }),
    );
    // A request about the document waits for the check of the newest version.
    let hover = client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": { "line": 0, "character": 1 } }),
    );
    let deadline = Instant::now() + Duration::from_secs(300);
    let (mut published, mut answered, mut dropped) = (Vec::new(), None, false);
    // Until the newest version is published, the hover answered and version 1 is over:
    // dropped (possibly before it even started), or published before version 2 was
    // started.
    while published.last() != Some(&"KMS001")
        || answered.is_none()
        || !(dropped || published.first() == Some(&"NET001"))
    {
        let left = deadline.checked_duration_since(Instant::now()).expect("the checks did not end in time");
        let m = client.messages.recv_timeout(left).expect("the checks did not end in time");
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == doc.as_str() {
            let list = m["params"]["diagnostics"].as_array().unwrap();
            let codes: BTreeSet<&str> = list.iter().filter_map(|d| d["code"].as_str()).collect();
            let version = if codes.contains("NET001") { "NET001" } else { "KMS001" };
            assert!(version == "NET001" || codes.contains("KMS001"), "{list:?}");
            published.push(version);
        } else if m["method"] == "window/logMessage" && m["params"]["message"].as_str().unwrap().contains("superseded")
        {
            dropped = true;
        } else if m["id"] == hover {
            assert_eq!(published.last(), Some(&"KMS001"), "answered before version 2 was checked: {m}");
            assert!(m["result"]["contents"]["value"].as_str().unwrap().starts_with("# KMS001"), "{m}");
            answered = Some(m);
        }
    }
    eprintln!("published {published:?}, the superseded check dropped: {dropped}");
    assert!(answered.is_some(), "the hover was not answered with version 2's findings");
    let first_newer = published.iter().position(|v| *v == "KMS001").unwrap();
    assert!(published[first_newer..].iter().all(|v| *v == "KMS001"), "{published:?}");
    client.shutdown();
}

#[test]
fn rule_pages_live_in_a_private_directory_removed_at_exit() {
    let (dir, tmp, victim) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Another user's trap at the name older versions used.
    let trap = tmp.path().join(format!("ringfence-{}-rules", env!("CARGO_PKG_VERSION")));
    std::os::unix::fs::symlink(victim.path(), &trap).unwrap();
    write(victim.path(), "NET001.md", "not yours");
    write(dir.path(), "variables.tf", VARIABLES);
    write(dir.path(), "main.tf", MAIN);
    let main = uri(&dir.path().join("main.tf"));
    let mut client = Client::start_limited(dir.path(), tmp.path());
    client.initialize();
    client.open(&main, MAIN);
    let list = client.diagnostics(&main, |l| !net001(l).is_empty());
    let href = net001(&list)[0]["codeDescription"]["href"].as_str().unwrap().to_string();
    let page = Path::new(href.strip_prefix("file://").unwrap());
    assert!(std::fs::read_to_string(page).unwrap().starts_with("# NET001: open-ingress"));
    let pages = page.parent().unwrap();
    assert_eq!(pages.parent().unwrap().canonicalize().unwrap(), tmp.path().canonicalize().unwrap());
    assert!(pages.file_name().unwrap().to_str().unwrap().starts_with("ringfence-rules-"), "{href}");
    let meta = std::fs::symlink_metadata(pages).unwrap();
    assert!(meta.is_dir());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(meta.permissions().mode() & 0o777, 0o700);
    client.shutdown();
    assert!(!pages.exists(), "{} is left behind", pages.display());
    assert_eq!(std::fs::read_to_string(victim.path().join("NET001.md")).unwrap(), "not yours");
    assert_eq!(std::fs::read_dir(victim.path()).unwrap().count(), 1);
}

#[test]
fn exit_without_shutdown_ends_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize();
    client.notify("exit", Value::Null);
    // stdin stays open: the notification alone ends it.
    let deadline = Instant::now() + WAIT;
    while client.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "still running after `exit`");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The next diagnostics published for `uri`, with the version they are for.
fn next_published(client: &mut Client, uri: &str, within: Duration) -> Option<(Option<i64>, Vec<Value>)> {
    let deadline = Instant::now() + within;
    loop {
        let m = match client.backlog.pop_front() {
            Some(m) => m,
            None => client.messages.recv_timeout(deadline.checked_duration_since(Instant::now())?).ok()?,
        };
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
            let list = m["params"]["diagnostics"].as_array().unwrap().clone();
            return Some((m["params"]["version"].as_i64(), list));
        }
    }
}

#[test]
fn a_change_is_checked_soon_after_typing_pauses() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "variables.tf", VARIABLES);
    write(dir.path(), "main.tf", MAIN);
    let doc = uri(&dir.path().join("main.tf"));
    let mut client = Client::start(dir.path());
    client.initialize();
    client.open(&doc, MAIN);
    let (version, list) = next_published(&mut client, &doc, WAIT).expect("diagnostics on open");
    assert_eq!(version, Some(1));
    assert!(!net001(&list).is_empty(), "{list:?}");
    let private = MAIN.replace("[var.admin_cidr]", "[\"10.0.0.0/8\"]");
    let mut times = Vec::new();
    for version in 2..8 {
        // Whatever is still to come of the previous version first.
        std::thread::sleep(Duration::from_millis(100));
        while client.messages.try_recv().is_ok() {}
        client.backlog.clear();
        let text = if version % 2 == 0 { &private } else { MAIN };
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": doc, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        let (published, list) = next_published(&mut client, &doc, WAIT).expect("diagnostics after the change");
        times.push(start.elapsed());
        assert_eq!(published, Some(version), "{list:?}");
        assert_eq!(net001(&list).is_empty(), version % 2 == 0, "version {version}: {list:?}");
    }
    times.sort();
    eprintln!("change to diagnostics: fastest {:?}, median {:?}, slowest {:?}", times[0], times[3], times[5]);
    // A fixed 150 ms debounce could never answer this soon; the fastest edit, so that a
    // busy machine does not make it flaky.
    assert!(times[0] < Duration::from_millis(120), "{times:?}");
    client.shutdown();
}

#[test]
fn rapid_changes_publish_the_newest_version_last_and_never_an_older_one_after_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", "");
    let doc = uri(&dir.path().join("main.tf"));
    let mut client = Client::start(dir.path());
    client.initialize();
    // A module slow enough that checks overlap the changes.
    let slow = many_open_groups(300);
    client.open(&doc, &slow);
    assert_eq!(next_published(&mut client, &doc, WAIT).expect("diagnostics on open").0, Some(1));
    // Versions 2 and 3 land while earlier checks may still run; 4 is the last.
    let texts = [(2, MAIN.replace("[var.admin_cidr]", "[\"0.0.0.0/0\"]")), (3, slow.clone()), (4, KEYS.to_string())];
    for (i, (version, text)) in texts.iter().enumerate() {
        if i > 0 {
            std::thread::sleep(Duration::from_millis(15 * i as u64));
        }
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": doc, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }
    let mut published = Vec::new();
    // Until version 4 is published, then a while longer for anything stale behind it.
    while published.last() != Some(&4) {
        let (version, list) = next_published(&mut client, &doc, WAIT).expect("version 4 was not published in time");
        let version = version.expect("diagnostics of an open document carry its version");
        // The findings are those of the version named.
        let codes: BTreeSet<&str> = list.iter().filter_map(|d| d["code"].as_str()).collect();
        match version {
            1 | 3 => assert!(net001(&list).len() == 300, "version {version}: {codes:?}"),
            2 => assert!(net001(&list).len() == 1, "version 2: {codes:?}"),
            4 => assert!(codes.contains("KMS001") && !codes.contains("NET001"), "version 4: {codes:?}"),
            _ => panic!("version {version} was never sent"),
        }
        published.push(version);
    }
    if let Some(late) = next_published(&mut client, &doc, Duration::from_millis(500)) {
        published.push(late.0.unwrap_or_default());
    }
    eprintln!("published versions after the open: {published:?}");
    assert!(published.windows(2).all(|w| w[0] <= w[1]), "an older version after a newer one: {published:?}");
    assert_eq!(published.last(), Some(&4), "{published:?}");
    client.shutdown();
}
