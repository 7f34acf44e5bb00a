/** How messages name entities and members (QEMU's `describe()` methods). */
import type { SourceInfo } from '../source/info.js';
import type { DefinitionEntity, MemberLike } from './entities.js';

/**
 * `member 'x'`, `parameter 'x'`, `base member 'x'`, `value 'x' of type 'T'`...: implicit
 * types are described by what created them; a member defined elsewhere than the definition
 * being reported on names its defining type. `namesOwner` (QEMU 10.0): so does a member of an
 * implicit type (`parameter 'x' of command 'c'`, `base member 'x' of type 'U'`), where 7.2
 * never named one.
 */
export function describeMember(member: MemberLike, info: SourceInfo | undefined, namesOwner: boolean): string {
  let role: string = member.role;
  let meta = 'type';
  let owner = member.definedIn;
  if (owner.startsWith('q_obj_')) {
    if (!namesOwner) return `${owner.endsWith('-arg') ? 'parameter' : owner.endsWith('-base') ? `base ${role}` : role} '${member.name}'`;
    owner = owner.slice('q_obj_'.length);
    if (owner.endsWith('-arg')) {
      role = 'parameter';
      meta = 'command';
      owner = owner.slice(0, -'-arg'.length);
    } else if (owner.endsWith('-base')) {
      role = `base ${role}`;
      owner = owner.slice(0, -'-base'.length);
    }
  }
  if (owner !== info?.defnName) return `${role} '${member.name}' of ${meta} '${owner}'`;
  return `${role} '${member.name}'`;
}

/** `built-in type 'int'`, `union type 'U'`, `array type ['T']`, `command 'c'`... */
export function describeEntity(ent: DefinitionEntity): string {
  switch (ent.kind) {
    case 'builtin':
      return `built-in type '${ent.name}'`;
    case 'enum':
      return `enum type '${ent.name}'`;
    case 'array':
      return `array type ['${ent.elementTypeName}']`;
    case 'object':
      return `${ent.meta} type '${ent.name}'`;
    case 'alternate':
      return `alternate type '${ent.name}'`;
    case 'command':
      return `command '${ent.name}'`;
    case 'event':
      return `event '${ent.name}'`;
  }
}
