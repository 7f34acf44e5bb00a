/** One compiled object per (tables, compat policy): compiling is done once, not per call. */
import { compatPolicyKey } from '../dispatch/compat.js';
import type { CompatPolicy } from '../dispatch/compat.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';

export class PerTablesCache<T> {
  private readonly entries = new WeakMap<ValidationTables, Map<string, T>>();
  private readonly create: (tables: ValidationTables, policy: CompatPolicy) => T;

  constructor(create: (tables: ValidationTables, policy: CompatPolicy) => T) {
    this.create = create;
  }

  get(tables: ValidationTables, policy: CompatPolicy): T {
    let byPolicy = this.entries.get(tables);
    if (byPolicy === undefined) {
      byPolicy = new Map();
      this.entries.set(tables, byPolicy);
    }
    const key = compatPolicyKey(policy);
    let entry = byPolicy.get(key);
    if (entry === undefined) {
      entry = this.create(tables, policy);
      byPolicy.set(key, entry);
    }
    return entry;
  }
}
