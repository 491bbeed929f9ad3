//! OpenSearch Serverless security policies (a knowledge base's vector store), whose
//! JSON documents are decoded from strings when the model is built.

use crate::{Attribute, Model, Resource, Setting, Value};

/// A network or encryption security policy of OpenSearch Serverless.
pub struct ServerlessPolicy<'m> {
    pub resource: &'m Resource,
    /// `network` or `encryption`, lower-cased.
    pub kind: Option<String>,
    /// The decoded document: a list of rules (network) or an object (encryption);
    /// unknown or text when it cannot be decoded.
    pub document: Setting<'m>,
}

impl ServerlessPolicy<'_> {
    /// Every object of the document (the document itself, or each list item).
    pub fn objects(&self) -> Vec<&Value> {
        match self.document.known() {
            Some(doc) if is_object(doc) => vec![doc],
            Some(doc) => doc.items().iter().filter(|v| is_object(v)).collect(),
            None => Vec::new(),
        }
    }
}

fn is_object(value: &Value) -> bool {
    matches!(value.kind, crate::Kind::Map(_))
}

impl Model {
    pub fn serverless_policies(&self) -> impl Iterator<Item = ServerlessPolicy<'_>> {
        self.of_type(&["aws_opensearchserverless_security_policy", "AWS::OpenSearchServerless::SecurityPolicy"]).map(
            |(_, r)| ServerlessPolicy {
                resource: r,
                kind: Attribute::new("type", "Type")
                    .read(r)
                    .known()
                    .and_then(Value::as_str)
                    .map(str::to_ascii_lowercase),
                document: Attribute::new("policy", "Policy").read(r).setting,
            },
        )
    }
}
