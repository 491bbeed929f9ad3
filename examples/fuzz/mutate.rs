//! Deterministic mutations of IaC texts: generic byte edits plus the tokens that matter to
//! HCL, YAML and JSON readers and to the Terraform and CloudFormation evaluators.

/// xorshift64*: small, deterministic, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How a file is read, from its name: decides which tokens are worth inserting.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Hcl,
    Yaml,
    Json,
}

pub fn kind_of(name: &str) -> Kind {
    if name.ends_with(".json") || name.ends_with(".json.tpl") {
        Kind::Json
    } else if name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".template") {
        Kind::Yaml
    } else {
        Kind::Hcl
    }
}

/// A mutant stays below this size: bigger inputs are the hostile suite's generators' job.
pub const MAX_LEN: usize = 256 << 10;

#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "0", "-0", "1", "-1", "255", "256", "65536", "2147483647", "2147483648", "-2147483649", "4294967296",
    "9223372036854775807", "18446744073709551616", "1e20", "-1e20", "1e308", "1e309", "-1e309", "1.5", "0.1e-400",
    "99999999999999999999999999999999", "0x7fffffff", "1_000", "NaN", "Infinity",
];

#[rustfmt::skip]
const HCL_TOKENS: &[&str] = &[
    "${", "}", "%{", "%{ for x in var.l }", "%{ endfor }", "%{ if true }", "%{ endif }", "\"", "'", "<<EOF\n",
    "<<-EOF\n", "\nEOF\n", "[", "]", "{", "}", "(", ")", "...", "=>", " ? ", " : ", "\\", "\\u", "\\U0001F600",
    "$${", "%%{", "null", "true", "var.x", "local.x", "each.key", "each.value", "count.index", "self",
    "path.module", "module.m.out", "data.aws_caller_identity.c.account_id", "aws_s3_bucket.b.arn",
    "aws_s3_bucket.b[*].id", "[*]", ".*", "[99999999999]", "[-1]", "\n  count = 100000\n", "\n  count = -1\n",
    "\n  for_each = var.x\n", "\n  for_each = toset([\"a\", \"a\"])\n",
    "\ndynamic \"ingress\" {\n  for_each = [1, 2]\n  content {}\n}\n", "\nmodule \"m\" {\n  source = \"./\"\n}\n",
    "\nmodule \"m\" {\n  source = \"../\"\n}\n", "\nlocals {\n  a = local.b\n  b = local.a\n}\n",
    "\nvariable \"x\" {\n  default = {}\n}\n", "\nresource \"aws_s3_bucket\" \"b\" {\n}\n",
    "\nresource \"aws_security_group\" \"g\" {\n  ingress {}\n}\n", "\n  provider = aws.other\n",
    "\n  depends_on = [aws_s3_bucket.b]\n", "\n  lifecycle {}\n", "for k, v in ", "[for x in var.l : x]",
    "{for k, v in var.m : k => v...}", "# ringfence:ignore NET001 reason\n", "# ringfence:ignore\n", "/*", "*/",
    "//", "#", "=", "==", "!=", "&&", "||", "!", "-", "%", "/ 0", "% 0", "file(\"/proc/self/environ\")",
    "file(\"../../../../etc/passwd\")", "fileexists(\"/\")", "templatefile(\"${path.module}/x.tpl\", {})",
    "\u{feff}", "\r\n", "\t", "\u{0}", "\u{1b}[31m", "\u{7}", "\u{202e}", "\u{2028}", "é", "𝕏",
];

