import type { SchemaFeature } from '../../schema/model.js';
import type { SpecialFeature } from '../../../contracts/validation-tables.js';

/**
 * The special features of a feature list. Like QEMU 7.2's gen_special_features(), this
 * ignores the features' own `if`: the generated C sets the flag bits unconditionally.
 */
export function specialFeatures(features: readonly SchemaFeature[]): SpecialFeature[] {
  const special: SpecialFeature[] = [];
  for (const feature of features) {
    if (feature.name === 'deprecated' || feature.name === 'unstable') {
      if (!special.includes(feature.name)) special.push(feature.name);
    }
  }
  return special;
}

/** `{ special: [...] }` when there is any, else `{}` (for spreading into a table entry). */
export function specialEntry(features: readonly SchemaFeature[]): { special?: readonly SpecialFeature[] } {
  const special = specialFeatures(features);
  return special.length > 0 ? { special } : {};
}
