import type { INestApplication } from '@nestjs/common';
import { Municipality, Role, Staff } from '@sesame/database';
import { generateSecret } from 'otplib';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PasswordService } from '../../../api/src/auth/password.service';
import { SecretsService } from '../../../api/src/common/secrets.service';

export interface TestStaff {
  id: string;
  email: string;
  password: string;
  totpSecret: string | null;
  roles: Role[];
  municipalityNisCode: string | null;
}

export const uniqueEmail = (label = 'staff'): string => `${label}-${randomBytes(6).toString('hex')}@sesame.test`;

export async function ensureMunicipality(dataSource: DataSource, nisCode: string, name = `Commune ${nisCode}`): Promise<Municipality> {
  const repository = dataSource.getRepository(Municipality);
  await repository.upsert({ nisCode, nameFr: name, nameNl: `Gemeente ${nisCode}`, nameDe: `Gemeinde ${nisCode}` }, ['nisCode']);
  return repository.findOneByOrFail({ nisCode });
}

/** A staff account written straight to the database (enrolled in TOTP unless `enrolled: false`). */
export async function createStaff(
  app: INestApplication,
  options: { roles: Role[]; municipalityNisCode?: string | null; enrolled?: boolean; language?: string; disabled?: boolean } ,
): Promise<TestStaff> {
  const dataSource = app.get(DataSource);
  const passwords = app.get(PasswordService);
  const secrets = app.get(SecretsService);
  const email = uniqueEmail(options.roles[0]);
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const totpSecret = options.enrolled === false ? null : generateSecret();
  if (options.municipalityNisCode) await ensureMunicipality(dataSource, options.municipalityNisCode);
  const repository = dataSource.getRepository(Staff);
  const staff = await repository.save(
    repository.create({
      email,
      displayName: `Test ${options.roles.join('+')}`,
      language: options.language ?? 'en',
      passwordHash: await passwords.hash(password),
      municipalityNisCode: options.municipalityNisCode ?? null,
      roles: options.roles.map((role) => ({ role })),
      totpSecretEnc: totpSecret ? secrets.encrypt(totpSecret) : null,
      totpEnrolledAt: totpSecret ? new Date() : null,
      disabledAt: options.disabled ? new Date() : null,
    }),
  );
  return { id: staff.id, email, password, totpSecret, roles: options.roles, municipalityNisCode: options.municipalityNisCode ?? null };
}
