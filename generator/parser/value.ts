/**
 * A QAPI value: the JSON-like dialect has only strings, booleans, arrays and objects.
 * Objects are Maps: key order is meaningful (members, branches) and keys are arbitrary text.
 */
export type QAPIValue = string | boolean | QAPIValue[] | QAPIObject;
export type QAPIObject = Map<string, QAPIValue>;

export function isObject(v: QAPIValue | undefined): v is QAPIObject {
  return v instanceof Map;
}
