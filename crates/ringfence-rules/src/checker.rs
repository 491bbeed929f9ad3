use crate::{Declared, RuleRef, Severity};
use ringfence_model::{Field, Model, Resource, Value};
use ringfence_syntax::Span;

/// A problem found by a rule.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: RuleRef,
    pub severity: Severity,
    pub message: String,
    /// Where the problem shows: the offending value, or the resource header.
    pub primary: Span,
    /// Secondary locations: where a value came from, other offending elements.
    pub labels: Vec<Label>,
    /// Address of the resource concerned (`module.x.aws_s3_bucket.y`, a logical ID).
    pub resource: String,
    pub resource_type: String,
    /// The other resources with this problem at this same place: the instances of a
    /// module called several times, of a `count` or `for_each`. One place to fix is
    /// one finding; these say where else it shows.
    pub instances: Vec<String>,
    /// Where the resource uses the value, when the finding stands instead where one
    /// caller of a module set it (see [`collapse_instances`]).
    pub used_at: Option<Span>,
    /// Set when a comment or template metadata accepts the finding: it is still
    /// reported (SARIF `suppressions`, JSON `suppressed`) but does not count.
    pub suppression: Option<Suppression>,
    /// A safe change that resolves the finding (`ringfence check --fix`).
    pub fix: Option<Fix>,
    /// Why a fix the rule has is not offered here (the value comes from elsewhere).
    pub unfixable: Option<&'static str>,
    /// Where the value a fix would change is set, when that is elsewhere (a variable
    /// default, a tfvars entry, a parameter, a module argument): where to change it.
    pub unfixable_at: Option<Span>,
}

/// A safe fix: give an attribute of the finding's resource a value, replacing the
/// literal written there or adding the attribute where it is missing. Only offered
/// when the value is written in the resource itself: a value from a variable,
/// parameter or module input is the caller's decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub lang: ringfence_model::Lang,
    /// The resource's header (where a missing attribute is added).
    pub header: Span,
    /// The resource's attributes (CloudFormation `Properties`), to place an insertion.
    pub attrs: Span,
    /// The first attribute written in the resource body, if any (its indentation and
    /// position place a new sibling).
    pub first_attribute: Option<Span>,
    /// Attribute path: `["enable_key_rotation"]`, or a block and its attribute.
    pub path: Vec<&'static str>,
    pub value: FixValue,
    /// The literal written now, replaced by `value`; none: the attribute is added.
    pub current: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixValue {
    Bool(bool),
    Text(&'static str),
}

impl Fix {
    /// What the fix does, for messages: `set enable_key_rotation = true`.
    pub fn describe(&self) -> String {
        let value = match self.value {
            FixValue::Bool(b) => b.to_string(),
            FixValue::Text(t) => t.to_string(),
        };
        format!("set `{}` to {value}", self.path.join("."))
    }
}

/// Where and why a finding was accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// Where the suppression is written.
    pub span: Span,
    /// Why the finding is accepted (empty when the suppression gives no reason).
    pub reason: String,
    /// `YYYY-MM-DD`: the last day the suppression works.
    pub until: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuppressionKind {
    /// `# ringfence:ignore[CODE] reason` in the source.
    Comment,
    /// A CloudFormation resource's `Metadata: {ringfence: {ignore: [...]}}`.
    Metadata,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Finding {
    pub fn code(&self) -> &str {
        &self.rule.code
    }

    /// A total order: position, code, message, resource, then where it came from.
    pub fn sort_key(&self) -> (Span, &str, &str, &str, Vec<Span>) {
        (self.primary, &self.rule.code, &self.message, &self.resource, self.labels.iter().map(|l| l.span).collect())
    }

    /// Adds a secondary label.
    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        let message = without_credentials(message.into());
        if span != self.primary && !self.labels.iter().any(|l| l.span == span) {
            self.labels.push(Label { span, message });
        }
        self
    }

    /// Offers a fix that gives `field` (an attribute, or a block and its attribute) the
    /// value `value`, replacing the value written there or adding the attribute. Nothing
    /// is offered when the value came from elsewhere (a variable, parameter or module
    /// input) or is written outside the resource's file.
    pub fn fix(&mut self, field: Field<'_>, value: FixValue) -> &mut Finding {
        let resource = field.resource;
        let current = field.written();
        if let Some(v) = current {
            if !v.origins.is_empty() || v.span.file != resource.file || v.is_unknown() {
                self.unfixable = Some("its value comes from a variable, parameter or module input");
                // The first origin is where the value is written; the others are hops.
                let elsewhere = (v.span.file != resource.file).then_some(v.span);
                self.unfixable_at = v.origins.first().map(|o| o.span).or(elsewhere);
                return self;
            }
        }
        let path = field.steps();
        // A missing attribute inside an existing block: adding a second block would be wrong.
        if current.is_none() && path.len() > 1 && resource.attrs.get(path[0]).is_some() {
            self.unfixable = Some("the block exists without the attribute: add it by hand");
            return self;
        }
        let first_attribute =
            resource.attrs.entries().iter().map(|e| e.key_span).filter(|s| s.file == resource.file).min();
        self.fix = Some(Fix {
            lang: resource.lang,
            header: resource.header,
            attrs: resource.attrs.span,
            first_attribute,
            path,
            value,
            current: current.map(|v| v.span),
        });
        self
    }

    /// Overrides the rule's default severity for this finding.
    pub fn severity(&mut self, severity: Severity) -> &mut Finding {
        self.severity = severity;
        self
    }
}

/// Where a finding stands: a value (which brings the places it came from as
/// secondary labels) or a bare span (a resource header).
pub enum At<'v> {
    Value(&'v Value),
    Span(Span),
}

impl<'v> From<&'v Value> for At<'v> {
    fn from(v: &'v Value) -> Self {
        At::Value(v)
    }
}

