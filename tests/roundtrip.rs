//! Printing a parsed statement gives source that parses to the same
//! statement (spans aside), for any statement the grammar allows.

use orgraf::query::ast::{
    Cond, Name, Op, PathQuery, RelPath, Span, Statement, StatementKind, Target, Term, Triple,
};
use orgraf::query::parse_statement;
use proptest::prelude::*;

fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        "[A-Za-zÅÄÖåäö_][A-Za-z0-9åäöÅÄÖ_.-]{0,12}",
        "[ -~åäöÅÄÖ–]{0,16}".prop_filter("no line breaks", |s| !s.contains('\n')),
        Just("where".to_string()),
        Just("list".to_string()),
        Just("max".to_string()),
        Just("a->b".to_string()),
        Just("say \"hi\" \\ there".to_string()),
    ]
    .prop_map(|text| Name {
        text,
        span: Span::default(),
    })
}

fn relpath() -> impl Strategy<Value = RelPath> {
    let leaf = name().prop_map(RelPath::Rel);
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|p| RelPath::Inverse(Box::new(p))),
            (inner.clone(), any::<bool>()).prop_map(|(p, at_least_one)| RelPath::Repeat {
                inner: Box::new(p),
                at_least_one
            }),
            prop::collection::vec(inner.clone(), 2..4).prop_map(RelPath::Seq),
            prop::collection::vec(inner, 2..4).prop_map(RelPath::Alt),
        ]
    })
}

fn term() -> impl Strategy<Value = Term> {
    prop_oneof![
        Just(Term::Ask(Span::default())),
        name().prop_map(Term::Name)
    ]
}

fn cond(targeted: bool) -> impl Strategy<Value = Cond> {
    let target = if targeted {
        prop_oneof![
            Just(None),
            Just(Some(Target::Subject)),
            Just(Some(Target::Object))
        ]
        .boxed()
    } else {
        Just(None).boxed()
    };
    (
        target,
        name(),
        prop_oneof![Just(Op::Eq), Just(Op::Ne), Just(Op::Contains)],
        name(),
    )
        .prop_map(|(target, field, op, value)| Cond {
            target,
            field,
            op,
            value,
        })
}

fn triple() -> impl Strategy<Value = StatementKind> {
    (term(), relpath(), term()).prop_flat_map(|(subject, path, object)| {
        let asks = matches!(subject, Term::Ask(_)) || matches!(object, Term::Ask(_));
        let both = matches!(subject, Term::Ask(_)) && matches!(object, Term::Ask(_));
        let n = if asks { 0..3usize } else { 0..1 };
        prop::collection::vec(cond(both), n).prop_map(move |filter| {
            StatementKind::Triple(Triple {
                subject: subject.clone(),
                path: path.clone(),
                object: object.clone(),
                filter,
            })
        })
    })
}

fn path_query() -> impl Strategy<Value = PathQuery> {
    (
        name(),
        name(),
        prop::option::of(prop::collection::vec(name(), 1..4)),
    )
        .prop_map(|(from, to, via)| PathQuery { from, to, via })
}

fn statement() -> impl Strategy<Value = Statement> {
    prop_oneof![
        triple(),
        (
            prop::option::of(name()),
            prop::collection::vec(cond(false), 0..3)
        )
            .prop_map(|(kind, filter)| StatementKind::List { kind, filter }),
        path_query().prop_map(StatementKind::Path),
        (path_query(), prop::option::of(1usize..=12))
            .prop_map(|(query, max)| StatementKind::Paths { query, max }),
        name().prop_map(StatementKind::Show),
        (name(), relpath(), name()).prop_map(|(from, path, to)| StatementKind::Why {
            from,
            path,
            to
        }),
        name().prop_map(StatementKind::Search),
        name().prop_map(StatementKind::Explain),
        Just(StatementKind::Relations),
        Just(StatementKind::Kinds),
        prop::option::of(name()).prop_map(StatementKind::Help),
    ]
    .prop_map(|kind| Statement {
        kind,
        span: Span::default(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn print_then_parse_gives_the_same_statement(s in statement()) {
        let printed = s.to_string();
        let parsed = parse_statement(&printed);
        prop_assert_eq!(parsed.as_ref().ok(), Some(&s), "printed as {:?}: {:?}", printed, parsed.as_ref().err());
    }

    #[test]
    fn arbitrary_input_never_panics(src in "[ -~åäö\n]{0,80}") {
        let _ = orgraf::query::parse_script(&src);
    }
}
