//! Who can reach each AI data store: the principals whose identity policies allow
//! reading or writing its objects, those its bucket policy admits, and whether they
//! can also decrypt with its key (their identity policy and the key policy both
//! allow `kms:Decrypt`). What the audit report's "who can read the training data?"
//! stands on.
//!
//! Matching is IAM's: actions and resource patterns with `*` and `?`, any case for
//! actions. Deny statements and conditions are not evaluated: a grant under a
//! condition is kept and marked conditional, so the view errs towards showing access.

use crate::iam::catalog::glob;
use crate::views::estate::Protection;
use crate::views::policy::{account_root, PolicyDocument, PolicyUsage, Statement};
use crate::views::stores::Tier;
use crate::{Attribute, Kind, Model, Resource, ResourceId, Value};
use ringfence_eval::UNKNOWN_MARK;
use std::collections::HashMap;

const READ_ACTION: &str = "s3:GetObject";
const WRITE_ACTION: &str = "s3:PutObject";
const DECRYPT_ACTION: &str = "kms:Decrypt";

/// Yes, no, or not known from the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Can {
    Yes,
    No,
    Unknown,
}

impl Can {
    pub fn as_str(self) -> &'static str {
        match self {
            Can::Yes => "yes",
            Can::No => "no",
            Can::Unknown => "unknown",
        }
    }
}

/// How a principal reaches a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// A policy attached to a role, user or group of the scan.
    Identity,
    /// The bucket's own policy names it.
    BucketPolicy,
}

/// Who may decrypt with a store's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decrypt {
    /// Both the identity policy and the key policy allow it (or the key policy
    /// delegates to IAM, as the default key policy does).
    Can(Can),
    /// The store is not under a customer managed key: S3 decrypts for anyone who may
    /// read the object.
    NotNeeded,
}

/// One principal's access to one store, with the statements that grant it.
pub struct Access<'m> {
    /// The role, user or group of the scan, when the principal is one.
    pub resource: Option<&'m Resource>,
    /// What the principal is called: a resource address, or the principal as written
    /// in the bucket policy (`*`, an ARN, a service).
    pub principal: String,
    pub via: Via,
    pub read: Can,
    pub write: Can,
    pub decrypt: Decrypt,
    /// Some grant holds only under a condition.
    pub conditional: bool,
    /// The statement elements that grant access (the resource pattern or principal).
    pub evidence: Vec<(&'m Resource, &'m Value, &'static str)>,
}

/// One AI data store and who can reach it.
pub struct StoreReach<'m> {
    pub id: ResourceId,
    pub bucket: &'m Resource,
    pub tiers: Vec<Tier>,
    pub protection: Protection<'m>,
    /// At most the `limit` given to [`Model::store_reach`], by principal.
    pub access: Vec<Access<'m>>,
    /// Further principals that reach the store, counted, not listed.
    pub more_principals: usize,
    /// Resource patterns not known before deployment: they may cover this store.
    pub unknown: Vec<(&'m Resource, &'m Value)>,
}

/// Identity statements granting S3 object access: (policy, statement, read, write).
struct S3Grants<'d, 'm> {
    statements: Vec<(&'d PolicyDocument<'m>, &'d Statement<'m>, bool, bool)>,
    by_bucket: HashMap<ResourceId, Vec<usize>>,
    /// Statements with a literal ARN (no wildcard) by the bucket name it holds.
    by_name: HashMap<String, Vec<usize>>,
    /// Statements with a pattern or an unknown: tried against every bucket.
    unreferenced: Vec<usize>,
}

/// How a resource element of a statement covers a bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Covers {
    /// Its objects (`arn:aws:s3:::b/*`, `*`).
    Objects,
    /// The bucket alone, or another resource.
    No,
    Unknown,
}

