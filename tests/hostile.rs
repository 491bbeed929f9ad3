//! Hostile inputs, as a stranger's pull request could write them. Each case runs the
//! real binary in a scratch root under a wall-clock limit and an address-space limit,
//! with fake AWS credentials in its environment, and asserts what the gate must do:
//! its exit code, an error that names the file, the findings of an ordinary file
//! beside it still reported, nothing outside the root read or changed, and no secret
//! in any output format. Big inputs are generated here, never stored.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Wall-clock limit of one run (a debug build on a loaded two-core machine).
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// Address-space limit of one run.
const MEMORY_LIMIT_KIB: u64 = 4 << 20;

const FAKE_KEY_ID: &str = "AKIAZZZZHOSTILE00001";
const FAKE_SECRET: &str = "hOsTiLe/FakeSecretKey0123456789abcdEFGH+";
/// Written outside the root: it must never reach any output.
const CANARY: &str = "CANARY-OUTSIDE-THE-ROOT-7f3a";

/// An ordinary file beside every hostile one: its finding must still be reported.
const ORDINARY: &str = r#"resource "aws_security_group" "ordinary" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;
const ORDINARY_FINDING: &str = "ordinary.tf:6:20: critical NET001";

/// A scratch root, and a directory beside it that the run must not touch.
struct Scene {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
}

impl Scene {
    fn new() -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("repo");
        let outside = base.join("outside");
        fs::create_dir_all(&root).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("secret.txt"), format!("{CANARY}\n")).unwrap();
        fs::write(outside.join("main.tf"), format!("# {CANARY}\n{ORDINARY}")).unwrap();
        fs::write(root.join("ordinary.tf"), ORDINARY).unwrap();
        Scene { _dir: dir, root, outside }
    }

    fn write(&self, name: &str, text: impl AsRef<[u8]>) -> &Scene {
        let path = self.root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    fn outside_state(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&self.outside)
            .unwrap()
            .flatten()
            .map(|e| (e.path(), fs::read(e.path()).unwrap_or_default()))
            .collect();
        files.sort();
        files
    }

    /// Runs `ringfence check ARGS` in the root, writing every machine format too, and
    /// checks what holds for every hostile input; returns (exit code, all output).
    fn check(&self, args: &[&str]) -> (i32, String) {
        self.check_with_stdin(args, None)
    }

    fn check_with_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> (i32, String) {
        let before = self.outside_state();
        let reports = tempfile::tempdir().unwrap();
        let formats = ["json", "sarif", "junit", "github", "concise"];
        let mut full: Vec<String> = vec!["check".into(), "--no-config".into()];
        for f in formats {
            full.push("--format".into());
            full.push(f.into());
            full.push("--output".into());
            full.push(reports.path().join(format!("report.{f}")).display().to_string());
        }
        full.extend(args.iter().map(|a| a.to_string()));
        let (code, stdout, stderr) = run_limited(&self.root, &full, stdin);
        let mut all = format!("{stdout}\n{stderr}\n");
        for f in formats {
            all += &fs::read_to_string(reports.path().join(format!("report.{f}"))).unwrap_or_default();
        }
        for secret in [FAKE_KEY_ID, FAKE_SECRET, CANARY] {
            assert!(!all.contains(secret), "the output holds `{secret}`:\n{all}");
        }
        assert_eq!(before, self.outside_state(), "a file outside the root changed");
        assert!(!stderr.contains("panicked"), "a panic reached the user:\n{stderr}");
        (code, all)
    }
}

