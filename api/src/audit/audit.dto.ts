import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditEntry } from '@sesame/database';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Actor e-mail (substring)' }) @IsOptional() @IsString() @MaxLength(254) actor?: string;
  @ApiPropertyOptional({ description: 'Action prefix, e.g. staff. or auth.signed_in' }) @IsOptional() @IsString() @MaxLength(80) action?: string;
  @ApiPropertyOptional({ description: 'Subject id' }) @IsOptional() @IsString() @MaxLength(80) subject?: string;
  @ApiPropertyOptional({ example: '2026-11-01' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ example: '2026-11-30' }) @IsOptional() @IsDateString() to?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true }) actorEmail: string | null;
  @ApiProperty({ nullable: true }) actorRole: string | null;
  @ApiProperty({ nullable: true }) municipalityNisCode: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true }) subjectType: string | null;
  @ApiProperty({ nullable: true }) subjectId: string | null;
  @ApiProperty({ nullable: true }) purpose: string | null;
  @ApiProperty({ nullable: true }) requestId: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export const toAuditEntryDto = (entry: AuditEntry): AuditEntryDto => ({
  id: entry.id,
  occurredAt: entry.occurredAt.toISOString(),
  actorEmail: entry.actorEmail,
  actorRole: entry.actorRole,
  municipalityNisCode: entry.municipalityNisCode,
  action: entry.action,
  subjectType: entry.subjectType,
  subjectId: entry.subjectId,
  purpose: entry.purpose,
  requestId: entry.requestId,
  details: entry.details,
});
