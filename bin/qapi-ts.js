#!/usr/bin/env node
// The launcher is bin/qapi-ts.cjs; this file stays for links made to the old name (npx keeps
// such links in its cache, and `npx qapi-ts` then fails with "not found" without it).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./qapi-ts.cjs');
