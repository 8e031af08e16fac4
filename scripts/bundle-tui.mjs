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
  plugins: [noDevtools, keepOutsideUiExternal],
  logLevel: 'warning',
});
