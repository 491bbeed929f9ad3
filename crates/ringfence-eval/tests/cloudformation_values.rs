//! CloudFormation evaluation produces the values CloudFormation would deploy.

use ringfence_eval::{evaluate_template, CfnInputs, Kind, UnitId, Value};
use ringfence_syntax::{parse_yaml, SourceMap};
use std::path::{Path, PathBuf};

fn evaluate(text: &str, inputs: &CfnInputs) -> (Vec<ringfence_eval::Resource>, SourceMap) {
    let sources = SourceMap::new();
    let id = sources.add(PathBuf::from("template.yaml"), text.to_string());
    let root = parse_yaml(sources.get(id)).unwrap();
    let none = |_: &Path| None;
    let out = evaluate_template(UnitId(0), sources.get(id), &root, inputs, &none);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    (out.resources, sources)
}

fn strings(v: &Value) -> Vec<String> {
    v.items().iter().map(|i| i.as_str().unwrap_or("?").to_string()).collect()
}

#[test]
fn sam_policy_templates_expand_to_their_statements() {
    let text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-models\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - S3ReadPolicy:\n            BucketName: !Ref Data\n        - SQSSendMessagePolicy:\n            QueueName: jobs\n        - AWSLambdaBasicExecutionRole\n";
    let inputs =
        CfnInputs { region: Some("eu-west-1".into()), account_id: Some("111122223333".into()), ..CfnInputs::default() };
    let (resources, sources) = evaluate(text, &inputs);
    let function = resources.iter().find(|r| r.name == "Fn").unwrap();
    let policies = function.attrs.get("Policies").unwrap().items();
    let read = &policies[0].get("Statement").unwrap().items()[0];
    assert_eq!(read.get("Effect").and_then(Value::as_str), Some("Allow"));
    assert!(strings(read.get("Action").unwrap()).contains(&"s3:GetObject".to_string()));
    // The bucket is a reference (its name is known only after deployment via Ref).
    assert!(read.get("Resource").unwrap().items().iter().all(|r| matches!(r.kind, Kind::Unknown(_))));
    let send = &policies[1].get("Statement").unwrap().items()[0];
    assert_eq!(strings(send.get("Action").unwrap()), vec!["sqs:SendMessage*"]);
    assert_eq!(strings(send.get("Resource").unwrap()), vec!["arn:aws:sqs:eu-west-1:111122223333:jobs"]);
    // Located at the template's name in the user's file.
    let file = sources.get(send.span.file);
    assert_eq!(file.slice(send.span), "SQSSendMessagePolicy");
    assert_eq!(policies[2].as_str(), Some("AWSLambdaBasicExecutionRole"));
}

#[test]
fn conditions_parameters_and_novalue() {
    let text = "Parameters:\n  Stage: {Type: String, Default: dev}\n  Cidrs: {Type: CommaDelimitedList, Default: \"a,b\"}\nConditions:\n  Prod: !Equals [!Ref Stage, prod]\n  NotProd: !Not [!Condition Prod]\n  Both: !And [!Condition Prod, !Condition NotProd]\n  Either: !Or [!Condition Prod, !Condition NotProd]\nResources:\n  Only:\n    Type: AWS::SNS::Topic\n    Condition: Prod\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n      A: !If [Both, x, !Ref AWS::NoValue]\n      B: !If [Either, yes, no]\n      C: [one, !If [Prod, two, !Ref AWS::NoValue], three]\n      D: !Select [1, !Ref Cidrs]\n      E: !Join [\"-\", [!Ref AWS::Partition, !Ref AWS::URLSuffix, !Ref AWS::Region]]\n      F: !Sub \"${Stage}-${!Literal}\"\n      G: !Cidr [10.0.0.0/16, 2, 8]\n      H: !Length [a, b, c]\n      I: !Split [\",\", \"x,y\"]\n";
    let (resources, _) = evaluate(text, &CfnInputs::default());
    assert_eq!(resources.len(), 1, "the resource whose condition is false is not deployed");
    let a = &resources[0].attrs;
    assert!(a.get("A").is_none(), "AWS::NoValue removes the property");
    assert_eq!(a.get("B").and_then(Value::as_str), Some("yes"));
    assert_eq!(strings(a.get("C").unwrap()), vec!["one", "three"]);
    assert_eq!(a.get("D").and_then(Value::as_str), Some("b"));
    assert!(a.get("E").unwrap().is_unknown(), "AWS::Region is unknown unless given");
    assert_eq!(a.get("F").and_then(Value::as_str), Some("dev-${Literal}"));
    assert_eq!(strings(a.get("G").unwrap()), vec!["10.0.0.0/24", "10.0.1.0/24"]);
    assert_eq!(a.get("H").and_then(Value::as_f64), Some(3.0));
    assert_eq!(strings(a.get("I").unwrap()), vec!["x", "y"]);
}

