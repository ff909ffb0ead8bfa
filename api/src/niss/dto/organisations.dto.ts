import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_MEMBER_ROLES, type Organisation, type OrganisationMember, type OrganisationMemberRole } from '@sesame/database';
import { formatEnterpriseNumber } from '@sesame/domain';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;

export class CreateOrganisationDto {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(160) name: string;
  @ApiProperty({ example: '0123.456.749' }) @IsString() @MaxLength(20) enterpriseNumber: string;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language: string;
}

export class AddMemberDto {
  @ApiProperty() @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(160) displayName: string;
  @ApiProperty({ enum: ORGANISATION_MEMBER_ROLES }) @IsIn(ORGANISATION_MEMBER_ROLES) role: OrganisationMemberRole;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language: string;
}

export class OrganisationIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export class MemberParams extends OrganisationIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() memberId: string;
}

export class OrganisationDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '0123.456.749' }) enterpriseNumber: string;
  @ApiProperty() language: string;
  @ApiProperty() memberCount: number;
}

export class MemberDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ORGANISATION_MEMBER_ROLES }) role: string;
  @ApiProperty() language: string;
  @ApiProperty() createdAt: string;
}

export const toOrganisationDto = (o: Organisation & { memberCount?: number }): OrganisationDto => ({
  id: o.id,
  name: o.name,
  enterpriseNumber: formatEnterpriseNumber(o.enterpriseNumber),
  language: o.language,
  memberCount: o.memberCount ?? 0,
});

export const toMemberDto = (m: OrganisationMember): MemberDto => ({
  id: m.id,
  email: m.email,
  displayName: m.displayName,
  role: m.role,
  language: m.language,
  createdAt: m.createdAt.toISOString(),
});
