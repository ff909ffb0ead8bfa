import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig, Language } from '@sesame/config';
import { ActivationCode, IdentityEvidence, Municipality, municipalityNameIn, Person } from '@sesame/database';
import { BeidRawFiles, isExpired, normalizeMrzInput, parseMrz, verifyBeidRead, type BeidIdentity } from '@sesame/domain';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ActivationCodeIssuer, endActivationCode } from '../activation/activation-code-issuer';
import type { RequestMeta } from '../auth/auth.service';
import { auditActorOf, Principal } from '../auth/principal';
import { BEID_TRUST, BeidTrust } from './beid-trust';
import { DeskException } from './desk.exception';
import { DeskRepository, PersonFields } from './desk.repository';

/** A card read or document check older than this cannot back a new activation code. */
const EVIDENCE_MAX_AGE_MS = 2 * 60 * 60 * 1000;
const CARD_FILES = ['identity', 'identitySignature', 'address', 'addressSignature', 'photo', 'rrnCertificate', 'basicPublicKey'] as const;
/** The card files as the console sends them (base64). */
export type EncodedCardFiles = { [K in (typeof CARD_FILES)[number]]?: string };

export interface VerifiedIdentity {
  evidence: IdentityEvidence;
  person: Person;
  card: Record<string, unknown> | null;
  eidasNotified: boolean;
  hasLiveCode: boolean;
}

/**
 * The municipal desk: turns a card read (verified here, never trusted from the browser) or a travel
 * document checked by hand into identity evidence, then issues the activation code, its letter and
 * its e-mail. Every change is one transaction with its audit entry and its jobs.
 */
