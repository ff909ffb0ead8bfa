import { MailStore, type CaughtMail } from './mail-store';

const mail = (n: number): CaughtMail => ({
  id: `id-${n}`,
  from: 'no-reply@sesame.test',
  to: [`user${n}@example.be`],
  subject: `mail ${n}`,
  date: new Date(0).toISOString(),
  language: null,
  text: '',
  html: null,
  headers: {},
});

describe('MailStore', () => {
  it('keeps the last 500 mails, newest first', () => {
    const store = new MailStore();
    for (let n = 1; n <= 510; n += 1) store.add(mail(n));
    const list = store.list();
    expect(list).toHaveLength(500);
    expect(list[0]?.id).toBe('id-510');
    expect(list[499]?.id).toBe('id-11');
    expect(store.get('id-10')).toBeUndefined();
  });

  it('waitFor rejects when the predicate throws, and when the store rejects its waiters', async () => {
    const store = new MailStore();
    const failing = store.waitFor(() => {
      throw new Error('bad predicate');
    }, 1000);
    store.add(mail(1));
    await expect(failing).rejects.toThrow('bad predicate');

    const pending = store.waitFor(() => false, 1000);
    store.rejectWaiters('Mail catcher stopped');
    await expect(pending).rejects.toThrow('Mail catcher stopped');
  });

  it('waitFor finds a mail caught earlier', async () => {
    const store = new MailStore();
    store.add(mail(1));
    await expect(store.waitFor((m) => m.subject === 'mail 1', 10)).resolves.toMatchObject({ id: 'id-1' });
  });
});
