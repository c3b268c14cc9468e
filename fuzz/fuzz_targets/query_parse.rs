//! Fuzzes the query lexer and parser: any bytes as a script must give
//! statements or located diagnostics, never a panic or a hang. Every
//! statement that parses must print back as source that parses to the
//! same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orgraf::query::{lex, parse};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = lex::lex(&text);
    for r in parse::parse_script(&text, "fuzz.oq") {
        match r {
            Ok(stmt) => {
                let printed = stmt.to_string();
                let again = parse::parse_statement(&printed, "printed")
                    .unwrap_or_else(|e| panic!("{printed:?} does not parse again: {e:?}"));
                assert_eq!(again, stmt, "{printed:?} parses to another tree");
            }
            Err(d) => {
                assert!(d.span.start <= d.span.end && d.span.end <= text.len());
                let _ = orgraf::diag::render(&d, &text, false);
            }
        }
    }
    let _ = parse::parse_statement(&text, "fuzz.oq");
});
