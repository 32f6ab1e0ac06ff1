/**
 * A temporary `git worktree` of another commit, for `memgym bench --baseline`: checked out detached in a
 * fresh temp directory, with this tree's node_modules symlinked in (the same dependencies, so only the
 * code differs), removed again by {@link TempWorktree.remove} — also when the process exits early (an
 * exit hook removes it synchronously).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemgymError } from '../util/errors.js';

/** A checked-out commit; call {@link remove} when done. */
export interface TempWorktree {
  /** The tree's root directory. */
  dir: string;
  /** The full commit hash checked out. */
  commit: string;
  remove(): void;
}

function git(repo: string, args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The commit hash of `ref` in the repository at `repo`. @throws MemgymError USAGE when it is not a commit. */
export function resolveCommit(repo: string, ref: string): string {
  try {
    return git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new MemgymError('USAGE', `--baseline: expected a git commit of ${repo}, got "${ref}"`);
  }
}

/**
 * Checks out `ref` of the repository at `repo` into a new temporary worktree with `repo`'s node_modules
 * linked in. @throws MemgymError USAGE when `ref` is no commit or the worktree cannot be created.
 */
export function createTempWorktree(repo: string, ref: string): TempWorktree {
  const commit = resolveCommit(repo, ref);
  const parent = mkdtempSync(join(tmpdir(), 'memgym-baseline-'));
  const dir = join(parent, 'tree');
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    try {
      git(repo, ['worktree', 'remove', '--force', dir]);
    } catch {
      // Not registered (creation failed half-way): prune below drops a stale entry.
    }
    rmSync(parent, { recursive: true, force: true });
    try {
      git(repo, ['worktree', 'prune']);
    } catch {
      // Best effort.
    }
  };
  process.on('exit', remove);
  try {
    git(repo, ['worktree', 'add', '--detach', dir, commit]);
    const modules = join(repo, 'node_modules');
    if (existsSync(modules)) symlinkSync(realpathSync(modules), join(dir, 'node_modules'), 'dir');
  } catch (err) {
    remove();
    const e = err as { stderr?: string; message: string };
    throw new MemgymError('USAGE', `--baseline: cannot check out ${ref} into a temporary worktree: ${(e.stderr ?? e.message).trim()}`);
  }
  return { dir, commit, remove };
}
