/**
 * Parameter names in error messages, as QEMU's qobject input visitor builds them
 * (full_name_nth): member names joined by `.`, list indexes as `[i]`, `<anonymous>` for a
 * nameless member of an object. Built only when an error is reported.
 */

/** A container being visited (QEMU's StackObject). */
export interface Frame {
  readonly parent: Frame | undefined;
  /** The container's name in its parent; null for the root and for list elements. */
  readonly name: string | null;
  readonly isList: boolean;
  /** Lists: the index of the element last taken (-1 before the first). */
  index: number;
}

export function pushFrame(parent: Frame | undefined, name: string | null, isList: boolean): Frame {
  return { parent, name, isList, index: -1 };
}

/** The full name of `name` inside `top` (full_name with n = 0). */
export function fullName(top: Frame | undefined, name: string | null): string {
  let text = '';
  let current = name;
  for (let frame = top; frame !== undefined; frame = frame.parent) {
    text = frame.isList ? `[${frame.index}]${text}` : `.${current ?? '<anonymous>'}${text}`;
    current = frame.name;
  }
  if (current !== null) return current + text;
  if (text.startsWith('.')) return text.slice(1);
  return text === '' ? '<anonymous>' : text;
}

/** The bare name range, enum and alternate messages use: the member name, or `null`. */
export function bareName(name: string | null): string {
  return name ?? 'null';
}
