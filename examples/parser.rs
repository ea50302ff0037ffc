//! A recursive-descent parser written as generators, fed one token at a time.
//!
//! Each grammar rule is a generator. It asks for the next token by yielding what
//! it expects, receives the token through `send`, parses a sub-expression by
//! `yield_from` of the generator for that rule, and returns its syntax tree (or
//! a typed error) as its return value:
//!
//! ```text
//! expr   := term (('+' | '-') term)*
//! term   := factor (('*' | '/') factor)*
//! factor := number | '-' factor | '(' expr ')'
//! ```
//!
//! A rule that needs one token of lookahead to know where it ends hands that
//! token back to its caller together with its tree.
//!
//! Run with `cargo run --example parser`.

use std::fmt;

use gensend::{Gen, Step};

/// A token, as the tokenizer produces it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Token {
    Num(i64),
    Plus,
    Minus,
    Star,
    Slash,
    Open,
    Close,
    /// The end of the input.
    End,
}

/// A token and the byte offset it starts at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spanned {
    pub token: Token,
    pub at: usize,
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// The syntax tree.
#[derive(Debug, PartialEq)]
pub enum Ast {
    Num(i64),
    Neg(Box<Ast>),
    Bin(Box<Ast>, Op, Box<Ast>),
}

/// What a parser asks for when it yields, and what it wanted when it fails.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expecting {
    /// A number, `(` or `-`.
    Operand,
    /// Whatever may follow an operand: an operator, `)` or the end.
    Operator,
    /// The `)` closing a parenthesis.
    Close,
    /// The end of the input.
    End,
}

/// Why the input is not an expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParseError {
    /// A character that starts no token.
    BadChar { ch: char, at: usize },
    /// A token that cannot come here.
    Unexpected { found: Token, at: usize, expected: Expecting },
}

/// A generator for one grammar rule: yields what it expects next, is sent
/// tokens, returns its result.
pub type Parser<T> = Gen<'static, Expecting, Spanned, Result<T, ParseError>>;

fn unexpected<T>(found: Spanned, expected: Expecting) -> Result<T, ParseError> {
    Err(ParseError::Unexpected { found: found.token, at: found.at, expected })
}

fn bin(left: Ast, op: Op, right: Ast) -> Ast {
    Ast::Bin(Box::new(left), op, Box::new(right))
}

/// The whole input: an expression, then the end.
pub fn parser() -> Parser<Ast> {
    Gen::new(|co| async move {
        let first = co.yield_(Expecting::Operand).await;
        let (ast, next) = co.yield_from(expr(first)).await?;
        match next.token {
            Token::End => Ok(ast),
            _ => unexpected(next, Expecting::End),
        }
    })
}

/// `expr := term (('+' | '-') term)*`, starting at `first`. Returns the tree
/// and the token that ended it.
fn expr(first: Spanned) -> Parser<(Ast, Spanned)> {
    Gen::new(move |co| async move {
        let (mut left, mut next) = co.yield_from(term(first)).await?;
        loop {
            let op = match next.token {
                Token::Plus => Op::Add,
                Token::Minus => Op::Sub,
                _ => return Ok((left, next)),
            };
            let first = co.yield_(Expecting::Operand).await;
            let (right, after) = co.yield_from(term(first)).await?;
            (left, next) = (bin(left, op, right), after);
        }
    })
}

/// `term := factor (('*' | '/') factor)*`, starting at `first`.
fn term(first: Spanned) -> Parser<(Ast, Spanned)> {
    Gen::new(move |co| async move {
        let (mut left, mut next) = co.yield_from(factor(first)).await?;
        loop {
            let op = match next.token {
                Token::Star => Op::Mul,
                Token::Slash => Op::Div,
                _ => return Ok((left, next)),
            };
            let first = co.yield_(Expecting::Operand).await;
            let (right, after) = co.yield_from(factor(first)).await?;
            (left, next) = (bin(left, op, right), after);
        }
    })
}

/// `factor := number | '-' factor | '(' expr ')'`, starting at `first`.
fn factor(first: Spanned) -> Parser<(Ast, Spanned)> {
    Gen::new(move |co| async move {
        match first.token {
            Token::Num(n) => Ok((Ast::Num(n), co.yield_(Expecting::Operator).await)),
            Token::Minus => {
                let operand = co.yield_(Expecting::Operand).await;
                let (ast, next) = co.yield_from(factor(operand)).await?;
                Ok((Ast::Neg(Box::new(ast)), next))
            }
            Token::Open => {
                let first = co.yield_(Expecting::Operand).await;
                let (ast, close) = co.yield_from(expr(first)).await?;
                if close.token != Token::Close {
                    return unexpected(close, Expecting::Close);
                }
                Ok((ast, co.yield_(Expecting::Operator).await))
            }
            _ => unexpected(first, Expecting::Operand),
        }
    })
}

