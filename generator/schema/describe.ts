/** How messages name entities and members (QEMU's `describe()` methods). */
import type { SourceInfo } from '../source/info.js';
import type { DefinitionEntity, MemberLike } from './entities.js';

/**
 * `member 'x'`, `parameter 'x'`, `base member 'x'`, `value 'x' of type 'T'`...: implicit
 * types are described by what created them; a member defined elsewhere than the definition
 * being reported on names its defining type.
 */
export function describeMember(member: MemberLike, info: SourceInfo | undefined): string {
  let role: string = member.role;
  const definedIn = member.definedIn;
  if (definedIn.startsWith('q_obj_')) {
    const creator = definedIn.slice('q_obj_'.length);
    if (creator.endsWith('-arg')) role = 'parameter';
    else if (creator.endsWith('-base')) role = `base ${role}`;
  } else if (definedIn !== info?.defnName) {
    return `${role} '${member.name}' of type '${definedIn}'`;
  }
  return `${role} '${member.name}'`;
}

/** `built-in type 'int'`, `union type 'U'`, `array type ['T']`, `command 'c'`... */
export function describeEntity(ent: DefinitionEntity): string {
  switch (ent.kind) {
    case 'builtin': return `built-in type '${ent.name}'`;
    case 'enum': return `enum type '${ent.name}'`;
    case 'array': return `array type ['${ent.elementTypeName}']`;
    case 'object': return `${ent.meta} type '${ent.name}'`;
    case 'alternate': return `alternate type '${ent.name}'`;
    case 'command': return `command '${ent.name}'`;
    case 'event': return `event '${ent.name}'`;
  }
}
