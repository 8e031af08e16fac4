#!/usr/bin/env node
// chalk ignores NO_COLOR; FORCE_COLOR=0 makes it (and Ink) plain.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
const { main } = await import('../dist/main.js');
await main(process.argv);