/// The binary under the limits, killed at the time limit. (exit code, stdout, stderr)
fn run_limited(dir: &Path, args: &[String], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_ringfence"))
        .args(args)
        .current_dir(dir)
        .env("AWS_ACCESS_KEY_ID", FAKE_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", FAKE_SECRET)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(input) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || pipe.write_all(&input));
    }
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out_pipe.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err_pipe.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ringfence {args:?} ran longer than {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    let code = status.code().unwrap_or_else(|| panic!("killed by a signal ({status}):\n{stderr}"));
    (code, stdout, stderr)
}

/// The ordinary file's finding is in the output.
fn ordinary_reported(all: &str) {
    assert!(all.contains(ORDINARY_FINDING), "the ordinary file's finding is missing:\n{all}");
}

/// A hostile IaC file could not be checked: exit 2, the file named, the rest reported.
fn refused(scene: &Scene, name: &str, why: &str) {
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{name}: expected exit 2:\n{all}");
    assert!(all.contains(name), "{name} is not named:\n{all}");
    assert!(all.contains(why), "{name}: no `{why}` in the output:\n{all}");
    ordinary_reported(&all);
}

// ---- Parsers: size, depth, encoding ----

#[test]
fn yaml_alias_bomb() {
    let mut text = String::from("AWSTemplateFormatVersion: '2010-09-09'\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 10].join(", ");
        text += &format!("a{i}: &a{i} [{refs}]\n");
    }
    text += "Resources: {}\n";
    refused(Scene::new().write("bomb.yaml", text), "bomb.yaml", "aliases");
}

#[test]
fn yaml_aliases_of_a_huge_scalar() {
    let mut text = format!("AWSTemplateFormatVersion: '2010-09-09'\nbig: &big {}\nrefs:\n", "x".repeat(1 << 20));
    text += &"  - *big\n".repeat(3_000);
    text += "Resources: {}\n";
    refused(Scene::new().write("big.yaml", text), "big.yaml", "aliases");
}

#[test]
fn yaml_100k_deep_block_nesting() {
    let text = format!("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X:\n    {}x\n", "- ".repeat(100_000));
    refused(Scene::new().write("deep.yaml", text), "deep.yaml", "nesting");
}

#[test]
fn yaml_100k_deep_flow_nesting() {
    let text = format!("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", "[".repeat(100_000));
    refused(Scene::new().write("deep.yaml", text), "deep.yaml", "deep.yaml");
}

#[test]
fn json_100k_deep_nesting() {
    let text = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    refused(Scene::new().write("deep.json", text), "deep.json", "nesting");
}

#[test]
fn hcl_100k_deep_nesting() {
    let text = format!("locals {{\n  x = {}1{}\n}}\n", "[".repeat(100_000), "]".repeat(100_000));
    refused(Scene::new().write("deep.tf", text), "deep.tf", "nesting");
}

#[test]
fn yaml_mapping_of_200k_keys() {
    let mut text = String::from("AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n");
    for i in 0..200_000 {
        text += &format!("  k{i}: {i}\n");
    }
    text += "Resources:\n  B:\n    Type: AWS::S3::Bucket\n";
    let scene = Scene::new();
    scene.write("keys.yaml", text);
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("keys.yaml:200004:"), "the bucket's finding is missing:\n{all}");
    ordinary_reported(&all);
}

#[test]
fn invalid_utf8_terraform() {
    refused(Scene::new().write("latin1.tf", b"# caf\xe9\nlocals { x = 1 }\n"), "latin1.tf", "UTF-8");
}

#[test]
fn binary_file_named_like_terraform() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    refused(Scene::new().write("blob.tf", bytes), "blob.tf", "blob.tf");
}

#[test]
fn binary_json_found_while_walking_is_skipped_quietly() {
    let scene = Scene::new();
    scene.write("image.json", (0..4096u32).map(|i| (i * 31 % 256) as u8).collect::<Vec<u8>>());
    scene.write("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}");
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    ordinary_reported(&all);
    assert!(!all.contains("image.json"), "{all}");
}

