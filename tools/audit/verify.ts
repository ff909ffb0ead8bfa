/** npm run audit:verify — walks the audit trail and names the first row whose hash chain breaks. */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../../libs/audit/src/audit-chain';
import { dataSourceOptions } from '../../libs/database/src/data-source.options';
import { loadLocalEnv } from '../local-env';

async function main(): Promise<number> {
  loadLocalEnv();
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set (and no .data/local.env from `npm start`).');
    return 2;
  }
  const dataSource = await new DataSource(dataSourceOptions(url, { applicationName: 'sesame-audit-verify', poolSize: 1 })).initialize();
  try {
    const verdict = await verifyAuditChain(dataSource);
    if (verdict.ok) {
      console.log(`audit trail intact: ${verdict.rows} rows verified in ${verdict.chains} chain(s)`);
      return 0;
    }
    console.error(
      `audit trail BROKEN at row id ${verdict.firstBrokenId} (${verdict.reason === 'content_changed' ? 'its content was changed' : 'the chain link to the previous row is wrong'}); ${verdict.rows - 1} rows before it verified`,
    );
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
