/** The manifest `qapi-ts generate` keeps in its output folder (output-manifest.ts); alone here so the CLI's help can name it without loading more. */
export const MANIFEST_FILE = '.qapi-ts-manifest.json';
