import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { reserveVpcdReader, vpcdLockPath } from './vpcd-lock';

/** A port number no real reader uses, different per run. */
const port = 50_000 + Math.floor(Math.random() * 10_000);

function otherProcessHoldingLock(ms: number): Promise<ChildProcess> {
  const script = `require('fs').writeFileSync(${JSON.stringify(vpcdLockPath(port))}, String(process.pid), { flag: 'wx' }); setTimeout(() => require('fs').unlinkSync(${JSON.stringify(vpcdLockPath(port))}), ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    const check = setInterval(() => {
      fs.readFile(vpcdLockPath(port), 'utf8')
        .then((owner) => {
          if (owner === String(child.pid)) {
            clearInterval(check);
            resolve(child);
          }
        })
        .catch(() => undefined);
    }, 10);
  });
}

describe('reserveVpcdReader', () => {
  afterEach(async () => {
    await fs.rm(vpcdLockPath(port), { force: true });
  });

  it('is re-entrant within a process and frees the lock with the last release', async () => {
    const first = await reserveVpcdReader(port);
    const second = await reserveVpcdReader(port, { timeoutMs: 0 });
    expect(await fs.readFile(vpcdLockPath(port), 'utf8')).toBe(String(process.pid));
    await first();
    expect(await fs.readFile(vpcdLockPath(port), 'utf8')).toBe(String(process.pid));
    await second();
    await expect(fs.stat(vpcdLockPath(port))).rejects.toThrow();
  });

  it('waits while another live process holds the reader', async () => {
    await otherProcessHoldingLock(400);
    const started = Date.now();
    const release = await reserveVpcdReader(port, { timeoutMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThan(200);
    await release();
  });

  it('says who holds the reader when it gives up', async () => {
    const child = await otherProcessHoldingLock(2_000);
    await expect(reserveVpcdReader(port, { timeoutMs: 200 })).rejects.toThrow(
      new RegExp(`port ${port} is held by process ${child.pid}`),
    );
  });

  it('takes over a lock left by a process that is gone', async () => {
    await fs.writeFile(vpcdLockPath(port), '999999999');
    const release = await reserveVpcdReader(port, { timeoutMs: 0 });
    expect(await fs.readFile(vpcdLockPath(port), 'utf8')).toBe(String(process.pid));
    await release();
  });
});
