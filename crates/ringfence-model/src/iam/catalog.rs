//! The AWS action catalog, embedded in the binary (derived by `derive.rs`) and compiled
//! into static tables by `build.rs`: nothing is parsed at start.

/// A string of the catalog: offset and length in `TEXT`.
#[derive(Clone, Copy)]
struct S(u32, u32);

/// A list: start and end in a table.
#[derive(Clone, Copy)]
struct R(u32, u32);

impl S {
    fn get(self) -> &'static str {
        &TEXT[self.0 as usize..(self.0 + self.1) as usize]
    }
}

impl R {
    fn of<T>(self, table: &'static [T]) -> &'static [T] {
        &table[self.0 as usize..self.1 as usize]
    }
}

/// One IAM action: its lower-case name and the resource types it accepts (none: it
/// has no resource-level permissions and works only on `*`).
pub struct Action {
    name: S,
    resources: R,
}

pub struct Service {
    prefix: S,
    actions: R,
    /// Resource types sorted by name, in lower case.
    types: R,
}

/// A resource type and its ARN formats (`arn:${Partition}:s3:::${BucketName}`).
struct ResourceType {
    name: S,
    formats: R,
}

#[derive(Debug)]
pub struct Catalog {
    /// Sorted by prefix.
    services: &'static [Service],
}

include!(concat!(env!("OUT_DIR"), "/iam_catalog.rs"));

/// The catalog.
pub fn catalog() -> &'static Catalog {
    static CATALOG: Catalog = Catalog { services: &SERVICES };
    &CATALOG
}

impl Action {
    pub fn name(&self) -> &'static str {
        self.name.get()
    }

    /// The resource types, in lower case.
    pub fn resources(&self) -> impl ExactSizeIterator<Item = &'static str> + Clone {
        self.resources.of(&STRS).iter().map(|s| s.get())
    }
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Action")
            .field("name", &self.name())
            .field("resources", &self.resources().collect::<Vec<_>>())
            .finish()
    }
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").field("prefix", &self.prefix()).field("actions", &self.actions().len()).finish()
    }
}

/// Case-insensitive glob match with `*` and `?`, as IAM matches action patterns.
/// Byte-wise without allocating: it runs for every catalog action a pattern is tried on.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi].eq_ignore_ascii_case(&t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            pi += 1;
            mark = ti;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

impl Catalog {
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        let prefix = prefix.to_ascii_lowercase();
        self.services.binary_search_by(|s| s.prefix().cmp(prefix.as_str())).ok().map(|i| &self.services[i])
    }

    pub fn len(&self) -> usize {
        self.services.iter().map(|s| s.actions().len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    /// Every action a pattern (`s3:Get*`, `sagemaker:CreateNotebookInstance`) grants.
    /// Empty when it names nothing; `None` when it is not of the form `service:action`.
    pub fn expand<'c>(&'c self, pattern: &str) -> Option<Vec<(&'c Service, &'c Action)>> {
        let (service, action) = pattern.trim().split_once(':')?;
        let mut out = Vec::new();
        let services: Vec<&Service> = if service.contains(['*', '?']) {
            self.services.iter().filter(|s| glob(service, s.prefix())).collect()
        } else {
            self.service(service).into_iter().collect()
        };
        for s in services {
            out.extend(s.actions().iter().filter(|a| glob(action, a.name())).map(|a| (s, a)));
        }
        out.sort_by(|a, b| (a.0.prefix(), a.1.name()).cmp(&(b.0.prefix(), b.1.name())));
        Some(out)
    }

    /// Whether a pattern grants any action ([`Catalog::expand`] not empty), stopping
    /// at the first; `None` when it is not of the form `service:action`.
    pub fn names_any(&self, pattern: &str) -> Option<bool> {
        let (service, action) = pattern.trim().split_once(':')?;
        let grants = |s: &Service| s.actions().iter().any(|a| glob(action, a.name()));
        Some(if service.contains(['*', '?']) {
            self.services.iter().any(|s| glob(service, s.prefix()) && grants(s))
        } else {
            self.service(service).is_some_and(grants)
        })
    }

    /// The real action nearest to a pattern that names nothing, spelled the way the user
    /// spelled what matches (`s3:GetObjct` → `s3:GetObject`).
    pub fn nearest(&self, pattern: &str) -> Option<String> {
        let (service, action) = pattern.trim().split_once(':')?;
        let lower_service = service.to_ascii_lowercase();
        let (svc, service_written) = match self.service(&lower_service) {
            Some(s) => (s, service.to_string()),
            None => {
                let best = self
                    .services
                    .iter()
                    .filter_map(|s| Some((distance(&lower_service, s.prefix(), (s.prefix().len() / 3).max(1))?, s)))
                    .min_by(|a, b| a.0.cmp(&b.0).then(a.1.prefix().cmp(b.1.prefix())))?;
                (best.1, best.1.prefix().to_string())
            }
        };
        // A misspelled service with a pattern that matches there: keep the pattern.
        if service_written != service && svc.actions().iter().any(|a| glob(action, a.name())) {
            return Some(format!("{service_written}:{action}"));
        }
        let lower_action = action.to_ascii_lowercase().replace(['*', '?'], "");
        // Nearest by edit distance; among equals, the one sharing the longest start.
        let shared = |name: &str| name.chars().zip(lower_action.chars()).take_while(|(a, b)| a == b).count();
        let (_, best) = svc
            .actions()
            .iter()
            .filter_map(|a| Some((distance(&lower_action, a.name(), (a.name().len() / 4).max(1))?, a)))
            .min_by(|a, b| {
                (a.0 as isize - shared(a.1.name()) as isize / 2)
                    .cmp(&(b.0 as isize - shared(b.1.name()) as isize / 2))
                    .then(a.1.name().cmp(b.1.name()))
            })?;
        Some(format!("{service_written}:{}", recase(best.name(), action)))
    }
}