fn evaluate_with_diagnostics(text: &str) -> (Vec<ringfence_eval::Resource>, Vec<String>) {
    let sources = SourceMap::new();
    let id = sources.add(PathBuf::from("template.yaml"), text.to_string());
    let root = parse_yaml(sources.get(id)).unwrap();
    let none = |_: &Path| None;
    let out = evaluate_template(UnitId(0), sources.get(id), &root, &CfnInputs::default(), &none);
    let file = sources.get(id);
    let diagnostics = out
        .diagnostics
        .iter()
        .map(|d| {
            let line = d.span.map_or(0, |s| file.line_col(s.start as usize).line);
            format!("{:?} {line}: {}", d.level, d.message)
        })
        .collect();
    (out.resources, diagnostics)
}

#[test]
fn for_each_expands_each_element_with_its_identifier_substituted() {
    let text = "Transform: AWS::LanguageExtensions\nParameters:\n  Names:\n    Type: CommaDelimitedList\n    Default: a-1,b\nResources:\n  Fn::ForEach::Buckets:\n    - Name\n    - !Ref Names\n    - Bucket&{Name}:\n        Type: AWS::S3::Bucket\n        Properties:\n          BucketName: !Sub acme-${Name}\n          Tag: !Ref Name\n  Reader:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !GetAtt Bucketa1.BucketName\n";
    let (resources, diagnostics) = evaluate_with_diagnostics(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let names: Vec<&str> = resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Bucketa1", "Bucketb", "Reader"]);
    let bucket = |r: &ringfence_eval::Resource| r.attrs.get("BucketName").and_then(|v| v.as_str()).map(str::to_string);
    assert_eq!(bucket(&resources[0]).as_deref(), Some("acme-a-1"));
    assert_eq!(resources[1].attrs.get("Tag").and_then(|v| v.as_str()), Some("b"));
    // A resource made by a loop is found by its logical ID, its property known.
    assert_eq!(resources[2].attrs.get("Bucket").and_then(|v| v.as_str()), Some("acme-a-1"));
}

#[test]
fn for_each_that_is_malformed_too_large_or_repeats_an_id_is_a_located_error() {
    let malformed = "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Bad:\n    - Name\n    - [a]\n";
    let (resources, diagnostics) = evaluate_with_diagnostics(malformed);
    assert!(resources.is_empty());
    assert_eq!(diagnostics, ["Error 3: `Fn::ForEach::Bad` takes [Identifier, Collection, {OutputKey: Template}]"]);

    let repeated = "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Twice:\n    - Name\n    - [a, a]\n    - Bucket${Name}:\n        Type: AWS::S3::Bucket\n";
    let (resources, diagnostics) = evaluate_with_diagnostics(repeated);
    assert_eq!(resources.len(), 1);
    assert_eq!(diagnostics, ["Error 6: `Fn::ForEach` produces the logical ID `Bucketa` twice"]);

    let items: Vec<String> = (0..10_001).map(|i| format!("\"{i}\"")).collect();
    let huge = format!(
        "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Huge:\n    - N\n    - [{}]\n    - Bucket${{N}}:\n        Type: AWS::S3::Bucket\n",
        items.join(", ")
    );
    let (resources, diagnostics) = evaluate_with_diagnostics(&huge);
    assert!(resources.is_empty());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].contains("more than 10000 instances"), "{diagnostics:?}");
}

#[test]
fn transform_in_a_section_is_a_warning_not_a_resource_without_type() {
    let text = "Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: s3://b/x.yaml\n  Data:\n    Type: AWS::S3::Bucket\n  Included:\n    Fn::Transform:\n      Name: AWS::Include\n      Parameters:\n        Location: s3://b/r.yaml\nOutputs:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: s3://b/o.yaml\n";
    let (resources, diagnostics) = evaluate_with_diagnostics(text);
    assert_eq!(resources.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Data"]);
    assert_eq!(
        diagnostics,
        [
            "Warning 2: `Fn::Transform` in `Resources` inserts `AWS::Include` of `s3://b/x.yaml` at deployment: what it adds is not checked",
            "Warning 14: `Fn::Transform` in `Outputs` inserts `AWS::Include` of `s3://b/o.yaml` at deployment: what it adds is not checked",
            "Warning 9: `Fn::Transform` in `Included` inserts `AWS::Include` of `s3://b/r.yaml` at deployment: what it adds is not checked",
        ]
    );
}
