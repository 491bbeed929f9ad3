//! Custom policies: an organisation's own rules, read from YAML at run time, whose
//! conditions are CEL (the Common Expression Language, evaluated by the `cel` crate).
//!
//! A policy becomes a [`Rule`] like the built-in ones ([`parse_policies`]): selected,
//! suppressed, re-rated and reported the same way. Its condition (`deny`) sees the
//! resource's evaluated attributes as `r` ([`eval`]); where the finding stands follows
//! its `at` path. See docs/policies.md.

mod eval;
mod parse;

pub use parse::{parse_policies, PolicyError};

use crate::{Checker, Rule, RuleError, RuleMeta};
use ringfence_model::{awscc, Lang, Mode, Resource, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// The file a policy was read from: where its errors are located.
#[derive(Debug)]
struct Source {
    path: PathBuf,
    text: Arc<str>,
}

/// A `deny` condition, parsed once (and rewritten for unknowns: see [`eval`]).
#[derive(Clone)]
struct Condition {
    expr: cel::parser::Expression,
    /// Where the condition is written in the policy file (byte offsets).
    start: usize,
    end: usize,
}

/// One policy of a policy file, as a rule.
pub struct Policy {
    meta: RuleMeta,
    page: String,
    /// Terraform and CloudFormation types it looks at.
    resources: Vec<String>,
    /// `at`, split at dots (empty: the resource header).
    at: Vec<String>,
    /// For aws-provider resources.
    terraform: Option<Condition>,
    /// For CloudFormation templates and awscc resources (CloudFormation's shape).
    cloudformation: Option<Condition>,
    message: String,
    source: Arc<Source>,
}

impl Policy {
    fn applies_to(&self, r: &Resource) -> bool {
        r.mode == Mode::Managed && self.resources.iter().any(|t| *t == r.rtype || t == r.written_type())
    }

    fn condition(&self, lang: Lang) -> Option<&Condition> {
        if awscc::is_cloudformation_shaped(lang) {
            self.cloudformation.as_ref()
        } else {
            self.terraform.as_ref()
        }
    }

    fn error(&self, c: &Condition, message: String) -> RuleError {
        RuleError {
            path: self.source.path.clone(),
            text: self.source.text.clone(),
            start: c.start,
            end: c.end,
            message,
        }
    }
}

impl Rule for Policy {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, c: &mut Checker<'_>) {
        let evaluator = eval::Evaluator::new();
        // One error per condition per scan: the first resource it fails on, in source order.
        let mut failed = [false, false];
        for (_, resource) in c.model.resources().filter(|(_, r)| self.applies_to(r)) {
            let Some(condition) = self.condition(resource.lang) else { continue };
            let index = usize::from(awscc::is_cloudformation_shaped(resource.lang));
            let r = eval::resource_value(resource, &resource.attrs);
            match evaluator.denies(condition, resource, r) {
                eval::Outcome::Deny => {
                    let at = self.place(&evaluator, condition, resource);
                    match at {
                        Some(value) => c.report(resource, value, self.message.clone()),
                        None => c.report_missing(resource, self.message.clone()),
                    };
                }
                eval::Outcome::Allow | eval::Outcome::Unknown => {}
                eval::Outcome::Error(message) if !failed[index] => {
                    failed[index] = true;
                    let message = format!(
                        "policy {} ({}): its condition fails on `{}`: {message}",
                        self.meta.code, self.meta.name, resource.address
                    );
                    c.error(self.error(condition, message));
                }
                eval::Outcome::Error(_) => {}
            }
        }
    }

    fn doc(&self) -> &str {
        &self.page
    }
}

impl Policy {
    /// Where a finding stands: where `at` crosses a list, the first element (in source
    /// order) for which the condition still holds with the list narrowed to it; else
    /// the first value at the path; else (`None`) the resource header.
    fn place<'r>(&self, evaluator: &eval::Evaluator, condition: &Condition, r: &'r Resource) -> Option<&'r Value> {
        if self.at.is_empty() {
            return None;
        }
        let lang = r.lang;
        if let Some((keys, len)) = eval::crossed_list(&r.attrs, lang, &self.at) {
            for i in 0..len {
                let narrowed = eval::narrowed(&r.attrs, &keys, i);
                let value = eval::resource_value(r, &narrowed);
                if matches!(evaluator.denies(condition, r, value), eval::Outcome::Deny) {
                    let element = eval::element(&r.attrs, &keys, i)?;
                    let rest = &self.at[keys.len()..];
                    let free = eval::free_at(&r.attrs, lang, &keys);
                    let parent = keys.last().map_or("", String::as_str);
                    return eval::first_at(element, lang, free, parent, rest).or(Some(element));
                }
            }
        }
        eval::first_at(&r.attrs, lang, false, "", &self.at)
    }
}