impl Service {
    pub fn prefix(&self) -> &'static str {
        self.prefix.get()
    }

    pub fn actions(&self) -> &'static [Action] {
        self.actions.of(&ACTIONS)
    }

    /// Whether `arn` (a policy's Resource, possibly with wildcards) covers every
    /// resource of the given type: it matches an arbitrary ARN of that type.
    pub fn covers_all(&self, arn: &str, rtype: &str) -> bool {
        let rtype = rtype.to_ascii_lowercase();
        let types = self.types.of(&TYPES);
        let Ok(at) = types.binary_search_by(|t| t.name.get().cmp(rtype.as_str())) else { return false };
        let formats = types[at].formats.of(&STRS).iter().map(|s| s.get());
        let partition = arn.split(':').nth(1).filter(|p| !p.contains('*')).unwrap_or("aws");
        // The source writes variable parts as `.*`, which may span `/` (an S3 object is
        // `bucket/key`): probe with a flat and with a path-shaped value.
        formats
            .into_iter()
            .any(|format| ["zq9x1", "zq9x1/kw4v7"].iter().any(|token| glob(arn, &probe(format, partition, token))))
    }
}

/// An arbitrary ARN of a format: every variable part replaced by `token`.
fn probe(format: &str, partition: &str, token: &str) -> String {
    let mut out = String::new();
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else { break };
        let name = &rest[start + 2..start + end];
        out.push_str(if name == "Partition" { partition } else { token });
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out.replace(".*", token)
}

/// Edit distance where swapping two neighbouring letters is one edit (optimal string
/// alignment): `Decrpyt` is one edit from `Decrypt`. `None` past `bound`: names whose
/// lengths differ by more are ruled out at once, and the table stops at two rows
/// past it (every later cell comes from them), as most of a service's names are.
fn distance(a: &str, b: &str, bound: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    // Three rows of the table: two back (for a swap), the previous one, this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    let mut previous_min = 0;
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (previous[j] + 1).min(row[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        let row_min = row.iter().copied().min().unwrap_or(0);
        if row_min > bound && previous_min > bound {
            return None;
        }
        previous_min = row_min;
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut row);
    }
    Some(previous[b.len()]).filter(|d| *d <= bound)
}

/// Spells a lower-case catalog name the way the user writes action names: each
/// camel-case word of what they wrote that appears (in order) keeps their spelling;
/// any other stretch starts with a capital, as AWS names do.
fn recase(canonical: &str, written: &str) -> String {
    // Written all in lower case: answer in the same style.
    if !written.chars().any(|c| c.is_ascii_uppercase()) {
        return canonical.to_string();
    }
    // Camel-case words; a run of capitals (an acronym) stays one word; wildcards split.
    let chars: Vec<char> = written.chars().collect();
    let mut words: Vec<String> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            words.push(String::new());
            continue;
        }
        let prev_lower = i > 0 && chars[i - 1].is_ascii_lowercase();
        if words.is_empty() || (c.is_ascii_uppercase() && prev_lower) {
            words.push(String::new());
        }
        if let Some(w) = words.last_mut() {
            w.push(c);
        }
    }
    let words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    let mut out = String::new();
    let mut at = 0;
    let mut stretch_start = true;
    // `stretch_start` stays true until a written word is found: the name's first
    // stretch then starts with a capital.
    for word in &words {
        let lower = word.to_ascii_lowercase();
        if let Some(found) = canonical[at..].find(&lower) {
            let gap = &canonical[at..at + found];
            out.push_str(&word_like(gap, at == 0));
            out.push_str(word);
            at += found + lower.len();
            stretch_start = false;
        }
    }
    out.push_str(&word_like(&canonical[at..], stretch_start));
    out
}

