import type { Dialect } from '../dialect/dialect.js';
import { QEMU_7_2 } from '../dialect/qemu-7.2.js';
import type { QAPIDoc } from '../doc/doc.js';
import type { ParseResult, ParsedExpression, Pragmas } from '../parser/expression.js';
import type { QAPIObject } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { checkAlternate } from './check-alternate.js';
import { checkCommand, checkEvent } from './check-command-event.js';
import { checkDefinitionDoc } from './check-doc.js';
import { checkEnum } from './check-enum.js';
import { checkFeatures } from './check-features.js';
import type { CommandFlags } from '../../contracts/command-flags.js';
import { checkFlags } from './check-flags.js';
import { checkIf } from './check-if.js';
import { checkKeys } from './check-keys.js';
import { checkDefinitionName, checkNameIsStr } from './check-names.js';
import { checkStruct } from './check-struct.js';
import { checkUnion } from './check-union.js';
import type { CheckedExpression, Definition, FeatureDef, IfCond } from './definition.js';
import { META_KEYS, type Meta, findMeta } from './meta.js';
import type { TypeChecks } from './type-checks.js';

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
): Definition {
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
): Definition {
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
