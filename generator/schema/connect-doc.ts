/**
 * Doc connection (QEMU's `connect_doc`): tell an entity's doc block which members and features
 * really exist, in QEMU's order (the definition's own features, then each member and its
 * features). What an undocumented member means is the doc's business (7.2: an empty entry;
 * 10.0: an error unless the symbol is in pragma documentation-exceptions); undocumented
 * features are errors; whatever the doc describes that was never connected is reported by
 * `QAPIDoc.check()`.
 */
import type { QAPIDoc } from '../doc/doc.js';
import type { SourceInfo } from '../source/info.js';
import type { Entity, Feature, ObjectMember, ObjectType } from './entities.js';

function connectFeatures(doc: QAPIDoc, features: readonly Feature[]): void {
  for (let i = 0; i < features.length; i++) doc.connectFeature(features[i]!.name, features[i]!.info);
}

function connectMembers(doc: QAPIDoc, members: readonly ObjectMember[], exempt: boolean): void {
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    doc.connectMember(m.name, m.role, m.info, exempt);
    connectFeatures(doc, m.features);
  }
}

/** An object's own features, its implicit base's members, and its local members (not branches). */
function connectObject(doc: QAPIDoc, obj: ObjectType, exempt: boolean): void {
  connectFeatures(doc, obj.features);
  if (obj.base?.isImplicit) connectObject(doc, obj.base, exempt);
  connectMembers(doc, obj.localMembers, exempt);
}

export function connectDoc(ent: Entity, docExceptions: ReadonlySet<string>): void {
  if (ent.kind === 'include' || !ent.doc) return;
  const doc = ent.doc;
  const exempt = doc.symbol !== undefined && docExceptions.size > 0 && docExceptions.has(doc.symbol);
  switch (ent.kind) {
    case 'object':
      return connectObject(doc, ent, exempt);
    case 'enum':
      connectFeatures(doc, ent.features);
      for (let i = 0; i < ent.values.length; i++) {
        const v = ent.values[i]!;
        doc.connectMember(v.name, v.role, ent.info as SourceInfo, exempt);
        connectFeatures(doc, v.features);
      }
      return;
    case 'alternate':
      connectFeatures(doc, ent.features);
      for (let i = 0; i < ent.variants.branches.length; i++) {
        const b = ent.variants.branches[i]!;
        doc.connectMember(b.name, b.role, b.info, exempt);
      }
      return;
    case 'command':
    case 'event':
      connectFeatures(doc, ent.features);
      // Only inline `data` is documented with the command; a named type documents itself.
      if (ent.argType?.isImplicit) connectObject(doc, ent.argType, exempt);
      return;
    default:
      connectFeatures(doc, ent.features);
  }
}
