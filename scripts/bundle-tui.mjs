// Bundle the session TUI (dist/ui/tui.js: Ink, React and the UI components) into one file,
// dist/ui/tui.bundle.js. Modules outside dist/ui (core, i18n, services) stay external so that they
// are shared with the rest of the program (one i18n state, one database client).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');
const uiDir = path.join(distDir, 'ui');

const keepOutsideUiExternal = {
  name: 'keep-outside-ui-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const abs = path.resolve(args.resolveDir, args.path);
      if (!abs.startsWith(distDir + path.sep) || abs.startsWith(uiDir + path.sep)) return undefined;
      let rel = path.relative(uiDir, abs).split(path.sep).join('/');
      if (!rel.startsWith('.')) rel = './' + rel;
      return { path: rel, external: true };
    });
  },
};

// Ink loads react-devtools-core only when DEV=true; the session never does, so it gets an empty stand-in.
const noDevtools = {
  name: 'no-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };', loader: 'js' }));
  },
};

// Yoga (Ink's layout engine) ships its WebAssembly as a base64 data: URL and, whenever `fetch` exists,
// loads it with fetch(). In Node that first touch of `fetch` loads undici, ~40 ms of the session's first
// frame. Its own synchronous base64 path gives the same bytes: take it. The build fails if the code
// it patches changes, so a yoga upgrade cannot silently undo this.
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const fs = await import('node:fs');
      const source = fs.readFileSync(args.path, 'utf8');
      const guard = 'return w||"function"!=typeof fetch?';
      if (source.split(guard).length !== 2) throw new Error(`yoga-without-fetch: expected one "${guard}" in ${args.path}`);
      return { contents: source.replace(guard, 'return true?'), loader: 'js' };
    });
  },
};

await build({
  entryPoints: [path.join(uiDir, 'tui.js')],
  outfile: path.join(uiDir, 'tui.bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Some CommonJS dependencies (react) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  plugins: [noDevtools, yogaWithoutFetch, keepOutsideUiExternal],
  logLevel: 'warning',
});
