import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES, Language } from '@sesame/config';
import { ActivationCode, IdentityEvidence, Person } from '@sesame/database';
import { Type } from 'class-transformer';
import { PersonIdentityDto } from '../../persons/dto/person-identity.dto';
import { IsBase64, IsBoolean, IsDefined, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';

/** Raw BEID files exactly as the desk agent read them, base64. Sizes bounded by the real files. */
export class CardFilesDto {
  @ApiProperty() @IsBase64() @MaxLength(2000) identity: string;
  @ApiProperty() @IsBase64() @MaxLength(1000) identitySignature: string;
  @ApiProperty() @IsBase64() @MaxLength(400) address: string;
  @ApiProperty() @IsBase64() @MaxLength(1000) addressSignature: string;
  @ApiProperty() @IsBase64() @MaxLength(20000) photo: string;
  @ApiProperty() @IsBase64() @MaxLength(8000) rrnCertificate: string;
  @ApiPropertyOptional() @IsOptional() @IsBase64() @MaxLength(400) basicPublicKey?: string;
}

export class CardReadDto {
  @ApiProperty({ type: CardFilesDto }) @IsDefined() @ValidateNested() @Type(() => CardFilesDto) files: CardFilesDto;
}

export class DocumentCheckDto {
  /** The MRZ lines as typed or scanned (2 × 44, 2 × 36 or 3 × 30 characters). */
  @ApiProperty({ example: 'P<BEL…' }) @IsString() @MaxLength(200) mrz: string;
  @ApiPropertyOptional({ enum: LANGUAGES }) @IsOptional() @IsIn(LANGUAGES) language?: Language;
}

export class EmailCheckQueryDto {
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
}

export class IssueCodeDto {
  @ApiProperty() @IsUUID() evidenceId: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language: Language;
  /** The clerk confirmed that keys already linked to this e-mail will be deactivated. */
  @ApiPropertyOptional() @IsOptional() @IsBoolean() confirmReplaceKeys?: boolean;
}

export class CodeIdParams {
  @ApiProperty() @IsUUID() id: string;
}

export class CodesQueryDto {
  @ApiPropertyOptional({ example: '2026-11-24' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) date?: string;
}

export class PersonDto extends PersonIdentityDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true }) nobleCondition: string | null;
  @ApiProperty({ nullable: true }) address: { street: string | null; postalCode: string | null; municipality: string | null; country: string | null } | null;
  @ApiProperty() language: string;
}

export const toPersonDto = (person: Person): PersonDto => ({
  id: person.id,
  nationalNumber: person.nationalNumber,
  surname: person.surname,
  givenNames: person.givenNames,
  birthDate: person.birthDate,
  birthDateText: person.birthDateText,
  sex: person.sex,
  nationality: person.nationality,
  birthPlace: person.birthPlace,
  nobleCondition: person.nobleCondition,
  address: person.addressStreet || person.addressMunicipality
    ? { street: person.addressStreet, postalCode: person.addressPostalCode, municipality: person.addressMunicipality, country: person.addressCountry }
    : null,
  language: person.language,
});

export class EvidenceDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['beid_card', 'travel_document'] }) kind: string;
  @ApiProperty() documentNumber: string;
  @ApiProperty() documentType: string;
  @ApiProperty() issuingState: string;
  @ApiProperty() validUntil: string;
  @ApiProperty({ nullable: true }) algorithm: string | null;
  @ApiProperty() evidenceHash: string;
  @ApiProperty() checkedAt: string;
}

export const toEvidenceDto = (evidence: IdentityEvidence): EvidenceDto => ({
  id: evidence.id,
  kind: evidence.kind,
  documentNumber: evidence.documentNumber,
  documentType: evidence.documentType,
  issuingState: evidence.issuingState,
  validUntil: evidence.validUntil,
  algorithm: evidence.algorithm,
  evidenceHash: evidence.evidenceHash,
  checkedAt: evidence.checkedAt.toISOString(),
});

export class VerifiedIdentityDto {
  @ApiProperty({ type: EvidenceDto }) evidence: EvidenceDto;
  @ApiProperty({ type: PersonDto }) person: PersonDto;
  /** What the card says beyond the person record: document kind, card validity, statuses. */
  @ApiProperty() card: Record<string, unknown> | null;
  /** The holder's eID comes from an eIDAS-notified state: they can log in with it and need no Belgian key. */
  @ApiProperty() eidasNotified: boolean;
  /**
   * An activation code is already live for this person (issuing a new one revokes it). A yes or no:
   * the code may be another municipality's, whose id this desk has no business knowing.
   */
  @ApiProperty() hasLiveCode: boolean;
}

export class EmailCheckDto {
  @ApiProperty() activeKeys: number;
}

export type DisplayedCodeState = 'issued' | 'printed' | 'activated' | 'expired' | 'revoked';

export class ActivationCodeDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['issued', 'printed', 'activated', 'expired', 'revoked'] }) state: DisplayedCodeState;
  @ApiProperty() personName: string;
  @ApiProperty() email: string;
  @ApiProperty() language: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() printCount: number;
  @ApiProperty({ nullable: true }) lastPrintedAt: string | null;
  @ApiProperty() letterReady: boolean;
  @ApiProperty() locked: boolean;
}

export function displayedState(code: ActivationCode, now: Date): DisplayedCodeState {
  if (code.status === 'consumed') return 'activated';
  if (code.status === 'revoked') return 'revoked';
  if (code.status === 'expired' || code.expiresAt <= now) return 'expired';
  return code.printCount > 0 ? 'printed' : 'issued';
}

export const toActivationCodeDto = (code: ActivationCode, letterReady: boolean, now = new Date()): ActivationCodeDto => ({
  id: code.id,
  state: displayedState(code, now),
  personName: code.person ? `${code.person.givenNames} ${code.person.surname}`.trim() : '',
  email: code.email,
  language: code.language,
  expiresAt: code.expiresAt.toISOString(),
  createdAt: code.createdAt.toISOString(),
  printCount: code.printCount,
  lastPrintedAt: code.lastPrintedAt?.toISOString() ?? null,
  letterReady,
  locked: code.lockedAt !== null,
});
