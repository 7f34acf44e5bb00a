import type { SourceInfo } from '../source/info.js';
import type { QAPIDoc } from '../doc/doc.js';

/**
 * The checked, normalized form of each top-level expression: what the expression checker
 * hands to the schema builder. Every sugar form is gone (`'*m': 'T'` is a member with
 * optional=true; `'x'` in a feature list is `{ name: 'x' }`), every shape is valid; names are
 * not resolved yet.
 */

/** An `if` condition: a symbol, or all / any / not of conditions. */
export type IfCond = string | { readonly all: readonly IfCond[] } | { readonly any: readonly IfCond[] } | { readonly not: IfCond };

/** A type reference: `'T'` or `['T']` (array of T). */
export interface TypeRef {
  readonly name: string;
  readonly isArray: boolean;
}

export interface FeatureDef {
  readonly name: string;
  readonly if: IfCond | undefined;
}

export interface MemberDef {
  /** Without the leading `*`. */
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeRef;
  readonly if: IfCond | undefined;
  readonly features: readonly FeatureDef[];
}

export interface EnumValueDef {
  readonly name: string;
  readonly if: IfCond | undefined;
  readonly features: readonly FeatureDef[];
}

/** A union or alternate branch. */
export interface BranchDef {
  readonly name: string;
  readonly type: TypeRef;
  readonly if: IfCond | undefined;
}

interface CheckedDefinitionBase {
  readonly name: string;
  readonly info: SourceInfo;
  readonly doc: QAPIDoc | undefined;
  readonly if: IfCond | undefined;
  readonly features: readonly FeatureDef[];
}

export interface CheckedEnum extends CheckedDefinitionBase {
  readonly meta: 'enum';
  readonly values: readonly EnumValueDef[];
  readonly prefix: string | undefined;
}

export interface CheckedStruct extends CheckedDefinitionBase {
  readonly meta: 'struct';
  readonly members: readonly MemberDef[];
  readonly base: string | undefined;
}

export interface CheckedUnion extends CheckedDefinitionBase {
  readonly meta: 'union';
  /** A named base type, or inline members (`{}` gives an empty list: no base at all). */
  readonly base: string | readonly MemberDef[];
  readonly discriminator: string;
  readonly branches: readonly BranchDef[];
}

export interface CheckedAlternate extends CheckedDefinitionBase {
  readonly meta: 'alternate';
  readonly branches: readonly BranchDef[];
}

/** A command's flags (QEMU's check_flags), with their defaults; the schema model keeps them as they are. */
export interface CommandFlags {
  readonly boxed: boolean;
  readonly gen: boolean;
  readonly successResponse: boolean;
  readonly allowOob: boolean;
  readonly allowPreconfig: boolean;
  readonly coroutine: boolean;
}

export interface CheckedCommand extends CheckedDefinitionBase, CommandFlags {
  readonly meta: 'command';
  /** Absent, a named type, or inline members (`{}` gives an empty list: no arguments). */
  readonly data: string | readonly MemberDef[] | undefined;
  readonly returns: TypeRef | undefined;
}

export interface CheckedEvent extends CheckedDefinitionBase {
  readonly meta: 'event';
  readonly data: string | readonly MemberDef[] | undefined;
  readonly boxed: boolean;
}

export interface CheckedInclude {
  readonly meta: 'include';
  /** The path as joined from the including file's directory (not normalized). */
  readonly path: string;
  readonly info: SourceInfo;
}

export type CheckedDefinition = CheckedEnum | CheckedStruct | CheckedUnion | CheckedAlternate | CheckedCommand | CheckedEvent;

export type CheckedExpression = CheckedDefinition | CheckedInclude;
