use crate::views::{credentials, policy, stores};
use ringfence_eval::{Lang, Reference, Resource, UnitId, Value};
use ringfence_syntax::{Diagnostic, SourceMap};
use std::collections::HashMap;

/// Index of a resource in the [`Model`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId(pub u32);

/// Every resource of a scan, and the references between them.
#[derive(Debug, Default)]
pub struct Model {
    resources: Vec<Resource>,
    by_local_name: HashMap<(UnitId, String), ResourceId>,
    /// Instances by address within their unit (`module.a.aws_x.y[0]`).
    by_address: HashMap<(UnitId, String), ResourceId>,
    /// Resources that configure another one (a bucket's separate encryption
    /// configuration, its policy), keyed by the configured resource.
    attachments: HashMap<ResourceId, Vec<ResourceId>>,
    /// The principals holding each identity policy.
    holders: HashMap<ResourceId, Vec<ResourceId>>,
    /// IAM roles, users and groups by their literal name, within their unit.
    principal_names: HashMap<(UnitId, String), Vec<ResourceId>>,
    /// Uses of each bucket (AI data stores and tiers).
    pub(crate) stores: HashMap<ResourceId, Vec<stores::StoreUse>>,
    /// AWS credentials written in the files of the scan.
    credentials: Vec<credentials::Credential>,
    /// Where policy documents are written, found by the first rule that asks (every
    /// rule reading policies would otherwise test every resource against every slot).
    pub(crate) policy_slots: std::sync::OnceLock<Vec<(ResourceId, usize)>>,
    /// The policy documents and AI roles, computed by the first rule that asks and
    /// shared by every other (each was computed by every rule and view reading it: 16
    /// times a scan). They borrow `resources`: see `Model::policies`.
    pub(crate) policies: Cached<Vec<crate::views::policy::PolicyDocument<'static>>>,
    pub(crate) ai_roles: Cached<Vec<crate::views::ai::AiRole<'static>>>,
}

/// A view kept with the model once computed.
#[derive(Default)]
pub(crate) struct Cached<T>(pub(crate) std::sync::OnceLock<T>);

impl<T> std::fmt::Debug for Cached<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() { "Cached(computed)" } else { "Cached(not yet)" })
    }
}

/// Resource types that configure another resource, the attribute that names it, the
/// target's type, and the target attribute holding the literal name it can be named by.
const ATTACHMENTS: &[(&str, &str, &str, &str)] = &[
    ("aws_s3_bucket_server_side_encryption_configuration", "bucket", "aws_s3_bucket", "bucket"),
    ("aws_s3_bucket_versioning", "bucket", "aws_s3_bucket", "bucket"),
    ("aws_s3_bucket_policy", "bucket", "aws_s3_bucket", "bucket"),
    ("aws_s3_bucket_public_access_block", "bucket", "aws_s3_bucket", "bucket"),
    ("aws_s3_bucket_acl", "bucket", "aws_s3_bucket", "bucket"),
    ("aws_s3_bucket_lifecycle_configuration", "bucket", "aws_s3_bucket", "bucket"),
    ("aws_kms_key_policy", "key_id", "aws_kms_key", "key_id"),
    ("AWS::S3::BucketPolicy", "Bucket", "AWS::S3::Bucket", "BucketName"),
];

