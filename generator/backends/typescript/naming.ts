/**
 * The naming contract of the generated code. Other code (the runtime, later back ends)
 * depends on these names, so every generated name is made here and nowhere else.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/u;

/**
 * The TypeScript name of a QAPI type. QAPI type names are CamelCase; only downstream names
 * (`__org.qemu_x-Struct`) carry `.` or `-`, which become `_` as in QEMU's C names (two names
 * that map alike would clash in C too, so the mapping stays one-to-one on valid schemas).
 */
export function typeName(qapiName: string): string {
  return qapiName.replace(/[^A-Za-z0-9_]/gu, '_');
}

/** `job-pause` -> `JobPause`, `JOB_STATUS_CHANGE` -> `JobStatusChange`, `__org.qemu_x-cmd` -> `OrgQemuXCmd`. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/u)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}

/** The `as const` array of an enum's values: `JobStatus` -> `JobStatusValues`. */
export function enumValuesName(enumName: string): string {
  return `${typeName(enumName)}Values`;
}

/** The implicit argument type of a command: `job-pause` -> `JobPauseArguments`. */
export function commandArgumentsName(commandName: string): string {
  return `${pascalCase(commandName)}Arguments`;
}

/** The implicit data type of an event: `JOB_STATUS_CHANGE` -> `JobStatusChangeData`. */
export function eventDataName(eventName: string): string {
  return `${pascalCase(eventName)}Data`;
}

/** The type guard of an alternate's branch: `BlockdevRef`, `reference` -> `isBlockdevRefReference`. */
export function alternateGuardName(alternateName: string, branchName: string): string {
  return `is${typeName(alternateName)}${pascalCase(branchName)}`;
}

/** A property name as written in a type: wire names stay as they are, quoted when needed. */
export function propertyName(wireName: string): string {
  return IDENTIFIER.test(wireName) ? wireName : stringLiteral(wireName);
}

/** A single-quoted string literal. */
export function stringLiteral(text: string): string {
  return `'${text.replace(/[\\']/gu, (c) => `\\${c}`)}'`;
}
