// The plan view in the real app: explain a query, see the advice, create the index it suggests,
// explain again and see the plan change; explaining an UPDATE changes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const QUERY = 'SELECT c.name, sum(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.customer_id = 42 GROUP BY c.name';
const explain = (page, sql, options) => h.withTimeout(page.evaluate(([s, o]) => window.playground.explain(s, o), [sql, options]), 30000, 'explain()');
const nodeTypes = (node) => [node.nodeType, ...node.children.flatMap(nodeTypes)];

// Pixels of the comparison's outline colours: amber (changed) and green (new), give or take
// anti-aliasing.
function outlinePixels(img) {
  const near = (i, r, g, b) => Math.abs(img.data[i] - r) < 12 && Math.abs(img.data[i + 1] - g) < 12 && Math.abs(img.data[i + 2] - b) < 12;
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (near(i, 255, 204, 102) || near(i, 128, 217, 140)) n++;
  return n;
}

describe('plan view', () => {
  let app;
  before(async () => { app = await h.setupApp(); });
  after(async () => { await app?.teardown(); });

  it('explains a query, suggests the index, and shows the plan change once it exists', async () => {
    const { page } = app;
    const made = await h.run(page, `CREATE TABLE customers (id int PRIMARY KEY, name text);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 1000) g;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, amount int);
INSERT INTO orders SELECT g, g % 1000 + 1, g % 97 FROM generate_series(1, 20000) g; ANALYZE;`);
    assert.equal(made.ok, true, JSON.stringify(made.error));

    const before = await explain(page, QUERY);
    assert.equal(before.ok, true, before.error);
    assert.equal(before.analyzed, true);
    assert.equal(before.rolledBack, false);
    assert.ok(before.executionMs > 0);
    assert.ok(nodeTypes(before.plan).includes('Seq Scan'));
    const missing = before.warnings.find((w) => w.kind === 'missing-index');
    assert.ok(missing, JSON.stringify(before.warnings));
    assert.match(missing.message, /An index on orders \(customer_id\) may help/);
    // nodePath leads to the Seq Scan.
    let node = before.plan;
    for (const i of missing.nodePath) node = node.children[i];
    assert.equal(node.nodeType, 'Seq Scan');
    assert.equal(node.relation, 'orders');
    assert.ok(node.rowsRemovedByFilter > 10000);
    for (const key of ['nodeType', 'relation', 'alias', 'index', 'estimatedRows', 'actualRows', 'loops', 'totalCost',
      'inclusiveMs', 'exclusiveMs', 'filter', 'rowsRemovedByFilter', 'children']) assert.ok(key in node, key);
    await h.settle(page);
    const shotBefore = await h.screenshot(page, 'plan-seq-scan');

    assert.equal((await h.run(page, 'CREATE INDEX orders_customer_idx ON orders (customer_id)')).ok, true);
    const after = await explain(page, QUERY);
    assert.equal(after.ok, true, after.error);
    assert.ok(!nodeTypes(after.plan).includes('Seq Scan') || !after.warnings.some((w) => w.kind === 'missing-index'),
      'the index is used, or at least no longer missing');
    assert.ok(JSON.stringify(nodeTypes(after.plan)) !== JSON.stringify(nodeTypes(before.plan)), 'the plan changed');
    // The same query explained again is compared with the first time, side by side.
    const comparison = await page.evaluate(() => window.playground.planComparison());
    assert.ok(comparison, 'a comparison is shown');
    assert.equal(comparison.before.statement, QUERY);
    assert.equal(comparison.measured, true);
    assert.ok(comparison.ratio > 0);
    assert.match(comparison.summary, / ms → .* ms: /);
    const scan = comparison.changes.find((c) => c.kind === 'changed' && c.before === 'Seq Scan on orders o');
    assert.ok(scan, JSON.stringify(comparison.changes));
    assert.match(scan.after, /^(Index|Index Only|Bitmap Heap) Scan /);
    assert.match(scan.message, /^Seq Scan on orders o became /);
    // The index appears in the changed node, or in the new Bitmap Index Scan below it.
    const viaIndex = comparison.changes.find((c) => c.after && c.after.includes('using orders_customer_idx'));
    assert.ok(viaIndex, JSON.stringify(comparison.changes));
    let changed = after.plan;
    for (const i of viaIndex.afterPath) changed = changed.children[i];
    assert.equal(changed.index, 'orders_customer_idx');
    await h.settle(page);
    const shotAfter = await h.screenshot(page, 'plan-compare');
    assert.ok(h.diffPixels(shotBefore, shotAfter) > 1000, 'the drawing changed');
    // The changed and new nodes are outlined in amber and green: far more of those pixels now.
    assert.ok(outlinePixels(shotAfter) > outlinePixels(shotBefore) + 300,
      `outlines: ${outlinePixels(shotBefore)} before, ${outlinePixels(shotAfter)} now`);
    h.assertNoErrors(app.errors);
  });

  it('Ctrl+E explains the statement under the cursor', async () => {
    const { page } = app;
    const sql = 'SELECT count(*) FROM customers WHERE id < 10';
    assert.equal((await explain(page, sql)).ok, true);
    const first = await page.evaluate(() => window.playground.planComparison());
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(`${sql};\nSELECT 1;`);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+E');
    // The shortcut explained the first statement again, so it is compared with the API's plan.
    const now = await h.pollUntil(async () => {
      const c = await page.evaluate(() => window.playground.planComparison());
      return c && c.before.statement === sql && JSON.stringify(c) !== JSON.stringify(first) ? c : null;
    }, { what: 'the Ctrl+E plan' });
    assert.equal(now.changes.length, 0, 'same query, same plan');
    assert.match(now.summary, /the plan's shape did not change/);
    h.assertNoErrors(app.errors);
  });

  it('an EXPLAIN the learner runs is drawn in the Plan tab too, and compared when run again', async () => {
    const { page } = app;
    const sql = 'EXPLAIN ANALYZE SELECT id FROM orders WHERE amount = 5';
    const first = await h.run(page, sql);
    assert.equal(first.ok, true);
    assert.equal(first.results.at(-1).rowCount > 2, true, 'the text plan stays in Results');
    assert.equal((await h.run(page, 'CREATE INDEX orders_amount_idx ON orders (amount)')).ok, true);
    assert.equal((await h.run(page, sql)).ok, true);
    const comparison = await page.evaluate(() => window.playground.planComparison());
    assert.ok(comparison, 'the second run is compared with the first');
    assert.equal(comparison.before.statement, sql);
    assert.ok(comparison.changes.some((c) => c.before === 'Seq Scan on orders'), JSON.stringify(comparison.changes));
    await h.settle(page);
    await h.screenshot(page, 'plan-from-run');
    h.assertNoErrors(app.errors);
  });

  it('explaining an UPDATE measures it and rolls it back; estimate only does not run it', async () => {
    const { page } = app;
    const update = await explain(page, 'UPDATE orders SET amount = -1 WHERE id <= 100');
    assert.equal(update.ok, true, update.error);
    assert.equal(update.rolledBack, true);
    assert.equal(update.plan.nodeType, 'ModifyTable');
    const left = await h.run(page, 'SELECT count(*) FROM orders WHERE amount = -1');
    assert.deepEqual(left.results.at(-1).rows, [['0']]);
    const estimate = await explain(page, 'SELECT * FROM orders', { analyze: false });
    assert.equal(estimate.analyzed, false);
    assert.equal(estimate.executionMs, null);
    assert.equal(estimate.plan.actualRows, null);
    const refused = await explain(page, 'VACUUM orders');
    assert.equal(refused.ok, false);
    assert.match(refused.error, /VACUUM has no plan/);
    h.assertNoErrors(app.errors);
  });
});
