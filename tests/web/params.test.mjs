// URL parameters (web/params.js): what ?sql=, &run=1, ?embed=1 and ?lesson=&step= become, and
// that malformed ones are skipped with a warning instead of stopping the page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SQL_PARAM, mergeShared, parseQuery, readParams } from '../../web/params.js';

function collect() {
  const warnings = [];
  return { warnings, warn: (m) => warnings.push(m) };
}

describe('parseQuery', () => {
  it('decodes percent-encoding and + as a space; the first occurrence wins', () => {
    const { warn, warnings } = collect();
    assert.deepEqual(parseQuery('?sql=SELECT+%27a%26b%27%3B&sql=second&x', warn), { sql: "SELECT 'a&b';", x: '' });
    assert.deepEqual(warnings, []);
  });

  it('skips a part with broken percent-encoding and keeps the rest', () => {
    const { warn, warnings } = collect();
    assert.deepEqual(parseQuery('?sql=%E0%A4%A&run=1', warn), { run: '1' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /malformed percent-encoding/);
  });

  it('takes empty, missing or odd input', () => {
    assert.deepEqual(parseQuery(''), {});
    assert.deepEqual(parseQuery('?'), {});
    assert.deepEqual(parseQuery(undefined), {});
    assert.deepEqual(parseQuery('&&a=1&&'), { a: '1' });
    assert.deepEqual(parseQuery('?a=1=2'), { a: '1=2' });
  });

  it('does not let a parameter named like an Object property confuse it', () => {
    assert.deepEqual(parseQuery('?constructor=x&toString=y'), { constructor: 'x', toString: 'y' });
  });

  it('reads non-ASCII text', () => {
    assert.deepEqual(parseQuery('?sql=' + encodeURIComponent("SELECT '中文 😀'")), { sql: "SELECT '中文 😀'" });
  });
});

describe('readParams', () => {
  it('has defaults for a bare URL', () => {
    assert.deepEqual(readParams(''),
      { sql: '', run: false, embed: false, lesson: null, step: null, race: null, setup: '', file: null, share: '' });
  });

  it('reads every parameter', () => {
    assert.deepEqual(readParams('?sql=SELECT%2042&run=1&embed=true&lesson=joins&step=3&race=deadlock'),
      { sql: 'SELECT 42', run: true, embed: true, lesson: 'joins', step: 3, race: 'deadlock', setup: '', file: null, share: '' });
  });

  it('flags are 1 or true, nothing else', () => {
    for (const v of ['0', 'false', 'yes', '', 'TRUE']) {
      const p = readParams(`?run=${v}&embed=${v}`);
      assert.equal(p.run, false, v);
      assert.equal(p.embed, false, v);
    }
  });

  it('a step must be a whole number from 1', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '']) {
      const { warn, warnings } = collect();
      assert.equal(readParams(`?lesson=joins&step=${bad}`, warn).step, null, bad);
      assert.equal(warnings.length, 1, bad);
    }
    assert.equal(readParams('?step=12').step, 12);
  });

  it('an empty lesson is no lesson', () => {
    assert.equal(readParams('?lesson=').lesson, null);
  });

  it('ignores an sql or setup parameter longer than the limit', () => {
    for (const name of ['sql', 'setup']) {
      const { warn, warnings } = collect();
      assert.equal(readParams(`?${name}=` + 'x'.repeat(MAX_SQL_PARAM + 1), warn)[name], '');
      assert.equal(warnings.length, 1);
      assert.equal(readParams(`?${name}=` + 'x'.repeat(MAX_SQL_PARAM))[name].length, MAX_SQL_PARAM);
    }
  });

  it('?setup= is an embed\'s setup script', () => {
    assert.equal(readParams('?embed=1&setup=CREATE+TABLE+t+(n+int)').setup, 'CREATE TABLE t (n int)');
  });

  it('?file= is a .sql or .md file on the page\'s own origin', () => {
    const base = 'https://pgplay.example/app/index.html?embed=1';
    assert.deepEqual(readParams('?file=posts/schema.sql', undefined, base).file,
      { url: 'https://pgplay.example/app/posts/schema.sql', path: '/app/posts/schema.sql', kind: 'sql' });
    assert.deepEqual(readParams('?file=/ex/Joins.MD', undefined, base).file,
      { url: 'https://pgplay.example/ex/Joins.MD', path: '/ex/Joins.MD', kind: 'lesson' });
    for (const bad of ['https://evil.example/x.sql', '//evil.example/x.sql', 'javascript:alert(1)', 'data:text/plain,x.sql',
      'notes.txt', 'schema.sql.exe', 'http://pgplay.example/x.sql']) {
      const { warn, warnings } = collect();
      assert.equal(readParams('?file=' + encodeURIComponent(bad), warn, base).file, null, bad);
      assert.equal(warnings.length, 1, bad);
    }
  });
});

it('?race=<id> names a race scenario; anything but lowercase letters, digits and "-" is ignored with a warning', () => {
  const warnings = [];
  const warn = (w) => warnings.push(w);
  assert.equal(readParams('?race=lost-update', warn).race, 'lost-update');
  assert.equal(readParams('', warn).race, null);
  assert.equal(readParams('?race=', warn).race, null);
  assert.equal(warnings.length, 0);
  for (const bad of ['?race=Lost', '?race=a%20b', '?race=%3Cscript%3E', '?race=' + 'x'.repeat(65)]) {
    assert.equal(readParams(bad, warn).race, null, bad);
  }
  assert.equal(warnings.length, 4);
});

it('a share link\'s payload wins over the parameters, and its file and race are checked the same way', () => {
  const base = 'https://pgplay.example/index.html';
  const params = readParams('?s=1abc&sql=old&lesson=joins&step=2', undefined, base);
  assert.equal(params.share, '1abc');
  const merged = mergeShared(params, { sql: 'SELECT 1', lesson: 'indexes', race: 'deadlock', setup: 'CREATE TABLE t ()',
    file: '/examples/shop.sql' }, base);
  assert.equal(merged.sql, 'SELECT 1');
  assert.equal(merged.lesson, 'indexes');
  assert.equal(merged.step, null);
  assert.equal(merged.race, 'deadlock');
  assert.equal(merged.setup, 'CREATE TABLE t ()');
  assert.deepEqual(merged.file, { url: 'https://pgplay.example/examples/shop.sql', path: '/examples/shop.sql', kind: 'sql' });
  assert.equal(merged.embed, false);
  const { warn, warnings } = collect();
  const bad = mergeShared(params, { race: 'Bad Id', file: 'https://evil.example/x.sql' }, base, warn);
  assert.equal(bad.race, null);
  assert.equal(bad.file, null);
  assert.equal(bad.sql, 'old', 'what the link does not carry stays');
  assert.equal(warnings.length, 2);
});