#[test]
fn binary_json_named_on_the_command_line_is_an_error() {
    let scene = Scene::new();
    scene.write("image.json", (0..4096u32).map(|i| (i * 31 % 256) as u8).collect::<Vec<u8>>());
    let (code, all) = scene.check(&["image.json", "ordinary.tf"]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("image.json"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn empty_files() {
    let scene = Scene::new();
    scene.write("empty.tf", "").write("empty.tf.json", "").write("empty.yaml", "");
    let (code, all) = scene.check(&[]);
    // An empty .tf is a valid (empty) module file; an empty .tf.json is not JSON.
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("empty.tf.json"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let scene = Scene::new();
    scene.write("bom.tf", format!("\u{feff}{}", ORDINARY.replace("ordinary", "bom")));
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("bom.tf:6:20: critical NET001"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn crlf_lines_are_the_lines_of_lf() {
    let scene = Scene::new();
    scene.write("crlf.tf", ORDINARY.replace("ordinary", "crlf").replace('\n', "\r\n"));
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("crlf.tf:6:20: critical NET001"), "{all}");
}

#[test]
fn a_finding_past_column_65535_renders() {
    let description = "x".repeat(100_000);
    let text = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Description\": \"{description}\", \
         \"Resources\": {{\"B\": {{\"Type\": \"AWS::S3::Bucket\"}}}}}}"
    );
    let scene = Scene::new();
    scene.write("wide.json", text);
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("wide.json:1:100077"), "{all}");
    // The human snippet is cut around the span, not 100,000 columns wide.
    assert!(all.lines().all(|l| l.chars().count() < 100_000 || l.starts_with('{')), "an uncut line");
}

#[test]
fn control_characters_from_the_input_are_escaped() {
    let scene = Scene::new();
    scene.write(
        "t.json",
        "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"B\\u001b[2Jad\\u202e\": {\"Type\": \"AWS::S3::Bucket\"}}}",
    );
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    // JSON and SARIF escape for themselves (a reader decodes them); what a terminal or a
    // CI log shows has every unsafe character escaped as text.
    for format in ["human", "concise", "github", "junit"] {
        let args: Vec<String> = ["check", "--no-config", "--format", format].iter().map(|a| a.to_string()).collect();
        let (_, out, err) = run_limited(&scene.root, &args, None);
        let shown = format!("{out}{err}");
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202e}'), "{format} printed a control character");
        if format != "junit" {
            assert!(shown.contains("B\\x1b[2Jad\\u{202e}"), "{format}: {shown}");
        }
    }
}

// ---- Evaluation budgets ----

#[test]
fn doubling_strings_in_locals() {
    let mut text = String::from("locals {\n  s0 = \"xxxxxxxxxxxxxxxx\"\n");
    for i in 1..64 {
        text += &format!("  s{i} = \"${{local.s{p}}}${{local.s{p}}}\"\n", p = i - 1);
    }
    text += "}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.s63\n}\n";
    refused(Scene::new().write("double.tf", text), "double.tf", "budget");
}

#[test]
fn doubling_lists_in_locals() {
    let mut text = String::from("locals {\n  l0 = [1, 2]\n");
    for i in 1..64 {
        text += &format!("  l{i} = concat(local.l{p}, local.l{p})\n", p = i - 1);
    }
    text += "}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = length(local.l63)\n}\n";
    refused(Scene::new().write("double.tf", text), "double.tf", "budget");
}

#[test]
fn doubling_objects_in_locals() {
    let mut text = String::from("locals {\n  o0 = { a = \"x\" }\n");
    for i in 1..40 {
        text += &format!("  o{i} = {{ l = local.o{p}, r = local.o{p} }}\n", p = i - 1);
    }
    text += "}\nresource \"aws_s3_bucket\" \"b\" {\n  tags = local.o39\n}\n";
    refused(Scene::new().write("double.tf", text), "double.tf", "budget");
}

#[test]
fn cyclic_locals() {
    let text = "locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.a\n}\n";
    let scene = Scene::new();
    scene.write("cycle.tf", text);
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("cycle.tf") && all.contains("cycle"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn a_condition_cycle() {
    let text = "AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  A: !Condition B\n  B: !Condition A\n\
                Resources:\n  Bk:\n    Type: AWS::S3::Bucket\n    Condition: A\n";
    let scene = Scene::new();
    scene.write("cond.yaml", text);
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("cond.yaml"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn a_huge_count() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  count  = 1000000000\n  bucket = \"b-${count.index}\"\n}\n";
    refused(Scene::new().write("count.tf", text), "count.tf", "creates more than 10000 instances");
}

#[test]
fn a_huge_for_each_from_range() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  for_each = toset([for i in range(1000000) : tostring(i)])\n  \
                bucket = each.key\n}\n";
    refused(Scene::new().write("each.tf", text), "each.tf", "budget");
}

#[test]
fn a_chain_of_100k_locals() {
    // Each local reads the one before: a recursion as deep as the chain is long.
    let mut text = String::from("locals {\n  a0 = \"x\"\n");
    for i in 1..100_000 {
        text += &format!("  a{i} = local.a{}\n", i - 1);
    }
    text += "}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.a99999\n}\n";
    refused(Scene::new().write("chain.tf", text), "chain.tf", "nest deeper than 1000 levels");
}

#[test]
fn a_grid_of_for_expressions() {
    // Small text, 400 million elements.
    let text = "locals {\n  grid = [for a in range(20000) : [for b in range(20000) : a]]\n}\n\
                resource \"aws_s3_bucket\" \"b\" {\n  bucket = length(local.grid)\n}\n";
    refused(Scene::new().write("grid.tf", text), "grid.tf", "steps of work");
}

#[test]
fn replace_that_multiplies_a_string() {
    let text = "locals {\n  a = replace(replace(replace(\"${join(\"\", [for i in range(1000) : \"x\"])}\", \"x\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"), \"x\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"), \"x\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\")\n}\n\
                resource \"aws_s3_bucket\" \"b\" {\n  bucket = local.a\n}\n";
    refused(Scene::new().write("replace.tf", text), "replace.tf", "longer than 16 MiB");
}

#[test]
fn a_template_loop_that_repeats_a_long_literal() {
    let literal = "y".repeat(100_000);
    let text = format!(
        "locals {{\n  a = \"%{{for i in range(100000)}}{literal}%{{endfor}}\"\n}}\n\
         resource \"aws_s3_bucket\" \"b\" {{\n  bucket = local.a\n}}\n"
    );
    refused(Scene::new().write("loop.tf", text), "loop.tf", "longer than 16 MiB");
}

#[test]
fn a_variables_file_over_the_budget() {
    let text = "bucket = replace(replace(replace(replace(\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", \"x\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"), \"x\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"), \"x\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"), \"x\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\")\n";
    let scene = Scene::new();
    scene.write("big.auto.tfvars", text);
    scene.write("vars.tf", "variable \"bucket\" {}\n");
    refused(&scene, "big.auto.tfvars", "budget");
}