/// A stretch of the name the user did not write: a word of its own (capitalised)
/// unless it is a short ending of the word before (`Endpoint` + `s`).
fn word_like(stretch: &str, at_start: bool) -> String {
    if at_start || stretch.len() >= 3 {
        capitalize(stretch)
    } else {
        stretch.to_string()
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_case_insensitively() {
        let c = catalog();
        assert!(c.len() > 20_000);
        let gets = c.expand("S3:GetObject*").unwrap();
        assert!(gets.iter().any(|(_, a)| a.name() == "getobjectacl"));
        assert!(c.expand("s3:NoSuchThing").unwrap().is_empty());
        assert!(c.expand("not-an-action").is_none());
        assert_eq!(c.names_any("S3:GetObject*"), Some(true));
        assert_eq!(c.names_any("s3:NoSuchThing"), Some(false));
        assert_eq!(c.names_any("*:GetObject"), Some(true));
        assert_eq!(c.names_any("nosuchservice:*"), Some(false));
        assert_eq!(c.names_any("not-an-action"), None);
    }

    #[test]
    fn resource_level_permissions_and_coverage() {
        let c = catalog();
        let ecr = c.expand("ecr:GetAuthorizationToken").unwrap();
        assert_eq!(ecr[0].1.resources().len(), 0);
        let s3 = c.service("s3").unwrap();
        assert!(s3.covers_all("arn:aws:s3:::*", "bucket"));
        assert!(!s3.covers_all("arn:aws:s3:::acme-models", "bucket"));
        assert!(s3.covers_all("arn:aws:s3:::*/*", "object"));
        assert!(!s3.covers_all("arn:aws:s3:::acme-models/*", "object"));
        let bedrock = c.service("bedrock").unwrap();
        assert!(bedrock.covers_all("arn:aws:bedrock:*::foundation-model/*", "foundation-model"));
        assert!(!bedrock.covers_all("arn:aws:bedrock:*::foundation-model/anthropic.claude-v2", "foundation-model"));
        // Type names differ in case between actions and types in the source.
        let secrets = c.expand("secretsmanager:GetSecretValue").unwrap();
        let (svc, action) = secrets[0];
        assert!(action.resources().any(|t| svc.covers_all("arn:aws:secretsmanager:*:*:secret:*", t)));
    }

    #[test]
    fn nearest_action_keeps_the_users_spelling() {
        let c = catalog();
        assert_eq!(c.nearest("s3:GetObjct").as_deref(), Some("s3:GetObject"));
        assert_eq!(c.nearest("sagemaker:CreateNoteboookInstance").as_deref(), Some("sagemaker:CreateNotebookInstance"));
        assert_eq!(c.nearest("s33:GetObject").as_deref(), Some("s3:GetObject"));
        assert_eq!(c.nearest("s3:CompletelyDifferentThingEntirely"), None);
        assert_eq!(c.nearest("logs:DescriptLogStreams").as_deref(), Some("logs:DescribeLogStreams"));
        assert_eq!(c.nearest("ec2:DeleteVpcEndpoint").as_deref(), Some("ec2:DeleteVpcEndpoints"));
        assert_eq!(c.nearest("lambda:UpdateFunction").as_deref(), Some("lambda:UpdateFunctionCode"));
        assert_eq!(c.nearest("codestar:SyncResources"), None);
        assert_eq!(c.nearest("s3:HeadBucket"), None);
        assert_eq!(c.nearest("kms:Decrpyt").as_deref(), Some("kms:Decrypt"));
        assert_eq!(c.nearest("sagemkr:*").as_deref(), Some("sagemaker:*"));
        assert_eq!(c.nearest("s3:getobjct").as_deref(), Some("s3:getobject"));
        assert_eq!(c.nearest("sagemaker:Describe*Endpont*").as_deref(), Some("sagemaker:DescribeEndpoint"));
        assert_eq!(
            c.nearest("sagemaker:CreatePresignedDomainURLs").as_deref(),
            Some("sagemaker:CreatePresignedDomainUrl")
        );
    }
}