impl From<Span> for At<'_> {
    fn from(s: Span) -> Self {
        At::Span(s)
    }
}

/// What a rule gets: the model to read and a place to report.
pub struct Checker<'m> {
    pub model: &'m Model,
    rule: RuleRef,
    running: &'m [&'m str],
    findings: Vec<Finding>,
    errors: Vec<RuleError>,
    examined: Vec<Examined>,
    /// Where each resource recorded in `examined` is, by header and address: a rule
    /// examining ten thousand resources records each in constant time.
    examined_at: std::collections::HashMap<(Span, String), usize>,
}

/// A resource a rule judged: what a pass stands on in the audit report ("3 SageMaker
/// domains, all VPC-only"), and where it could not decide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Examined {
    pub rule: std::borrow::Cow<'static, str>,
    /// The resource's address, as findings name it.
    pub resource: String,
    pub resource_type: String,
    pub header: Span,
    /// Set when a value the verdict depends on is unknown (a variable without a
    /// default): where, and what it is. The rule reported nothing there, and passes
    /// nothing either.
    pub undecided: Option<(Span, String)>,
}

/// An error a rule made at run time finds in itself while checking (a custom policy's
/// condition failing on known values), located in the file that defines the rule: the
/// scan reports it as an error there, and the other findings still stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// The file defining the rule, and its text (the scan's sources do not hold it).
    pub path: std::path::PathBuf,
    pub text: std::sync::Arc<str>,
    /// Byte offsets in `text`.
    pub start: usize,
    pub end: usize,
    pub message: String,
}

