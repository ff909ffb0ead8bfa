/**
 * The NISS requester side of the demo: an organisation and its access manager, who signs in at
 * /citizen/login with a digital key (ADR 0005) whose TOTP secret is kept with the staff ones in
 * .data/demo-totp.json (`npm run demo:codes` prints the current code). Idempotent.
 */
import { generateSecret } from 'otplib';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PasswordService } from '../../api/src/auth/password.service';
import type { SecretsService } from '../../api/src/common/secrets.service';
import { ActivationCode, DigitalKey, IdentityEvidence, Organisation, OrganisationMember, Person, Staff } from '../../libs/database/src';
import { personNameKeys } from '../../libs/domain/src';

export const DEMO_REQUESTER = {
  email: 'requester@employer.localhost',
  username: 'demo.requester',
  password: 'demo-requester-2026',
  displayName: 'Rania Haddad',
  organisation: { name: 'Démo Intérim SA', enterpriseNumber: '0123456749' },
  /** A synthetic Belgian national number (check digits right) no generated person uses. */
  nationalNumber: '88031412365',
} as const;

export async function seedDemoRequester(
  dataSource: DataSource,
  tools: { passwords: PasswordService; secrets: SecretsService; totpSecrets: Record<string, string> },
): Promise<string[]> {
  const created: string[] = [];
  const organisations = dataSource.getRepository(Organisation);
  let organisation = await organisations.findOneBy({ enterpriseNumber: DEMO_REQUESTER.organisation.enterpriseNumber });
  if (!organisation) {
    organisation = await organisations.save(organisations.create({ ...DEMO_REQUESTER.organisation, language: 'fr' }));
    created.push(`organisation ${organisation.name}`);
  }
  if (await dataSource.getRepository(DigitalKey).existsBy({ username: DEMO_REQUESTER.username, status: 'active' })) return created;

  const clerk = await dataSource.getRepository(Staff).findOneByOrFail({ email: 'clerk.bruxelles@sesame.localhost' });
  const secret = (tools.totpSecrets[DEMO_REQUESTER.email] ??= generateSecret());
  await dataSource.transaction(async (manager) => {
    const [surname, givenNames] = ['Haddad', 'Rania'];
    const existing = await manager.getRepository(Person).findOneBy({ nationalNumber: DEMO_REQUESTER.nationalNumber });
    const person = existing ?? await manager.getRepository(Person).save(
      manager.getRepository(Person).create({
        nationalNumber: DEMO_REQUESTER.nationalNumber,
        surname,
        givenNames,
        ...personNameKeys(surname, givenNames),
        birthDate: '1988-03-14',
        sex: 'F',
        nationality: 'BEL',
        language: 'fr',
      }),
    );
    const evidence = await manager.getRepository(IdentityEvidence).save(
      manager.getRepository(IdentityEvidence).create({
        personId: person.id,
        kind: 'travel_document',
        documentNumber: 'EM0000001',
        documentType: 'P',
        issuingState: 'BEL',
        validUntil: '2031-05-10',
        evidenceHash: randomBytes(32).toString('hex'),
        municipalityNisCode: clerk.municipalityNisCode,
        checkedBy: clerk.id,
      }),
    );
    const codeId = randomUUID();
    // The activation code the key came from, already used: random hashes nobody can present.
    await manager.getRepository(ActivationCode).insert({
      id: codeId,
      personId: person.id,
      evidenceId: evidence.id,
      status: 'consumed',
      channel: 'desk',
      codeHash: randomBytes(32).toString('hex'),
      linkTokenHash: randomBytes(32).toString('hex'),
      letterCodeSealed: null,
      email: DEMO_REQUESTER.email,
      language: 'fr',
      municipalityNisCode: clerk.municipalityNisCode,
      issuedBy: clerk.id,
      expiresAt: new Date(),
      failedAttempts: 0,
      endedAt: new Date(),
      endReason: 'consumed',
    });
    const keyId = randomUUID();
    await manager.getRepository(DigitalKey).insert({
      id: keyId,
      personId: person.id,
      activationCodeId: codeId,
      kind: 'totp',
      status: 'active',
      email: DEMO_REQUESTER.email,
      username: DEMO_REQUESTER.username,
      passwordHash: await tools.passwords.hash(DEMO_REQUESTER.password),
      phone: null,
      // Sealed as CitizenCodesService seals it: bound to the key.
      totpSecretEnc: tools.secrets.encrypt(secret, `digital_key:${keyId}:totp`),
      activatedAt: new Date(),
    });
    await manager.getRepository(OrganisationMember).save(
      manager.getRepository(OrganisationMember).create({
        organisationId: organisation.id,
        email: DEMO_REQUESTER.email,
        displayName: DEMO_REQUESTER.displayName,
        role: 'access_manager',
        language: 'fr',
        grantedByStaff: null,
      }),
    );
  });
  created.push(`requester ${DEMO_REQUESTER.username}`);
  return created;
}
