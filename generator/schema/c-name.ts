/**
 * QEMU's `c_name(name, protect=True)`: the C identifier a QAPI name maps to. Member clash
 * checks compare these, so `a-b` and `a_b` clash, and so do `if` and `q_if`.
 */

const PROTECTED_WORDS = new Set([
  // C89
  'auto',
  'break',
  'case',
  'char',
  'const',
  'continue',
  'default',
  'do',
  'double',
  'else',
  'enum',
  'extern',
  'float',
  'for',
  'goto',
  'if',
  'int',
  'long',
  'register',
  'return',
  'short',
  'signed',
  'sizeof',
  'static',
  'struct',
  'switch',
  'typedef',
  'union',
  'unsigned',
  'void',
  'volatile',
  'while',
  // C99
  'inline',
  'restrict',
  '_Bool',
  '_Complex',
  '_Imaginary',
  // C11
  '_Alignas',
  '_Alignof',
  '_Atomic',
  '_Generic',
  '_Noreturn',
  '_Static_assert',
  '_Thread_local',
  // GCC
  'asm',
  'typeof',
  // C++
  'bool',
  'catch',
  'class',
  'const_cast',
  'delete',
  'dynamic_cast',
  'explicit',
  'false',
  'friend',
  'mutable',
  'namespace',
  'new',
  'operator',
  'private',
  'protected',
  'public',
  'reinterpret_cast',
  'static_cast',
  'template',
  'this',
  'throw',
  'true',
  'try',
  'typeid',
  'typename',
  'using',
  'virtual',
  'wchar_t',
  'and',
  'and_eq',
  'bitand',
  'bitor',
  'compl',
  'not',
  'not_eq',
  'or',
  'or_eq',
  'xor',
  'xor_eq',
  // namespace pollution
  'unix',
  'errno',
  'mips',
  'sparc',
  'i386',
  'linux',
]);

/** Hoisted: a regex literal in the function would make a RegExp object per call. */
const NOT_C_IDENTIFIER = /[^A-Za-z0-9_]/g;

/** Every character outside `[A-Za-z0-9_]` becomes `_`; C/C++ keywords get a `q_` prefix. */
export function cName(name: string, protect = true): string {
  const mapped = name.replace(NOT_C_IDENTIFIER, '_');
  return protect && PROTECTED_WORDS.has(mapped) ? `q_${mapped}` : mapped;
}