impl<'m> Checker<'m> {
    pub(crate) fn new(model: &'m Model, rule: RuleRef, running: &'m [&'m str]) -> Checker<'m> {
        Checker {
            model,
            rule,
            running,
            findings: Vec::new(),
            errors: Vec::new(),
            examined: Vec::new(),
            examined_at: std::collections::HashMap::new(),
        }
    }

    /// Records that the rule judged `resource` (a pass unless it reports on it). Every
    /// resource a rule reports on, or holds a setting of to a standard with
    /// [`Checker::require`], is recorded already.
    pub fn examined(&mut self, resource: &Resource) {
        self.examined_entry(resource);
    }

    /// The record of `resource`, made if it is not there yet.
    fn examined_entry(&mut self, resource: &Resource) -> &mut Examined {
        let key = (resource.header, resource.address.clone());
        let index = match self.examined_at.get(&key) {
            Some(&index) => index,
            None => {
                let index = self.examined.len();
                self.examined.push(Examined {
                    rule: self.rule.code.clone(),
                    resource: resource.address.clone(),
                    resource_type: resource.written_type().to_string(),
                    header: resource.header,
                    undecided: None,
                });
                self.examined_at.insert(key, index);
                index
            }
        };
        &mut self.examined[index]
    }

    /// Records that the rule could not judge `resource`: the value at `at` that its
    /// verdict depends on is unknown (`what` names it: "`app_network_access_type`").
    /// The first unknown value of a resource is the one kept.
    pub fn undecided(&mut self, resource: &Resource, at: Span, what: impl Into<String>) {
        let entry = self.examined_entry(resource);
        if entry.undecided.is_none() {
            entry.undecided = Some((at, without_credentials(what.into())));
        }
    }

    /// Records `resource` as undecided at the first unknown value among `values` (what a
    /// view found unknown without saying where), or at its header when none is.
    pub fn undecided_among<'v>(
        &mut self,
        resource: &Resource,
        values: impl IntoIterator<Item = &'v Value>,
        what: impl Into<String>,
    ) {
        let at = values.into_iter().find_map(Checker::first_unknown).map_or(resource.header, |v| v.span);
        self.undecided(resource, at, what);
    }

    /// The first value under `value` (itself included, at any depth) that is unknown.
    fn first_unknown(value: &Value) -> Option<&Value> {
        match &value.kind {
            _ if value.is_unknown() => Some(value),
            ringfence_model::Kind::List(items) => items.iter().find_map(Checker::first_unknown),
            ringfence_model::Kind::Map(entries) => entries.iter().find_map(|e| Checker::first_unknown(&e.value)),
            _ => None,
        }
    }

    /// Whether another built-in rule runs in this scan, named by its type
    /// (`c.runs::<rules::WildcardAction>()`): a rule steps back for a problem another
    /// reports only when that one runs.
    pub fn runs<R: Declared>(&self) -> bool {
        self.running.contains(&R::CODE)
    }

    /// Records an error in the rule's own definition (see [`RuleError`]).
    pub fn error(&mut self, error: RuleError) {
        self.errors.push(error);
    }

    pub(crate) fn into_findings(self) -> (Vec<Finding>, Vec<RuleError>, Vec<Examined>) {
        // What `ringfence rules`, the docs and the fix tests say comes from the declaration.
        debug_assert!(
            self.rule.fix || self.findings.iter().all(|f| f.fix.is_none() && f.unfixable.is_none()),
            "{} offers a fix: declare it with `fix: true`",
            self.rule.code
        );
        (self.findings, self.errors, self.examined)
    }

    pub(crate) fn finding_count(&self) -> usize {
        self.findings.len()
    }

    pub(crate) fn finding_at(&mut self, index: usize) -> Option<&mut Finding> {
        self.findings.get_mut(index)
    }

    /// Reports a finding on `resource` at a value or span. A value that came from
    /// elsewhere gets a secondary label at each place it was defined.
    pub fn report<'v>(
        &mut self,
        resource: &Resource,
        at: impl Into<At<'v>>,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.examined(resource);
        let (primary, labels) = match at.into() {
            At::Span(span) => (span, Vec::new()),
            At::Value(value) => (
                value.span,
                value
                    .origins
                    .iter()
                    .map(|o| Label { span: o.span, message: without_credentials(o.label.clone()) })
                    .collect(),
            ),
        };
        self.findings.push(Finding {
            rule: self.rule.clone(),
            severity: self.rule.severity,
            message: without_credentials(message.into()),
            primary,
            labels,
            resource: resource.address.clone(),
            resource_type: resource.written_type().to_string(),
            instances: Vec::new(),
            used_at: None,
            suppression: None,
            fix: None,
            unfixable: None,
            unfixable_at: None,
        });
        self.findings.last_mut().expect("just pushed")
    }

