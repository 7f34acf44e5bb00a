/**
 * The order QEMU iterates a QDict's keys (spec §8.3): 512 buckets by tdb_hash, buckets in
 * ascending order, and within a bucket the most recently inserted key first. The dispatcher
 * needs it because §9.3 reports the first offending request member in this order.
 */

const BUCKETS = 512;
const utf8 = new TextEncoder();

/** tdb_hash(key) mod 512, in unsigned 32-bit arithmetic over the key's UTF-8 bytes. */
export function qdictBucket(key: string): number {
  const bytes = utf8.encode(key);
  let v = Math.imul(0x238f13af, bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    v = (v + ((bytes[i] ?? 0) << ((i * 5) % 24))) >>> 0;
  }
  const hash = (Math.imul(1103515243, v) + 12345) >>> 0;
  return hash % BUCKETS;
}

const bucketCache = new Map<string, number>();

function cachedBucket(key: string): number {
  let bucket = bucketCache.get(key);
  if (bucket === undefined) {
    bucket = qdictBucket(key);
    // Keys come from clients: keep the cache bounded.
    if (bucketCache.size < 4096) bucketCache.set(key, bucket);
  }
  return bucket;
}

/**
 * `keys` (in insertion order) in QDict iteration order. A JS object lists integer-like keys
 * first, so their insertion order relative to other keys of the same bucket can differ from
 * the JSON text's.
 */
export function qdictKeyOrder(keys: readonly string[]): string[] {
  return keys
    .map((key, index) => ({ key, index, bucket: cachedBucket(key) }))
    .sort((a, b) => a.bucket - b.bucket || b.index - a.index)
    .map((entry) => entry.key);
}
