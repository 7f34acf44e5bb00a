import type { Lexer, TokenKind } from '../lexer/lexer.js';
import type { QAPIObject, QAPIValue } from './qapi-value.js';

/** QEMU has no limit but dies of Python's recursion limit near 1000 levels; we say so cleanly. */
export const MAX_NESTING = 1000;

/**
 * The value grammar (QEMU's `get_expr`, `get_members`, `get_values`):
 *   value  = object | array | STRING | true | false
 *   object = '{' [ STRING ':' value { ',' STRING ':' value } ] '}'
 *   array  = '[' [ value { ',' value } ] ']'
 */
export function parseValue(lex: Lexer, depth = 0): QAPIValue {
  switch (lex.tok) {
    case '{':
      enter(lex, depth);
      lex.accept();
      return parseMembers(lex, depth + 1);
    case '[':
      enter(lex, depth);
      lex.accept();
      return parseElements(lex, depth + 1);
    case "'":
    case 't':
    case 'f': {
      const value = lex.val as string | boolean;
      lex.accept();
      return value;
    }
    default:
      throw lex.error("expected '{', '[', string, or boolean");
  }
}

function enter(lex: Lexer, depth: number): void {
  if (depth >= MAX_NESTING) throw lex.error(`nesting too deep (more than ${MAX_NESTING} levels)`);
}

/*
 * The readers below test `lex.tok as TokenKind`, not a method call: they run for every token,
 * mostly before V8 has optimized (inlined) anything; the cast stops TypeScript keeping a
 * narrowing across `lex.accept()`.
 */

function parseMembers(lex: Lexer, depth: number): QAPIObject {
  const members: QAPIObject = new Map();
  if ((lex.tok as TokenKind) === '}') {
    lex.accept();
    return members;
  }
  if ((lex.tok as TokenKind) !== "'") throw lex.error("expected string or '}'");
  for (;;) {
    const key = lex.val as string;
    lex.accept();
    if ((lex.tok as TokenKind) !== ':') throw lex.error("expected ':'");
    lex.accept();
    if (members.has(key)) throw lex.error(`duplicate key '${key}'`);
    members.set(key, parseValue(lex, depth));
    if ((lex.tok as TokenKind) === '}') {
      lex.accept();
      return members;
    }
    if ((lex.tok as TokenKind) !== ',') throw lex.error("expected ',' or '}'");
    lex.accept();
    if ((lex.tok as TokenKind) !== "'") throw lex.error('expected string');
  }
}

const VALUE_START = new Set(['{', '[', "'", 't', 'f']);

function parseElements(lex: Lexer, depth: number): QAPIValue[] {
  const elements: QAPIValue[] = [];
  if ((lex.tok as TokenKind) === ']') {
    lex.accept();
    return elements;
  }
  if (!VALUE_START.has(lex.tok)) throw lex.error("expected '{', '[', ']', string, or boolean");
  for (;;) {
    elements.push(parseValue(lex, depth));
    if ((lex.tok as TokenKind) === ']') {
      lex.accept();
      return elements;
    }
    if ((lex.tok as TokenKind) !== ',') throw lex.error("expected ',' or ']'");
    lex.accept();
  }
}