    /// Reports a finding written outside any resource (a provider block, a variable
    /// default, a parameter), at a span.
    pub fn report_outside(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.rule.clone(),
            severity: self.rule.severity,
            message: without_credentials(message.into()),
            primary: span,
            labels: Vec::new(),
            resource: String::new(),
            resource_type: String::new(),
            instances: Vec::new(),
            used_at: None,
            suppression: None,
            fix: None,
            unfixable: None,
            unfixable_at: None,
        });
        self.findings.last_mut().expect("just pushed")
    }

    /// Reports that something is missing from a resource: at its header.
    pub fn report_missing(&mut self, resource: &Resource, message: impl Into<String>) -> &mut Finding {
        self.report(resource, resource.header, message)
    }
}

/// Finding and label messages quote values (a bucket name, a variable's value) that
/// may hold a credential read from an allowed file: every output prints these, so a
/// credential is cut to its prefix here, once, for all of them.
fn without_credentials(message: String) -> String {
    match ringfence_syntax::secrets::redact(&message) {
        std::borrow::Cow::Borrowed(_) => message,
        std::borrow::Cow::Owned(redacted) => redacted,
    }
}

/// Most secondary labels one collapsed finding keeps: a module called a hundred times
/// gets its place to fix, not a hundred labels.
const MAX_COLLAPSED_LABELS: usize = 20;

/// A rule's findings at one span, suppressed or not.
type Place = (Span, String, bool);

/// One finding per rule and place to fix.
///
/// Findings of one rule with the same message at the same primary span (instances of
/// a module, a `count` or a `for_each`; several problems of one resource at its header
/// have different messages and stay apart) are one problem when their values come from
/// the same places: they become one finding, which keeps the most severe of them (the
/// first in order among equals) and lists the other resources in
/// [`Finding::instances`]. When the instances' values were written at different places
/// (each caller of a module passes its own CIDR), the place to fix is there: one
/// finding at each place a value was written (its first origin), labelled where the
/// resource uses it ([`Finding::used_at`]). A suppressed instance is not merged with
/// one that is not. Callers are told apart by module call, over all the rule's
/// messages at the place. What is kept does not depend on the input's order (file ids are
/// given in no fixed order); the caller sorts the result.
pub fn collapse_instances(findings: Vec<Finding>) -> Vec<Finding> {
    use std::collections::HashMap;
    let mut groups: Vec<Vec<Finding>> = Vec::new();
    let mut index: HashMap<(Span, String, String, bool), usize> = HashMap::new();
    for f in findings {
        let key = (f.primary, f.rule.code.to_string(), f.message.clone(), f.suppression.is_some());
        match index.get(&key) {
            Some(&i) => groups[i].push(f),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![f]);
            }
        }
    }
    // Whether a place's values come from more than one caller is decided over all the
    // rule's findings there, whatever their messages: one caller passing port 443 and
    // another port 80 through the same module line are both fixed at their callers.
    // Instances of one module call (`for_each` keys) are not callers.
    let mut callers_at: HashMap<Place, Vec<(&str, Option<Span>)>> = HashMap::new();
    for f in groups.iter().flatten() {
        let callers = callers_at.entry((f.primary, f.rule.code.to_string(), f.suppression.is_some())).or_default();
        let caller = (module_call(&f.resource), f.labels.first().map(|l| l.span));
        if !callers.contains(&caller) {
            callers.push(caller);
        }
    }
    let from_several_callers: std::collections::HashSet<Place> = callers_at
        .into_iter()
        .filter(|(_, callers)| {
            callers.iter().any(|(call, origin)| callers.iter().any(|(c, o)| c != call && o != origin))
        })
        .map(|(place, _)| place)
        .collect();
    let mut out = Vec::new();
    for group in groups {
        let place = (group[0].primary, group[0].rule.code.to_string(), group[0].suppression.is_some());
        let mut apart = from_several_callers.contains(&place);
        // Instances whose values were defined at the same place: a value's first
        // origin is where it was written (a tfvars line, a caller's argument), the
        // later ones the way it came (passed as an input, through a local).
        let mut by_origin: Vec<(Option<Span>, Vec<Finding>)> = Vec::new();
        for f in group {
            let origin = f.labels.first().map(|l| l.span);
            match by_origin.iter_mut().find(|(o, _)| *o == origin) {
                Some((_, members)) => members.push(f),
                None => by_origin.push((origin, vec![f])),
            }
        }
        apart |= by_origin.len() > 1;
        for (origin, members) in by_origin {
            let mut f = merged(members);
            if let Some(defined) = origin.filter(|_| apart) {
                let use_label = Label { span: f.primary, message: format!("used here by `{}`", f.resource) };
                f.used_at = Some(f.primary);
                f.labels.retain(|l| l.span != defined);
                f.labels.insert(0, use_label);
                f.primary = defined;
            }
            out.push(f);
        }
    }
    out
}