impl Model {
    /// Every AI data store (a bucket an AI resource uses), in address order, with at
    /// most `limit` principals listed each (the others counted): a repository where
    /// every role may read every bucket stays linear in what is shown.
    pub fn store_reach(&self, limit: usize) -> Vec<StoreReach<'_>> {
        let policies = self.policies();
        let identity: Vec<&PolicyDocument<'_>> =
            policies.iter().filter(|p| p.usage == PolicyUsage::Identity && !p.attached_to.is_empty()).collect();
        let bucket_policies = self.bucket_policies();
        let key_policies: Vec<&PolicyDocument<'_>> = policies.iter().filter(|p| p.usage == PolicyUsage::Key).collect();
        let s3_grants = self.s3_grants(&identity);
        // The identity policies each principal holds, for its decrypt grants.
        let held_by = held_by(&identity);
        let mut out = Vec::new();
        for bucket in self.buckets() {
            if self.store_uses(bucket.id).is_empty() {
                continue;
            }
            let name = literal_bucket_name(bucket.resource);
            let protection = self.bucket_protection(&bucket.encryption, bucket.resource);
            let key = self.key_id(&protection);
            let mut reach = StoreReach {
                id: bucket.id,
                bucket: bucket.resource,
                tiers: self.tiers_of(bucket.id),
                protection: protection.clone(),
                access: Vec::new(),
                more_principals: 0,
                unknown: Vec::new(),
            };
            let mut accesses = Accesses::new(limit);
            let mut unknown_seen = std::collections::HashSet::new();
            // Identity policies: each holder of a statement allowing S3 object access
            // here (only statements that name this bucket or name no resource of the scan).
            let mut candidates: Vec<usize> = s3_grants.by_bucket.get(&bucket.id).cloned().unwrap_or_default();
            candidates.extend(name.and_then(|n| s3_grants.by_name.get(n)).into_iter().flatten().copied());
            candidates.extend(s3_grants.unreferenced.iter().copied());
            candidates.sort_unstable();
            candidates.dedup();
            for at in candidates {
                let (doc, statement, read, write) = s3_grants.statements[at];
                let mut covering = None;
                for element in &statement.resources {
                    match self.covers(doc.owner, element, bucket.id, name) {
                        Covers::Objects => covering = covering.or(Some(*element)),
                        Covers::Unknown => {
                            if unknown_seen.insert(*element as *const Value) {
                                reach.unknown.push((doc.owner, element));
                            }
                        }
                        Covers::No => {}
                    }
                }
                let Some(element) = covering else { continue };
                for holder in &doc.attached_to {
                    let principal = self.resource(*holder);
                    let key = (Via::Identity, Some(*holder), String::new());
                    if let Some(access) = accesses.entry(key, Some(principal), || principal.address.clone()) {
                        let evidence = (doc.owner, element, "identity policy");
                        grant(access, read, write, statement.condition.is_some(), evidence);
                    }
                }
            }
            // The bucket policy: each principal it admits to the objects.
            for doc in bucket_policies.get(&bucket.id).into_iter().flatten() {
                for statement in doc.statements.iter().filter(|s| s.is_allow()) {
                    let (read, write) = (allows(statement, READ_ACTION), allows(statement, WRITE_ACTION));
                    let covered = statement.resources.is_empty()
                        || statement.resources.iter().any(|e| self.covers(doc.owner, e, bucket.id, name) != Covers::No);
                    if (!read && !write) || !covered {
                        continue;
                    }
                    for principal in statement.all_principals() {
                        let resource =
                            self.referenced_by(doc.owner, principal).into_iter().next().map(|id| self.resource(id));
                        let named = match resource {
                            Some(r) => r.address.clone(),
                            None => principal_text(principal),
                        };
                        let key = (Via::BucketPolicy, None, named.clone());
                        if let Some(access) = accesses.entry(key, resource, || named) {
                            let evidence = (doc.owner, principal, "bucket policy");
                            grant(access, read, write, statement.condition.is_some(), evidence);
                        }
                    }
                }
            }
            reach.more_principals = accesses.overflow.len();
            reach.access = accesses.list;
            // Decryption: the key policy must allow the principal (or delegate to the
            // account), and a principal of the scan needs its identity policy too.
            for access in &mut reach.access {
                access.decrypt = match key {
                    None if matches!(protection, Protection::Unknown(_) | Protection::Named(_)) => {
                        Decrypt::Can(Can::Unknown)
                    }
                    None => Decrypt::NotNeeded,
                    Some(key) => {
                        let by_key = self.key_policy_admits(&key_policies, key, access);
                        let by_identity = match (access.via, access.resource) {
                            (Via::Identity, Some(principal)) => {
                                let held = self.id_of(principal).and_then(|id| held_by.get(&id));
                                self.identity_decrypts(held.map_or(&[][..], Vec::as_slice), key)
                            }
                            // A principal outside the scan: its identity policy is not here.
                            _ => Can::Unknown,
                        };
                        Decrypt::Can(both(by_key, by_identity))
                    }
                };
            }
            reach.access.sort_by(|a, b| (a.via as u8, &a.principal).cmp(&(b.via as u8, &b.principal)));
            out.push(reach);
        }
        out.sort_by(|a, b| a.bucket.address.cmp(&b.bucket.address));
        out
    }

    /// The identity statements allowing S3 object reads or writes, indexed by the
    /// resources their elements reference: a bucket is tried against its own and
    /// against those naming nothing of the scan, not against every policy.
    fn s3_grants<'d, 'm>(&'m self, identity: &[&'d PolicyDocument<'m>]) -> S3Grants<'d, 'm> {
        let mut grants = S3Grants {
            statements: Vec::new(),
            by_bucket: HashMap::new(),
            by_name: HashMap::new(),
            unreferenced: Vec::new(),
        };
        for doc in identity {
            for statement in doc.statements.iter().filter(|s| s.is_allow()) {
                let (read, write) = (allows(statement, READ_ACTION), allows(statement, WRITE_ACTION));
                if !read && !write {
                    continue;
                }
                let at = grants.statements.len();
                grants.statements.push((*doc, statement, read, write));
                let mut names_nothing = false;
                for element in &statement.resources {
                    let referenced = self.referenced_by(doc.owner, element);
                    let literal = element.as_str().filter(|t| !t.contains(['*', '?']));
                    match (referenced.is_empty(), literal.and_then(crate::views::stores::bucket_name)) {
                        // `arn:aws:s3:::name/key`: only the bucket of that name.
                        (true, Some(name)) => grants.by_name.entry(name.to_string()).or_default().push(at),
                        (true, None) => names_nothing = true,
                        (false, _) => {}
                    }
                    for id in referenced {
                        grants.by_bucket.entry(id).or_default().push(at);
                    }
                }
                if names_nothing {
                    grants.unreferenced.push(at);
                }
            }
        }
        grants
    }

    /// Whether a statement's resource element covers the bucket's objects.
    fn covers(&self, owner: &Resource, element: &Value, bucket: ResourceId, name: Option<&str>) -> Covers {
        let referenced = self.referenced_by(owner, element);
        let text = element.as_str().map(str::to_string).or_else(|| element.rendered.as_ref().map(|r| r.text.clone()));
        if referenced.contains(&bucket) {
            // `aws_s3_bucket.b.arn` alone is the bucket; `"${aws_s3_bucket.b.arn}/*"` its objects.
            return match text {
                Some(t) if t.contains('/') => Covers::Objects,
                _ => Covers::No,
            };
        }
        if !referenced.is_empty() {
            return Covers::No; // another resource of the scan
        }
        let Some(text) = text else {
            return if element.is_unknown() { Covers::Unknown } else { Covers::No };
        };
        if text.contains(UNKNOWN_MARK) {
            // A pattern with a part not known: it covers the bucket if some value could.
            let pattern = text.replace(UNKNOWN_MARK, "*");
            return if object_pattern_matches(&pattern, name) { Covers::Unknown } else { Covers::No };
        }
        if object_pattern_matches(&text, name) {
            Covers::Objects
        } else {
            Covers::No
        }
    }

    /// Whether the key's policy lets the principal decrypt: it names the principal, or
    /// `*`, or delegates to IAM by naming the account root. A key without a policy in
    /// the scan has the default one, which delegates.
    fn key_policy_admits(&self, key_policies: &[&PolicyDocument<'_>], key: ResourceId, access: &Access<'_>) -> Can {
        let policies: Vec<&&PolicyDocument<'_>> =
            key_policies.iter().filter(|p| p.owner_id == key || self.policy_targets(p.owner, key)).collect();
        if policies.is_empty() {
            return Can::Yes; // the default key policy: the account's IAM decides
        }
        let mut verdict = Can::No;
        for doc in policies {
            for statement in doc.statements.iter().filter(|s| s.is_allow() && allows(s, DECRYPT_ACTION)) {
                for principal in statement.all_principals() {
                    let names_it = match access.resource {
                        Some(r) => self
                            .referenced_by(doc.owner, principal)
                            .iter()
                            .any(|id| std::ptr::eq(self.resource(*id), r)),
                        None => false,
                    };
                    let text = principal.as_str().unwrap_or_default();
                    if names_it || text == "*" || account_root(text).is_some() || names_root(principal) {
                        return Can::Yes;
                    }
                    if principal.is_unknown() {
                        verdict = Can::Unknown;
                    }
                }
            }
        }
        verdict
    }

    /// `aws_kms_key_policy` names its key in `key_id`.
    fn policy_targets(&self, owner: &Resource, key: ResourceId) -> bool {
        owner.rtype == "aws_kms_key_policy"
            && owner.attrs.get("key_id").is_some_and(|v| self.referenced_by(owner, v).contains(&key))
    }

    /// Whether an identity policy the principal holds allows `kms:Decrypt` on the key.
    fn identity_decrypts(&self, held: &[&PolicyDocument<'_>], key: ResourceId) -> Can {
        let mut verdict = Can::No;
        for doc in held {
            for statement in doc.statements.iter().filter(|s| s.is_allow() && allows(s, DECRYPT_ACTION)) {
                for element in &statement.resources {
                    let referenced = self.referenced_by(doc.owner, element);
                    if referenced.contains(&key) {
                        return Can::Yes;
                    }
                    if !referenced.is_empty() {
                        continue;
                    }
                    match element.as_str() {
                        Some(text)
                            if text == "*"
                                || (glob(text, "arn:aws:kms:region:111122223333:key/id") && text.contains('*')) =>
                        {
                            return Can::Yes
                        }
                        Some(_) => {}
                        None if element.is_unknown() => verdict = Can::Unknown,
                        None => {}
                    }
                }
            }
        }
        verdict
    }
}

impl Model {
    /// The key of the scan a protection names, if it is one.
    fn key_id(&self, protection: &Protection<'_>) -> Option<ResourceId> {
        match protection {
            Protection::Key(key) => self.id_of(key),
            _ => None,
        }
    }
}

/// A bucket's name when written as a literal (`bucket`, `BucketName`).
fn literal_bucket_name(bucket: &Resource) -> Option<&str> {
    Attribute::new("bucket", "BucketName").read(bucket).setting.known().and_then(Value::as_str)
}

/// The identity policies each role, user or group holds (`attached_to` names each
/// holder once per policy).
fn held_by<'d, 'm>(identity: &[&'d PolicyDocument<'m>]) -> HashMap<ResourceId, Vec<&'d PolicyDocument<'m>>> {
    let mut out: HashMap<ResourceId, Vec<&PolicyDocument<'_>>> = HashMap::new();
    for doc in identity {
        for holder in &doc.attached_to {
            out.entry(*holder).or_default().push(doc);
        }
    }
    out
}

/// Whether the statement's actions (or, for `NotAction`, the actions it leaves out)
/// include `action`.
fn allows(statement: &Statement<'_>, action: &str) -> bool {
    let matches = |values: &[&Value]| values.iter().any(|v| v.as_str().is_some_and(|p| glob(p.trim(), action)));
    if !statement.not_actions.is_empty() {
        return !matches(&statement.not_actions);
    }
    matches(&statement.actions)
}

/// Whether an S3 resource pattern covers objects of the named bucket (of some bucket,
/// when the name is not known: then only patterns that cover every bucket).
fn object_pattern_matches(pattern: &str, name: Option<&str>) -> bool {
    let pattern = pattern.trim();
    match name {
        Some(name) => {
            glob(pattern, &format!("arn:aws:s3:::{name}/some/key"))
                || glob(pattern, &format!("arn:aws-us-gov:s3:::{name}/some/key"))
        }
        // No literal pattern holds U+0001: only a wildcard in the bucket's place matches.
        None => glob(pattern, "arn:aws:s3:::\u{1}/some/key"),
    }
}

/// `!Sub arn:aws:iam::${AWS::AccountId}:root`: the account root, whatever the account.
fn names_root(principal: &Value) -> bool {
    principal.rendered.as_ref().is_some_and(|r| {
        let text = r.text.trim();
        text.starts_with("arn:") && text.contains(":iam::") && text.ends_with(":root")
    })
}

fn principal_text(value: &Value) -> String {
    match &value.kind {
        Kind::String(s) => s.clone(),
        _ if value.is_unknown() => "(not known before deployment)".to_string(),
        _ => "(not text)".to_string(),
    }
}

/// Who a principal is, for finding its row: how it reaches the store, the resource
/// of the scan when it is one, else its name as written.
type PrincipalKey = (Via, Option<ResourceId>, String);

/// The principals of one store: at most `limit` listed, the others only counted.
struct Accesses<'m> {
    list: Vec<Access<'m>>,
    index: HashMap<PrincipalKey, usize>,
    overflow: std::collections::HashSet<PrincipalKey>,
    limit: usize,
}

