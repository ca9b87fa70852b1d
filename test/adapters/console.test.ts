import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/adapter.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { jobRegistry, testCommands } from '../support/test-jobs.ts';
import { seedDemo } from '../../src/demo/index.ts';

async function runBatch(handle: TestAppHandle, lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk) => (printed += String(chunk)));
  const adapter = new ConsoleAdapter({ input, output, interactive: false });
  await adapter.start(handle.app.bot);
  input.end(lines.map((l) => `${l}\n`).join(''));
  await adapter.finished;
  return printed;
}

describe('console adapter (batch mode)', () => {
  let handle: TestAppHandle;
  afterEach(async () => handle?.cleanup());

  it('prints each line with its reply and its job result, in input order', async () => {
    handle = await createTestApp({ QUEUE: 'inline' }, { commands: testCommands, jobs: jobRegistry, executor: 'in-process' });
    const printed = await runBatch(handle, ['spin 200', 'help', '', 'spin 20']);
    const order = ['> spin 200', 'Spinning for 200 ms', 'Spun for 200 ms.', '> help', 'command', '> spin 20', 'Spun for 20 ms.'];
    let cursor = 0;
    for (const piece of order) {
      const at = printed.indexOf(piece, cursor);
      expect(at, `"${piece}" after position ${cursor} in:\n${printed}`).toBeGreaterThanOrEqual(cursor);
      cursor = at + piece.length;
    }
  });

  it('answers each line, its job included, before it reads the next: a script can segment, then show a segment', async () => {
    handle = await createTestApp({ QUEUE: 'inline' }, { executor: 'in-process' });
    await seedDemo(handle.app.database.db, { seed: 42 });
    const printed = await runBatch(handle, ['segment', 'segment show at risk top=2']);
    expect(printed).not.toContain('There is no segmentation yet');
    expect(printed).toMatch(/> segment show at risk top=2\n[\s\S]*At risk\*?: [\d,]+ customers/);
  }, 60_000);

  it('renders tables with aligned columns', async () => {
    handle = await createTestApp({ QUEUE: 'inline' }, { commands: testCommands, jobs: jobRegistry, executor: 'in-process' });
    const printed = await runBatch(handle, ['help']);
    const rows = printed.split('\n').filter((l) => l.includes('│'));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const widths = new Set(rows.map((r) => r.length));
    expect(widths.size).toBe(1);
  });
});
