import type { SmsMessage } from '@sesame/database';
import type { SendSmsPayload } from '@sesame/jobs';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { DevOutboxSmsProvider } from './dev-outbox.provider';
import { SmsHandlers } from './sms.handlers';
import type { SmsProvider } from './sms.provider';
import { renderSms } from './sms.renderer';

const payload: SendSmsPayload = { template: 'citizen-login-code', to: '+32470123456', language: 'nl', params: { code: '042917', minutes: '10' } };

/** An in-memory `sms_message` table; the transaction's advisory lock is a no-op here. */
function fakeDataSource(rows: Partial<SmsMessage>[]): DataSource {
  const repository = {
    existsBy: async ({ jobId }: { jobId: string }) => rows.some((row) => row.jobId === jobId),
    insert: async (row: Partial<SmsMessage>) => {
      rows.push(row);
    },
  };
  const manager = { getRepository: () => repository, query: async () => [] };
  return { transaction: async (work: (m: typeof manager) => Promise<unknown>) => work(manager) } as unknown as DataSource;
}

describe(SmsHandlers.name, () => {
  it('renders the code in the recipient language', () => {
    expect(renderSms(payload)).toBe('Sésame: uw beveiligingscode is 042917. Hij is 10 minuten geldig. Geef hem aan niemand.');
    expect(renderSms({ ...payload, template: 'citizen-registration-code', language: 'fr' })).toContain("code d'enregistrement est 042917");
  });

  it('hands the text to the provider once per job and records it (the dev provider keeps the body)', async () => {
    const rows: Partial<SmsMessage>[] = [];
    const provider = new DevOutboxSmsProvider();
    const send = jest.spyOn(provider, 'send');
    const handlers = new SmsHandlers(fakeDataSource(rows), provider);
    const job = { id: 'outbox-1' } as Job;
    await handlers.send(payload, job);
    await handlers.send(payload, job);
    expect(send).toHaveBeenCalledTimes(1);
    expect(rows).toEqual([
      expect.objectContaining({ jobId: 'outbox-1', toPhone: '+32470123456', template: 'citizen-login-code', language: 'nl', provider: 'dev-outbox', body: renderSms(payload) }),
    ]);
  });

  it('keeps no body for a real provider, and records nothing when the provider fails (BullMQ retries)', async () => {
    const rows: Partial<SmsMessage>[] = [];
    const gateway: SmsProvider = { name: 'gateway', send: async () => ({ providerMessageId: 'gw-9', retainedBody: null }) };
    await new SmsHandlers(fakeDataSource(rows), gateway).send(payload, { id: 'outbox-2' } as Job);
    expect(rows[0]).toMatchObject({ provider: 'gateway', providerMessageId: 'gw-9', body: null });

    const failing: SmsProvider = { name: 'gateway', send: async () => Promise.reject(new Error('gateway down')) };
    await expect(new SmsHandlers(fakeDataSource(rows), failing).send(payload, { id: 'outbox-3' } as Job)).rejects.toThrow('gateway down');
    expect(rows.map((row) => row.jobId)).toEqual(['outbox-2']);
  });
});
