import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NISS_DOCUMENT_TYPES, type NissDocumentType, type NissRequestData } from '@sesame/database';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : (value ?? null));
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class RequestDocumentDto {
  @ApiProperty({ enum: NISS_DOCUMENT_TYPES }) @IsIn(NISS_DOCUMENT_TYPES) type: NissDocumentType;
  @ApiProperty({ example: 'EM1234567' })
  @Transform(upper)
  @IsString()
  @Matches(/^[A-Z0-9<-]{3,20}$/, { message: 'number: 3–20 letters and digits' })
  number: string;
  /** ISO 3166-1 alpha-3 (as in MRZs). */
  @ApiProperty({ example: 'MAR' }) @Transform(upper) @IsString() @Matches(/^[A-Z]{3}$/) issuingCountry: string;
  @ApiPropertyOptional({ example: '2031-05-14', nullable: true })
  @Transform(trimOrNull)
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validUntil must be YYYY-MM-DD' })
  validUntil: string | null = null;
  @ApiPropertyOptional({ example: '85.07.30-033.28', nullable: true })
  @Transform(trimOrNull)
  @IsOptional()
  @Matches(/^[\d.\s-]{11,15}$/)
  nationalNumber: string | null = null;
  @ApiPropertyOptional({ type: [String], description: 'the MRZ lines as confirmed by the requester (empty when none)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @Matches(/^[A-Z0-9<]{30,44}$/, { each: true, message: 'each MRZ line: 30–44 characters A–Z, 0–9 and <' })
  mrz: string[] = [];
}

export class RequestPersonDto {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(110) surname: string;
  @ApiProperty() @Transform(trim) @IsString() @MaxLength(120) givenNames: string;
  @ApiProperty({ example: '1985-07-30', description: 'YYYY-MM-DD, or YYYY-MM / YYYY when the document gives only part of it' })
  @Matches(/^\d{4}(-\d{2}(-\d{2})?)?$/, { message: 'birthDate must be YYYY-MM-DD, YYYY-MM or YYYY' })
  birthDate: string;
  @ApiPropertyOptional({ enum: ['M', 'F'], nullable: true }) @IsOptional() @IsIn(['M', 'F']) sex: 'M' | 'F' | null = null;
  @ApiProperty({ example: 'MAR' }) @Transform(upper) @IsString() @Matches(/^[A-Z]{3}$/) nationality: string;
  @ApiPropertyOptional({ nullable: true }) @Transform(trimOrNull) @IsOptional() @IsString() @MaxLength(80) birthPlace: string | null = null;
  @ApiPropertyOptional({ nullable: true, example: 'MA' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() || null : (value ?? null)))
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  birthCountry: string | null = null;
}

export class RequestAddressDto {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(120) street: string;
  @ApiPropertyOptional({ nullable: true }) @Transform(trimOrNull) @IsOptional() @IsString() @MaxLength(12) houseNumber: string | null = null;
  @ApiPropertyOptional({ nullable: true }) @Transform(trimOrNull) @IsOptional() @IsString() @MaxLength(12) box: string | null = null;
  @ApiPropertyOptional({ nullable: true }) @Transform(trimOrNull) @IsOptional() @IsString() @MaxLength(12) postalCode: string | null = null;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(80) municipality: string;
  /** ISO 3166-1 alpha-2. */
  @ApiProperty({ example: 'BE' }) @Transform(upper) @IsString() @Matches(/^[A-Z]{2}$/) country: string;
}

/** A NISS request as the wizard sends it (steps 1–4); the uploaded document is named by id. */
export class RequestDataDto implements NissRequestData {
  @ApiProperty({ type: RequestDocumentDto }) @ValidateNested() @Type(() => RequestDocumentDto) document: RequestDocumentDto;
  @ApiProperty({ type: RequestPersonDto }) @ValidateNested() @Type(() => RequestPersonDto) person: RequestPersonDto;
  @ApiPropertyOptional({ type: RequestAddressDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RequestAddressDto)
  residence: RequestAddressDto | null = null;
  @ApiPropertyOptional({ type: RequestAddressDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RequestAddressDto)
  contactAddress: RequestAddressDto | null = null;
  @ApiPropertyOptional({ nullable: true }) @Transform(trimOrNull) @IsOptional() @IsString() @MaxLength(1000) comment: string | null = null;
  @ApiProperty() @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)) @IsEmail() @MaxLength(254) notificationEmail: string;
}

export class SubmitTicketDto {
  @ApiProperty({ format: 'uuid' }) @Matches(/^[0-9a-f-]{36}$/) documentId: string;
  @ApiProperty({ type: RequestDataDto }) @ValidateNested() @Type(() => RequestDataDto) data: RequestDataDto;
}
