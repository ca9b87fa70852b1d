import { spawnSync } from 'node:child_process';

/**
 * The first of $PYTHON, python3, /usr/bin/python3 that can import `module`, with the module's
 * version; or null. Peers for the benches (pandas, scikit-learn) run in whichever Python has them.
 */
export function findPythonWith(module: string): { python: string; version: string } | null {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', `import ${module}; print(${module}.__version__)`], { encoding: 'utf8' });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return null;
}
