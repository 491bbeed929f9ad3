//! Terraform expressions and functions evaluate to what `terraform plan` would see.

use ringfence_eval::{evaluate_root, Kind, ModuleSet, TfFile, TfModule, UnitId, Value};
use ringfence_syntax::confine::Root;
use ringfence_syntax::{parse_hcl, SourceMap};
use std::path::PathBuf;

/// A value as compact JSON-like text, `?` for unknown.
fn show(v: &Value) -> String {
    match &v.kind {
        Kind::Null => "null".into(),
        Kind::Bool(b) => b.to_string(),
        Kind::Number(n) => v.to_text().unwrap_or_else(|| n.to_string()),
        Kind::String(s) => format!("{s:?}"),
        Kind::List(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(",")),
        Kind::Map(entries) => format!(
            "{{{}}}",
            entries.iter().map(|e| format!("{}:{}", e.key, show(&e.value))).collect::<Vec<_>>().join(",")
        ),
        Kind::Unknown(_) => "?".into(),
        Kind::Error(_) => "!".into(),
    }
}

/// Evaluates `attrs` as the attributes of one resource and returns each shown.
fn eval(preamble: &str, attrs: &[(&str, &str)]) -> Vec<(String, String)> {
    let body: String = attrs.iter().map(|(k, e)| format!("  {k} = {e}\n")).collect();
    let text = format!("{preamble}\nresource \"test\" \"t\" {{\n{body}}}\n");
    let sources = SourceMap::new();
    let id = sources.add(PathBuf::from("main.tf"), text);
    let tree = parse_hcl(sources.get(id)).unwrap_or_else(|e| panic!("{}", e.message));
    let mut set = ModuleSet { root: Root::current().unwrap(), ..ModuleSet::default() };
    set.modules.insert(
        PathBuf::from("."),
        TfModule { dir: PathBuf::from("."), files: vec![TfFile::Hcl(sources.get(id), &tree)] },
    );
    let out = evaluate_root(UnitId(0), &PathBuf::from("."), &set, Vec::new(), &sources);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let r = out.resources.iter().find(|r| r.rtype == "test").expect("resource");
    attrs.iter().map(|(k, _)| (k.to_string(), r.attrs.get(k).map(show).unwrap_or_else(|| "missing".into()))).collect()
}

/// The resources of one module's text.
fn resources(text: &str) -> Vec<ringfence_eval::Resource> {
    let sources = SourceMap::new();
    let id = sources.add(PathBuf::from("main.tf"), text.to_string());
    let tree = parse_hcl(sources.get(id)).unwrap_or_else(|e| panic!("{}", e.message));
    let mut set = ModuleSet { root: Root::current().unwrap(), ..ModuleSet::default() };
    set.modules.insert(
        PathBuf::from("."),
        TfModule { dir: PathBuf::from("."), files: vec![TfFile::Hcl(sources.get(id), &tree)] },
    );
    let out = evaluate_root(UnitId(0), &PathBuf::from("."), &set, Vec::new(), &sources);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    out.resources
}

fn check(preamble: &str, cases: &[(&str, &str)]) {
    let exprs: Vec<(&str, &str)> = cases
        .iter()
        .enumerate()
        .map(|(i, (e, _))| {
            (
                [
                    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
                    "u", "v", "w", "x", "y", "z",
                ][i],
                *e,
            )
        })
        .collect();
    let got = eval(preamble, &exprs);
    for ((expr, want), (_, got)) in cases.iter().zip(got) {
        assert_eq!(&got, want, "{expr}");
    }
}

