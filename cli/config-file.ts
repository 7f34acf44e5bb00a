/** The file `qapi-ts generate` reads its defaults from, in the current directory. */
export const CONFIG_FILE = 'qapi.config.json5';
