#!/usr/bin/env bash
# The language server as an editor feels it: `ringfence server` over stdio, one open
# Terraform module of about 200 and one of about 5,000 lines (generated here, never
# stored). For each: the time from didSave to the file's diagnostics, and from
# didChange (a new version of the text) to diagnostics of that version, the pause
# after typing included. Prints median and p95 over N of each.
#
#   bench/lsp.sh [--runs N]
#
# RINGFENCE_BIN=path measures that binary instead of building this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=40
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: bench/lsp.sh [--runs N]" >&2; exit 2 ;;
  esac
done

. bench/binary.sh
out=$PWD/bench/out/lsp
rm -rf "$out" && mkdir -p "$out"

python3 - "$bin" "$out" "$runs" <<'PY'
import json, os, statistics, subprocess, sys, threading, time, queue
bin, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

# One group of resources (a bucket, its access block, a role with an inline policy, a
# security group): about 50 lines, with findings. Repeated to the size wanted.
def group(n):
    return f'''resource "aws_s3_bucket" "b{n}" {{
  bucket = "lsp-{n}"
}}

resource "aws_s3_bucket_public_access_block" "b{n}" {{
  bucket                  = aws_s3_bucket.b{n}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}

resource "aws_iam_role" "r{n}" {{
  name = "role-{n}"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Principal = {{ Service = "sagemaker.amazonaws.com" }} }}]
  }})
}}

resource "aws_iam_role_policy" "r{n}" {{
  role = aws_iam_role.r{n}.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "kms:Decrypt"]
      Resource = ["${{aws_s3_bucket.b{n}.arn}}/*", "*"]
    }}]
  }})
}}

resource "aws_security_group" "g{n}" {{
  name = "g{n}"
  ingress {{
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}

'''

def module(lines):
    text, n = "", 0
    while text.count("\n") < lines:
        text += group(n)
        n += 1
    return text

class Server:
    def __init__(self, cwd):
        self.p = subprocess.Popen([bin, "server"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.q = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()
        self.id = 0

    def read(self):
        f = self.p.stdout
        while True:
            length = None
            while True:
                line = f.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
            self.q.put((time.perf_counter(), json.loads(f.read(length))))

    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.id += 1
        self.send({"jsonrpc": "2.0", "id": self.id, "method": method, "params": params})
        while True:
            _, m = self.q.get(timeout=60)
            if m.get("id") == self.id and "method" not in m:
                return m

    def diagnostics(self, uri, version=None):
        """When the diagnostics of `uri` (of `version`, if given) arrived."""
        while True:
            at, m = self.q.get(timeout=60)
            p = m.get("params") or {}
            if m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri:
                # A server that does not say the version: any.
                if version is None or p.get("version") in (version, None):
                    return at, len(p["diagnostics"])

    def drain(self, quiet=0.15):
        time.sleep(quiet)
        while not self.q.empty():
            self.q.get()

def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]

for lines in (200, 5000):
    d = os.path.join(out, f"m{lines}")
    os.makedirs(d)
    path = os.path.join(d, "main.tf")
    text = module(lines)
    open(path, "w").write(text)
    uri = "file://" + os.path.realpath(path)
    s = Server(d)
    s.request("initialize", {"processId": None, "capabilities": {}})
    s.notify("initialized", {})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "terraform", "version": 1, "text": text}})
    _, found = s.diagnostics(uri, 1)
    saves, changes = [], []
    for i in range(runs + 2):
        s.drain()
        start = time.perf_counter()
        s.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        at, _ = s.diagnostics(uri)
        saves.append((at - start) * 1000)
    version = 1
    for i in range(runs + 2):
        s.drain()
        version += 1
        edited = text + f"\n# edit {version}\n"
        start = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                            "contentChanges": [{"text": edited}]})
        at, _ = s.diagnostics(uri, version)
        changes.append((at - start) * 1000)
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=10)
    # The first two of each warm up.
    saves, changes = saves[2:], changes[2:]
    label = f"{text.count(chr(10))} lines, {found} findings"
    print(f"save   -> diagnostics  {label:28}  median {statistics.median(saves):7.2f} ms  p95 {p95(saves):7.2f} ms  ({runs} saves)")
    print(f"change -> diagnostics  {label:28}  median {statistics.median(changes):7.2f} ms  p95 {p95(changes):7.2f} ms  ({runs} changes)")
PY