#[test]
fn collections_and_strings() {
    check(
        "",
        &[
            (r#"merge({a = 1, b = 2}, {b = 3})"#, "{a:1,b:3}"),
            (r#"concat(["a"], ["b", "c"])"#, r#"["a","b","c"]"#),
            (r#"flatten([["a", ["b"]], "c"])"#, r#"["a","b","c"]"#),
            (r#"distinct(["a", "b", "a"])"#, r#"["a","b"]"#),
            (r#"compact(["a", "", null, "b"])"#, r#"["a","b"]"#),
            (r#"coalesce("", null, "x")"#, r#""x""#),
            (r#"coalescelist([], ["y"])"#, r#"["y"]"#),
            (r#"lookup({a = "1"}, "b", "d")"#, r#""d""#),
            (r#"element(["a", "b"], 3)"#, r#""b""#),
            (r#"index(["a", "b"], "b")"#, "1"),
            (r#"contains(["a"], "a")"#, "true"),
            (r#"keys({b = 1, a = 2})"#, r#"["a","b"]"#),
            (r#"values({b = 1, a = 2})"#, "[2,1]"),
            (r#"zipmap(["a", "b"], [1, 2])"#, "{a:1,b:2}"),
            (r#"length("héllo")"#, "5"),
            (r#"slice([1, 2, 3, 4], 1, 3)"#, "[2,3]"),
            (r#"range(3)"#, "[0,1,2]"),
            (r#"one([])"#, "null"),
            (r#"toset(["b", "a", "b"])"#, r#"["b","a"]"#),
            (r#"tomap({a = "x"})"#, r#"{a:"x"}"#),
            (r#"tolist(["x"])"#, r#"["x"]"#),
        ],
    );
}

#[test]
fn substrings_at_any_offset_and_length() {
    check(
        "",
        &[
            (r#"substr("héllo", 1, 3)"#, r#""éll""#),
            (r#"substr("hello", -3, -1)"#, r#""llo""#),
            // Found by the fuzzer: a huge length overflowed the end offset.
            (r#"substr("hello", 1, 1e20)"#, r#""ello""#),
            (r#"substr("hello", 1e20, 1e20)"#, r#""""#),
            (r#"substr("hello", -1e20, 2)"#, r#""he""#),
        ],
    );
}

/// `try` falls through only an argument that fails; an unknown one makes it unknown.
/// `can` is false only for one that fails. Errors are what Terraform reports.
#[test]
fn try_and_can_tell_an_error_from_unknown() {
    let preamble = r#"
resource "aws_kms_key" "k" {}
resource "aws_vpc" "none" {
  count = 0
}
resource "aws_vpc" "one" {
  count      = 1
  cidr_block = "10.0.0.0/16"
}
variable "unset" {}
locals {
  obj  = { a = 1 }
  list = ["x"]
  nul  = null
  key  = aws_kms_key.k
}
"#;
    check(
        preamble,
        &[
            (r#"try(aws_kms_key.k.arn, null)"#, "?"),
            (r#"try(var.unset, "d")"#, "?"),
            (r#"try(local.obj.b, "d")"#, r#""d""#),
            (r#"try(local.obj["b"], "d")"#, r#""d""#),
            (r#"try(local.list[3], "d")"#, r#""d""#),
            (r#"try(local.list[-1], "d")"#, r#""d""#),
            (r#"try(local.nul.x, "d")"#, r#""d""#),
            (r#"try(aws_vpc.none[0].id, null)"#, "null"),
            (r#"try(aws_vpc.one[0].id, null)"#, "?"),
            (r#"try(aws_vpc.one[0].cidr_block, null)"#, r#""10.0.0.0/16""#),
            (r#"try(lookup(local.obj, "b"), "d")"#, r#""d""#),
            (r#"try(tonumber("x"), 0)"#, "0"),
            (r#"try("${local.obj.b}-x", "d")"#, r#""d""#),
            (r#"try([local.obj.b], ["d"])"#, r#"["d"]"#),
            (r#"try(upper(local.obj.b), "d")"#, r#""d""#),
            (r#"try(local.obj.a, "d")"#, "1"),
            (r#"try(local.obj.b, local.list[5])"#, "!"),
            (r#"try(local.key.arn, "d")"#, "?"),
            (r#"can(local.obj.b)"#, "false"),
            (r#"can(local.obj.a)"#, "true"),
            (r#"can(var.unset)"#, "?"),
            (r#"can(aws_kms_key.k.arn)"#, "?"),
            (r#"can(local.undeclared)"#, "false"),
            (r#"local.obj.b"#, "!"),
        ],
    );
}

/// An edge to a resource survives being held in a local or a `for_each` map.
#[test]
fn a_resource_object_held_elsewhere_keeps_its_edge() {
    let text = r#"
resource "aws_s3_bucket" "x" {}
locals {
  b = aws_s3_bucket.x
  m = { one = { bucket = aws_s3_bucket.x } }
}
resource "aws_s3_bucket_public_access_block" "p" {
  for_each = local.m
  bucket   = each.value.bucket.id
}
resource "test" "t" {
  a = local.b.id
  b = try(aws_kms_key.k.arn, null)
}
"#;
    let r = resources(text);
    let refs = |rtype: &str, attr: &str| -> Vec<String> {
        let res = r.iter().find(|r| r.rtype == rtype).expect(rtype);
        res.attrs
            .get(attr)
            .unwrap()
            .references()
            .iter()
            .map(|x| format!("{}.{}", x.target, x.attribute.clone().unwrap_or_default()))
            .collect()
    };
    assert_eq!(refs("test", "a"), ["aws_s3_bucket.x.id"]);
    assert_eq!(refs("test", "b"), ["aws_kms_key.k.arn"]);
    assert_eq!(refs("aws_s3_bucket_public_access_block", "bucket"), ["aws_s3_bucket.x.id"]);
}

/// `optional(type, default)` in a variable's type: the default when left out (also
/// nested, also inside lists and maps of objects), null without one.
#[test]
fn optional_attributes_take_their_defaults() {
    let preamble = r#"
variable "statements" {
  type = list(object({
    effect      = optional(string, "Allow")
    actions     = optional(list(string))
    not_actions = optional(list(string))
    extra       = optional(object({ cidr_blocks = optional(list(string), ["0.0.0.0/0"]), port = number }), { port = 22 })
  }))
  default = [{ actions = ["s3:*"], dropped = true }]
}
variable "rules" {
  type    = map(object({ cidr = optional(string, "0.0.0.0/0"), on = optional(bool, true) }))
  default = { a = {}, b = { cidr = "10.0.0.0/8", on = null } }
}
variable "whole" {
  type    = object({ a = optional(string, "x") })
  default = null
}
"#;
    check(
        preamble,
        &[
            (
                "var.statements",
                r#"[{effect:"Allow",actions:["s3:*"],not_actions:null,extra:{cidr_blocks:["0.0.0.0/0"],port:22}}]"#,
            ),
            ("var.rules", r#"{a:{cidr:"0.0.0.0/0",on:true},b:{cidr:"10.0.0.0/8",on:true}}"#),
            ("var.whole", "null"),
        ],
    );
}

#[test]
fn text_numbers_and_conversions() {
    check(
        "",
        &[
            (r#"format("%s-%d-%.2f-%q%%", "a", 5, 1.5, "q")"#, r#""a-5-1.50-\"q\"%""#),
            (r#"formatlist("%s=%s", ["a", "b"], "x")"#, r#"["a=x","b=x"]"#),
            (r#"join(",", ["a", "b"], ["c"])"#, r#""a,b,c""#),
            (r#"split(",", "0.0.0.0/0,10.0.0.0/8")"#, r#"["0.0.0.0/0","10.0.0.0/8"]"#),
            (r#"replace("a-b-c", "-", "_")"#, r#""a_b_c""#),
            (r#"trimprefix("arn:aws:s3:::b", "arn:aws:s3:::")"#, r#""b""#),
            (r#"trimsuffix("key.json", ".json")"#, r#""key""#),
            (r#"lower("ABC")"#, r#""abc""#),
            (r#"upper("abc")"#, r#""ABC""#),
            (r#"tostring(5)"#, r#""5""#),
            (r#"tonumber("8")"#, "8"),
            (r#"tobool("true")"#, "true"),
            (r#"try(local.missing.deep, "fallback")"#, r#""fallback""#),
            (r#"can(local.missing.deep)"#, "false"),
            (r#"cidrsubnet("10.0.0.0/16", 8, 2)"#, r#""10.0.2.0/24""#),
            (r#"cidrsubnet("fd00::/56", 8, 1)"#, r#""fd00:0:0:1::/64""#),
            (r#"cidrhost("10.0.0.0/24", 5)"#, r#""10.0.0.5""#),
            (r#"cidrhost("10.0.0.0/24", -1)"#, r#""10.0.0.255""#),
            (r#"basename("a/b/c.json")"#, r#""c.json""#),
            (r#"dirname("a/b/c.json")"#, r#""a/b""#),
            (r#"fileexists("no/such/file")"#, "false"),
            (r#"path.module"#, r#"".""#),
            (r#"1 + 2 * 3 - 4 / 2 % 3"#, "5"),
            (r#"!(1 < 2) || 2 >= 2 && "a" == "a""#, "true"),
            (r#"timestamp()"#, "?"),
        ],
    );
}

#[test]
fn templates_for_expressions_and_unknowns() {
    check(
        r#"
variable "tier" {
  default = "data"
}
variable "no_default" {}
locals {
  names = ["a", "b", "c"]
  ports = { ssh = 22, https = 443 }
}
"#,
        &[
            (r#""${var.tier}-bucket""#, r#""data-bucket""#),
            ("\"%{ if var.tier == \"data\" }yes%{ else }no%{ endif }\"", r#""yes""#),
            ("\"%{ for n in local.names }${n};%{ endfor }\"", r#""a;b;c;""#),
            ("\"$${literal}\"", r#""${literal}""#),
            ("<<-EOT\n    indented\n  EOT", "\"indented\\n\""),
            (r#"[for n in local.names : upper(n) if n != "b"]"#, r#"["A","C"]"#),
            (r#"{for k, p in local.ports : p => k}"#, r#"{22:"ssh",443:"https"}"#),
            (r#"local.names[*]"#, r#"["a","b","c"]"#),
            (r#"var.no_default"#, "?"),
            (r#""${var.no_default}-x""#, "?"),
            (r#"var.no_default == null ? "a" : "b""#, "?"),
            (r#"aws_kms_key.k.arn"#, "?"),
            (r#"jsonencode({Statement = [{Action = "*"}]})"#, r#"{Statement:[{Action:"*"}]}"#),
            (r#"jsondecode("{\"a\": [1]}")"#, "{a:[1]}"),
        ],
    );
}

/// Evaluates a root `.` calling modules in other directories; returns resources and
/// the diagnostics as `file:line: message`.
fn evaluate_modules(dirs: &[(&str, &str)]) -> (Vec<ringfence_eval::Resource>, Vec<String>) {
    let sources = SourceMap::new();
    let ids: Vec<_> = dirs.iter().map(|(d, t)| sources.add(PathBuf::from(d).join("main.tf"), t.to_string())).collect();
    let trees: Vec<_> =
        ids.iter().map(|id| parse_hcl(sources.get(*id)).unwrap_or_else(|e| panic!("{}", e.message))).collect();
    let mut set = ModuleSet { root: Root::current().unwrap(), ..ModuleSet::default() };
    for (((dir, _), id), tree) in dirs.iter().zip(&ids).zip(&trees) {
        set.modules.insert(
            PathBuf::from(dir),
            TfModule { dir: PathBuf::from(dir), files: vec![TfFile::Hcl(sources.get(*id), tree)] },
        );
    }
    let out = evaluate_root(UnitId(0), &PathBuf::from("."), &set, Vec::new(), &sources);
    let diagnostics = out
        .diagnostics
        .iter()
        .map(|d| {
            let file = sources.get(d.file);
            let line = d.span.map_or(0, |s| file.line_col(s.start as usize).line);
            format!("{}:{line}: {}", ringfence_syntax::display_path(&file.path), d.message)
        })
        .collect();
    (out.resources, diagnostics)
}

/// Module A reading output X of B while B reads output Y of A is no cycle: Terraform
/// graphs each input and output on its own (terraform-aws-s3-bucket's examples).
#[test]
fn modules_may_read_each_others_other_outputs() {
    let module = r#"
variable "peer" {
  default = null
}
variable "name" {}
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
resource "test" "peer" {
  peer = var.peer
}
output "name" {
  value = aws_s3_bucket.this.bucket
}
"#;
    let root = r#"
module "a" {
  source = "./m"
  name   = "a"
  peer   = module.b.name
}
module "b" {
  source = "./m"
  name   = "b"
  peer   = module.a.name
}
"#;
    let (resources, diagnostics) = evaluate_modules(&[(".", root), ("m", module)]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let peer = |address: &str| {
        let r = resources.iter().find(|r| r.address == address).expect(address);
        r.attrs.get("peer").and_then(|v| v.as_str().map(str::to_string))
    };
    assert_eq!(peer("module.a.test.peer").as_deref(), Some("b"));
    assert_eq!(peer("module.b.test.peer").as_deref(), Some("a"));
}

/// An output that depends on an input that depends on that output is a cycle: a
/// located error, and evaluation goes on.
#[test]
fn a_genuine_cycle_through_a_module_is_a_located_error() {
    let module = r#"
variable "x" {}
output "x" {
  value = var.x
}
"#;
    let root = r#"
module "a" {
  source = "./m"
  x      = module.a.x
}
"#;
    let (_, diagnostics) = evaluate_modules(&[(".", root), ("m", module)]);
    assert_eq!(diagnostics, ["main.tf:4: reference cycle through `module.a.var.x`"], "{diagnostics:?}");
}
