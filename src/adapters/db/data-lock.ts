// One process at a time owns the embedded database: PGlite keeps its data in memory and writes it back, so a second
// process on the same directory (`baton token create` beside a running server) works on a copy that is then lost.
// The owner holds `baton.lock` (its pid) under the data directory until it closes; a lock whose process is gone is taken over.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** The embedded database is open in another process (or already in this one). */
export class DatabaseInUse extends Error {
  override readonly name = 'DatabaseInUse';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly holder: string,
  ) {
    super(`the embedded database at ${shownPath(dataDir)} is in use by ${holder} (pid ${pid})`);
  }
}

/** A path as an operator typed it: relative to the working directory when it is under it. */
function shownPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? `./${relative}` : dir;
}

type LockContent = { pid: number; holder: string; since: string };

/** Directories this process holds: its own pid in a lock file is stale unless it is listed here. */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<{ raw: string; content: LockContent | undefined } | undefined> {
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockContent>;
    const content =
      Number.isInteger(parsed.pid) && (parsed.pid as number) > 0
        ? { pid: parsed.pid!, holder: String(parsed.holder ?? 'another process'), since: String(parsed.since ?? '') }
        : undefined;
    return { raw, content };
  } catch {
    return { raw, content: undefined };
  }
}

/**
 * Takes the data directory for this process, or throws DatabaseInUse naming the process that holds it.
 * `holder` says who this process is, for the message another process will show ("the server", "baton migrate").
 */
export async function lockDataDir(dataDir: string, holder: string): Promise<{ release(): Promise<void> }> {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, 'baton.lock');
  const content: LockContent = { pid: process.pid, holder, since: new Date().toISOString() };
  // Written aside and linked into place: the lock appears whole, never as an empty file another process could misread.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await fs.writeFile(draft, JSON.stringify(content));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await fs.link(draft, file);
        heldHere.add(dir);
        let released = false;
        return {
          async release() {
            if (released) return;
            released = true;
            heldHere.delete(dir);
            const current = await readLock(file);
            if (current?.content?.pid === process.pid) await fs.rm(file, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readLock(file);
      if (!current) continue;
      const owner = current.content;
      const ours = owner?.pid === process.pid;
      if (owner && ((ours && heldHere.has(dir)) || (!ours && alive(owner.pid)))) throw new DatabaseInUse(dir, owner.pid, owner.holder);
      // Stale: its process is gone (or it is unreadable). Remove it only if it is still the one judged stale.
      const again = await readLock(file);
      if (again?.raw === current.raw) await fs.rm(file, { force: true });
    }
    throw new Error(`cannot take the lock ${file}: other processes keep taking it`);
  } finally {
    await fs.rm(draft, { force: true });
  }
}
