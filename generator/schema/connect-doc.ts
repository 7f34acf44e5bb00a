/**
 * Doc connection (§6.4): tell an entity's doc block which members and features really exist.
 * Undocumented members get empty entries; undocumented features are errors; whatever the doc
 * describes that was never connected is reported by `QAPIDoc.check()`.
 */
import type { QAPIDoc } from '../doc/doc.js';
import type { Entity, Feature, ObjectMember, ObjectType } from './entities.js';

function connectFeatures(doc: QAPIDoc, features: readonly Feature[]): void {
  // Index loop: most lists are empty, and for-of would still allocate an iterator.
  for (let i = 0; i < features.length; i++) doc.connectFeature(features[i]!.name, features[i]!.info);
}

function connectMembers(doc: QAPIDoc, members: readonly ObjectMember[]): void {
  for (const m of members) {
    doc.connectMember(m.name);
    connectFeatures(doc, m.features);
  }
}

/** An object's own features, its implicit base's members, and its local members (not branches). */
function connectObject(doc: QAPIDoc, obj: ObjectType): void {
  connectFeatures(doc, obj.features);
  if (obj.base?.isImplicit) connectObject(doc, obj.base);
  connectMembers(doc, obj.localMembers);
}

export function connectDoc(ent: Entity): void {
  if (ent.kind === 'include' || !ent.doc) return;
  const doc = ent.doc;
  switch (ent.kind) {
    case 'object':
      return connectObject(doc, ent);
    case 'enum':
      connectFeatures(doc, ent.features);
      for (const v of ent.values) {
        doc.connectMember(v.name);
        connectFeatures(doc, v.features);
      }
      return;
    case 'alternate':
      connectFeatures(doc, ent.features);
      for (const b of ent.variants.branches) doc.connectMember(b.name);
      return;
    case 'command':
    case 'event':
      connectFeatures(doc, ent.features);
      // Only inline `data` is documented with the command; a named type documents itself.
      if (ent.argType?.isImplicit) connectObject(doc, ent.argType);
      return;
    default:
      connectFeatures(doc, ent.features);
  }
}
