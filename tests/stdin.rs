//! `ringfence check --stdin-filename PATH -`: an editor's unsaved buffer, checked with
//! the rest of its module read from disk.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn check_stdin(dir: &Path, name: &str, text: &str) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(dir)
        .args(["check", "--no-config", "--format", "concise", "--stdin-filename", name, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code().unwrap())
}

const MODULE: &str = r#"variable "admin_cidr" {
  type = string
}

resource "aws_security_group" "admin" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}
"#;

#[test]
fn an_unsaved_tfvars_buffer_decides_the_findings_of_its_module_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), MODULE).unwrap();
    // On disk the CIDR is private; the editor's buffer opens it to the internet.
    std::fs::write(dir.path().join("terraform.tfvars"), "admin_cidr = \"10.0.0.0/8\"\n").unwrap();
    let (out, err, code) = check_stdin(dir.path(), "terraform.tfvars", "admin_cidr = \"0.0.0.0/0\"\n");
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("main.tf:10:20: critical NET001 "), "{out}");

    let (out, err, code) = check_stdin(dir.path(), "terraform.tfvars", "admin_cidr = \"10.1.0.0/16\"\n");
    assert_eq!((out.as_str(), code), ("", 0), "{err}");
}

#[test]
fn an_unsaved_new_file_is_checked_under_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, code) = check_stdin(dir.path(), "keys.tf", "resource \"aws_kms_key\" \"k\" {\n}\n");
    assert_eq!(code, 1);
    assert!(out.starts_with("keys.tf:1:1: high KMS001 "), "{out}");
    assert!(!dir.path().join("keys.tf").exists(), "nothing is written");
}

#[test]
fn a_dash_without_a_file_name_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_ringfence")).args(["check", "-"]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--stdin-filename"));
}
