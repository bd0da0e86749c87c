#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]
use edgeward_core::redact::*;

#[test]
fn scratch() {
    let mut o = RedactorOptions::default();
    o.report = true;
    let r = Redactor::new(o).unwrap();
    let inputs = [
        r#"{"req":{"method":"POST","url":"/login?user=bob&password=hunter2&next=/x","headers":{"Authorization":"Bearer abc.def.ghi123456","x-api-key":"k123","content-type":"application/json","cookie":"sid=1"}},"author":"Jane","msg":"User authenticated","ts":1700000000000,"card":"4242 4242 4242 4242","n":4242424242424242,"token_type":"Bearer","max_tokens":5}"#,
        r#"{"a":"postgres://app:s3cr3t@db:5432/x","b":"sk_live_abcdefghijklmnop1234 and pk_live_abcdefghijklmnop","c":"AKIAIOSFODNN7EXAMPLE","j":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl","pem":"-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----\nafter","slack":"https://hooks.slack.com/services/T000/B000/XXXXXXXX","basic":"Basic dXNlcjpwYXNz","x":"https://sk_test_abcdefghijklmnop1234:@api.stripe.com/v1"}"#,
        r#"{"password":"x","a":1,"secret":{"deep":[1,2]},"b":2,"token":null}"#,
    ];
    for i in inputs {
        let (out, rep) = r.redact_json(i).unwrap();
        println!("{out}");
        for f in &rep.findings {
            println!("  {:?}", f);
        }
        let v = Value::from_json(i, 64).unwrap();
        let (v2, rep2) = r.redact_value(v);
        assert_eq!(v2.to_json(), out);
        assert_eq!(rep, rep2);
    }
    println!("{}", r.redact_text("GET /cb?code=abc&access_token=xyz123 Authorization: Bearer tok_1234567890 Basic authentication failed").unwrap().0);
}
