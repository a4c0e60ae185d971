// [SECTION] Where the build put each file
//
// The large files that never change within a deploy get names with a hash of their contents
// (assets/pgplay.<hash>.wasm), and PGlite's files a folder named for its version, so a server
// may let browsers keep them forever (see netlify.toml). scripts/lib/hash-assets.mjs renames
// them and replaces this module in build/web with the real map; here, every file keeps its name.

// plain name -> where the file is, relative to the site's root
export const ASSETS = {};
// PGlite's folder, relative to the site's root, with its trailing '/'
export const PGLITE_DIR = 'vendor/pglite/';
// pglite-tools' folder (pg_dump), the same way
export const PGLITE_TOOLS_DIR = 'vendor/pglite-tools/';

export const assetUrl = (name) => ASSETS[name] ?? name;