impl<'m> Accesses<'m> {
    fn new(limit: usize) -> Accesses<'m> {
        Accesses { list: Vec::new(), index: HashMap::new(), overflow: Default::default(), limit }
    }

    /// The row of this principal, made on first sight; `None` past the limit.
    fn entry(
        &mut self,
        key: PrincipalKey,
        resource: Option<&'m Resource>,
        name: impl FnOnce() -> String,
    ) -> Option<&mut Access<'m>> {
        if let Some(at) = self.index.get(&key) {
            return Some(&mut self.list[*at]);
        }
        if self.list.len() >= self.limit {
            self.overflow.insert(key);
            return None;
        }
        let via = key.0;
        self.index.insert(key, self.list.len());
        self.list.push(Access {
            resource,
            principal: name(),
            via,
            read: Can::No,
            write: Can::No,
            decrypt: Decrypt::NotNeeded,
            conditional: false,
            evidence: Vec::new(),
        });
        self.list.last_mut()
    }
}

fn grant<'m>(
    access: &mut Access<'m>,
    read: bool,
    write: bool,
    conditional: bool,
    evidence: (&'m Resource, &'m Value, &'static str),
) {
    if read {
        access.read = Can::Yes;
    }
    if write {
        access.write = Can::Yes;
    }
    access.conditional |= conditional;
    if !access.evidence.iter().any(|(_, v, _)| std::ptr::eq(*v, evidence.1)) {
        access.evidence.push(evidence);
    }
}

