// Types of qemu-sources.js, for the tests that run QEMU's own scripts when they are there.
export type QemuSourceRelease = '7.2' | '10.0' | '10.2';
export type QemuSourcesFound =
  | { readonly dir: string; readonly how: string; readonly skipped?: undefined }
  | { readonly dir?: undefined; readonly skipped: string };
export declare const qemuSourceReleases: Readonly<Record<QemuSourceRelease, { readonly env: string; readonly debianVersion: RegExp }>>;
export declare function qemuSourcesCache(repoRoot: string): string;
export declare function localQemuSources(release: QemuSourceRelease, cacheRoot: string): QemuSourcesFound;
export declare function qemuSources(release: QemuSourceRelease, cacheRoot: string): QemuSourcesFound;