/// hcl-edit compares every new object key with every earlier one: 200,000 keys took
/// 230 s before the pre-scan refused them.
#[test]
fn an_object_of_200k_keys_is_refused_before_parsing() {
    refused(Scene::new().write("keys.tf", object_of_keys(200_000)), "keys.tf", "object of more than 10000 items");
}

/// Just under the bound the object is parsed, and `merge` of it with itself (and the
/// object literal) is evaluated in linear time.
#[test]
fn an_object_at_the_item_bound_is_checked() {
    let scene = Scene::new();
    scene.write("keys.tf", object_of_keys(10_000));
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("keys.tf:10005:1: medium KMS002"), "the bucket's finding is missing:\n{all}");
    ordinary_reported(&all);
}

fn object_of_keys(n: usize) -> String {
    let mut text = String::from("locals {\n  o = {\n");
    for i in 0..n {
        text += &format!("    k{i} = {i}\n");
    }
    text += "  }\n}\nresource \"aws_s3_bucket\" \"b\" {\n  tags = merge(local.o, local.o)\n}\n";
    text
}

#[test]
fn a_get_att_that_reads_itself() {
    let text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    \
                Properties:\n      BucketName: !GetAtt A.BucketName\n";
    refused(Scene::new().write("self.yaml", text), "self.yaml", "refers to itself");
}

