// Bundles the extension host code (CommonJS for Node) and the webview script (IIFE for the
// browser sandbox) into dist/, which is all the packaged .vsix ships besides README and media.
import { build } from "esbuild";

const common = { bundle: true, minify: true, sourcemap: false, logLevel: "warning" };

await build({
  ...common,
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
});

await build({
  ...common,
  entryPoints: ["src/webview/main.ts"],
  outfile: "dist/webview.js",
  platform: "browser",
  format: "iife",
  target: "es2022",
});
