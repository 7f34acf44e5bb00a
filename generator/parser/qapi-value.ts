/**
 * A QAPI value: the JSON-like dialect has only strings, booleans, arrays and objects.
 * Objects are Maps: key order is meaningful (members, branches) and keys are arbitrary text.
 */
export type QAPIValue = string | boolean | QAPIValue[] | QAPIObject;
export type QAPIObject = Map<string, QAPIValue>;

export function isObject(v: QAPIValue | undefined): v is QAPIObject {
  return v instanceof Map;
}

/**
 * The object QEMU's sugar stands for (`'T'` means `{ 'type': 'T' }`). Built with `set`: it
 * runs for most members, and the `new Map([[k, v]])` form costs an iteration each time.
 */
export function sugarObject(key: string, value: QAPIValue): QAPIObject {
  return new Map<string, QAPIValue>().set(key, value);
}
