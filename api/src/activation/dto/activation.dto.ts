import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DIGITAL_KEY_KINDS, DigitalKeyKind, ENROLMENT_STEPS, EnrolmentStep } from '@sesame/database';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

// Formats (code, username, password rules, phone) are checked by the service, which answers each
// broken rule with its own message; the DTOs only bound types and sizes.

export class StartActivationDto {
  @ApiProperty({ description: 'The token of the activation link (`/activate?t=…`).' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token: string;

  @ApiProperty({ example: 'ABCDE-FGHJK-MNPQR-STVWX', description: 'The activation code printed on the letter; spaces and dashes are ignored.' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  code: string;
}

export class ChooseKeyDto {
  @ApiProperty({ enum: DIGITAL_KEY_KINDS })
  @IsIn(DIGITAL_KEY_KINDS)
  kind: DigitalKeyKind;

  @ApiPropertyOptional({ example: '+32 470 12 34 56', description: 'For `sms_code`: a mobile number, Belgian (+32) unless it starts with + or 00.' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string;
}

export class CredentialsDto {
  @ApiProperty({ example: 'jan.peeters', description: '3–64 characters: a-z 0-9 . _ - (stored in lower case).' })
  @IsString()
  @MaxLength(100)
  username: string;

  @ApiProperty({ minLength: 12, description: 'At least 12 characters, not containing the username, not all of one kind.' })
  @IsString()
  @MaxLength(200)
  password: string;
}

export class CitizenCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  code: string;
}

export class CitizenLoginDto {
  @ApiProperty({ example: 'jan.peeters' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret, for typing into the app by hand.' }) secret: string;
  @ApiProperty() otpauthUrl: string;
  @ApiProperty({ description: 'PNG data URL of the otpauth QR code.' }) qrDataUrl: string;
}

export class EnrolmentDto {
  @ApiProperty({ enum: ENROLMENT_STEPS }) step: EnrolmentStep;
  @ApiProperty({ enum: DIGITAL_KEY_KINDS, nullable: true, description: 'Null until the citizen chose.' }) kind: DigitalKeyKind | null;
  @ApiProperty({ example: 'j•••@example.be', description: 'The e-mail address the key is linked to, masked.' }) email: string;
  @ApiProperty({ nullable: true, description: 'Where registration codes go (masked), for e-mail and SMS keys.' }) destination: string | null;
  @ApiProperty({ nullable: true }) username: string | null;
  @ApiProperty({ nullable: true, description: 'Expiry of the registration code waiting to be typed.' }) codeExpiresAt: string | null;
  @ApiProperty({ type: TotpEnrolmentDto, nullable: true, description: 'For app keys at the confirm step.' }) totp: TotpEnrolmentDto | null;
}

export class ActivatedDto {
  @ApiProperty({ enum: DIGITAL_KEY_KINDS }) kind: DigitalKeyKind;
  @ApiProperty() username: string;
}

export class LoginStepDto {
  @ApiProperty({ enum: ['code', 'totp'], description: '`code`: a code was sent by e-mail or SMS; `totp`: type the app code.' })
  next: 'code' | 'totp';
  @ApiProperty({ enum: DIGITAL_KEY_KINDS }) keyKind: DigitalKeyKind;
  @ApiProperty({ nullable: true, description: 'Where the code went (masked).' }) destination: string | null;
  @ApiProperty({ nullable: true }) codeExpiresAt: string | null;
}

export class CitizenMeDto {
  @ApiProperty({ example: 'Jan Pieter Peeters', description: 'Given names and surname of the person.' }) name: string;
  @ApiProperty({ enum: DIGITAL_KEY_KINDS }) keyKind: DigitalKeyKind;
  @ApiProperty() username: string;
}