@Injectable()
export class DeskService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BEID_TRUST) private readonly trust: BeidTrust,
    private readonly repository: DeskRepository,
    private readonly audit: AuditWriter,
    private readonly issuer: ActivationCodeIssuer,
  ) {}

  /** Verifies a card read against the National Register signatures and records the evidence. */
  async verifyCardRead(actor: Principal, encoded: EncodedCardFiles, meta: RequestMeta): Promise<VerifiedIdentity> {
    const municipalityNisCode = this.municipalityOf(actor);
    const files = this.decodeFiles(encoded);
    const verification = verifyBeidRead(files, { trustedRoots: this.trust.rootsPem, now: new Date() });
    if (!verification.ok || !verification.identity || !verification.address) {
      const reasons = [...new Set(verification.refusals.map((refusal) => refusal.reason))];
      await this.repository.transaction((manager) =>
        this.audit.append(manager, {
          actor: auditActorOf(actor),
          action: 'desk.card_refused',
          subject: { type: 'card_read', id: verification.evidenceHash },
          requestId: meta.requestId,
          details: { reasons, evidenceHash: verification.evidenceHash, municipalityNisCode },
        }),
      );
      throw new DeskException('desk.card_refused', {}, { reasons });
    }
    const identity = verification.identity;
    const address = verification.address;
    return this.repository.transaction(async (manager) => {
      const person = await this.repository.upsertPersonByNationalNumber(manager, {
        ...this.personFromCard(identity),
        addressStreet: address.streetAndNumber,
        addressPostalCode: address.postalCode,
        addressMunicipality: address.municipality,
        addressCountry: 'BE',
        nationalNumber: identity.nationalNumber,
      });
      const evidence = await this.repository.insertEvidence(manager, {
        personId: person.id,
        kind: 'beid_card',
        documentNumber: identity.cardNumber,
        documentType: String(identity.documentType.code),
        issuingState: 'BEL',
        validUntil: identity.validityEnd,
        algorithm: verification.algorithm,
        evidenceHash: verification.evidenceHash,
        rawFiles: Object.fromEntries(CARD_FILES.filter((name) => encoded[name]).map((name) => [name, encoded[name] as string])),
        municipalityNisCode,
        checkedBy: actor.staffId,
      });
      await this.audit.append(manager, {
        actor: auditActorOf(actor),
        action: 'desk.card_verified',
        subject: { type: 'person', id: person.id },
        requestId: meta.requestId,
        details: { evidenceId: evidence.id, evidenceHash: evidence.evidenceHash, documentType: identity.documentType.code, algorithm: verification.algorithm },
      });
      return {
        evidence: await this.reloadEvidence(manager, evidence.id),
        person,
        card: {
          cardNumber: identity.cardNumber,
          documentKind: identity.documentType.kind,
          documentCard: identity.documentType.card,
          validityBegin: identity.validityBegin,
          validityEnd: identity.validityEnd,
          deliveryMunicipality: identity.deliveryMunicipality,
          specialStatus: identity.specialStatus,
          memberOfFamily: identity.memberOfFamily,
        },
        eidasNotified: false,
        hasLiveCode: await this.repository.hasLiveCode(person.id, manager),
      };
    });
  }

  /** Checks a passport or foreign identity document by its MRZ (check digits, expiry) and records it. */
  async checkDocument(actor: Principal, mrzText: string, language: Language | undefined, meta: RequestMeta): Promise<VerifiedIdentity> {
    const municipalityNisCode = this.municipalityOf(actor);
    const lines = normalizeMrzInput(mrzText);
    const mrz = parseMrz(lines);
    const evidenceHash = createHash('sha256').update(lines.join('\n')).digest('hex');
    const refuse = async (code: 'desk.document_refused' | 'desk.document_expired', reasons: string[]): Promise<never> => {
      await this.repository.transaction((manager) =>
        this.audit.append(manager, {
          actor: auditActorOf(actor),
          action: 'desk.document_refused',
          subject: { type: 'document_check', id: evidenceHash },
          requestId: meta.requestId,
          details: { reasons, evidenceHash, municipalityNisCode },
        }),
      );
      throw new DeskException(code, {}, { reasons });
    };
    if (!mrz.valid || !mrz.documentNumber || !mrz.issuingState || !mrz.surname || !mrz.expiryDate) {
      return refuse('desk.document_refused', mrz.errors.map((error) => error.field));
    }
    if (isExpired(mrz.expiryDate, new Date())) return refuse('desk.document_expired', ['expiryDate']);
    const documentNumber = mrz.documentNumber;
    const issuingState = mrz.issuingState;
    const expiryDate = mrz.expiryDate;

    return this.repository.transaction(async (manager) => {
      const fields: PersonFields = {
        nationalNumber: mrz.nationalNumber,
        surname: mrz.surname ?? '',
        givenNames: mrz.givenNames ?? '',
        birthDate: mrz.birthDate,
        birthDateText: mrz.birthDate,
        sex: mrz.sex,
        nationality: mrz.nationality,
        birthPlace: null,
        nobleCondition: null,
        addressStreet: null,
        addressPostalCode: null,
        addressMunicipality: null,
        addressCountry: null,
        language: language ?? 'en',
      };
      let person = mrz.nationalNumber
        ? await this.repository.findPersonByNationalNumber(manager, mrz.nationalNumber)
        : await this.repository.findPersonByDocument(manager, documentNumber, issuingState);
      person ??= mrz.nationalNumber
        ? await this.repository.upsertPersonByNationalNumber(manager, { ...fields, nationalNumber: mrz.nationalNumber })
        : await this.repository.createPerson(manager, fields);
      const evidence = await this.repository.insertEvidence(manager, {
        personId: person.id,
        kind: 'travel_document',
        documentNumber,
        documentType: mrz.documentCode ?? mrz.format,
        issuingState,
        validUntil: expiryDate,
        algorithm: null,
        evidenceHash,
        rawFiles: null,
        municipalityNisCode,
        checkedBy: actor.staffId,
      });
      await this.audit.append(manager, {
        actor: auditActorOf(actor),
        action: 'desk.document_checked',
        subject: { type: 'person', id: person.id },
        requestId: meta.requestId,
        details: { evidenceId: evidence.id, evidenceHash, documentCode: mrz.documentCode, issuingState },
      });
      // An identity card (not a passport) of an eIDAS-notified state: its holder logs in with it.
      const eidasNotified = (mrz.documentCode ?? '').startsWith('I') && this.config.EIDAS_NOTIFIED_COUNTRIES.includes(issuingState);
      return {
        evidence: await this.reloadEvidence(manager, evidence.id),
        person,
        card: null,
        eidasNotified,
        hasLiveCode: await this.repository.hasLiveCode(person.id, manager),
      };
    });
  }

  /** The e-mail guard: how many active digital keys are already linked to this e-mail. */
  countActiveKeys(email: string): Promise<number> {
    return this.repository.countActiveKeysForEmail(email.trim().toLowerCase());
  }

  /**
   * Issues an activation code for checked evidence. A live code of the same person is revoked; keys
   * already on the e-mail need the clerk's explicit confirmation (they are deactivated when the new
   * key is activated). Letter and e-mail leave through the outbox in the same transaction.
   */
  async issueCode(
    actor: Principal,
    input: { evidenceId: string; email: string; language: Language; confirmReplaceKeys?: boolean },
    meta: RequestMeta,
  ): Promise<ActivationCode> {
    const municipalityNisCode = this.municipalityOf(actor);
    const email = input.email.trim().toLowerCase();
    return this.repository.transaction(async (manager) => {
      const evidence = await this.repository.findEvidence(manager, input.evidenceId);
      if (!evidence || evidence.municipalityNisCode !== municipalityNisCode) throw new DeskException('desk.evidence_not_found');
      if (Date.now() - evidence.checkedAt.getTime() > EVIDENCE_MAX_AGE_MS) throw new DeskException('desk.evidence_stale');
      const activeKeys = await this.repository.countActiveKeysForEmail(email, manager);
      if (activeKeys > 0 && !input.confirmReplaceKeys) {
        throw new DeskException('desk.keys_confirmation_required', { count: activeKeys }, { activeKeys });
      }
      const municipality = await manager.getRepository(Municipality).findOneBy({ nisCode: municipalityNisCode });
      const { code } = await this.issuer.issue(manager, {
        channel: 'desk',
        personId: evidence.personId,
        evidenceId: evidence.id,
        email,
        language: input.language,
        activeKeys,
        municipalityNisCode,
        issuedBy: actor.staffId,
        actor: auditActorOf(actor),
        requestId: meta.requestId,
        mail: {
          name: `${evidence.person.givenNames} ${evidence.person.surname}`.trim(),
          municipality: municipality ? municipalityNameIn(municipality, input.language) : '',
        },
        letter: true,
      });
      return (await this.repository.findCode(code.id, manager)) as ActivationCode;
    });
  }

  async listCodesOfDay(actor: Principal, day: string): Promise<{ codes: ActivationCode[]; ready: Set<string> }> {
    const codes = await this.repository.listCodesOfDay(this.municipalityOf(actor), day);
    return { codes, ready: await this.repository.lettersReady(codes.map((code) => code.id)) };
  }

  async getCode(actor: Principal, id: string): Promise<{ code: ActivationCode; letterReady: boolean }> {
    const code = await this.loadOwnCode(actor, id);
    return { code, letterReady: (await this.repository.lettersReady([id])).has(id) };
  }

  /** The letter PDF of a live code (the same letter on every reprint). */
  async getLetter(actor: Principal, id: string): Promise<Buffer> {
    const code = await this.loadOwnCode(actor, id);
    if (code.status !== 'issued' || code.expiresAt <= new Date()) throw new DeskException('desk.code_not_live');
    const letter = await this.repository.findLetter(id);
    if (!letter) throw new DeskException('desk.letter_not_ready');
    return letter.pdf;
  }

  /** Records that the clerk printed (or reprinted) the letter. */
  async recordPrint(actor: Principal, id: string, meta: RequestMeta): Promise<{ code: ActivationCode; letterReady: boolean }> {
    await this.loadOwnCode(actor, id);
    await this.repository.transaction(async (manager) => {
      const printCount = await this.repository.recordPrint(manager, id);
      if (printCount === null) throw new DeskException('desk.code_not_live');
      await this.audit.append(manager, {
        actor: auditActorOf(actor),
        action: printCount === 1 ? 'activation_code.printed' : 'activation_code.reprinted',
        subject: { type: 'activation_code', id },
        requestId: meta.requestId,
        details: { printCount },
      });
    });
    return this.getCode(actor, id);
  }

  async revoke(actor: Principal, id: string, meta: RequestMeta): Promise<{ code: ActivationCode; letterReady: boolean }> {
    await this.loadOwnCode(actor, id);
    await this.repository.transaction(async (manager) => {
      if (!(await endActivationCode(manager, id, 'revoked', 'clerk'))) throw new DeskException('desk.code_not_live');
      await this.audit.append(manager, {
        actor: auditActorOf(actor),
        action: 'activation_code.revoked',
        subject: { type: 'activation_code', id },
        requestId: meta.requestId,
        details: { reason: 'clerk' },
      });
    });
    return this.getCode(actor, id);
  }

  private async loadOwnCode(actor: Principal, id: string): Promise<ActivationCode> {
    const code = await this.repository.findCode(id);
    // Another municipality's code answers exactly like a missing one.
    if (!code || code.municipalityNisCode !== this.municipalityOf(actor)) throw new DeskException('desk.code_not_found');
    return code;
  }

  private municipalityOf(actor: Principal): string {
    if (!actor.municipalityNisCode) throw new DeskException('desk.no_municipality');
    return actor.municipalityNisCode;
  }

  private decodeFiles(encoded: EncodedCardFiles): BeidRawFiles {
    const decode = (name: (typeof CARD_FILES)[number]): Buffer => {
      const value = encoded[name];
      const buffer = value ? Buffer.from(value, 'base64') : Buffer.alloc(0);
      if (!buffer.length) throw new DeskException('desk.bad_card_file', { file: name });
      return buffer;
    };
    return {
      identity: decode('identity'),
      identitySignature: decode('identitySignature'),
      address: decode('address'),
      addressSignature: decode('addressSignature'),
      photo: decode('photo'),
      rrnCertificate: decode('rrnCertificate'),
      basicPublicKey: encoded.basicPublicKey ? decode('basicPublicKey') : null,
    };
  }

  private personFromCard(identity: BeidIdentity): Omit<PersonFields, 'addressStreet' | 'addressPostalCode' | 'addressMunicipality' | 'addressCountry' | 'nationalNumber'> {
    const givenNames = [identity.firstNames, identity.thirdNameInitial].filter(Boolean).join(' ');
    return {
      surname: identity.surname,
      givenNames,
      birthDate: identity.birthDate.iso,
      birthDateText: identity.birthDate.raw.slice(0, 20),
      sex: identity.sex,
      nationality: identity.nationality,
      birthPlace: identity.birthPlace,
      nobleCondition: identity.nobleCondition,
      language: 'fr',
    };
  }

  private reloadEvidence(manager: EntityManager, id: string): Promise<IdentityEvidence> {
    return manager.getRepository(IdentityEvidence).findOneByOrFail({ id });
  }
}