#[test]
fn get_atts_that_double_a_string() {
    let mut text = String::from(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  R0:\n    Type: AWS::S3::Bucket\n    \
         Properties:\n      BucketName: xxxxxxxxxxxxxxxx\n",
    );
    for i in 1..40 {
        let p = i - 1;
        text += &format!(
            "  R{i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      \
             BucketName: !Join ['', [!GetAtt R{p}.BucketName, !GetAtt R{p}.BucketName]]\n"
        );
    }
    refused(Scene::new().write("double.yaml", text), "double.yaml", "budget");
}

#[test]
fn a_chain_of_100k_conditions() {
    let mut text = String::from("AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  C0: !Equals [a, a]\n");
    for i in 1..100_000 {
        text += &format!("  C{i}: !Condition C{}\n", i - 1);
    }
    text += "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Condition: C99999\n";
    refused(Scene::new().write("conditions.yaml", text), "conditions.yaml", "budget");
}

// ---- Files that are not files ----

#[cfg(unix)]
#[test]
fn a_fifo_named_like_terraform_is_skipped_with_a_message() {
    let scene = Scene::new();
    let fifo = scene.root.join("pipe.tf");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("pipe.tf") && all.contains("not a regular file"), "{all}");
    ordinary_reported(&all);
}

#[cfg(unix)]
#[test]
fn a_symlink_to_the_environment_is_not_followed() {
    let scene = Scene::new();
    std::os::unix::fs::symlink("/proc/self/environ", scene.root.join("env.tf")).unwrap();
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("env.tf") && all.contains("outside the root"), "{all}");
    ordinary_reported(&all);
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_device_is_not_read() {
    let scene = Scene::new();
    std::os::unix::fs::symlink("/dev/zero", scene.root.join("zero.tf")).unwrap();
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("zero.tf"), "{all}");
    ordinary_reported(&all);
}

#[cfg(unix)]
#[test]
fn a_symlink_outside_the_root_is_not_followed() {
    let scene = Scene::new();
    std::os::unix::fs::symlink(scene.outside.join("main.tf"), scene.root.join("linked.tf")).unwrap();
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("linked.tf") && all.contains("outside the root"), "{all}");
    ordinary_reported(&all);
}

