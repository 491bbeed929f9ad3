//! CloudTrail trails and Security Hub.

use crate::{Attribute, Field, Model, Resource, ResourceId, Setting, Value};

/// A CloudTrail trail.
pub struct Trail<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// Off when unset.
    pub log_file_validation: Field<'m>,
    /// Off when unset.
    pub multi_region: Field<'m>,
    pub kms_key: Field<'m>,
    /// On when unset in Terraform; required in CloudFormation.
    pub logging: Field<'m>,
    /// Basic event selectors, each as written.
    pub event_selectors: Option<&'m Value>,
    pub advanced_event_selectors: Option<&'m Value>,
}

/// Security Hub in an account.
pub struct SecurityHub<'m> {
    pub resource: &'m Resource,
    /// Whether the default standards are subscribed (on when unset).
    pub default_standards: Field<'m>,
}

/// What a trail's event selectors record.
#[derive(Debug, Default)]
pub struct Recorded<'m> {
    /// Some selector records S3 object data events.
    pub s3_data_events: bool,
    /// Some selector records management events.
    pub management_events: bool,
    /// Where management events are turned off (labels), when none records them.
    pub management_off: Vec<&'m Value>,
    /// Where S3 data events are limited to writes, when all of them are.
    pub writes_only: Vec<&'m Value>,
}

impl<'m> Trail<'m> {
    /// What the selectors record; `None` when a selector cannot be known.
    pub fn recorded(&self) -> Option<Recorded<'m>> {
        let lang = self.resource.lang;
        // An unknown anywhere in the selectors (a `dynamic` block, a variable) could
        // record anything: nothing is judged.
        let unknown = |v: &Value| contains_unknown(v, 0);
        if let Some(advanced) = self.advanced_event_selectors.filter(|v| !v.items().is_empty()) {
            if unknown(advanced) {
                return None;
            }
            let mut out = Recorded::default();
            let mut s3_selectors = Vec::new();
            for selector in advanced.items() {
                let fields = Attribute::new("field_selector", "FieldSelectors")
                    .get(selector, lang)
                    .map(Value::items)
                    .unwrap_or_default();
                let equals = |field: &str| -> Option<&'m Value> {
                    let selector = fields.iter().find(|f| {
                        Attribute::new("field", "Field")
                            .get(f, lang)
                            .and_then(Value::as_str)
                            .is_some_and(|n| n.eq_ignore_ascii_case(field))
                    })?;
                    Attribute::new("equals", "Equals").get(selector, lang)
                };
                let has = |field: &str, wanted: &str| {
                    equals(field).is_some_and(|v| {
                        v.items().iter().any(|i| i.as_str().is_some_and(|s| s.eq_ignore_ascii_case(wanted)))
                    })
                };
                if has("eventCategory", "Management") {
                    out.management_events = true;
                }
                if has("eventCategory", "Data") && has("resources.type", "AWS::S3::Object") {
                    s3_selectors.push(equals("readOnly").filter(|v| {
                        !v.items().is_empty()
                            && v.items().iter().all(|i| i.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false")))
                    }));
                }
            }
            out.s3_data_events = !s3_selectors.is_empty();
            if s3_selectors.iter().all(Option::is_some) {
                out.writes_only = s3_selectors.into_iter().flatten().collect();
            }
            return Some(out);
        }
        let Some(basic) = self.event_selectors.filter(|v| !v.items().is_empty()) else {
            // No selectors: every management event, no data events.
            return Some(Recorded { management_events: true, ..Recorded::default() });
        };
        if unknown(basic) {
            return None;
        }
        let mut out = Recorded::default();
        let mut s3_modes = Vec::new();
        for selector in basic.items() {
            match Attribute::new("include_management_events", "IncludeManagementEvents").at(selector, lang) {
                Setting::Known(v) if v.as_bool() == Some(false) => out.management_off.push(v),
                Setting::Unknown(_) => return None,
                _ => out.management_events = true,
            }
            let resources = Attribute::new("data_resource", "DataResources")
                .get(selector, lang)
                .map(Value::items)
                .unwrap_or_default();
            let s3 = resources.iter().any(|d| {
                Attribute::new("type", "Type")
                    .get(d, lang)
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.eq_ignore_ascii_case("AWS::S3::Object"))
            });
            if s3 {
                s3_modes.push(Attribute::new("read_write_type", "ReadWriteType").at(selector, lang));
            }
        }
        out.s3_data_events = !s3_modes.is_empty();
        if s3_modes.iter().all(|m| m.is_str("WriteOnly")) {
            out.writes_only = s3_modes.iter().filter_map(Setting::known).collect();
        }
        if out.management_events {
            out.management_off.clear();
        }
        Some(out)
    }
}

impl Model {
    pub fn trails(&self) -> impl Iterator<Item = Trail<'_>> {
        self.of_type(&["aws_cloudtrail", "AWS::CloudTrail::Trail"]).map(|(id, r)| Trail {
            id,
            resource: r,
            log_file_validation: Attribute::new("enable_log_file_validation", "EnableLogFileValidation").read(r),
            multi_region: Attribute::new("is_multi_region_trail", "IsMultiRegionTrail").read(r),
            kms_key: Attribute::new("kms_key_id", "KMSKeyId").read(r),
            logging: Attribute::new("enable_logging", "IsLogging").read(r),
            event_selectors: Attribute::new("event_selector", "EventSelectors").get(&r.attrs, r.lang),
            advanced_event_selectors: Attribute::new("advanced_event_selector", "AdvancedEventSelectors")
                .get(&r.attrs, r.lang),
        })
    }

    /// Security Hub accounts (`aws_securityhub_account`, `AWS::SecurityHub::Hub`), and
    /// the ARNs of every standards subscription in the scan.
    pub fn security_hub(&self) -> (Vec<SecurityHub<'_>>, Vec<&Value>) {
        let hubs = self
            .of_type(&["aws_securityhub_account", "AWS::SecurityHub::Hub"])
            .map(|(_, r)| SecurityHub {
                resource: r,
                default_standards: Attribute::new("enable_default_standards", "EnableDefaultStandards").read(r),
            })
            .collect();
        let standards = self
            .of_type(&["aws_securityhub_standards_subscription", "AWS::SecurityHub::Standard"])
            .filter_map(|(_, r)| Attribute::new("standards_arn", "StandardsArn").get(&r.attrs, r.lang))
            .collect();
        (hubs, standards)
    }
}

/// Whether a value holds an unknown anywhere (bounded depth).
fn contains_unknown(value: &Value, depth: usize) -> bool {
    if depth > ringfence_syntax::MAX_DEPTH {
        return true;
    }
    match &value.kind {
        // Computed from a resource of the scan (a bucket's ARN in `values`): a
        // particular resource, not a choice of what is recorded.
        crate::Kind::Unknown(references) => references.is_empty(),
        crate::Kind::Error(_) => true,
        crate::Kind::List(items) => items.iter().any(|v| contains_unknown(v, depth + 1)),
        crate::Kind::Map(entries) => entries.iter().any(|e| contains_unknown(&e.value, depth + 1)),
        _ => false,
    }
}
