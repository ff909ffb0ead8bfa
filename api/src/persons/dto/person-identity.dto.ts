import { ApiProperty } from '@nestjs/swagger';

/** The identity fields of a person as every screen shows them (desk result, NISS candidates). */
export class PersonIdentityDto {
  @ApiProperty({ nullable: true }) nationalNumber: string | null;
  @ApiProperty() surname: string;
  @ApiProperty() givenNames: string;
  @ApiProperty({ nullable: true }) birthDate: string | null;
  @ApiProperty({ nullable: true }) birthDateText: string | null;
  @ApiProperty({ nullable: true }) sex: string | null;
  @ApiProperty({ nullable: true }) nationality: string | null;
  @ApiProperty({ nullable: true }) birthPlace: string | null;
}
