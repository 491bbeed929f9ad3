use crate::prelude::*;

declare_rule! {
    /// A trail that records no S3 object data events, excludes management events, or
    /// records only writes.
    pub struct CloudtrailNoDataEvents {
        code: "LOG002",
        name: "cloudtrail-no-data-events",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for CloudtrailNoDataEvents {
    fn check(&self, c: &mut Checker<'_>) {
        for trail in c.model.trails() {
            let r = trail.resource;
            c.examined(r);
            let Some(recorded) = trail.recorded() else {
                let selectors = [trail.advanced_event_selectors, trail.event_selectors].into_iter().flatten();
                c.undecided_among(r, selectors, "the trail's event selectors are not known");
                continue;
            };
            if !recorded.s3_data_events {
                c.report_missing(r, "trail records no S3 object data events: reads and writes of training data and model artifacts leave no trace");
            } else if let Some(first) = recorded.writes_only.first() {
                let finding = c.report(r, *first, "trail records only writes of S3 objects: reads of training data and model artifacts (exfiltration) leave no trace");
                for other in &recorded.writes_only[1..] {
                    finding.label(other.span, "also write-only");
                }
            }
            if !recorded.management_events {
                match recorded.management_off.first() {
                    Some(first) => {
                        let finding = c.report(
                            r,
                            *first,
                            "trail excludes management events: changes to roles, keys and endpoints are not recorded",
                        );
                        for other in &recorded.management_off[1..] {
                            finding.label(other.span, "also excludes management events");
                        }
                    }
                    None => {
                        c.report_missing(
                            r,
                            "trail records no management events: changes to roles, keys and endpoints are not recorded",
                        );
                    }
                }
            }
        }
    }
}
