import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { BirthDateAgreement, ScoreParts } from '../candidate-score';
import type { Candidate, CandidateResult } from '../persons.service';
import { PersonIdentityDto } from './person-identity.dto';

export class CandidatesQueryDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(110) surname: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(120) givenNames?: string;
  /** YYYY-MM-DD, or YYYY-MM / YYYY when only part of it is known. */
  @ApiPropertyOptional({ example: '1985-07-30' })
  @IsOptional()
  @Matches(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, { message: 'birthDate must be YYYY-MM-DD, YYYY-MM or YYYY' })
  birthDate?: string;
  @ApiPropertyOptional({ enum: ['M', 'F'] }) @IsOptional() @IsIn(['M', 'F']) sex?: 'M' | 'F';
  /** ISO alpha-3 as on an MRZ (other spellings are folded). */
  @ApiPropertyOptional({ example: 'BEL' }) @IsOptional() @IsString() @MaxLength(85) nationality?: string;
  @ApiPropertyOptional({ example: '85.07.30-033.28' }) @IsOptional() @Matches(/^[\d.\s-]{11,15}$/) nationalNumber?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export class ScorePartsDto implements ScoreParts {
  @ApiProperty({ description: 'of 40' }) surname: number;
  @ApiProperty({ description: 'of 25' }) givenNames: number;
  @ApiProperty({ description: 'of 20' }) birthDate: number;
  @ApiProperty({ description: 'of 10' }) nationality: number;
  @ApiProperty({ description: 'of 5' }) sex: number;
}

export class CandidateDto extends PersonIdentityDto {
  @ApiProperty() personId: string;
  @ApiProperty({ description: '0–100, the sum of the parts (100 for a national-number match)' }) score: number;
  @ApiProperty({ type: ScorePartsDto }) parts: ScorePartsDto;
  @ApiProperty({ enum: ['exact', 'partial_match', 'day_month_swapped', 'one_part_differs', 'same_year', 'different', 'unknown'] })
  birthDateAgreement: BirthDateAgreement;
  @ApiProperty() nationalNumberMatch: boolean;
  @ApiProperty() namesSwapped: boolean;
  @ApiProperty({ description: 'would identify the request automatically if it were the only strong one' }) strong: boolean;
}

export class AutoIdentificationDto {
  @ApiProperty({ enum: ['identified', 'pending'] }) decision: 'identified' | 'pending';
  @ApiProperty({ enum: ['national_number_match', 'single_strong_candidate', 'no_strong_candidate', 'several_strong_candidates'] }) reason: string;
  @ApiProperty({ nullable: true }) personId: string | null;
}

export class CandidatesDto {
  @ApiProperty({ type: [CandidateDto] }) candidates: CandidateDto[];
  @ApiProperty({ type: AutoIdentificationDto }) autoIdentification: AutoIdentificationDto;
}

export const toCandidateDto = (c: Candidate): CandidateDto => ({
  personId: c.id,
  nationalNumber: c.nationalNumber,
  surname: c.surname,
  givenNames: c.givenNames,
  birthDate: c.birthDate,
  birthDateText: c.birthDateText,
  sex: c.sex,
  nationality: c.nationality,
  birthPlace: c.birthPlace,
  score: c.score,
  parts: c.parts,
  birthDateAgreement: c.birthDateAgreement,
  nationalNumberMatch: c.nationalNumberMatch,
  namesSwapped: c.namesSwapped,
  strong: c.strong,
});

export const toCandidatesDto = (result: CandidateResult): CandidatesDto => ({
  candidates: result.candidates.map(toCandidateDto),
  autoIdentification: {
    decision: result.autoIdentification.decision,
    reason: result.autoIdentification.reason,
    personId: result.autoIdentification.decision === 'identified' ? (result.candidates[result.autoIdentification.index]?.id ?? null) : null,
  },
});
