use crate::{Kind, Model, Resource, ResourceId, Setting, Value};
use ringfence_syntax::{Diagnostic, SourceMap};
use std::collections::HashMap;

/// How a policy document is used, which decides the rules that judge it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyUsage {
    /// Attached to a role, user or group: what they may do.
    Identity,
    /// A role's trust policy: who may assume it.
    Trust,
    /// A KMS key policy.
    Key,
    /// An S3 bucket policy.
    Bucket,
    /// Another service's resource policy (a queue, topic, repository, secret, domain).
    Resource,
}

/// Where policy documents are written: resource type, attribute path (a dotted path
/// fans out over lists), and usage.
const SLOTS: &[(&str, &str, PolicyUsage)] = &[
    ("aws_iam_policy", "policy", PolicyUsage::Identity),
    ("aws_iam_role_policy", "policy", PolicyUsage::Identity),
    ("aws_iam_user_policy", "policy", PolicyUsage::Identity),
    ("aws_iam_group_policy", "policy", PolicyUsage::Identity),
    ("aws_iam_role", "inline_policy.policy", PolicyUsage::Identity),
    ("aws_iam_role", "assume_role_policy", PolicyUsage::Trust),
    ("aws_kms_key", "policy", PolicyUsage::Key),
    ("aws_kms_key_policy", "policy", PolicyUsage::Key),
    ("aws_s3_bucket_policy", "policy", PolicyUsage::Bucket),
    ("aws_s3_bucket", "policy", PolicyUsage::Bucket),
    // A policy document consumed by nothing is judged as an identity policy.
    ("aws_iam_policy_document", "json", PolicyUsage::Identity),
    ("AWS::IAM::Policy", "PolicyDocument", PolicyUsage::Identity),
    ("AWS::IAM::ManagedPolicy", "PolicyDocument", PolicyUsage::Identity),
    ("AWS::IAM::Role", "Policies.PolicyDocument", PolicyUsage::Identity),
    ("AWS::IAM::User", "Policies.PolicyDocument", PolicyUsage::Identity),
    ("AWS::IAM::Group", "Policies.PolicyDocument", PolicyUsage::Identity),
    ("AWS::IAM::RolePolicy", "PolicyDocument", PolicyUsage::Identity),
    ("AWS::IAM::UserPolicy", "PolicyDocument", PolicyUsage::Identity),
    ("AWS::IAM::GroupPolicy", "PolicyDocument", PolicyUsage::Identity),
    ("AWS::IAM::Role", "AssumeRolePolicyDocument", PolicyUsage::Trust),
    // SAM: inline statements among a function's `Policies` (names of managed
    // policies and policy templates are other list items).
    ("AWS::Serverless::Function", "Policies", PolicyUsage::Identity),
    ("AWS::Serverless::StateMachine", "Policies", PolicyUsage::Identity),
    ("AWS::KMS::Key", "KeyPolicy", PolicyUsage::Key),
    ("AWS::S3::BucketPolicy", "PolicyDocument", PolicyUsage::Bucket),
    ("aws_sqs_queue_policy", "policy", PolicyUsage::Resource),
    ("aws_sns_topic_policy", "policy", PolicyUsage::Resource),
    ("aws_ecr_repository_policy", "policy", PolicyUsage::Resource),
    ("aws_secretsmanager_secret_policy", "policy", PolicyUsage::Resource),
    ("aws_opensearch_domain_policy", "access_policies", PolicyUsage::Resource),
    ("AWS::SQS::QueuePolicy", "PolicyDocument", PolicyUsage::Resource),
    ("AWS::SNS::TopicPolicy", "PolicyDocument", PolicyUsage::Resource),
    ("AWS::ECR::Repository", "RepositoryPolicyText", PolicyUsage::Resource),
    ("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", PolicyUsage::Resource),
    ("AWS::OpenSearchService::Domain", "AccessPolicies", PolicyUsage::Resource),
];

/// Other policies written as JSON inside strings, decoded the same way: OpenSearch
/// Serverless network and encryption policies.
const JSON_SLOTS: &[(&str, &str)] =
    &[("aws_opensearchserverless_security_policy", "policy"), ("AWS::OpenSearchServerless::SecurityPolicy", "Policy")];

/// Condition keys that pin the caller of a policy that names `*` as principal to an
/// organisation, an account, a specific principal or a source.
const PINNING_KEYS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

/// Further keys that pin the caller of a resource policy (a bucket or key policy) to a
/// network or to calls made through the account.
const RESOURCE_PINNING_KEYS: &[&str] =
    &["aws:sourcevpce", "aws:sourcevpc", "aws:sourceip", "aws:userid", "kms:calleraccount"];

