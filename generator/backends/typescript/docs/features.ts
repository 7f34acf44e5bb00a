/**
 * Features -> TSDoc: `deprecated` is `@deprecated`, `unstable` is `@experimental`, any other
 * feature a labelled paragraph. The text comes from the `Features:` section of the doc of
 * the definition the item belongs to.
 */
import type { QAPIDoc } from '../../../doc/doc.js';
import type { SchemaFeature } from '../../../schema/model.js';
import type { ConditionPolicy } from '../conditions.js';
import { describedFeature } from './doc-text.js';
import type { DocComment } from './tsdoc.js';

export function addFeatures(
  comment: DocComment,
  features: readonly SchemaFeature[],
  doc: QAPIDoc | undefined,
  conditions: ConditionPolicy,
): void {
  for (const feature of features) {
    if (!conditions.keeps(feature.if)) continue;
    const text = joinSentences(describedFeature(doc, feature.name), conditions.availabilityNote(feature.if));
    if (feature.name === 'deprecated') comment.tag('deprecated', text);
    else if (feature.name === 'unstable') comment.tag('experimental', text);
    else comment.paragraph(`Feature \`${feature.name}\`${text === undefined ? '.' : `: ${text}`}`);
  }
}

function joinSentences(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p) => p !== undefined);
  return present.length > 0 ? present.join(' ') : undefined;
}
