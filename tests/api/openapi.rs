//! The OpenAPI document tells the truth about errors and about what `/forecast` and
//! `/allocation-plan` send (issue 8); Schemathesis (scripts/schemathesis.sh) checks it against the
//! running server, these tests keep the document's shape from sliding back.

use serde_json::Value;

fn doc() -> Value {
    serde_json::to_value(blanko::http::openapi()).expect("the document serializes")
}

/// Every (method, path, operation) of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            out.push((method.to_uppercase(), path.clone(), op.clone()));
        }
    }
    out
}

fn is_error_body(response: &Value) -> bool {
    response["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/ErrorBody"
}

/// True for a 3.1 schema that admits `null`: `type: [.., "null"]` or a `oneOf` branch of type null.
fn admits_null(schema: &Value) -> bool {
    let in_type = match &schema["type"] {
        Value::Array(types) => types.iter().any(|t| t == "null"),
        t => t == "null",
    };
    in_type || schema["oneOf"].as_array().is_some_and(|branches| branches.iter().any(admits_null))
}

#[test]
fn every_api_operation_lists_its_errors_with_the_error_body() {
    let doc = doc();
    let ops = operations(&doc);
    assert!(ops.len() > 15, "the document lists the API: {ops:?}");
    for (method, path, op) in ops.iter().filter(|(_, p, _)| p.starts_with("/api/v1/")) {
        let responses = &op["responses"];
        for status in ["400", "401", "403", "500"] {
            assert!(is_error_body(&responses[status]), "{method} {path} lists {status} with ErrorBody");
        }
        if method == "POST" {
            for status in ["409", "413", "422"] {
                assert!(is_error_body(&responses[status]), "{method} {path} lists {status} with ErrorBody");
            }
        }
        if path.contains('{') {
            assert!(is_error_body(&responses["404"]), "{method} {path} lists 404 with ErrorBody");
        }
    }
    let stock = &doc["paths"]["/api/v1/stock"]["get"]["responses"];
    assert!(is_error_body(&stock["404"]), "a region lookup can answer 404");
}

#[test]
fn healthz_needs_no_token_and_lists_no_401() {
    let doc = doc();
    let op = &doc["paths"]["/healthz"]["get"];
    assert_eq!(op["security"], serde_json::json!([{}]), "no security requirement");
    assert!(op["responses"].get("401").is_none());
}

#[test]
fn query_parameters_are_in_the_query() {
    let doc = doc();
    for (method, path, op) in operations(&doc) {
        for p in op["parameters"].as_array().into_iter().flatten() {
            if p["in"] == "path" {
                let name = p["name"].as_str().expect("name");
                assert!(path.contains(&format!("{{{name}}}")), "{method} {path}: {name} is not in the path");
            }
        }
    }
}

#[test]
fn error_details_are_nullable() {
    let doc = doc();
    let details = &doc["components"]["schemas"]["ErrorInner"]["properties"]["details"];
    assert!(admits_null(details), "details may be null: {details}");
}

#[test]
fn forecast_and_allocation_plan_describe_their_bodies() {
    let doc = doc();
    let schemas = &doc["components"]["schemas"];
    for path in ["/api/v1/forecast", "/api/v1/allocation-plan"] {
        let schema = &doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        let name = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/"));
        let name = name.unwrap_or_else(|| panic!("{path} answers 200 with a named schema: {schema}"));
        assert!(schemas[name].is_object(), "{name} is in the components");
    }
    let risk: Vec<&str> =
        schemas["Risk"]["enum"].as_array().expect("risk is an enum").iter().filter_map(Value::as_str).collect();
    assert_eq!(risk, ["habis", "merah", "kuning", "hijau"]);
    let forecast = &schemas["Forecast"]["properties"];
    for field in ["days_of_cover", "stockout_date", "backlog_prr"] {
        assert!(admits_null(&forecast[field]), "Forecast.{field} is nullable");
    }
    assert!(admits_null(&schemas["RegionForecast"]["properties"]["rollup"]), "a region without data has no rollup");
}
