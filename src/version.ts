import fs from 'node:fs';

/** quantbook's version, from its package.json (read once). */
export const VERSION: string = (
  JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