/// `arn:aws:iam::123456789012:root` or a bare account ID: every principal of an account.
/// Returns the account ID.
pub fn account_root(principal: &str) -> Option<&str> {
    let p = principal.trim();
    if p.len() == 12 && p.chars().all(|c| c.is_ascii_digit()) {
        return Some(p);
    }
    let mut parts = p.strip_prefix("arn:")?.split(':');
    let (_partition, service, _region, account, resource) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    (service == "iam" && resource == "root" && account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()))
        .then_some(account)
}

/// A policy document where it is used.
pub struct PolicyDocument<'m> {
    pub owner_id: ResourceId,
    pub owner: &'m Resource,
    pub usage: PolicyUsage,
    pub value: &'m Value,
    pub statements: Vec<Statement<'m>>,
    /// For identity policies: the roles, users and groups that hold it (the owner
    /// itself for inline policies of a role, user, group or SAM function).
    pub attached_to: Vec<ResourceId>,
}

/// One statement, its elements as written (each element keeps its span; a single
/// string where a list is allowed counts as a list of one).
pub struct Statement<'m> {
    pub value: &'m Value,
    pub effect: Setting<'m>,
    pub actions: Vec<&'m Value>,
    pub not_actions: Vec<&'m Value>,
    pub resources: Vec<&'m Value>,
    pub not_resources: Vec<&'m Value>,
    pub principal: Option<&'m Value>,
    pub not_principal: Option<&'m Value>,
    pub condition: Option<&'m Value>,
}

impl<'m> Statement<'m> {
    pub fn is_allow(&self) -> bool {
        self.effect.is_str("Allow")
    }

    /// Action elements written as known strings, with their text.
    pub fn known_actions(&self) -> impl Iterator<Item = (&'m Value, &'m str)> + '_ {
        self.actions.iter().filter_map(|v| Some((*v, v.as_str()?.trim())))
    }

    /// `*` or `*:*`: every action (IAM001).
    pub fn all_action_wildcards(&self) -> Vec<&'m Value> {
        self.known_actions().filter(|(_, a)| matches!(*a, "*" | "*:*")).map(|(v, _)| v).collect()
    }

    /// `service:*`: every action of one service (IAM002).
    pub fn service_wildcards(&self) -> Vec<&'m Value> {
        self.known_actions()
            .filter(|(_, a)| {
                a.split_once(':').is_some_and(|(svc, act)| act == "*" && !svc.contains(['*', '?']) && !svc.is_empty())
            })
            .map(|(v, _)| v)
            .collect()
    }

    /// Condition keys of the statement, lower-cased.
    pub fn condition_keys(&self) -> Vec<String> {
        self.condition
            .map(|c| {
                c.entries()
                    .iter()
                    .flat_map(|op| op.value.entries().iter().map(|k| k.key.to_ascii_lowercase()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether a condition pins the caller to an organisation, account, principal or
    /// source: what makes `*` safe in a trust policy.
    pub fn pins_caller(&self) -> bool {
        self.condition_keys().iter().any(|k| PINNING_KEYS.contains(&k.as_str()))
    }

    /// Like [`Statement::pins_caller`], also accepting a network (VPC, endpoint, IP) or
    /// a calling account: what makes `*` safe in a bucket or key policy.
    pub fn pins_resource_caller(&self) -> bool {
        self.condition_keys()
            .iter()
            .any(|k| PINNING_KEYS.contains(&k.as_str()) || RESOURCE_PINNING_KEYS.contains(&k.as_str()))
    }

    /// The principals named under `AWS` (or the whole principal when it is a plain
    /// string such as `"*"`), each as written.
    pub fn aws_principals(&self) -> Vec<&'m Value> {
        let Some(principal) = self.principal else { return Vec::new() };
        match principal.as_str() {
            Some(_) => vec![principal],
            None => principal.get("AWS").map(|v| v.items().iter().collect()).unwrap_or_default(),
        }
    }

    /// Every principal value of the statement, whatever its type (`AWS`, `Service`,
    /// `Federated`, ...).
    pub fn all_principals(&self) -> Vec<&'m Value> {
        let Some(principal) = self.principal else { return Vec::new() };
        match principal.as_str() {
            Some(_) => vec![principal],
            None => principal.entries().iter().flat_map(|e| e.value.items()).collect(),
        }
    }

    /// The `*` principal of the statement (`"*"` or `{"AWS": "*"}`), if any.
    pub fn public_principal(&self) -> Option<&'m Value> {
        self.aws_principals().into_iter().find(|p| p.as_str().is_some_and(|t| t.trim() == "*"))
    }

    /// The first `NotAction`/`NotResource` element: an inverted grant (IAM004).
    pub fn inverted(&self) -> Option<&'m Value> {
        self.not_actions.first().or(self.not_resources.first()).copied()
    }
}

