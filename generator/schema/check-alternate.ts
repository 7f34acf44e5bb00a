/**
 * Alternate checks (schema.py `QAPISchemaAlternateType.check`): branch types must be told
 * apart by the JSON type of the value alone.
 */
import { semError } from '../source/error.js';
import { checkClash, checkTypeFeatures, type SeenMembers } from './check-features.js';
import { checkMember } from './check-object.js';
import { describeEntity, describeMember } from './describe.js';
import type { AlternateType, Branch, TypeEntity } from './entities.js';
import type { SchemaRegistry } from './registry.js';

/** The QType a value of the type arrives as; undefined for `any` and alternates. */
type QType = 'QTYPE_QNULL' | 'QTYPE_QSTRING' | 'QTYPE_QNUM' | 'QTYPE_QBOOL' | 'QTYPE_QLIST' | 'QTYPE_QDICT';

function alternateQType(type: TypeEntity): QType | undefined {
  switch (type.jsonType) {
    case 'null':
      return 'QTYPE_QNULL';
    case 'string':
      return 'QTYPE_QSTRING';
    case 'number':
    case 'int':
      return 'QTYPE_QNUM';
    case 'boolean':
      return 'QTYPE_QBOOL';
    case 'array':
      return 'QTYPE_QLIST';
    case 'object':
      return 'QTYPE_QDICT';
    case 'value':
      return undefined;
  }
}

/** Strings are parsed from keyval input too, so `'on'` or `'1'` could pass for a bool or number. */
function conflictingQTypes(type: TypeEntity, qtype: QType): QType[] {
  if (qtype !== 'QTYPE_QSTRING') return [qtype];
  if (type.kind !== 'enum') return [qtype, 'QTYPE_QNUM', 'QTYPE_QBOOL'];
  const set: QType[] = [qtype];
  if (type.values.some((v) => v.name === 'on' || v.name === 'off')) set.push('QTYPE_QBOOL');
  if (type.values.some((v) => /^[-+0-9.]/.test(v.name))) set.push('QTYPE_QNUM');
  return set;
}

export function checkAlternateType(registry: SchemaRegistry, alt: AlternateType): void {
  checkTypeFeatures(alt, registry.namesOwner);
  const variants = alt.variants;
  const tagType = checkMember(registry, variants.tagMember);
  if (tagType.kind !== 'enum') throw new Error('internal error: QType is not an enum');
  variants.tagType = tagType;
  if (variants.branches.length === 0) throw semError(alt.info, 'union has no branches');
  const branches = variants.branches;
  for (let i = 0; i < branches.length; i++) checkMember(registry, branches[i]!);
  checkBranchConflicts(alt, registry.namesOwner);
}

/**
 * Branch names must not clash, and no two branches may claim the same QType. QEMU iterates a
 * Python set here, so when several earlier branches conflict the one it names is random; we
 * name the earliest-defined.
 */
function checkBranchConflicts(alt: AlternateType, namesOwner: boolean): void {
  const seen: SeenMembers<Branch> = new Map();
  const claimedBy = new Map<QType, { branch: Branch; index: number }>();
  alt.variants.branches.forEach((branch, index) => {
    checkClash(branch, alt.info, seen, namesOwner);
    const qtype = alternateQType(branch.type);
    if (!qtype) {
      throw semError(alt.info, `${describeMember(branch, alt.info, namesOwner)} cannot use ${describeEntity(branch.type)}`);
    }
    const conflicting = conflictingQTypes(branch.type, qtype);
    const earlier = earliestClaim(conflicting, claimedBy);
    if (earlier) {
      throw semError(alt.info, `${describeMember(branch, alt.info, namesOwner)} can't be distinguished from '${earlier.branch.name}'`);
    }
    for (const qt of conflicting) claimedBy.set(qt, { branch, index });
  });
}

function earliestClaim(
  qtypes: readonly QType[],
  claimedBy: ReadonlyMap<QType, { branch: Branch; index: number }>,
): { branch: Branch } | undefined {
  let earliest: { branch: Branch; index: number } | undefined;
  for (const qt of qtypes) {
    const claim = claimedBy.get(qt);
    if (claim && (!earliest || claim.index < earliest.index)) earliest = claim;
  }
  return earliest;
}
