//! The generator parser of `examples/parser.rs`: exact trees, requests and errors.

#[path = "../examples/parser.rs"]
#[allow(dead_code)] // the example's `main`
mod parser;

use gensend::{State, Step};
use parser::{Ast, Expecting, Op, ParseError, Spanned, Token, parse, parse_traced};

fn num(n: i64) -> Ast {
    Ast::Num(n)
}

fn bin(left: Ast, op: Op, right: Ast) -> Ast {
    Ast::Bin(Box::new(left), op, Box::new(right))
}

fn neg(a: Ast) -> Ast {
    Ast::Neg(Box::new(a))
}

#[test]
fn multiplication_binds_tighter_than_addition() {
    let expected = bin(num(1), Op::Add, bin(num(2), Op::Mul, num(3)));
    assert_eq!(parse("1 + 2 * 3"), Ok(expected));
    assert_eq!(parse("1+2*3").unwrap().to_string(), "(+ 1 (* 2 3))");
}

#[test]
fn operators_of_equal_precedence_associate_to_the_left() {
    assert_eq!(parse("1 - 2 - 3"), Ok(bin(bin(num(1), Op::Sub, num(2)), Op::Sub, num(3))));
    assert_eq!(parse("8 / 4 * 2"), Ok(bin(bin(num(8), Op::Div, num(4)), Op::Mul, num(2))));
}

#[test]
fn parentheses_and_negation_nest_by_delegation() {
    let expected = bin(bin(neg(bin(num(1), Op::Add, num(2))), Op::Mul, neg(num(3))), Op::Div, num(4));
    let ast = parse("-(1 + 2) * -3 / 4").unwrap();
    assert_eq!(ast, expected);
    assert_eq!(ast.to_string(), "(/ (* (- (+ 1 2)) (- 3)) 4)");
    assert_eq!(ast.eval(), Some(2));
    assert_eq!(parse("((((42))))"), Ok(num(42)));
    assert_eq!(parse("--7"), Ok(neg(neg(num(7)))));
}

#[test]
fn each_request_says_what_is_expected_and_comes_from_the_innermost_rule() {
    let mut requests = Vec::new();
    let ast = parse_traced("2*(3)", |expecting, token, depth| requests.push((expecting, token.token, depth)));
    assert_eq!(ast, Ok(bin(num(2), Op::Mul, num(3))));
    // parser > expr > term > factor (> expr > term > factor inside the parentheses).
    let expected = [
        (Expecting::Operand, Token::Num(2), 1),
        (Expecting::Operator, Token::Star, 4),
        (Expecting::Operand, Token::Open, 3),
        (Expecting::Operand, Token::Num(3), 4),
        (Expecting::Operator, Token::Close, 7),
        (Expecting::Operator, Token::End, 4),
    ];
    assert_eq!(requests, expected);
}

#[test]
fn malformed_input_gives_a_typed_error() {
    let end_at = |at| ParseError::Unexpected { found: Token::End, at, expected: Expecting::Operand };
    assert_eq!(parse(""), Err(end_at(0)));
    assert_eq!(parse("1 +"), Err(end_at(3)));
    let unclosed = ParseError::Unexpected { found: Token::End, at: 10, expected: Expecting::Close };
    assert_eq!(parse("1 + (2 * 3"), Err(unclosed));
    let extra = ParseError::Unexpected { found: Token::Num(2), at: 2, expected: Expecting::End };
    assert_eq!(parse("1 2"), Err(extra));
    let stray = ParseError::Unexpected { found: Token::Close, at: 2, expected: Expecting::End };
    assert_eq!(parse("1 ) + 2"), Err(stray));
    let operator_first = ParseError::Unexpected { found: Token::Star, at: 0, expected: Expecting::Operand };
    assert_eq!(parse("* 2"), Err(operator_first));
    assert_eq!(parse("4 % 2"), Err(ParseError::BadChar { ch: '%', at: 2 }));
    assert_eq!(parse("(1 + 2 3)").unwrap_err().to_string(), "unexpected 3 at 7, expected `)`");
}

#[test]
fn parser_returns_its_error_as_soon_as_the_offending_token_arrives() {
    let mut p = parser::parser();
    let at = |token, at| Spanned { token, at };
    assert_eq!(p.start(), Ok(Step::Yielded(Expecting::Operand)));
    assert_eq!(p.send(at(Token::Num(1), 0)), Ok(Step::Yielded(Expecting::Operator)));
    assert_eq!(p.send(at(Token::Plus, 1)), Ok(Step::Yielded(Expecting::Operand)));
    let error = ParseError::Unexpected { found: Token::Close, at: 2, expected: Expecting::Operand };
    assert_eq!(p.send(at(Token::Close, 2)), Ok(Step::Complete(Err(error))));
    assert_eq!(p.state(), State::Closed);
}

#[test]
fn closing_a_parser_midway_closes_every_rule() {
    let mut p = parser::parser();
    p.start().unwrap();
    p.send(Spanned { token: Token::Open, at: 0 }).unwrap();
    p.send(Spanned { token: Token::Open, at: 1 }).unwrap();
    assert_eq!(p.backtrace().count(), 7);
    assert_eq!(p.close(), Ok(None));
    assert_eq!(p.state(), State::Closed);
}