#[rustfmt::skip]
const YAML_TOKENS: &[&str] = &[
    "&a ", "*a", "&a [*a, *a, *a]", "<<: *a", "? ", ": ", "- ", "---\n", "...\n", "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n", "!!binary ", "!!str ", "!!int ", "!!map ", "!Ref ", "!Sub ", "!GetAtt ", "!If ",
    "!Join ", "!Select ", "!Split ", "!FindInMap ", "!Base64 ", "!Cidr ", "!GetAZs ", "!ImportValue ", "!Equals ",
    "!Not ", "!And ", "!Or ", "!Condition ", "!Unknown ", "|", "|-", ">", ">+", "\t", "{", "}", "[", "]", "'", "\"",
    "#", "~", "null", "", "\n  Fn::If: [C, a, b]\n", "\nConditions:\n  C: !Equals [!Ref AWS::Region, x]\n",
    "\n  Condition: C\n", "\n  Fn::Select: [99999999999, [a]]\n", "\n  Fn::Select: [-1, []]\n",
    "\n  Fn::Sub: ['${a}${!b}${', {}]\n", "\n  Fn::Split: ['', '']\n", "\n  Fn::Cidr: ['10.0.0.0/8', 999999, 99]\n",
    "\n  Fn::GetAZs: ''\n", "\n  Fn::FindInMap: [M, k, v]\n", "\n  Fn::Join: ['', [!Ref X, !Ref X]]\n",
    "\n  Ref: AWS::NoValue\n", "\n  Fn::ForEach::L: [x, [a, b], {'${x}': {Type: 'AWS::S3::Bucket'}}]\n",
    "\n  DependsOn: [X, X]\n", "\n  Type: AWS::S3::Bucket\n", "\n  Type: AWS::CloudFormation::Stack\n",
    "\n  TemplateURL: /proc/self/environ\n", "\nAWSTemplateFormatVersion: '2010-09-09'\n",
    "\nTransform: AWS::Serverless-2016-10-31\n", "\nParameters:\n  P:\n    Type: Number\n    Default: 1e400\n",
    "\r\n", "\u{feff}", "\u{0}", "\u{1b}[0m", "\u{85}",
];

#[rustfmt::skip]
const JSON_TOKENS: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\u0000", "null", "true", "false", "{}", "[]",
    "\"${\"", "\"${var.x}\"", "\"%{\"", "{\"Ref\": \"X\"}", "{\"Fn::If\": [\"C\", 1, 2]}",
    "{\"Fn::GetAtt\": [\"X\", \"Arn\"]}", "{\"Fn::Sub\": \"${AWS::Region}${X.Arn}\"}",
    "{\"Fn::Select\": [99999999999, []]}", "{\"Fn::Join\": [\"\", []]}", "{\"Fn::Split\": [\"\", \"\"]}",
    "{\"Fn::Base64\": {}}", "{\"Condition\": \"C\"}", "{\"Fn::Equals\": [1]}", "\"Type\": \"AWS::S3::Bucket\"",
    "\"Resources\": {}", "\"AWSTemplateFormatVersion\": \"2010-09-09\"", "\"format_version\": \"1.0\"",
    "\"planned_values\": {}", "\"resource_changes\": []", "\"resource\": {}",
    "\"module\": {\"m\": {\"source\": \"./\"}}", "\"locals\": {\"a\": \"${local.a}\"}", "\"count\": 100000",
    "\"//\": 1", "/*", "*/", "//", "\u{feff}", "\r\n", "\u{0}", "\u{1b}[31m", "\u{2028}",
];

#[rustfmt::skip]
const FUNCTIONS: &[&str] = &[
    "alltrue", "anytrue", "chunklist", "coalesce", "coalescelist", "compact", "concat", "contains", "distinct",
    "element", "flatten", "index", "keys", "length", "lookup", "merge", "one", "range", "reverse",
    "setintersection", "setsubtract", "setunion", "slice", "sort", "sum", "values", "zipmap", "can", "nonsensitive",
    "sensitive", "tobool", "tolist", "tomap", "tonumber", "toset", "tostring", "try", "abspath", "basename",
    "dirname", "file", "fileexists", "pathexpand", "templatefile", "endswith", "format", "formatlist", "join",
    "lower", "replace", "split", "startswith", "strcontains", "substr", "title", "trim", "trimprefix", "trimspace",
    "trimsuffix", "upper", "jsonencode", "jsondecode", "yamlencode", "yamldecode", "base64encode", "base64decode",
    "cidrsubnet", "cidrhost", "cidrnetmask", "max", "min", "pow", "ceil", "floor", "abs", "parseint", "regex",
    "regexall", "strrev", "md5", "sha256", "uuid", "timestamp", "setproduct", "transpose", "matchkeys", "list",
    "map",
];

