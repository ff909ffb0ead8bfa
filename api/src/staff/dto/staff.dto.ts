import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES, Language } from '@sesame/config';
import { ROLES, Role, Staff } from '@sesame/database';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { MunicipalityDto } from '../../auth/dto/auth.dto';
import { toMunicipalityDto } from '../../municipalities/municipalities.dto';

export class CreateStaffDto {
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(120) displayName: string;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language: Language;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ example: '21004', nullable: true })
  @IsOptional()
  @Matches(/^\d{5}$/)
  municipalityNisCode?: string | null;
}

export class UpdateStaffDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(2) @MaxLength(120) displayName?: string;
  @ApiPropertyOptional({ enum: LANGUAGES }) @IsOptional() @IsIn(LANGUAGES) language?: Language;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ example: '21004', nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(/^\d{5}$/)
  municipalityNisCode?: string | null;
}

export class StaffIdParams {
  @ApiProperty() @IsUUID() id: string;
}

export class StaffQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) search?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class StaffDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ type: MunicipalityDto, nullable: true }) municipality: MunicipalityDto | null;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty() disabled: boolean;
  @ApiProperty() totpEnrolled: boolean;
  @ApiProperty({ nullable: true }) lastLoginAt: string | null;
  @ApiProperty() createdAt: string;
}

export class StaffPageDto {
  @ApiProperty({ type: [StaffDto] }) items: StaffDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CreatedStaffDto {
  @ApiProperty({ type: StaffDto }) staff: StaffDto;
  @ApiProperty({ description: 'Shown once; hand it to the colleague in person.' }) initialPassword: string;
}

export function toStaffDto(staff: Staff): StaffDto {
  return {
    id: staff.id,
    email: staff.email,
    displayName: staff.displayName,
    roles: staff.roles.map((r) => r.role).sort(),
    municipality: staff.municipality ? toMunicipalityDto(staff.municipality) : null,
    language: staff.language as Language,
    disabled: staff.disabledAt !== null,
    totpEnrolled: staff.totpEnrolledAt !== null,
    lastLoginAt: staff.lastLoginAt?.toISOString() ?? null,
    createdAt: staff.createdAt.toISOString(),
  };
}