impl<'m> Statement<'m> {
    fn new(value: &'m Value) -> Statement<'m> {
        let list = |key: &str| value.get(key).map(|v| v.items().iter().collect()).unwrap_or_default();
        Statement {
            value,
            effect: Setting::of(value.get("Effect")),
            actions: list("Action"),
            not_actions: list("NotAction"),
            resources: list("Resource"),
            not_resources: list("NotResource"),
            principal: value.get("Principal"),
            not_principal: value.get("NotPrincipal"),
            condition: value.get("Condition"),
        }
    }
}

impl Model {
    /// Every policy document, with its usage, in source order.
    pub fn policies(&self) -> &[PolicyDocument<'_>] {
        self.policies.0.get_or_init(|| {
            let documents = self.find_policies();
            // SAFETY: the documents borrow only what `resources` owns on the heap (each
            // resource and the values under it), never the `Model` itself. `resources`
            // is private and final before anything can read this cache (`build` sorts
            // and decodes it first, then only adds indexes beside it); no method takes
            // `&mut self` and `Model` is not `Clone`. Moving the model moves the
            // vector's pointer, not the resources. So what the documents borrow lives,
            // unmoved, as long as the cache; `'static` never escapes: the documents are
            // handed out at the lifetime of `&self`.
            unsafe { std::mem::transmute::<Vec<PolicyDocument<'_>>, Vec<PolicyDocument<'static>>>(documents) }
        })
    }

    fn find_policies(&self) -> Vec<PolicyDocument<'_>> {
        let mut out = Vec::new();
        for &(id, slot) in self.policy_slots() {
            let r = self.resource(id);
            let (_, path, usage) = &SLOTS[slot];
            for doc in slot_documents(r, path) {
                let statements = doc
                    .get("Statement")
                    .map(|s| s.items().iter().filter(|v| matches!(v.kind, Kind::Map(_))).map(Statement::new).collect())
                    .unwrap_or_default();
                let attached_to = match usage {
                    PolicyUsage::Identity => self.holders_of(id).to_vec(),
                    _ => Vec::new(),
                };
                out.push(PolicyDocument { owner_id: id, owner: r, usage: *usage, value: doc, statements, attached_to });
            }
        }
        out
    }
}

impl Model {
    /// Each resource and slot holding at least one policy document, in source order.
    fn policy_slots(&self) -> &[(ResourceId, usize)] {
        self.policy_slots.get_or_init(|| {
            let mut slots = Vec::new();
            for (id, r) in self.resources() {
                if r.referenced {
                    continue; // judged where it is used
                }
                for (i, (_, path, _)) in SLOTS.iter().enumerate().filter(|(_, (t, _, _))| *t == r.rtype) {
                    if slot_documents(r, path).next().is_some() {
                        slots.push((id, i));
                    }
                }
            }
            slots
        })
    }
}

/// The policy documents written at a slot of a resource: maps with a `Statement`
/// (not unknown, a string that was not JSON, or a policy name).
fn slot_documents<'m>(r: &'m Resource, path: &'static str) -> impl Iterator<Item = &'m Value> {
    let parts: Vec<&str> = crate::awscc::named(r.lang, path).split('.').collect();
    r.attrs
        .lookup_all(&parts)
        .into_iter()
        .flat_map(|v| v.items())
        .filter(|doc| matches!(doc.kind, Kind::Map(_)) && doc.get("Statement").is_some())
}

/// Principal types an identity policy can be attached to.
const PRINCIPALS: &[&str] = &[
    "aws_iam_role",
    "aws_iam_user",
    "aws_iam_group",
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::IAM::Group",
    "AWS::Serverless::Function",
];

/// How a policy or an attachment names the principals holding a policy: resource type,
/// attributes naming principals, attribute naming the policy (empty: the resource is
/// itself the policy).
const HOLDERS: &[(&str, &[&str], &str)] = &[
    ("aws_iam_role_policy", &["role"], ""),
    ("aws_iam_user_policy", &["user"], ""),
    ("aws_iam_group_policy", &["group"], ""),
    ("aws_iam_role_policy_attachment", &["role"], "policy_arn"),
    ("aws_iam_user_policy_attachment", &["user"], "policy_arn"),
    ("aws_iam_group_policy_attachment", &["group"], "policy_arn"),
    ("aws_iam_policy_attachment", &["roles", "users", "groups"], "policy_arn"),
    ("aws_iam_role", &[], "managed_policy_arns"),
    ("AWS::IAM::Policy", &["Roles", "Users", "Groups"], ""),
    ("AWS::IAM::ManagedPolicy", &["Roles", "Users", "Groups"], ""),
    ("AWS::IAM::RolePolicy", &["RoleName"], ""),
    ("AWS::IAM::UserPolicy", &["UserName"], ""),
    ("AWS::IAM::GroupPolicy", &["GroupName"], ""),
    ("AWS::IAM::Role", &[], "ManagedPolicyArns"),
    ("AWS::IAM::User", &[], "ManagedPolicyArns"),
    ("AWS::IAM::Group", &[], "ManagedPolicyArns"),
];

