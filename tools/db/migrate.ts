/**
 * npm run migration:run | migration:revert | migration:generate -- <Name> | migration:check
 * Uses DATABASE_URL (or the one `npm start` recorded in .data/local.env).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/database/src/data-source.options';
import { loadLocalEnv } from '../local-env';

export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((q) => q.query),
    down: log.downQueries.map((q) => q.query).reverse(),
  };
}

function renderMigration(name: string, timestamp: number, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

async function main(): Promise<number> {
  loadLocalEnv();
  const [command, name] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set (and no .data/local.env from `npm start`).');
    return 2;
  }
  const dataSource = await new DataSource(dataSourceOptions(url, { applicationName: 'sesame-migrate' })).initialize();
  try {
    switch (command) {
      case 'run': {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        console.log(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'schema is up to date');
        return 0;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('reverted the last migration');
        return 0;
      case 'generate': {
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
          console.error('usage: npm run migration:generate -- <PascalCaseName>');
          return 2;
        }
        const { up, down } = await pendingSchemaChanges(dataSource);
        if (up.length === 0) {
          console.log('entities and schema agree: nothing to generate');
          return 0;
        }
        const timestamp = Date.now();
        const file = join(__dirname, '..', '..', 'migrations', `${timestamp}-${name}.ts`);
        writeFileSync(file, renderMigration(name, timestamp, up, down));
        console.log(`wrote ${file}\nreview it, then add ${name}${timestamp} to migrations/index.ts`);
        return 0;
      }
      case 'check': {
        const { up } = await pendingSchemaChanges(dataSource);
        if (up.length > 0) {
          console.error(`entities and migrations disagree; a generated migration would contain:\n${up.join(';\n')}`);
          return 1;
        }
        console.log('entities and migrations agree');
        return 0;
      }
      default:
        console.error('usage: migrate.ts run | revert | generate <Name> | check');
        return 2;
    }
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