#[cfg(unix)]
#[test]
fn symlink_loops() {
    let scene = Scene::new();
    std::os::unix::fs::symlink("b.tf", scene.root.join("a.tf")).unwrap();
    std::os::unix::fs::symlink("a.tf", scene.root.join("b.tf")).unwrap();
    fs::create_dir_all(scene.root.join("d")).unwrap();
    std::os::unix::fs::symlink("..", scene.root.join("d/up")).unwrap();
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("a.tf"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn a_file_over_the_size_limit() {
    let scene = Scene::new();
    let file = fs::File::create(scene.root.join("huge.tf")).unwrap();
    // Sparse: costs no disk, reads as 300 MiB of zero bytes.
    file.set_len(300 << 20).unwrap();
    refused(&scene, "huge.tf", "MiB");
}

// ---- Confinement: contents naming paths outside the root ----

#[test]
fn file_reading_the_environment() {
    let text = "locals {\n  env = file(\"/proc/self/environ\")\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.env\n}\n";
    refused(Scene::new().write("env.tf", text), "env.tf", "outside the root");
}

#[test]
fn file_escaping_with_dot_dot() {
    let text = "locals {\n  s = file(\"../outside/secret.txt\")\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.s\n}\n";
    refused(Scene::new().write("dots.tf", text), "dots.tf", "outside the root");
}

#[test]
fn templatefile_outside_the_root() {
    let text = "locals {\n  s = templatefile(\"/etc/hostname\", {})\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.s\n}\n";
    refused(Scene::new().write("tpl.tf", text), "tpl.tf", "outside the root");
}

#[test]
fn fileexists_outside_the_root() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = fileexists(\"/etc/passwd\") ? \"a\" : \"b\"\n}\n";
    refused(Scene::new().write("exists.tf", text), "exists.tf", "outside the root");
}

#[test]
fn a_module_source_outside_the_root() {
    let scene = Scene::new();
    let text = format!("module \"m\" {{\n  source = \"{}\"\n}}\n", scene.outside.display());
    scene.write("mod/main.tf", text);
    refused(&scene, "mod/main.tf", "outside the root");
}

#[test]
fn a_module_calling_its_own_directory() {
    let scene = Scene::new();
    scene.write(
        "self/main.tf",
        format!("module \"me\" {{\n  source = \"./\"\n}}\n{}", ORDINARY.replace("ordinary", "own")),
    );
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("self/main.tf:1:"), "the module block is not located:\n{all}");
    assert!(all.contains("self/main.tf:9:20: critical NET001"), "the directory was not checked:\n{all}");
    ordinary_reported(&all);
}

#[test]
fn two_modules_calling_each_other() {
    let scene = Scene::new();
    scene.write(
        "a/main.tf",
        format!("module \"b\" {{\n  source = \"../b\"\n}}\n{}", ORDINARY.replace("ordinary", "in_a")),
    );
    scene.write(
        "b/main.tf",
        format!("module \"a\" {{\n  source = \"../a\"\n}}\n{}", ORDINARY.replace("ordinary", "in_b")),
    );
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("a/main.tf:9:20: critical NET001"), "{all}");
    assert!(all.contains("b/main.tf:9:20: critical NET001"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn a_nested_stack_template_outside_the_root() {
    let text =
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    \
                Properties:\n      TemplateURL: ../outside/main.tf\n  Env:\n    Type: AWS::CloudFormation::Stack\n    \
                Properties:\n      TemplateURL: /proc/self/environ\n";
    refused(Scene::new().write("parent.yaml", text), "parent.yaml", "outside the root");
}

#[test]
fn configuration_paths_outside_the_root() {
    let scene = Scene::new();
    scene.write("ringfence.toml", "var-files = [\"/proc/self/environ\"]\n");
    let (code, all) = {
        let before = scene.outside_state();
        let (code, out, err) =
            run_limited(&scene.root, &["check".into(), "--format".into(), "concise".into(), ".".into()], None);
        assert_eq!(before, scene.outside_state());
        (code, format!("{out}{err}"))
    };
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("ringfence.toml") && all.contains("outside the root"), "{all}");
    assert!(!all.contains(FAKE_KEY_ID) && !all.contains(FAKE_SECRET), "{all}");
}

/// A file inside the root may be read; a credential in it still never reaches an output
/// whole (KMS009 quotes the key it finds, here from `file()`).
#[test]
fn a_credential_read_from_an_allowed_file_is_redacted() {
    let scene = Scene::new();
    scene.write("key.txt", format!("alias/aws/{FAKE_KEY_ID}\n"));
    scene.write(
        "volume.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  encrypted  = true\n  kms_key_id = trimspace(file(\"key.txt\"))\n}\n",
    );
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("volume.tf:3:") && all.contains("`alias/aws/AKIA…`"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn a_module_source_escaping_the_git_top() {
    let scene = Scene::new();
    fs::create_dir_all(scene.root.join(".git")).unwrap();
    scene.write("modules/sg/main.tf", ORDINARY.replace("ordinary", "shared"));
    // `../../` inside the repository keeps working; `../../..` leaves it.
    scene.write("env/prod/main.tf", "module \"sg\" {\n  source = \"../../modules/sg\"\n}\n");
    scene.write("env/dev/main.tf", "module \"up\" {\n  source = \"../../../outside\"\n}\n");
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("env/dev/main.tf:2:12") && all.contains("outside the root"), "{all}");
    assert!(all.contains("modules/sg/main.tf:6:20: critical NET001"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn root_on_the_command_line_widens_it_for_a_shared_module() {
    let scene = Scene::new();
    let shared = scene.root.parent().unwrap().join("shared/sg/main.tf");
    fs::create_dir_all(shared.parent().unwrap()).unwrap();
    fs::write(&shared, ORDINARY.replace("ordinary", "shared")).unwrap();
    scene.write("app/main.tf", "module \"sg\" {\n  source = \"../../shared/sg\"\n}\n");
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("app/main.tf:2:12") && all.contains("outside the root"), "{all}");
    let (code, all) = scene.check(&["--root", ".."]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("../shared/sg/main.tf:6:20: critical NET001"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn a_configuration_cannot_widen_the_root() {
    let scene = Scene::new();
    let run = |args: &[&str]| {
        let before = scene.outside_state();
        let mut full: Vec<String> = vec!["check".into(), "--format".into(), "concise".into()];
        full.extend(args.iter().map(|a| a.to_string()));
        let (code, out, err) = run_limited(&scene.root, &full, None);
        assert_eq!(before, scene.outside_state());
        let all = format!("{out}{err}");
        assert!(!all.contains(CANARY) && !all.contains(FAKE_KEY_ID), "{all}");
        (code, all)
    };
    // No key sets the root.
    scene.write("ringfence.toml", "root = \"..\"\nvar-files = [\"../outside/secret.txt\"]\n");
    let (code, all) = run(&["."]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("ringfence.toml:1:1") && all.contains("root"), "{all}");
    // A configuration named on the command line is read, but its directory is not the root.
    fs::remove_file(scene.root.join("ringfence.toml")).unwrap();
    let config = scene.outside.join("ringfence.toml");
    fs::write(&config, "var-files = [\"secret.txt\"]\n").unwrap();
    let (code, all) = run(&["--config", &config.display().to_string(), "."]);
    fs::remove_file(&config).unwrap();
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("ringfence.toml:1:14") && all.contains("outside the root"), "{all}");
}

// ---- Every input is accounted for ----

#[test]
fn a_plan_mentioned_in_a_yaml_comment_hides_nothing() {
    let scene = Scene::new();
    scene.write("notes.yaml", "# \"format_version\" and \"terraform_version\" are plan keys\nkey: value\n");
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    ordinary_reported(&all);
}

#[test]
fn a_file_that_claims_to_be_a_plan_and_is_not() {
    let scene = Scene::new();
    scene.write("plan.json", "{\"format_version\": \"1.2\", \"terraform_version\": \"1.9.0\", \"planned_values\": 7}");
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("plan.json"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn garbage_stdin_is_not_a_silent_pass() {
    let scene = Scene::new();
    let (code, all) =
        scene.check_with_stdin(&["--stdin-filename", "stack.yaml", "-"], Some(b"just: some\nyaml: here\n"));
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("stack.yaml") && all.contains("not"), "{all}");
}

#[test]
fn gitignore_does_not_hide_tracked_files() {
    let scene = Scene::new();
    scene.write(".gitignore", "*.tf\n");
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(&scene.root)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .output()
            .unwrap();
        assert!(ok.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
    };
    git(&["init", "-q", "."]);
    git(&["add", "-f", "ordinary.tf", ".gitignore"]);
    git(&["commit", "-qm", "x"]);
    scene.write("untracked.tf", ORDINARY.replace("ordinary", "untracked"));
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    ordinary_reported(&all);
    assert!(!all.contains("untracked.tf:"), "an ignored untracked file was checked:\n{all}");
    assert!(all.contains("1 ignored"), "ignored files are not counted:\n{all}");
}

#[test]
fn the_summary_counts_what_was_checked() {
    let scene = Scene::new();
    scene.write("broken.tf", "resource \"x\" {\n");
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("checked 1 file") && all.contains("1 could not be read"), "{all}");
    assert!(all.contains("\"checked\": 1,") && all.contains("\"unreadable\": 1,"), "JSON counts:\n{all}");
}

#[test]
fn a_tofu_file_is_checked_as_terraform() {
    let scene = Scene::new();
    scene.write("tofu/main.tofu", ORDINARY.replace("ordinary", "tofu"));
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("tofu/main.tofu:6:20: critical NET001"), "{all}");
    ordinary_reported(&all);
}

#[test]
fn a_broken_variables_file_found_while_walking_is_an_error() {
    refused(Scene::new().write("envs/prod.tfvars", "cidr = [\n"), "envs/prod.tfvars", "envs/prod.tfvars");
}

#[test]
fn a_tracked_file_in_an_ignored_directory_is_checked() {
    let scene = Scene::new();
    scene.write(".gitignore", "build/\n");
    scene.write("build/main.tf", ORDINARY.replace("ordinary", "built"));
    let git = |args: &[&str]| {
        let ok = Command::new("git").args(args).current_dir(&scene.root).output().unwrap();
        assert!(ok.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
    };
    git(&["init", "-q", "."]);
    git(&["add", "-f", "build/main.tf"]);
    let (code, all) = scene.check(&[]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("build/main.tf:6:20: critical NET001"), "a tracked file was hidden:\n{all}");
    ordinary_reported(&all);
}

#[test]
fn exit_zero_does_not_hide_an_unchecked_input() {
    let scene = Scene::new();
    scene.write("broken.tf", "resource \"x\" {\n");
    let (code, all) = scene.check(&["--exit-zero"]);
    assert_eq!(code, 2, "{all}");
}

// ---- Writing: --fix stays in the root ----

#[cfg(unix)]
#[test]
fn fix_never_writes_through_a_symlink() {
    let scene = Scene::new();
    fs::write(scene.outside.join("key.tf"), "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n")
        .unwrap();
    std::os::unix::fs::symlink(scene.outside.join("key.tf"), scene.root.join("key.tf")).unwrap();
    let before = fs::read(scene.outside.join("key.tf")).unwrap();
    let (code, all) = scene.check(&["--fix"]);
    assert_eq!(code, 2, "{all}");
    assert_eq!(fs::read(scene.outside.join("key.tf")).unwrap(), before, "written through the link:\n{all}");
    // Whether the link was read (and its fix refused) or not read at all, the output says so.
    assert!(
        all.contains("not changed: key.tf: not written") || all.contains("key.tf") && all.contains("outside the root"),
        "no word that key.tf was not written:\n{all}"
    );
    assert!(fs::symlink_metadata(scene.root.join("key.tf")).unwrap().file_type().is_symlink(), "{all}");
}

/// A file `--fix` may not write is left as it was and named; the others are fixed.
#[cfg(unix)]
#[test]
fn fix_says_which_files_were_changed_and_which_not() {
    use std::os::unix::fs::PermissionsExt;
    let key = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";
    let scene = Scene::new();
    scene.write("ok.tf", key).write("ro.tf", key.replace("\"k\"", "\"r\""));
    fs::set_permissions(scene.root.join("ro.tf"), fs::Permissions::from_mode(0o444)).unwrap();
    let (code, all) = scene.check(&["--fix"]);
    assert_eq!(code, 2, "{all}");
    assert!(fs::read_to_string(scene.root.join("ok.tf")).unwrap().contains("enable_key_rotation = true"), "{all}");
    assert_eq!(fs::read_to_string(scene.root.join("ro.tf")).unwrap(), key.replace("\"k\"", "\"r\""), "{all}");
    assert!(all.contains("  changed: ok.tf\n"), "{all}");
    assert!(all.contains("  not changed: ro.tf: not written: it is read-only"), "{all}");
    assert_eq!(fs::metadata(scene.root.join("ro.tf")).unwrap().permissions().mode() & 0o777, 0o444);
    ordinary_reported(&all);
}

#[test]
fn fix_keeps_a_byte_order_mark() {
    let scene = Scene::new();
    scene.write("key.tf", "\u{feff}resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n");
    let (_, all) = scene.check(&["--fix"]);
    let text = fs::read_to_string(scene.root.join("key.tf")).unwrap();
    assert_eq!(text, "\u{feff}resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n", "{all}");
}
