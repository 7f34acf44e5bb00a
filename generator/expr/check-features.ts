import { isObject, sugarObject, type QAPIObject, type QAPIValue } from '../parser/value.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { checkIf } from './check-if.js';
import { checkKeys } from './check-keys.js';
import { checkNameIsStr, checkNameLower } from './names-keys.js';
import type { FeatureDef } from './definition.js';

/**
 * QEMU's check_features on a `features` value (of a definition, member or enum value; the
 * messages never say which). Absent means no features. Feature names are never relaxed by
 * pragmas.
 */
export function checkFeatures(features: QAPIValue | undefined, info: SourceInfo): readonly FeatureDef[] {
  if (features === undefined) return NO_FEATURES;
  if (!Array.isArray(features)) throw semError(info, "'features' must be an array");
  return features.map((f) => checkFeature(normalizeFeature(f), info));
}

/** Shared by everything without features (nearly everything): nobody writes to it. */
export const NO_FEATURES: readonly FeatureDef[] = Object.freeze([]);

/** Sugar: `'f'` (or any non-object) stands for `{ 'name': 'f' }`. */
function normalizeFeature(feature: QAPIValue): QAPIObject {
  return isObject(feature) ? feature : sugarObject('name', feature);
}

function checkFeature(feature: QAPIObject, info: SourceInfo): FeatureDef {
  checkKeys(feature, info, "'features' member", ['name'], ['if']);
  const name = feature.get('name');
  checkNameIsStr(name, info, "'features' member");
  const source = `'features' member '${name}'`;
  checkNameLower(name, info, source);
  return { name, if: checkIf(feature, info, source) };
}