#[rustfmt::skip]
const ARGUMENTS: &[&str] = &[
    "\"\"", "\"a\"", "\"abc\"", "\"%\"", "\"%*d\"", "\"%-99999999999d\"", "\"%.99999999999f\"", "\"%v%v%v\"",
    "\"%[9]s\"", "\"/\"", "\"10.0.0.0/8\"", "\"::/0\"", "\"0.0.0.0/0\"", "\"(\"", "\"[\"", "\"a{99999}\"",
    "\"\\\\\"", "-1", "0", "1", "1e20", "-1e20", "1e308", "2147483648", "0.5", "[]", "{}", "null", "true", "[1, 2]",
    "[[]]", "{a = 1}", "{\"\" = null}", "var.x", "local.x", "[\"a\", 1, null]", "range(100000)",
    "\"${path.module}\"", "\"/dev/zero\"", "\"/proc/self/environ\"",
];

/// One call of a Terraform function with arguments from `ARGUMENTS`, some nested.
fn function_call(rng: &mut Rng, depth: usize) -> String {
    let name = rng.pick(FUNCTIONS);
    let count = rng.below(5);
    let args: Vec<String> =
        (0..count)
            .map(|_| {
                if depth < 3 && rng.chance(4) {
                    function_call(rng, depth + 1)
                } else {
                    rng.pick(ARGUMENTS).to_string()
                }
            })
            .collect();
    format!("{name}({})", args.join(", "))
}

fn tokens(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Hcl => HCL_TOKENS,
        Kind::Yaml => YAML_TOKENS,
        Kind::Json => JSON_TOKENS,
    }
}

/// Offsets where lines start.
fn line_starts(data: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(data.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1));
    starts.retain(|s| *s <= data.len());
    starts
}

/// A random line: (start, end including its newline).
fn random_line(rng: &mut Rng, data: &[u8]) -> (usize, usize) {
    let starts = line_starts(data);
    let i = rng.below(starts.len());
    let end = starts.get(i + 1).copied().unwrap_or(data.len());
    (starts[i], end)
}

/// A random range `start..end` of `data`, mostly short.
fn random_range(rng: &mut Rng, data: &[u8]) -> (usize, usize) {
    let start = rng.below(data.len() + 1);
    let room = data.len() - start;
    let len = if rng.chance(4) { rng.below(room + 1) } else { rng.below(room.min(64) + 1) };
    (start, start + len)
}

/// Applies one to eight mutations; `donor` is another seed of the same kind, for splices.
pub fn mutate(rng: &mut Rng, data: &mut Vec<u8>, kind: Kind, donor: &[u8]) {
    for _ in 0..1 + rng.below(8) {
        mutate_once(rng, data, kind, donor);
        if data.len() > MAX_LEN {
            data.truncate(MAX_LEN);
        }
    }
}