impl Model {
    /// Builds the graph. Resources are put in source order (file, then position), so
    /// everything derived from the model is deterministic. Policies written as JSON
    /// strings are decoded here, once, with spans in the file where possible.
    pub fn build(mut resources: Vec<Resource>, sources: &SourceMap) -> (Model, Vec<Diagnostic>) {
        resources.sort_by(|a, b| (a.file, a.header.start, &a.address).cmp(&(b.file, b.header.start, &b.address)));
        for resource in &mut resources {
            // An awscc resource is its CloudFormation type, named in snake_case.
            if resource.lang == Lang::Terraform {
                if let Some(cfn) = crate::awscc::cloudformation_type(&resource.rtype) {
                    resource.rtype = cfn.to_string();
                    resource.lang = Lang::Awscc;
                }
            }
        }
        // Decoding JSON policies and looking for credentials in every text are the
        // costly parts of the build: both in parallel.
        let (diagnostics, credentials) = rayon::join(
            || {
                use rayon::prelude::*;
                let found: Vec<Vec<Diagnostic>> = resources
                    .par_iter_mut()
                    .map(|resource| {
                        let mut diagnostics = Vec::new();
                        policy::decode_strings(resource, sources, &mut diagnostics);
                        diagnostics
                    })
                    .collect();
                found.into_iter().flatten().collect::<Vec<Diagnostic>>()
            },
            || credentials::scan(sources),
        );
        let by_local_name =
            resources.iter().enumerate().map(|(i, r)| ((r.unit, r.local_name.clone()), ResourceId(i as u32))).collect();
        let by_address =
            resources.iter().enumerate().map(|(i, r)| ((r.unit, r.address.clone()), ResourceId(i as u32))).collect();
        let mut principal_names: HashMap<(UnitId, String), Vec<ResourceId>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            let attr = match r.rtype.as_str() {
                "aws_iam_role" | "aws_iam_user" | "aws_iam_group" => "name",
                "AWS::IAM::Role" => "RoleName",
                "AWS::IAM::User" => "UserName",
                "AWS::IAM::Group" => "GroupName",
                _ => continue,
            };
            if let Some(name) = r.attrs.get(crate::awscc::named(r.lang, attr)).and_then(Value::as_str) {
                principal_names.entry((r.unit, name.to_string())).or_default().push(ResourceId(i as u32));
            }
        }
        let mut model = Model {
            resources,
            by_local_name,
            by_address,
            attachments: HashMap::new(),
            holders: HashMap::new(),
            principal_names,
            stores: HashMap::new(),
            credentials,
            policy_slots: std::sync::OnceLock::new(),
            policies: Cached::default(),
            ai_roles: Cached::default(),
        };
        model.attachments = model.link_attachments();
        model.holders = policy::holders_index(&model);
        // Reads the policies and AI roles, kept for the rules: they depend on the
        // holders (set above), never on the stores.
        model.stores = stores::index(&model);
        (model, diagnostics)
    }

    /// Links each attachment to its target, by reference or by literal name.
    fn link_attachments(&self) -> HashMap<ResourceId, Vec<ResourceId>> {
        // Literal names of possible targets only; the first in source order wins.
        let mut names: HashMap<(UnitId, &str, &str), ResourceId> = HashMap::new();
        for (id, r) in self.resources() {
            for (_, _, target_type, name_attr) in ATTACHMENTS.iter().filter(|a| a.2 == r.rtype) {
                if let Some(name) = r.attrs.get(crate::awscc::named(r.lang, name_attr)).and_then(Value::as_str) {
                    names.entry((r.unit, target_type, name)).or_insert(id);
                }
            }
        }
        let mut out: HashMap<ResourceId, Vec<ResourceId>> = HashMap::new();
        for (id, r) in self.resources() {
            let Some((_, attr, target_type, _)) = ATTACHMENTS.iter().find(|a| a.0 == r.rtype) else {
                continue;
            };
            let Some(value) = r.attrs.get(crate::awscc::named(r.lang, attr)) else {
                continue;
            };
            let by_reference =
                self.referenced_by(r, value).into_iter().find(|t| self.resource(*t).rtype == *target_type);
            let by_name = || value.as_str().and_then(|name| names.get(&(r.unit, *target_type, name)).copied());
            if let Some(target) = by_reference.or_else(by_name) {
                out.entry(target).or_default().push(id);
            }
        }
        out
    }

    /// AWS credentials written in the files of the scan, in file and position order.
    pub fn credentials(&self) -> &[credentials::Credential] {
        &self.credentials
    }

    /// The resource whose block contains `span` (the last header before it in its file
    /// whose attributes reach past it), if any.
    pub fn resource_around(&self, span: ringfence_syntax::Span) -> Option<&Resource> {
        // Resources are sorted by file and position: the candidate is the last one
        // starting before the span.
        let end = self.resources.partition_point(|r| (r.file, r.header.start) <= (span.file, span.start));
        let r = self.resources[..end].last().filter(|r| r.file == span.file)?;
        (extent_end(&r.attrs, span.file, 0) >= span.end).then_some(r)
    }

    /// From a resource's header to the furthest place in its file its attributes reach.
    pub fn extent(&self, r: &Resource) -> ringfence_syntax::Span {
        let end = extent_end(&r.attrs, r.header.file, 0).max(r.header.end);
        ringfence_syntax::Span { file: r.header.file, start: r.header.start, end }
    }

    /// IAM roles, users and groups named `name` in `unit` (a literal name or the last
    /// part of an ARN).
    pub fn principals_named(&self, unit: UnitId, name: &str) -> &[ResourceId] {
        self.principal_names.get(&(unit, name.to_string())).map_or(&[], Vec::as_slice)
    }

    /// The roles, users, groups (and SAM functions) holding the identity policy written
    /// in resource `policy`.
    pub fn holders_of(&self, policy: ResourceId) -> &[ResourceId] {
        self.holders.get(&policy).map_or(&[], Vec::as_slice)
    }

    /// Resources of `rtype` that configure a resource of the attachment table but are
    /// linked to none in the scan (their target is a variable, a data source, a name
    /// made elsewhere): judged on their own settings.
    pub fn unattached<'m>(&'m self, types: &'m [&'m str]) -> impl Iterator<Item = (ResourceId, &'m Resource)> + 'm {
        let attached: std::collections::HashSet<ResourceId> = self.attachments.values().flatten().copied().collect();
        self.of_type(types).filter(move |(id, _)| !attached.contains(id))
    }

    /// Resources that configure `target` (see the attachment table), in source order.
    pub fn attachments(&self, target: ResourceId) -> impl Iterator<Item = (ResourceId, &Resource)> {
        self.attachments.get(&target).into_iter().flatten().map(|&id| (id, self.resource(id)))
    }

    pub fn resources(&self) -> impl Iterator<Item = (ResourceId, &Resource)> {
        self.resources.iter().enumerate().map(|(i, r)| (ResourceId(i as u32), r))
    }

    /// The id of a resource of this model, from the reference a view holds: its place
    /// in the model's list, found in constant time. `None` for a resource of another model.
    pub fn id_of(&self, resource: &Resource) -> Option<ResourceId> {
        let size = std::mem::size_of::<Resource>();
        let base = self.resources.as_ptr() as usize;
        let at = (resource as *const Resource as usize).checked_sub(base)?;
        let index = at / size;
        (at % size == 0 && index < self.resources.len() && std::ptr::eq(&self.resources[index], resource))
            .then_some(ResourceId(index as u32))
    }

    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Managed resources of any of the given types (Terraform and CloudFormation names
    /// mixed). Data sources read what exists elsewhere: they are not deployed here, so
    /// views never judge them.
    pub fn of_type<'m: 't, 't>(
        &'m self,
        types: &'t [&'t str],
    ) -> impl Iterator<Item = (ResourceId, &'m Resource)> + 't {
        self.resources()
            .filter(move |(_, r)| r.mode == ringfence_eval::Mode::Managed && types.contains(&r.rtype.as_str()))
    }

    /// The values at a dotted attribute path (fanning out over lists of blocks) of
    /// every managed resource of type `rtype`: how the views' attribute tables are read.
    /// A CloudFormation path reads awscc resources of the type in their snake_case.
    pub fn values_at<'m>(&'m self, rtype: &str, path: &'static str) -> Vec<(ResourceId, &'m Resource, &'m Value)> {
        let parts: Vec<&str> = path.split('.').collect();
        let awscc: Vec<&str> =
            if rtype.contains("::") { crate::awscc::path(path).split('.').collect() } else { parts.clone() };
        self.of_type(&[rtype])
            .flat_map(|(id, r)| {
                let parts = if r.lang == Lang::Awscc { &awscc } else { &parts };
                r.attrs.lookup_all(parts).into_iter().map(move |v| (id, r, v))
            })
            .collect()
    }

    /// The resource a reference made from `from` points to, in the same unit.
    pub fn resolve(&self, from: &Resource, reference: &Reference) -> Option<ResourceId> {
        let name = format!("{}{}", from.module, reference.target);
        self.by_address.get(&(from.unit, name.clone())).or_else(|| self.by_local_name.get(&(from.unit, name))).copied()
    }

    /// Resources that `value` (an attribute of `from`) refers to.
    pub fn referenced_by(&self, from: &Resource, value: &Value) -> Vec<ResourceId> {
        value.references().into_iter().filter_map(|r| self.resolve(from, r)).collect()
    }
}

/// The furthest offset in `file` that a value or its keys reach (bounded depth).
fn extent_end(value: &Value, file: ringfence_syntax::FileId, depth: usize) -> u32 {
    let own = if value.span.file == file { value.span.end } else { 0 };
    if depth > ringfence_syntax::MAX_DEPTH {
        return own;
    }
    let inner = match &value.kind {
        ringfence_eval::Kind::List(items) => items.iter().map(|v| extent_end(v, file, depth + 1)).max().unwrap_or(0),
        ringfence_eval::Kind::Map(entries) => entries
            .iter()
            .map(|e| {
                extent_end(&e.value, file, depth + 1).max(if e.key_span.file == file { e.key_span.end } else { 0 })
            })
            .max()
            .unwrap_or(0),
        _ => 0,
    };
    own.max(inner)
}
