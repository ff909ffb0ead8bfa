import { ApiProperty } from '@nestjs/swagger';
import { LANGUAGES, Language } from '@sesame/config';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@sesame.localhost' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\s*\d{6}\s*$/)
  code: string;
}

export class RecoveryCodeDto {
  @ApiProperty({ example: 'ABCDE-FGHJK' })
  @IsString()
  @MinLength(10)
  @MaxLength(20)
  code: string;
}

export class ChangeLanguageDto {
  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language: Language;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  newPassword: string;
}

export class LoginResultDto {
  @ApiProperty({ enum: ['totp', 'totp_enrolment'] })
  next: 'totp' | 'totp_enrolment';
}

export class MunicipalityDto {
  @ApiProperty({ example: '21004' }) nisCode: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameNl: string;
  @ApiProperty() nameDe: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ isArray: true, enum: ['clerk', 'video_agent', 'niss_operator', 'supervisor', 'admin'] }) roles: string[];
  @ApiProperty({ type: MunicipalityDto, nullable: true }) municipality: MunicipalityDto | null;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
}

export class EnrolmentDto {
  @ApiProperty() secret: string;
  @ApiProperty() otpauthUrl: string;
  @ApiProperty() qrDataUrl: string;
}

export class EnrolmentResultDto {
  @ApiProperty({ type: MeDto }) me: MeDto;
  @ApiProperty({ type: [String] }) recoveryCodes: string[];
}
