// The HTTP headers the deployed site sends, read from netlify.toml's [[headers]] rules, so that
// the local server (static-server.mjs, which the browser tests use) and scripts/check-site.sh
// apply exactly what Netlify will: a Content-Security-Policy that would break the app in
// production breaks a test here first.
//
// netlify.toml is read strictly: only the forms it uses ([build] keys, [[headers]] with `for`
// and a [headers.values] table of "string" values, comments). Anything else is an error with
// its line, never silently skipped.
//
// Paths match the way Netlify documents them: `*` matches any run of characters (slashes too),
// everything else literally; every rule that matches a path contributes its headers.
import { readFileSync } from 'node:fs';

// -> { build: {key: value}, headers: [{for, values: {Name: value}, line}] }
export function parseNetlifyToml(text, fileName = 'netlify.toml') {
  const out = { build: {}, headers: [] };
  let table = null;   // 'build' | 'rule' | 'values'
  const fail = (n, why) => { throw new Error(`${fileName}:${n}: ${why}`); };
  const unquote = (raw, n) => {
    const m = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
    if (!m) fail(n, `expected a "quoted string", found ${raw}`);
    return JSON.parse(`"${m[1]}"`);
  };
  text.split('\n').forEach((rawLine, i) => {
    const n = i + 1;
    const line = rawLine.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#')) return;
    if (line === '[build]') { table = 'build'; return; }
    if (line === '[[headers]]') {
      out.headers.push({ for: null, values: {}, line: n });
      table = 'rule';
      return;
    }
    if (line === '[headers.values]') {
      if (table !== 'rule' && table !== 'values') fail(n, '[headers.values] outside a [[headers]] rule');
      table = 'values';
      return;
    }
    if (line.startsWith('[')) fail(n, `unexpected table ${line}`);
    const m = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!m) fail(n, `expected key = "value", found ${line}`);
    const [, key, raw] = m;
    const value = unquote(raw, n);
    if (table === 'build') out.build[key] = value;
    else if (table === 'rule' && key === 'for') out.headers.at(-1).for = value;
    else if (table === 'values') out.headers.at(-1).values[key] = value;
    else fail(n, `unexpected key ${key}`);
  });
  for (const rule of out.headers) {
    if (!rule.for || !rule.for.startsWith('/')) fail(rule.line, 'a [[headers]] rule needs for = "/path"');
    if (Object.keys(rule.values).length === 0) fail(rule.line, 'a [[headers]] rule with no [headers.values]');
  }
  return out;
}

export function pathMatches(pattern, path) {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(path);
}

// The rules that apply to a URL path, in file order.
export function rulesFor(rules, path) {
  return rules.filter((rule) => pathMatches(rule.for, path));
}

// {lowercase name: value} for a URL path; a header two matching rules both set is an error
// (Netlify would combine them, which is never what a Cache-Control or CSP means).
export function headersFor(rules, path) {
  const out = {};
  const from = {};
  for (const rule of rulesFor(rules, path)) {
    for (const [name, value] of Object.entries(rule.values)) {
      const key = name.toLowerCase();
      if (key in out) throw new Error(`${path}: ${name} is set by two rules (for = "${from[key]}" and "${rule.for}")`);
      out[key] = value;
      from[key] = rule.for;
    }
  }
  return out;
}

export function loadSiteRules(tomlPath) {
  return parseNetlifyToml(readFileSync(tomlPath, 'utf8'), tomlPath).headers;
}

// A Content-Security-Policy as {directive: [sources]}.
export function parseCsp(value) {
  const out = {};
  for (const part of value.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = sources;
  }
  return out;
}
