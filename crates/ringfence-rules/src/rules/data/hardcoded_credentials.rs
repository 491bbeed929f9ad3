use crate::prelude::*;
use ringfence_model::views::credentials::CredentialKind;

declare_rule! {
    /// AWS credentials written in the configuration.
    pub struct HardcodedCredentials {
        code: "DATA007",
        name: "hardcoded-credentials",
        severity: Critical,
        default_enabled: true,
    }
}

impl Check for HardcodedCredentials {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        // Every resource's text is searched: each one is judged.
        for (_, resource) in model.resources() {
            c.examined(resource);
        }
        for credential in model.credentials() {
            let message = match credential.kind {
                CredentialKind::AccessKeyId => "an AWS access key ID is written in the configuration: anyone who can read the repository can use it; rotate it and use roles",
                CredentialKind::SecretAccessKey => "an AWS secret access key is written in the configuration: rotate it and use roles or a secret store",
            };
            match model.resource_around(credential.span) {
                Some(resource) => c.report(resource, credential.span, message),
                None => c.report_outside(credential.span, message),
            };
        }
    }
}