/// The principals holding each identity policy (by the resource it is written in),
/// computed once when the model is built: one pass over attachments and policies, with
/// principals looked up by name through an index.
pub(crate) fn holders_index(model: &Model) -> HashMap<ResourceId, Vec<ResourceId>> {
    let principals_named = |from: &Resource, value: &Value| -> Vec<ResourceId> {
        let mut ids: Vec<ResourceId> = model
            .referenced_by(from, value)
            .into_iter()
            .filter(|id| PRINCIPALS.contains(&model.resource(*id).rtype.as_str()))
            .collect();
        if let Some(name) = value.as_str() {
            ids.extend(model.principals_named(from.unit, name).iter().copied());
        }
        ids
    };
    let mut out: HashMap<ResourceId, Vec<ResourceId>> = HashMap::new();
    for (id, r) in model.resources() {
        if PRINCIPALS.contains(&r.rtype.as_str()) {
            out.entry(id).or_default().push(id); // inline in the principal itself
        }
        for (_, principal_attrs, policy_attr) in HOLDERS.iter().filter(|h| h.0 == r.rtype) {
            let principals: Vec<ResourceId> = if principal_attrs.is_empty() {
                vec![id]
            } else {
                principal_attrs
                    .iter()
                    .flat_map(|attr| {
                        r.attrs.get(crate::awscc::named(r.lang, attr)).map(Value::items).unwrap_or_default()
                    })
                    .flat_map(|v| principals_named(r, v))
                    .collect()
            };
            if policy_attr.is_empty() {
                // The resource is the policy and names its principals.
                out.entry(id).or_default().extend(principals);
                continue;
            }
            // An attachment (or a principal's list of managed policies) naming policies.
            for v in r.attrs.get(crate::awscc::named(r.lang, policy_attr)).map(Value::items).unwrap_or_default() {
                for policy in model.referenced_by(r, v) {
                    out.entry(policy).or_default().extend(principals.iter().copied());
                }
            }
        }
    }
    for holders in out.values_mut() {
        holders.sort();
        holders.dedup();
    }
    out
}

/// Decodes policy documents written as JSON strings (quoted, heredoc, YAML block
/// scalar, CloudFormation string) in place. Spans point inside the string whenever
/// each line of its text stands on a line of the file (possibly indented, as in
/// `<<-` heredocs and YAML `|` blocks); otherwise (escapes, folding) at the string.
pub(crate) fn decode_strings(resource: &mut Resource, sources: &SourceMap, diagnostics: &mut Vec<Diagnostic>) {
    let slots = SLOTS.iter().map(|(t, p, _)| (*t, *p)).chain(JSON_SLOTS.iter().copied());
    for (_, path) in slots.filter(|(t, _)| *t == resource.rtype) {
        let parts: Vec<&str> = crate::awscc::named(resource.lang, path).split('.').collect();
        visit_mut(&mut resource.attrs, &parts, &mut |value| {
            // Only a JSON object is a document; other text is a policy name or ARN
            // (SAM's `Policies: PowerUserAccess`), judged by the managed-policy rules.
            let plain_text = value.rendered.is_none();
            if plain_text && !value.as_str().is_some_and(|t| t.trim_start().starts_with(['{', '['])) {
                return;
            }
            match ringfence_eval::decode_json_string(value, sources) {
                Some(Ok(mut decoded)) => {
                    decoded.origins = std::mem::take(&mut value.origins);
                    *value = decoded;
                }
                // A rendered text that is not JSON stays as it was (an unknown stays unknown).
                Some(Err(mut e)) if plain_text => {
                    e.message = format!("policy is not valid JSON: {}", e.message.trim_start_matches("invalid JSON: "));
                    diagnostics.push(e);
                }
                _ => value.rendered = None,
            }
        });
    }
}

fn visit_mut(value: &mut Value, path: &[&str], f: &mut dyn FnMut(&mut Value)) {
    let Some((first, rest)) = path.split_first() else {
        f(value);
        return;
    };
    match &mut value.kind {
        Kind::List(items) => items.iter_mut().for_each(|v| visit_mut(v, path, f)),
        Kind::Map(entries) => {
            if let Some(e) = entries.iter_mut().find(|e| e.key == *first) {
                visit_mut(&mut e.value, rest, f);
            }
        }
        _ => {}
    }
}