fn both(a: Can, b: Can) -> Can {
    match (a, b) {
        (Can::No, _) | (_, Can::No) => Can::No,
        (Can::Yes, Can::Yes) => Can::Yes,
        _ => Can::Unknown,
    }
}

/// A role an AI resource runs as, allowed to decrypt with a key of the scan that
/// protects nothing the role works with.
pub struct UnneededKey<'m> {
    pub role: &'m Resource,
    pub key: &'m Resource,
    /// The policy and the resource element granting `kms:Decrypt` on the key.
    pub policy: &'m Resource,
    pub element: &'m Value,
    /// The AI resources running as the role.
    pub users: Vec<&'m Resource>,
    /// What the key protects instead, each where it names the key.
    pub protects: Vec<(&'m Resource, &'m Value)>,
}

impl Model {
    /// Decrypt grants of AI roles on keys they do not need. A role needs a key that
    /// protects one of its AI resources, a store they use, or anything its identity
    /// policies grant access to (a bucket, a secret, a queue encrypted with it). Only
    /// keys whose uses the scan knows are judged: a key protecting nothing visible may
    /// serve something outside the configuration.
    pub fn unneeded_key_grants(&self) -> Vec<UnneededKey<'_>> {
        // Every lookup below is indexed: with one pass per role over every policy, asset,
        // key and bucket, this view was quadratic in the scan (18.9 s on 10k files).
        let policies = self.policies();
        let key_uses: HashMap<ResourceId, Vec<crate::views::keys::KeyUse<'_>>> = self.key_uses().into_iter().collect();
        let estate = self.ai_estate();
        // The first asset of each resource and id, as a search from the start finds.
        let mut asset_at: HashMap<*const Resource, usize> = HashMap::new();
        let mut asset_of_id: HashMap<ResourceId, usize> = HashMap::new();
        for (i, a) in estate.iter().enumerate() {
            asset_at.entry(a.resource as *const Resource).or_insert(i);
            asset_of_id.entry(a.id).or_insert(i);
        }
        // Each role with the assets running as it, in the order first met.
        let mut roles: Vec<(&Resource, Vec<usize>)> = Vec::new();
        let mut role_at: HashMap<*const Resource, usize> = HashMap::new();
        for (i, asset) in estate.iter().enumerate() {
            for role in &asset.roles {
                match role_at.get(&(*role as *const Resource)) {
                    Some(&at) => roles[at].1.push(i),
                    None => {
                        role_at.insert(*role as *const Resource, roles.len());
                        roles.push((role, vec![i]));
                    }
                }
            }
        }
        let identity: Vec<&PolicyDocument<'_>> = policies.iter().filter(|p| p.usage == PolicyUsage::Identity).collect();
        let held_by = held_by(&identity);
        let key_of = |p: &Protection<'_>| self.key_id(p);
        let buckets: Vec<(ResourceId, Option<ResourceId>)> =
            self.buckets().map(|b| (b.id, key_of(&self.bucket_protection(&b.encryption, b.resource)))).collect();
        let bucket_key: HashMap<ResourceId, Option<ResourceId>> = buckets.iter().copied().collect();
        // The buckets a key of the scan encrypts, with their literal names: what a
        // granted element may cover by name.
        let keyed_buckets: Vec<(ResourceId, &str)> = buckets
            .iter()
            .filter(|(_, key)| key.is_some())
            .filter_map(|(b, _)| literal_bucket_name(self.resource(*b)).map(|name| (*b, name)))
            .collect();
        let keyed_name: HashMap<ResourceId, &str> = keyed_buckets.iter().copied().collect();
        let mut keyed_by_name: HashMap<&str, Vec<(ResourceId, &str)>> = HashMap::new();
        for &(bucket, name) in &keyed_buckets {
            keyed_by_name.entry(name).or_default().push((bucket, name));
        }
        let mut out = Vec::new();
        for (role, assets) in roles {
            let mut held: Vec<&PolicyDocument<'_>> = Vec::new();
            if let Some(docs) = self.id_of(role).and_then(|id| held_by.get(&id)) {
                held.extend(docs.iter().copied());
            }
            // The grants judged: kms:Decrypt on a key of the scan with known uses. A role
            // with none needs no further work (most roles).
            let mut grants: Vec<(&PolicyDocument<'_>, &Value, ResourceId)> = Vec::new();
            for doc in &held {
                for statement in doc.statements.iter().filter(|s| s.is_allow() && allows(s, DECRYPT_ACTION)) {
                    for element in &statement.resources {
                        for key in self.referenced_by(doc.owner, element) {
                            if key_uses.get(&key).is_some_and(|uses| !uses.is_empty()) {
                                grants.push((doc, element, key));
                            }
                        }
                    }
                }
            }
            if grants.is_empty() {
                continue;
            }
            let users: Vec<&Resource> = assets.iter().map(|&i| estate[i].resource).collect();
            // Keys the role needs.
            let mut needed: Vec<ResourceId> = Vec::new();
            for &i in &assets {
                let asset = &estate[i];
                needed.extend(asset.protection.as_ref().and_then(key_of));
                needed.extend(asset.stores.iter().filter_map(|s| key_of(&s.protection)));
            }
            let mut granted: Vec<ResourceId> = Vec::new();
            for doc in &held {
                for statement in doc.statements.iter().filter(|s| s.is_allow()) {
                    for element in &statement.resources {
                        let referenced = self.referenced_by(doc.owner, element);
                        granted.extend(referenced.iter().copied());
                        if element.as_str() == Some("*") {
                            continue;
                        }
                        // Only a referenced bucket or, for a written ARN, the bucket of that
                        // name can be covered; a pattern in the bucket's place may cover any.
                        let candidates: &[(ResourceId, &str)] = if !referenced.is_empty() {
                            &[]
                        } else {
                            match element.as_str().and_then(crate::views::stores::bucket_name) {
                                Some(name) => keyed_by_name.get(name).map_or(&[], Vec::as_slice),
                                None => &keyed_buckets,
                            }
                        };
                        let referenced_keyed =
                            referenced.iter().filter_map(|b| keyed_name.get(b).map(|name| (*b, *name)));
                        for (bucket, name) in candidates.iter().copied().chain(referenced_keyed) {
                            if self.covers(doc.owner, element, bucket, Some(name)) == Covers::Objects {
                                granted.push(bucket);
                            }
                        }
                    }
                }
            }
            for id in &granted {
                needed.extend(bucket_key.get(id).copied().flatten());
            }
            let granted: std::collections::HashSet<*const Resource> =
                granted.iter().map(|id| self.resource(*id) as *const Resource).collect();
            // A key an AI resource uses is needed by the role it runs as; one used by an
            // AI resource that names no role (an endpoint configuration's capture key)
            // may be needed by whichever role serves it, so it is not judged. Only the
            // keys granted are asked about.
            let needs = |u: &crate::views::keys::KeyUse<'_>| match asset_at.get(&(u.user as *const Resource)) {
                Some(&i) if estate[i].roles.is_empty() => {
                    let asset = &estate[i];
                    // Served by the roles of the AI resources it names (an endpoint
                    // configuration's models); by anyone when it names none we know.
                    let served: Vec<&Resource> = self
                        .referenced_by(asset.resource, &asset.resource.attrs)
                        .into_iter()
                        .filter_map(|id| asset_of_id.get(&id).map(|&j| &estate[j]))
                        .flat_map(|a| a.roles.iter().copied())
                        .collect();
                    served.is_empty() || served.iter().any(|r| std::ptr::eq(*r, role))
                }
                Some(&i) => estate[i].roles.iter().any(|r| std::ptr::eq(*r, role)),
                None => false,
            };
            let mut judged: HashMap<ResourceId, bool> = HashMap::new();
            for (doc, element, key) in grants {
                let uses = &key_uses[&key];
                let is_needed = *judged.entry(key).or_insert_with(|| {
                    needed.contains(&key)
                        || uses.iter().any(needs)
                        || uses.iter().any(|u| granted.contains(&(u.user as *const Resource)))
                });
                if is_needed {
                    continue;
                }
                out.push(UnneededKey {
                    role,
                    key: self.resource(key),
                    policy: doc.owner,
                    element,
                    users: users.clone(),
                    protects: uses.iter().map(|u| (u.user, u.value)).collect(),
                });
            }
        }
        out.sort_by_key(|u| u.element.span);
        out.dedup_by(|a, b| a.element.span == b.element.span && std::ptr::eq(a.key, b.key));
        out
    }
}
