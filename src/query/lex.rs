//! Tokens of the query language, each with its byte span in the source.
//!
//! The lexer never fails: a character it does not know becomes a
//! [`Tok::Bad`] token, and the parser reports it where it stands.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// `?`: what is asked.
    Question,
    /// A bare word: a name, relation, keyword or number.
    Word,
    /// A double-quoted string, unescaped.
    Str(String),
    LParen,
    RParen,
    /// `|` between alternatives.
    Pipe,
    /// `/` between the steps of a sequence.
    Slash,
    Plus,
    Star,
    /// `^`: follow a relation backwards.
    Caret,
    /// `->` in `path A -> B`.
    Arrow,
    Eq,
    Ne,
    /// `~`: contains, in filters.
    Tilde,
    /// `;` ends a statement.
    Semi,
    /// A line break ends a statement.
    Newline,
    /// Something the lexer does not know, with a description.
    Bad(&'static str),
    Eof,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    pub span: Range<usize>,
}

impl Tok {
    /// How the token is named in "expected … found …" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Tok::Question => "`?`",
            Tok::Word => "a word",
            Tok::Str(_) => "a quoted name",
            Tok::LParen => "`(`",
            Tok::RParen => "`)`",
            Tok::Pipe => "`|`",
            Tok::Slash => "`/`",
            Tok::Plus => "`+`",
            Tok::Star => "`*`",
            Tok::Caret => "`^`",
            Tok::Arrow => "`->`",
            Tok::Eq => "`=`",
            Tok::Ne => "`!=`",
            Tok::Tilde => "`~`",
            Tok::Semi => "`;`",
            Tok::Newline => "the end of the line",
            Tok::Bad(what) => what,
            Tok::Eof => "the end of the input",
        }
    }
}

/// Whether `c` may appear in a bare word. `-` may too, unless it starts `->`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// Splits `src` into tokens; the last one is always [`Tok::Eof`].
pub fn lex(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut chars = src.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let single = |kind: Tok| Token {
            kind,
            span: start..start + c.len_utf8(),
        };
        let tok = match c {
            '\n' => single(Tok::Newline),
            // `\r\n` is one line break, so that an error at the end of
            // the line points just past its last character.
            '\r' if bytes.get(start + 1) == Some(&b'\n') => {
                chars.next();
                Token {
                    kind: Tok::Newline,
                    span: start..start + 2,
                }
            }
            c if c.is_whitespace() => continue,
            '#' => {
                while chars.next_if(|&(_, c)| c != '\n').is_some() {}
                continue;
            }
            '?' => single(Tok::Question),
            '(' => single(Tok::LParen),
            ')' => single(Tok::RParen),
            '|' => single(Tok::Pipe),
            '/' => single(Tok::Slash),
            '+' => single(Tok::Plus),
            '*' => single(Tok::Star),
            '^' => single(Tok::Caret),
            '=' => single(Tok::Eq),
            '~' => single(Tok::Tilde),
            ';' => single(Tok::Semi),
            '-' if bytes.get(start + 1) == Some(&b'>') => {
                chars.next();
                Token {
                    kind: Tok::Arrow,
                    span: start..start + 2,
                }
            }
            '!' if bytes.get(start + 1) == Some(&b'=') => {
                chars.next();
                Token {
                    kind: Tok::Ne,
                    span: start..start + 2,
                }
            }
            '"' => string(src, start, &mut chars),
            c if is_word_char(c) || c == '-' => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, c)) = chars.peek() {
                    let arrow = c == '-' && bytes.get(i + 1) == Some(&b'>');
                    if !(is_word_char(c) || c == '-') || arrow {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                Token {
                    kind: Tok::Word,
                    span: start..end,
                }
            }
            _ => single(Tok::Bad("a character that has no meaning here")),
        };
        out.push(tok);
    }
    out.push(Token {
        kind: Tok::Eof,
        span: src.len()..src.len(),
    });
    out
}

/// A `"…"` string with `\"` and `\\` escapes; it may not cross a line.
fn string(
    src: &str,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Token {
    let mut value = String::new();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            '"' => {
                chars.next();
                return Token {
                    kind: Tok::Str(value),
                    span: start..i + 1,
                };
            }
            '\n' => break,
            '\\' => {
                chars.next();
                match chars.peek() {
                    Some(&(_, e @ ('"' | '\\'))) => {
                        value.push(e);
                        chars.next();
                    }
                    _ => value.push('\\'),
                }
            }
            _ => {
                value.push(c);
                chars.next();
            }
        }
    }
    let end = chars.peek().map_or(src.len(), |&(i, _)| i);
    Token {
        kind: Tok::Bad("a quoted name without its closing `\"`"),
        span: start..end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        lex(src).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn words_operators_and_strings() {
        assert_eq!(
            kinds("? (bereder|ingår_i)+ \"A \\\"b\\\"\" # comment\nx->y"),
            vec![
                Tok::Question,
                Tok::LParen,
                Tok::Word,
                Tok::Pipe,
                Tok::Word,
                Tok::RParen,
                Tok::Plus,
                Tok::Str("A \"b\"".into()),
                Tok::Newline,
                Tok::Word,
                Tok::Arrow,
                Tok::Word,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn spans_are_bytes() {
        let src = "DRNÖ bereder";
        let t = lex(src);
        assert_eq!(&src[t[0].span.clone()], "DRNÖ");
        assert_eq!(&src[t[1].span.clone()], "bereder");
    }

    #[test]
    fn unterminated_string_is_one_bad_token() {
        let t = lex("show \"PSG\nlist");
        assert_eq!(
            t[1].kind,
            Tok::Bad("a quoted name without its closing `\"`")
        );
        assert_eq!(t[1].span, 5..9);
        assert_eq!(t[2].kind, Tok::Newline);
    }

    #[test]
    fn crlf_is_one_line_break() {
        let t = lex("show\r\nkinds");
        assert_eq!(t[1].kind, Tok::Newline);
        assert_eq!(t[1].span, 4..6);
        assert_eq!(t[2].span, 6..11);
    }

    #[test]
    fn hyphenated_words_but_not_arrows() {
        let src = "Lerum-Alingsås->b";
        let t = lex(src);
        assert_eq!(&src[t[0].span.clone()], "Lerum-Alingsås");
        assert_eq!(t[1].kind, Tok::Arrow);
    }
}
