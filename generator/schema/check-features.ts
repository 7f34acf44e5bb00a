/** Clash checks shared by all entity kinds (QEMU's `check_clash` on members and features). */
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { cName } from './c-name.js';
import { describeMember } from './describe.js';
import type { Definition, Feature, MemberLike } from './entities.js';

/** Members seen so far, keyed by C name (insertion order = member order). */
export type SeenMembers<T extends MemberLike> = Map<string, T>;

/**
 * Adds `member` to `seen`, or reports `<new> collides with <old>` at `info`; `namesOwner` as
 * for describeMember.
 */
export function checkClash<T extends MemberLike>(member: T, info: SourceInfo | undefined, seen: SeenMembers<T>, namesOwner: boolean): void {
  const key = cName(member.name);
  const old = seen.get(key);
  if (old) {
    throw semError(info, `${describeMember(member, info, namesOwner)} collides with ${describeMember(old, info, namesOwner)}`);
  }
  seen.set(key, member);
}

export function checkFeatureClashes(features: readonly Feature[], info: SourceInfo | undefined, namesOwner: boolean): void {
  if (features.length < 2) return;
  const seen: SeenMembers<Feature> = new Map();
  for (let i = 0; i < features.length; i++) checkClash(features[i]!, info, seen, namesOwner);
}

/** Every entity: its features must not clash. */
export function checkEntityFeatures(ent: Definition, namesOwner: boolean): void {
  checkFeatureClashes(ent.features, ent.info, namesOwner);
}

/** Types additionally reject the features that only make sense on commands, events, members. */
export function checkTypeFeatures(ent: Definition, namesOwner: boolean): void {
  checkEntityFeatures(ent, namesOwner);
  const features = ent.features;
  for (let i = 0; i < features.length; i++) {
    if (features[i]!.isSpecial) throw semError(ent.info, `feature '${features[i]!.name}' is not supported for types`);
  }
}
