import { Command, InvalidArgumentError } from 'commander';
import { loadConfigOrExit, reportErrors } from './shared.ts';

/**
 * The `pulse` command line. Each subcommand loads its module lazily, so `pulse --help`
 * and light commands start fast.
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('pulse')
    .description('Pulse: a chat-ops marketing assistant (segments, forecasts, budget allocation).')
    .showHelpAfterError();

  program
    .command('start', { isDefault: true })
    .description('run the bot: Slack when SLACK_BOT_TOKEN is set, else the local console')
    .option('--no-workers', 'run no job workers in the bot (as WORKER_CONCURRENCY=0): `pulse worker` processes run the jobs')
    .action((opts: { workers: boolean }) =>
      reportErrors(async () => (await import('./start.ts')).startCommand(loadConfigOrExit(), { workers: opts.workers })),
    );

  program
    .command('import')
    .description('import a CSV or gzip CSV file of orders or marketing spend')
    .argument('<kind>', 'orders or spend', (v) => {
      if (v !== 'orders' && v !== 'spend') throw new InvalidArgumentError('must be "orders" or "spend"');
      return v;
    })
    .argument('[file]', 'path to .csv or .csv.gz (or --from/--source)')
    .option('--map <field=Header...>', 'use Header for a field, e.g. --map customer=Client', collect, [])
    .option('--replace', 'import a file imported before again, replacing its earlier rows (one transaction)')
    .option('--channels <names>', 'wide spend files: the channel columns, e.g. x1,x2')
    .option('--outcome <column>', 'spend files: the outcome column (default: revenue, conversions, sales or y)')
    .option('--channel <name>', 'Google Ads and Meta exports: the channel of campaigns the channel map does not name')
    .option('--channel-map <file>', 'a channels.csv (pattern,channel) giving campaigns their channels')
    .option('--from <url>', 'a postgres:// URL: import the result of --query instead of a file')
    .option('--query <sql>', 'with --from: the SELECT to import, run read-only')
    .option('--source <name>', 'a named source from IMPORT_SOURCES')
    .action((kind: 'orders' | 'spend', file: string | undefined, opts) =>
      reportErrors(async () => (await import('./import.ts')).importCommand(loadConfigOrExit(), kind, file, opts)),
    );

  program
    .command('seed')
    .description('load the demo data set (--demo), or write a synthetic orders file (--synthetic --lines N --out FILE)')
    .option('--demo', 'the demo data set (about 5,000 customers, two years, 5 channels)')
    .option('--synthetic', "an orders file in Online Retail's layout for scale tests (no database)")
    .option('--lines <n>', 'synthetic: data lines', parseInteger)
    .option('--out <file>', 'synthetic: file to write (.csv.gz = gzip)')
    .option('--seed <n>', 'random seed (default 42 demo, 1 synthetic)', parseInteger)
    .action((opts) => reportErrors(async () => (await import('./seed.ts')).seedCliCommand(opts)));

  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations (also done automatically at start)')
    .action(() => reportErrors(async () => (await import('./db.ts')).migrateCommand(loadConfigOrExit())));
  db.command('copy')
    .description('copy the SQLite database (DATABASE_PATH) into an empty PostgreSQL database, e.g. pulse db copy --to postgres://pulse@db-host/pulse')
    .requiredOption('--to <url>', 'the PostgreSQL database (postgres://user@host:5432/name)')
    .action((opts: { to: string }) => reportErrors(async () => (await import('./db.ts')).copyCommand(loadConfigOrExit(), opts.to)));

  program
    .command('run')
    .description('run one job directly and print its result, e.g. pulse run allocate 50000 --json')
    .argument('<job>', 'segment, forecast, allocate, ...')
    .argument('[args...]', 'the same arguments as in chat')
    .option('--json', 'print the result as JSON')
    .option('--out <file>', 'write the file the job makes to FILE, e.g. pulse run clv export --out clv.csv (jobs with an export: their export of this run)')
    .allowUnknownOption()
    .action((job: string, args: string[], opts) =>
      reportErrors(async () => (await import('./run.ts')).runCommand(loadConfigOrExit(), job, args, Boolean(opts.json), opts.out)),
    );

  program
    .command('worker')
    .description('run standalone BullMQ workers (several processes or machines may share one Redis)')
    .option('--concurrency <n>', 'jobs at once in this process (default WORKER_CONCURRENCY)', parseInteger)
    .action((opts) => reportErrors(async () => (await import('./worker.ts')).workerCommand(loadConfigOrExit(), opts.concurrency)));

  const nlu = program.command('nlu').description('intent model tools');
  nlu
    .command('classify')
    .description('classify a message: prints { intent, confidence, alternatives, slots }')
    .argument('[text]', 'the message')
    .option('--jsonl', 'read JSON lines with a "text" field from stdin, write one result per line')
    .action((text: string | undefined, opts) =>
      reportErrors(async () => (await import('./nlu.ts')).classifyCommand(loadConfigOrExit(), text, Boolean(opts.jsonl))),
    );
  nlu
    .command('eval')
    .description('evaluate the active intent model on a JSON-lines file of { text, intent }')
    .argument('<file>')
    .action((file: string) => reportErrors(async () => (await import('./nlu.ts')).evalCommand(loadConfigOrExit(), file)));

  await program.parseAsync(argv);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}