fn mutate_once(rng: &mut Rng, data: &mut Vec<u8>, kind: Kind, donor: &[u8]) {
    let at = rng.below(data.len() + 1);
    match rng.below(22) {
        0 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] ^= 1 << rng.below(8);
        }
        1 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] = *rng.pick(&[0, 0x7f, 0x80, 0xff, b'\n', b'\r', b'"', b'\\', b'{', b'}', b'[', b']', b'$', b' ']);
        }
        2 => {
            let (s, e) = random_range(rng, data);
            data.drain(s..e);
        }
        3 => {
            let (s, e) = random_range(rng, data);
            let copy = data[s..e].to_vec();
            let to = rng.below(data.len() + 1);
            data.splice(to..to, copy);
        }
        4 => {
            let (s, e) = random_line(rng, data);
            let line = data[s..e].to_vec();
            let times = if rng.chance(8) { 1 + rng.below(500) } else { 1 };
            for _ in 0..times {
                data.splice(s..s, line.iter().copied());
            }
        }
        5 => {
            let (s, e) = random_line(rng, data);
            data.drain(s..e);
        }
        6 => {
            let (a, b) = random_line(rng, data);
            let line = data[a..b].to_vec();
            data.drain(a..b);
            let (s, _) = random_line(rng, data);
            data.splice(s..s, line);
        }
        7 if !donor.is_empty() => {
            // Splice: a head of this file, a tail of the donor, both cut at line starts.
            let (cut, _) = random_line(rng, data);
            let (from, _) = random_line(rng, donor);
            data.truncate(cut);
            data.extend_from_slice(&donor[from..]);
        }
        8 if !donor.is_empty() => {
            let (s, e) = random_range(rng, donor);
            data.splice(at..at, donor[s..e].iter().copied());
        }
        9 => {
            // Nest a slice in brackets, sometimes beyond the parsers' depth limits.
            let (s, e) = random_range(rng, data);
            let (open, close) = *rng.pick(&[("[", "]"), ("{", "}"), ("(", ")"), ("${", "}"), ("[{\"a\": ", "}]")]);
            let depth = if rng.chance(4) { 200 + rng.below(400) } else { 1 + rng.below(8) };
            data.splice(e..e, close.repeat(depth).into_bytes());
            data.splice(s..s, open.repeat(depth).into_bytes());
        }
        10 => {
            // A number changed to an extreme one.
            let digits: Vec<usize> = (0..data.len()).filter(|i| data[*i].is_ascii_digit()).collect();
            let number = rng.pick(NUMBERS).as_bytes().to_vec();
            if digits.is_empty() {
                data.splice(at..at, number);
            } else {
                let s = *rng.pick(&digits);
                let e = (s..data.len()).find(|i| !data[*i].is_ascii_digit() && data[*i] != b'.').unwrap_or(data.len());
                data.splice(s..e, number);
            }
        }
        11 => {
            // Quotes swapped.
            let quotes: Vec<usize> = (0..data.len()).filter(|i| matches!(data[*i], b'"' | b'\'')).collect();
            if !quotes.is_empty() {
                let i = *rng.pick(&quotes);
                data[i] = if data[i] == b'"' { b'\'' } else { b'"' };
            }
        }
        12..=14 => {
            let token = rng.pick(tokens(kind)).as_bytes().to_vec();
            data.splice(at..at, token);
        }
        15 if kind == Kind::Hcl => {
            let call = function_call(rng, 0);
            let text = if rng.chance(2) { format!("\nlocals {{\n  f = {call}\n}}\n") } else { format!("${{{call}}}") };
            data.splice(at..at, text.into_bytes());
        }
        15 if kind == Kind::Yaml => {
            // An alias repeated: each copy expands the anchored node again.
            let times = 1 + rng.below(64);
            let text = format!("\nz: &z [{}]\ny: [{}]\n", "*a, ".repeat(times), "*z, ".repeat(times));
            data.splice(at..at, text.into_bytes());
        }
        16 => {
            let invalid: &[&[u8]] =
                &[b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xc0\xaf"];
            data.splice(at..at, rng.pick(invalid).iter().copied());
        }
        17 => {
            if data.starts_with(b"\xef\xbb\xbf") {
                data.drain(..3);
            } else {
                data.splice(0..0, *b"\xef\xbb\xbf");
            }
        }
        18 => {
            // Line ends: all CRLF, or lone CRs.
            let crlf = rng.chance(2);
            let mut out = Vec::with_capacity(data.len() + data.len() / 16);
            for &b in data.iter() {
                if b == b'\n' {
                    out.extend_from_slice(if crlf { b"\r\n" } else { b"\r" });
                } else {
                    out.push(b);
                }
            }
            *data = out;
        }
        19 => {
            let (s, e) = random_range(rng, data);
            data.truncate(if rng.chance(2) { s } else { e });
        }
        20 => {
            // A long line: findings and errors past column 65,535 must still render.
            let (s, _) = random_line(rng, data);
            let pad = if rng.chance(2) { b' ' } else { b'x' };
            data.splice(s..s, std::iter::repeat_n(pad, 60_000 + rng.below(20_000)));
        }
        _ => {
            let control = rng.below(32) as u8;
            data.splice(at..at, [control]);
        }
    }
}
