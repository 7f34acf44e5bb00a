/**
 * QEMU's JSON object key order (qobject/qdict.c): a QDict is a 512-bucket hash table iterated bucket
 * by bucket, and inside a bucket the most recently inserted key comes first. The bucket is
 * tdb_hash(key) mod 512 over the key's (modified) UTF-8 bytes.
 */
import { Buffer } from 'node:buffer';

const BUCKETS = 512;
const CACHE_LIMIT = 4096;
const bucketCache = new Map<string, number>();

/** tdb_hash() in unsigned 32-bit arithmetic. */
function tdbHash(bytes: Uint8Array): number {
  let value = Math.imul(0x238f13af, bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    value = (value + ((bytes[i] ?? 0) << ((i * 5) % 24))) >>> 0;
  }
  return (Math.imul(1103515243, value) + 12345) >>> 0;
}

/** Modified UTF-8 of a key: U+0000 is "\xC0\x80", as a QString holds it. */
function keyBytes(key: string): Uint8Array {
  if (!key.includes('\0')) return Buffer.from(key, 'utf8');
  const parts = key.split('\0').map((part) => Buffer.from(part, 'utf8'));
  const nul = Buffer.from([0xc0, 0x80]);
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [nul, part])));
}

export function qdictBucket(key: string): number {
  let bucket = bucketCache.get(key);
  if (bucket === undefined) {
    bucket = tdbHash(keyBytes(key)) % BUCKETS;
    if (bucketCache.size >= CACHE_LIMIT) bucketCache.clear();
    bucketCache.set(key, bucket);
  }
  return bucket;
}

/** The keys, given in insertion order, in the order QEMU's serializer writes them. */
export function qdictKeyOrder(keys: readonly string[]): string[] {
  if (keys.length > SMALL_OBJECT) return largeKeyOrder(keys);
  // Insertion sort by bucket; a key goes before the earlier keys of its bucket. Replies and
  // requests have a handful of keys, and this allocates nothing but the result.
  const out = [...keys];
  for (let i = 1; i < out.length; i++) {
    const key = out[i] ?? '';
    const bucket = qdictBucket(key);
    let j = i - 1;
    while (j >= 0 && qdictBucket(out[j] ?? '') >= bucket) {
      out[j + 1] = out[j] ?? '';
      j--;
    }
    out[j + 1] = key;
  }
  return out;
}

const SMALL_OBJECT = 8;

function largeKeyOrder(keys: readonly string[]): string[] {
  const entries = keys.map((key, index) => ({ key, index, bucket: qdictBucket(key) }));
  entries.sort((a, b) => a.bucket - b.bucket || b.index - a.index);
  return entries.map((entry) => entry.key);
}
