import { ApiProperty } from '@nestjs/swagger';
import type { Municipality, Staff } from '@sesame/database';
import { Matches } from 'class-validator';
import { MunicipalityDto } from '../auth/dto/auth.dto';

export const toMunicipalityDto = (m: Municipality): MunicipalityDto => ({
  nisCode: m.nisCode,
  nameFr: m.nameFr,
  nameNl: m.nameNl,
  nameDe: m.nameDe,
});

export class NisCodeParams {
  @ApiProperty({ example: '21004' })
  @Matches(/^\d{5}$/)
  nisCode: string;
}

export class OfficeClerkDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class OfficeDto {
  @ApiProperty({ type: MunicipalityDto }) municipality: MunicipalityDto;
  @ApiProperty({ type: [OfficeClerkDto] }) clerks: OfficeClerkDto[];
}

export const toOfficeDto = (office: { municipality: Municipality; clerks: Staff[] }): OfficeDto => ({
  municipality: toMunicipalityDto(office.municipality),
  clerks: office.clerks.map((c) => ({ id: c.id, displayName: c.displayName })),
});
