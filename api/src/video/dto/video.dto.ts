import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES, Language } from '@sesame/config';
import { NISS_DOCUMENT_TYPES, NissDocumentType } from '@sesame/database';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class SlotsQueryDto {
  @ApiPropertyOptional({ example: '2026-11-24' }) @IsOptional() @Matches(DAY) from?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 31, default: 7 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(31) days?: number;
}

export class BookAppointmentDto {
  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' }) @IsISO8601({ strict: true }) startsAt: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(120) givenNames: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(110) surname: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language: Language;
}

export class BookedAppointmentDto {
  @ApiProperty() reference: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  /** Shown once: the citizen keeps it. */
  @ApiProperty({ example: 'K7PX-3M9Q' }) securityCode: string;
  @ApiProperty() confirmBy: string;
}

export class OpenAccessDto {
  @ApiProperty() @IsString() @Length(20, 100) token: string;
  @ApiProperty({ example: 'K7PX-3M9Q' }) @IsString() @MaxLength(20) securityCode: string;
}

export class RebookDto {
  @ApiProperty() @IsISO8601({ strict: true }) startsAt: string;
}

export class AgentQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agentId?: string;
}

export class RangeQueryDto {
  @ApiPropertyOptional({ example: '2026-11-24' }) @IsOptional() @Matches(DAY) from?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 31 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(31) days?: number;
}

export class AgendaQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agentId?: string;
}

export class CreatePatternDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agentId?: string;
  @ApiProperty({ minimum: 1, maximum: 7 }) @IsInt() @Min(1) @Max(7) weekday: number;
  @ApiProperty({ example: '09:00' }) @Matches(TIME) startTime: string;
  @ApiProperty({ example: '12:00' }) @Matches(TIME) endTime: string;
  @ApiPropertyOptional({ minimum: 5, maximum: 240 }) @IsOptional() @IsInt() @Min(5) @Max(240) slotMinutes?: number;
  @ApiProperty({ example: '2026-11-24' }) @Matches(DAY) validFrom: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @Matches(DAY) validUntil?: string;
}

export class CreateExceptionDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agentId?: string;
  @ApiProperty({ example: '2026-11-24' }) @Matches(DAY) day: string;
  @ApiProperty({ enum: ['unavailable', 'extra'] }) @IsIn(['unavailable', 'extra']) kind: 'unavailable' | 'extra';
  @ApiPropertyOptional({ example: '09:00' }) @IsOptional() @Matches(TIME) startTime?: string;
  @ApiPropertyOptional({ example: '12:00' }) @IsOptional() @Matches(TIME) endTime?: string;
  @ApiPropertyOptional({ minimum: 5, maximum: 240 }) @IsOptional() @IsInt() @Min(5) @Max(240) slotMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) note?: string;
}

export class IdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export class PageParams extends IdParams {
  @ApiProperty({ minimum: 1, maximum: 2 }) @Type(() => Number) @IsInt() @Min(1) @Max(2) n: number;
}

export class StillParams extends IdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() stillId: string;
}

export class ChecklistDto {
  @ApiProperty() @IsBoolean() faceMatches: boolean;
  @ApiProperty() @IsBoolean() documentGenuine: boolean;
  @ApiProperty() @IsBoolean() dataConfirmed: boolean;
  @ApiProperty() @IsBoolean() livenessChecked: boolean;
}

export class ApprovePersonDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(110) surname: string;
  @ApiProperty() @IsString() @MaxLength(120) givenNames: string;
  @ApiProperty({ example: '1990-04-12' }) @Matches(DAY) birthDate: string;
  @ApiProperty({ enum: ['M', 'F'] }) @IsIn(['M', 'F']) sex: 'M' | 'F';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) nationalNumber?: string;
  @ApiProperty({ example: 'BEL' }) @Matches(/^[A-Z]{3}$/) nationality: string;
  /** The kind of document, as the OCR pre-fill and the console name it. */
  @ApiProperty({ enum: NISS_DOCUMENT_TYPES, example: 'identity_card' }) @IsIn(NISS_DOCUMENT_TYPES) documentType: NissDocumentType;
  @ApiProperty() @Matches(/^[A-Z0-9]{1,20}$/) documentNumber: string;
  @ApiProperty({ example: 'BEL' }) @Matches(/^[A-Z]{3}$/) issuingState: string;
  @ApiProperty({ example: '2031-01-18' }) @Matches(DAY) validUntil: string;
}

export class ApproveDto {
  @ApiProperty({ type: ChecklistDto }) @IsDefined() @ValidateNested() @Type(() => ChecklistDto) checklist: ChecklistDto;
  @ApiProperty({ type: ApprovePersonDto }) @IsDefined() @ValidateNested() @Type(() => ApprovePersonDto) person: ApprovePersonDto;
  /** Required (true) when digital keys are active on the citizen's e-mail: they are deactivated when the new key is activated. */
  @ApiPropertyOptional() @IsOptional() @IsBoolean() confirmReplaceKeys?: boolean;
}

export class RefuseDto {
  @ApiProperty({ minLength: 3, maxLength: 500 }) @IsString() @Length(3, 500) reason: string;
}

export const CHECKLIST_ITEMS = ['faceMatches', 'documentGenuine', 'dataConfirmed', 'livenessChecked'] as const;