/// Splits `text` into tokens, ending with [`Token::End`].
pub fn tokenize(text: &str) -> Result<Vec<Spanned>, ParseError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        let token = match ch {
            ' ' | '\t' | '\n' => continue,
            '+' => Token::Plus,
            '-' => Token::Minus,
            '*' => Token::Star,
            '/' => Token::Slash,
            '(' => Token::Open,
            ')' => Token::Close,
            '0'..='9' => {
                let mut n = i64::from(ch as u8 - b'0');
                while let Some(&(_, digit @ '0'..='9')) = chars.peek() {
                    n = n * 10 + i64::from(digit as u8 - b'0');
                    chars.next();
                }
                Token::Num(n)
            }
            _ => return Err(ParseError::BadChar { ch, at }),
        };
        tokens.push(Spanned { token, at });
    }
    tokens.push(Spanned { token: Token::End, at: text.len() });
    Ok(tokens)
}

/// Parses `text`, feeding the tokens to [`parser`] one `send` at a time.
/// `trace` sees each request: what the parser expects, the token sent in reply,
/// and how many generators deep the request came from.
pub fn parse_traced(text: &str, mut trace: impl FnMut(Expecting, Spanned, usize)) -> Result<Ast, ParseError> {
    let mut parser = parser();
    let mut step = parser.start().expect("a new parser starts");
    for token in tokenize(text)? {
        match step {
            Step::Yielded(expecting) => {
                trace(expecting, token, parser.backtrace().count());
                step = parser.send(token).expect("a parser that yielded is suspended");
            }
            Step::Complete(result) => return result,
        }
    }
    match step {
        Step::Complete(result) => result,
        Step::Yielded(_) => unreachable!("every rule finishes when it is sent the end"),
    }
}

/// Parses `text`.
pub fn parse(text: &str) -> Result<Ast, ParseError> {
    parse_traced(text, |_, _, _| {})
}

impl Ast {
    /// The value of the expression; `None` on overflow or division by zero.
    pub fn eval(&self) -> Option<i64> {
        match self {
            Ast::Num(n) => Some(*n),
            Ast::Neg(a) => a.eval()?.checked_neg(),
            Ast::Bin(a, op, b) => {
                let (a, b) = (a.eval()?, b.eval()?);
                match op {
                    Op::Add => a.checked_add(b),
                    Op::Sub => a.checked_sub(b),
                    Op::Mul => a.checked_mul(b),
                    Op::Div => a.checked_div(b),
                }
            }
        }
    }
}

/// As an S-expression: `(* 2 (+ 3 4))`.
impl fmt::Display for Ast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ast::Num(n) => write!(f, "{n}"),
            Ast::Neg(a) => write!(f, "(- {a})"),
            Ast::Bin(a, op, b) => {
                let op = match op {
                    Op::Add => '+',
                    Op::Sub => '-',
                    Op::Mul => '*',
                    Op::Div => '/',
                };
                write!(f, "({op} {a} {b})")
            }
        }
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Num(n) => write!(f, "{n}"),
            Token::Plus => f.write_str("`+`"),
            Token::Minus => f.write_str("`-`"),
            Token::Star => f.write_str("`*`"),
            Token::Slash => f.write_str("`/`"),
            Token::Open => f.write_str("`(`"),
            Token::Close => f.write_str("`)`"),
            Token::End => f.write_str("end of input"),
        }
    }
}

impl fmt::Display for Expecting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Expecting::Operand => "a number, `(` or `-`",
            Expecting::Operator => "an operator, `)` or the end",
            Expecting::Close => "`)`",
            Expecting::End => "the end",
        })
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::BadChar { ch, at } => write!(f, "unexpected character {ch:?} at {at}"),
            ParseError::Unexpected { found, at, expected } => {
                write!(f, "unexpected {found} at {at}, expected {expected}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

fn main() {
    let text = "2 * (3 + 4)";
    println!("feeding {text:?} one token at a time:");
    let ast = parse_traced(text, |expecting, token, depth| {
        println!("  depth {depth}: the parser expects {expecting:<27} <- {}", token.token);
    });
    match ast {
        Ok(ast) => println!("  tree: {ast}, value: {:?}", ast.eval()),
        Err(e) => println!("  error: {e}"),
    }
    println!();
    for text in ["1 - 2 - 3", "-(1 + 2) * -3 / 4", "((((7))))", "1 + (2 * 3", "1 2", "4 % 2", "*"] {
        match parse(text) {
            Ok(ast) => println!("{text:<20} => {ast}  = {:?}", ast.eval()),
            Err(e) => println!("{text:<20} => error: {e}  ({e:?})"),
        }
    }
}