/// The module call a resource address is in (`module.a["x"].module.b`), without the
/// resource's own type, name and key; empty at the root and for CloudFormation.
fn module_call(address: &str) -> &str {
    let mut depth = 0usize;
    let mut quoted = false;
    let mut dots = Vec::new();
    let bytes = address.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quoted => i += 1,
            b'"' => quoted = !quoted,
            b'[' if !quoted => depth += 1,
            b']' if !quoted => depth = depth.saturating_sub(1),
            b'.' if !quoted && depth == 0 => dots.push(i),
            _ => {}
        }
        i += 1;
    }
    // `type.name` ends the address, `data.type.name` for a data source.
    let segment_start = |k: usize| if k == 0 { 0 } else { dots[k - 1] + 1 };
    let segments = dots.len() + 1;
    let own = if segments >= 3 && address[segment_start(segments - 3)..].starts_with("data.") { 3 } else { 2 };
    if segments > own {
        &address[..dots[segments - own - 1]]
    } else {
        ""
    }
}

/// One finding for instances with the same problem from the same places: the most
/// severe, the first by address among equals.
fn merged(mut group: Vec<Finding>) -> Finding {
    group.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.resource.cmp(&b.resource)));
    let mut others = group.into_iter();
    let mut kept = others.next().expect("a group is never empty");
    for other in others {
        if other.resource != kept.resource && !kept.instances.contains(&other.resource) {
            kept.instances.push(other.resource);
        }
        for label in other.labels {
            if kept.labels.len() >= MAX_COLLAPSED_LABELS {
                break;
            }
            if label.span != kept.primary && !kept.labels.iter().any(|l| l.span == label.span) {
                kept.labels.push(label);
            }
        }
    }
    kept.instances.sort();
    kept
}

#[cfg(test)]
mod tests {
    use super::module_call;

    #[test]
    fn a_module_call_is_the_address_without_the_resource() {
        assert_eq!(module_call("aws_s3_bucket.data"), "");
        assert_eq!(module_call("aws_iam_role_policy_attachment.a[\"x.y\"]"), "");
        assert_eq!(module_call("data.aws_iam_policy_document.p"), "");
        assert_eq!(module_call("module.vpc.aws_vpc.this[0]"), "module.vpc");
        assert_eq!(
            module_call("module.a[\"k.1\"].module.sg.aws_security_group_rule.r[0]"),
            "module.a[\"k.1\"].module.sg"
        );
        assert_eq!(module_call("module.m.data.aws_iam_policy_document.p"), "module.m");
        assert_eq!(module_call("NotebookRole"), "");
    }
}
