// Everything the session needs from Ink and React, in one module: the build bundles this file (and
// the UI components) with esbuild into tui.bundle.js, which loads about twice as fast as the
// hundreds of separate ESM files of ink, react and their dependencies (ENGINEERING.md start-up figures).
// Nothing here may import the database stack: the first frame is drawn before it is loaded.
export { render } from 'ink';
export { createElement } from 'react';
export { Root } from './Root.js';
