/**
 * The expression checker's driver, QEMU's check_exprs (scripts/qapi/expr.py): which kind of
 * definition an expression is, its name, doc and keys, then its kind's checks and the common
 * trailing ones.
 */
import type { Dialect } from '../dialect/dialect.js';
import { QEMU_7_2 } from '../dialect/qemu-7.2.js';
import type { QAPIDoc } from '../doc/doc.js';
import type { ParseResult, ParsedExpression, Pragmas } from '../parser/expression.js';
import type { QAPIObject } from '../parser/qapi-value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import type { CheckedDefinition, CheckedExpression, CommandFlags, FeatureDef, IfCond } from './checked.js';
import { checkAlternate, checkCommand, checkEnum, checkEvent, checkStruct, checkUnion } from './kind-checks.js';
import { checkDefinitionName, checkFlags, checkIf, checkKeys, checkNameIsStr } from './names-keys.js';
import { type TypeChecks, checkFeatures } from './type-checks.js';

/** The definition kinds, in the order QEMU's message lists them. */
const METAS = ['enum', 'struct', 'union', 'alternate', 'command', 'event'] as const;
type Meta = (typeof METAS)[number];

interface KeySpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** The keys each kind of definition requires and allows (check_keys in check_exprs). */
const META_KEYS: Readonly<Record<Meta, KeySpec>> = {
  enum: { required: ['enum', 'data'], optional: ['if', 'features', 'prefix'] },
  struct: { required: ['struct', 'data'], optional: ['base', 'if', 'features'] },
  union: { required: ['union', 'base', 'discriminator', 'data'], optional: ['if', 'features'] },
  alternate: { required: ['alternate', 'data'], optional: ['if', 'features'] },
  command: {
    required: ['command'],
    optional: ['data', 'returns', 'boxed', 'if', 'features', 'gen', 'success-response', 'allow-oob', 'allow-preconfig', 'coroutine'],
  },
  event: { required: ['event'], optional: ['data', 'boxed', 'if', 'features'] },
};

/** check_exprs first: exactly one meta key must be present; it says what the expression defines. */
function findMeta(expr: QAPIObject, info: SourceInfo): Meta {
  let found: Meta | undefined;
  let count = 0;
  for (let i = 0; i < METAS.length; i++) {
    if (expr.has(METAS[i]!)) {
      found = METAS[i];
      count++;
    }
  }
  if (count !== 1) {
    throw semError(info, "expression must have exactly one key 'enum', 'struct', 'union', 'alternate', 'command', 'event'");
  }
  return found!;
}

/**
 * The doc checks check_exprs makes after the name checks: an attached doc must be for this
 * definition, and its `Returns` (10.0: and `Errors`) sections must fit it; under pragma
 * doc-required a definition must have one.
 */
function checkDefinitionDoc(
  doc: QAPIDoc | undefined,
  name: string,
  meta: string,
  expr: QAPIObject,
  info: SourceInfo,
  docRequired: boolean,
): void {
  if (doc) {
    if (doc.symbol !== name) throw semError(info, `documentation comment is for '${doc.symbol}'`);
    doc.checkExpr(meta, expr);
  } else if (docRequired) {
    throw semError(info, 'documentation comment required');
  }
}

/**
 * The expression-checking stage (QEMU's expr.py check_exprs): checks every parsed expression
 * in order, with QEMU's checks in QEMU's order, and turns each into its typed, normalized
 * form. The first error is thrown as a QAPIError.
 */
export function checkExpressions(parsed: ParseResult, dialect: Dialect = QEMU_7_2): CheckedExpression[] {
  const checks = dialect.typeChecks;
  return parsed.exprs.map((entry) => checkExpression(entry, parsed.pragmas, checks));
}

function checkExpression(entry: ParsedExpression, pragmas: Pragmas, checks: TypeChecks): CheckedExpression {
  if (entry.kind === 'include') return { meta: 'include', path: entry.path, info: entry.info };
  return checkDefinition(entry.expr, entry.info, entry.doc, pragmas, checks);
}

/** What every definition has; its parts are checked last (if, features, then flags). */
interface Common {
  readonly name: string;
  readonly info: SourceInfo;
  readonly doc: QAPIDoc | undefined;
  readonly if: IfCond | undefined;
  readonly features: readonly FeatureDef[];
}

function checkDefinition(
  expr: QAPIObject,
  info: SourceInfo,
  doc: QAPIDoc | undefined,
  pragmas: Pragmas,
  checks: TypeChecks,
): CheckedDefinition {
  const meta = findMeta(expr, info);
  const name = expr.get(meta);
  checkNameIsStr(name, info, `'${meta}'`);
  // From here on, errors at this info print "In <meta> '<name>':".
  info.setDefinition(meta, name);
  checkDefinitionName(name, info, meta, pragmas.commandNameExceptions);
  checkDefinitionDoc(doc, name, meta, expr, info, pragmas.docRequired);
  checkKeys(expr, info, meta, META_KEYS[meta].required, META_KEYS[meta].optional);
  return checkBody(meta, expr, name, info, doc, pragmas, checks);
}

/** The meta-specific checks, then the common trailing ones, assembled into the definition. */
function checkBody(
  meta: Meta,
  expr: QAPIObject,
  name: string,
  info: SourceInfo,
  doc: QAPIDoc | undefined,
  pragmas: Pragmas,
  checks: TypeChecks,
): CheckedDefinition {
  const finish = (): { common: Common; flags: CommandFlags } => {
    const cond = checkIf(expr, info, meta);
    const features = checkFeatures(expr.get('features'), info);
    const flags = checkFlags(expr, info);
    return { common: { name, info, doc, if: cond, features }, flags };
  };
  switch (meta) {
    case 'enum': {
      const body = checkEnum(expr, name, info, pragmas);
      return { meta, ...finish().common, ...body };
    }
    case 'struct': {
      const { data, base } = checkStruct(expr, name, info, pragmas, checks);
      const { common } = finish();
      // QEMU 7.2 accepts `'data': 'T'` here and then crashes; we report it instead.
      if (typeof data === 'string') throw semError(info, "'data' must be an object");
      return { meta, ...common, members: data, base };
    }
    case 'union': {
      const body = checkUnion(expr, name, info, pragmas, checks);
      return { meta, ...finish().common, ...body };
    }
    case 'alternate': {
      const body = checkAlternate(expr, info, checks);
      return { meta, ...finish().common, ...body };
    }
    case 'command': {
      const body = checkCommand(expr, info, checks);
      const { common, flags } = finish();
      return { meta, ...common, ...body, ...flags };
    }
    case 'event': {
      const body = checkEvent(expr, info, checks);
      const { common, flags } = finish();
      return { meta, ...common, ...body, boxed: flags.boxed };
    }
  }
}
