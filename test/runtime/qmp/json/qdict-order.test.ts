/** QEMU's qobject/qdict.c: tdb_hash buckets and QDict iteration order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qdictBucket, qdictKeyOrder } from '../../../../runtime/qmp/json/qdict-order.js';

describe('QDict key order', () => {
  it.each([
    ['seconds', 5],
    ['timestamp', 26],
    ['name', 39],
    ['element-type', 96],
    ['QMP', 99],
    ['tag', 132],
    ['exec-oob', 162],
    ['version', 184],
    ['class', 211],
    ['capabilities', 216],
    ['micro', 225],
    ['minor', 225],
    ['qemu', 232],
    ['variants', 263],
    ['ret-type', 269],
    ['execute', 299],
    ['default', 304],
    ['members', 311],
    ['package', 326],
    ['event', 361],
    ['allow-oob', 367],
    ['microseconds', 374],
    ['desc', 377],
    ['case', 398],
    ['return', 401],
    ['type', 425],
    ['json-type', 428],
    ['meta-type', 429],
    ['arguments', 447],
    ['arg-type', 466],
    ['major', 481],
    ['id', 486],
    ['error', 489],
    ['values', 491],
    ['features', 495],
    ['data', 505],
  ])('%s is in bucket %d', (key, bucket) => {
    expect(qdictBucket(key)).toBe(bucket);
  });
  it('buckets ascend; within a bucket the last inserted comes first', () => {
    expect(qdictKeyOrder(['major', 'minor', 'micro'])).toEqual(['micro', 'minor', 'major']);
    expect(qdictKeyOrder(['id', 'execute', 'arguments', 'exec-oob'])).toEqual(['exec-oob', 'execute', 'arguments', 'id']);
  });
  it('small and large objects follow the same rule (objects of up to 8 keys take a shorter path)', () => {
    // Few distinct letters, so that keys often share a bucket.
    const keys = fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 1, maxLength: 3 }), { maxLength: 14 });
    fc.assert(
      fc.property(keys, (list) => {
        const byRule = list
          .map((key, index) => ({ key, index }))
          .sort((a, b) => qdictBucket(a.key) - qdictBucket(b.key) || b.index - a.index);
        expect(qdictKeyOrder(list)).toEqual(byRule.map((entry) => entry.key));
      }),
      { numRuns: 500, seed: 1 },
    );
  });
  it('hashes UTF-8 bytes (é is C3 A9; bucket worked out by hand)', () => {
    expect(qdictBucket('é')).toBe(100);
  });
});
